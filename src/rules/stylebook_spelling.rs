#![doc = include_str!("stylebook_spelling.md")]

use std::ops::Range;

use crate::analysis::entities::EntityKind;
use crate::analysis::finding::{Finding, Severity};
use crate::analysis::names::surname_of;

use super::spelling::{covers, unify};
use super::{Context, Rule};

pub const RULE: Rule = Rule {
    code: "stylebook-spelling",
    default_severity: Severity::Warning,
    summary: "a name not in the form the newsroom's stylebook prefers",
    doc: include_str!("stylebook_spelling.md"),
    check,
};

fn check(cx: &Context, severity: Severity) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut flagged: Vec<Range<usize>> = Vec::new();
    for entity in cx.entities {
        for preferred in &cx.config.stylebook.preferred {
            let target = match entity.kind {
                EntityKind::Person => surname_of(preferred),
                _ => preferred.as_str(),
            };
            let off_style: Vec<Range<usize>> = entity
                .mentions
                .iter()
                .zip(&entity.forms)
                .filter(|(_, form)| form.is_spelling())
                .filter_map(|(range, _)| {
                    let written = entity.spelling_key(&cx.text[range.clone()]);
                    let start = range.start + cx.text[range.clone()].find(written)?;
                    let range = start..start + written.len();
                    let off = written != target
                        && !written.eq_ignore_ascii_case(target)
                        && covers(entity, preferred, written);
                    off.then_some(range)
                })
                .collect();
            for range in &off_style {
                let written = &cx.text[range.clone()];
                findings.push(finding(cx, severity, range, written, target, &off_style));
                flagged.push(range.clone());
            }
        }
    }
    for (rejected, replacement) in &cx.config.stylebook.reject {
        let all = occurrences(&cx.prose.masked, rejected);
        for range in all.iter().filter(|r| !flagged.contains(r)) {
            findings.push(finding(cx, severity, range, rejected, replacement, &all));
        }
    }
    findings
}

fn finding(
    cx: &Context,
    severity: Severity,
    range: &Range<usize>,
    written: &str,
    target: &str,
    all: &[Range<usize>],
) -> Finding {
    Finding {
        code: RULE.code,
        severity,
        range: range.clone(),
        message: format!("the stylebook spells this “{target}”, not “{written}”"),
        related: Vec::new(),
        fixes: unify(cx.text, range, all, target),
    }
}

/// Whole-word occurrences of `phrase` in the prose.
fn occurrences(masked: &str, phrase: &str) -> Vec<Range<usize>> {
    if phrase.is_empty() {
        return Vec::new();
    }
    let is_word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
    masked
        .match_indices(phrase)
        .filter(|(at, _)| {
            !is_word(masked[..*at].chars().last())
                && !is_word(masked[at + phrase.len()..].chars().next())
        })
        .map(|(at, _)| at..at + phrase.len())
        .collect()
}
