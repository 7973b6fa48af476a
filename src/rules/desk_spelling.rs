#![doc = include_str!("desk_spelling.md")]

use std::collections::HashSet;

use crate::analysis::desk::{DeskNames, DeskSpelling, given_name};
use crate::analysis::finding::{Edit, Finding, Fix, Severity};
use crate::analysis::{Entity, EntityKind, gazetteer, spelling};
use crate::config::Config;

use super::spelling::covers;
use super::{Context, Rule};

pub const RULE: Rule = Rule {
    code: "desk-spelling",
    default_severity: Severity::Hint,
    summary: "a name spelled otherwise than the desk's other drafts spell it",
    doc: include_str!("desk_spelling.md"),
    check,
};

/// The desk's form must be written at least this often, and this many times as often
/// as the draft's form is elsewhere on the desk.
const MIN_DESK_USES: usize = 3;
const DOMINANCE: usize = 4;

/// A draft alone has no desk: the front ends call [`check_against`] with one.
fn check(_cx: &Context, _severity: Severity) -> Vec<Finding> {
    Vec::new()
}

/// The draft's names held against the desk's spellings; `this` is the draft's own
/// label in the desk, left out of the counts.
pub fn check_against(
    text: &str,
    entities: &[Entity],
    desk: &DeskNames,
    this: Option<&str>,
    config: &Config,
) -> Vec<Finding> {
    let Some(severity) = config.severity(RULE.code, RULE.default_severity) else {
        return Vec::new();
    };
    if desk.is_empty() {
        return Vec::new();
    }
    // A name the stylebook settles is `stylebook-spelling`'s.
    let stylebook = |entity: &Entity, written: &str| {
        config
            .stylebook
            .preferred
            .iter()
            .any(|preferred| covers(entity, preferred, written))
            || config.stylebook.reject.contains_key(written)
    };
    // Every spelling the draft writes: the desk's form among them is this draft's own
    // inconsistency, not the desk's.
    let written_here: HashSet<&str> = entities
        .iter()
        .flat_map(|e| {
            e.mentions
                .iter()
                .zip(&e.forms)
                .filter(|(_, f)| f.is_spelling())
                .filter_map(|(r, _)| text.get(r.clone()).map(|w| e.spelling_key(w)))
        })
        .collect();
    let mut findings = Vec::new();
    for entity in entities {
        if !matches!(
            entity.kind,
            EntityKind::Person | EntityKind::Place | EntityKind::Organization
        ) {
            continue;
        }
        let given = given_name(entity);
        for (written, _) in entity.spellings(text) {
            if stylebook(entity, &written) {
                continue;
            }
            let own = desk.spelling(&written, this).map_or(0, |s| s.count);
            let best = desk
                .variants_of(&written, this)
                .into_iter()
                .filter(|d| {
                    d.kind == entity.kind
                        && d.count >= MIN_DESK_USES
                        && d.count >= DOMINANCE * own
                        && !written_here.contains(d.written)
                        && !stylebook(entity, d.written)
                        && one_name(&written, d, given.as_deref())
                })
                .max_by_key(|d| d.count);
            if let Some(desk_form) = best {
                findings.push(finding(text, entity, &written, &desk_form, severity));
            }
        }
    }
    findings
}

/// Whether the draft's form and the desk's are one name spelled two ways.
fn one_name(written: &str, desk: &DeskSpelling, given: Option<&str>) -> bool {
    // Capitals are type, not spelling ("CENTRE", "REPORT" in a heading).
    let shouting = |w: &str| !w.chars().any(char::is_lowercase);
    if shouting(written)
        || shouting(desk.written)
        || written.to_lowercase() == desk.written.to_lowercase()
    {
        return false;
    }
    if !same_words_but_one(written, desk.written) {
        return false;
    }
    let places = |w: &str| gazetteer::by_name(w).is_some();
    if places(written) && places(desk.written) && !gazetteer::same_place(written, desk.written) {
        return false;
    }
    // A person the draft names in full is the desk's only if the desk gives them the
    // same first name: "Jim Maloney" is not the desk's "Tom Malone", and a desk that
    // writes "Morton" alone cannot say whether "Jane Morten" is its Morton.
    match given {
        Some(g) => desk
            .given
            .iter()
            .any(|d| *d == g || spelling::is_variant(d, g)),
        None => true,
    }
}

/// Names of several words are one name spelled two ways when a space or hyphen is all
/// that differs ("Interamerican", "Inter-American"), or one word of four letters or
/// more is that word's variant and no word of the lists ("Avenue V" and "Avenue M",
/// "Fraud Bureau" and "Frauds Bureau", "Organisation" and "Organization" are not).
fn same_words_but_one(a: &str, b: &str) -> bool {
    let (x, y): (Vec<&str>, Vec<&str>) = (
        a.split_whitespace().collect(),
        b.split_whitespace().collect(),
    );
    if x.len() == 1 && y.len() == 1 {
        return !(spelling::is_known_word(a) && spelling::is_known_word(b));
    }
    if x.len() != y.len() {
        let joined = |s: &str| s.replace([' ', '-'], "").to_lowercase();
        return joined(a) == joined(b);
    }
    let differing: Vec<(&str, &str)> = x.into_iter().zip(y).filter(|(p, q)| p != q).collect();
    match differing.as_slice() {
        [(p, q)] => {
            spelling::is_variant(p, q)
                && !(spelling::is_known_word(p) && spelling::is_known_word(q))
        }
        _ => false,
    }
}

fn finding(
    text: &str,
    entity: &Entity,
    written: &str,
    desk: &DeskSpelling,
    severity: Severity,
) -> Finding {
    // The draft's occurrences of its form, the surname's place inside a full name.
    let ranges: Vec<std::ops::Range<usize>> = entity
        .mentions
        .iter()
        .zip(&entity.forms)
        .filter(|(_, f)| f.is_spelling())
        .filter_map(|(r, _)| {
            let mention = text.get(r.clone())?;
            let key = entity.spelling_key(mention);
            (key == written).then(|| {
                let at = r.start + mention.rfind(key).unwrap_or(0);
                at..at + key.len()
            })
        })
        .collect();
    let first = ranges.first().cloned().unwrap_or(0..0);
    let files = match desk.documents {
        1 => "1 file".to_string(),
        n => format!("{n} files"),
    };
    let message = format!(
        "“{written}” is written “{}” elsewhere on the desk ({}× in {files}, first in {}:{}); use one spelling",
        desk.written, desk.count, desk.first.0, desk.first.1
    );
    let change = |range: &std::ops::Range<usize>| Edit {
        range: range.clone(),
        replacement: desk.written.to_string(),
    };
    let mut fixes = vec![Fix {
        title: format!("Change to {}", desk.written),
        edits: vec![change(&first)],
        safe: true,
    }];
    if ranges.len() > 1 {
        fixes.push(Fix {
            title: format!("Change all {} to {}", ranges.len(), desk.written),
            edits: ranges.iter().map(change).collect(),
            safe: true,
        });
    }
    Finding {
        code: RULE.code,
        severity,
        range: first,
        message,
        related: Vec::new(),
        fixes,
    }
}
