#![doc = include_str!("inconsistent_spelling.md")]

use std::ops::Range;

use crate::analysis::finding::{Edit, Finding, Fix, Related, Severity};

use super::{Context, Rule};

pub const RULE: Rule = Rule {
    code: "inconsistent-spelling",
    default_severity: Severity::Warning,
    summary: "one entity written two ways in the draft",
    doc: include_str!("inconsistent_spelling.md"),
    check,
};

fn check(cx: &Context, severity: Severity) -> Vec<Finding> {
    let mut findings = Vec::new();
    for group in cx.spellings {
        if super::stylebook_spelling::preferred_form(cx, group).is_some() {
            continue; // the stylebook decides, and says so
        }
        let (majority, majority_ranges) = &group.forms[0];
        for (minority, ranges) in &group.forms[1..] {
            for range in ranges {
                findings.push(Finding {
                    code: RULE.code,
                    severity,
                    range: range.clone(),
                    message: format!(
                        "“{minority}” is also written “{majority}” in this draft ({majority} {}×, {minority} {}×); use one spelling",
                        majority_ranges.len(),
                        ranges.len()
                    ),
                    related: majority_ranges
                        .iter()
                        .map(|r| Related {
                            range: r.clone(),
                            message: format!("“{majority}” here"),
                        })
                        .collect(),
                    fixes: unify(cx.text, range, ranges, majority),
                });
            }
        }
    }
    findings
}

/// "Change to X" for one occurrence, "Change all N to X" for every occurrence of the
/// form. Both are safe to apply unattended: they invent nothing.
pub fn unify(text: &str, here: &Range<usize>, all: &[Range<usize>], target: &str) -> Vec<Fix> {
    let replacement = |range: &Range<usize>| Edit {
        range: range.clone(),
        replacement: match_case(&text[range.clone()], target),
    };
    let mut fixes = vec![Fix {
        title: format!("Change to {target}"),
        edits: vec![replacement(here)],
        safe: true,
    }];
    if all.len() > 1 {
        fixes.push(Fix {
            title: format!("Change all {} to {target}", all.len()),
            edits: all.iter().map(replacement).collect(),
            safe: true,
        });
    }
    fixes
}

/// A dateline in capitals keeps its capitals ("KIEV" → "KYIV").
fn match_case(written: &str, target: &str) -> String {
    let letters: Vec<char> = written.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() > 1 && letters.iter().all(|c| c.is_uppercase()) {
        target.to_uppercase()
    } else {
        target.to_string()
    }
}
