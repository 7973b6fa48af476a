#![doc = include_str!("desk_spelling.md")]

use std::collections::HashSet;
use std::ops::Range;

use crate::analysis::desk::{DeskNames, DeskSpelling, given_name, has_a_spelling};
use crate::analysis::finding::{Edit, Finding, Fix, Severity};
use crate::analysis::{Entity, gazetteer, spelling};
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
    if desk.is_empty() || !desk.has_others(this) {
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
    for entity in entities.iter().filter(|e| has_a_spelling(e.kind)) {
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
                let ranges = entity_ranges(text, entity, &written);
                findings.push(finding(&written, &desk_form, &ranges, severity));
            }
        }
    }
    // A capitalised word no entity took and no dictionary has ("Kennya" where the desk
    // writes "Kenya"): a slip the draft's own reading could not place.
    let covered: Vec<Range<usize>> = entities
        .iter()
        .flat_map(|e| e.mentions.iter().cloned())
        .collect();
    for (written, ranges) in stray_names(text, &covered) {
        let own = desk.spelling(written, this).map_or(0, |s| s.count);
        let best = desk
            .variants_of(written, this)
            .into_iter()
            .filter(|d| {
                d.count >= MIN_DESK_USES
                    && d.count >= DOMINANCE * own
                    && !written_here.contains(d.written)
                    && !config.stylebook.reject.contains_key(written)
                    && !spelling::is_common_word(d.written)
                    && !ending_added(written, d.written)
                    && one_name(written, d, None)
            })
            .max_by_key(|d| d.count);
        if let Some(desk_form) = best {
            findings.push(finding(written, &desk_form, &ranges, severity));
        }
    }
    findings.sort_by_key(|f| f.range.start);
    findings
}

/// The capitalised words of four letters or more outside `covered` that are not a
/// sentence's first word, not capitals only and no word of the lists, with their ranges.
fn stray_names<'t>(text: &'t str, covered: &[Range<usize>]) -> Vec<(&'t str, Vec<Range<usize>>)> {
    let mut out: Vec<(&str, Vec<Range<usize>>)> = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        if c.is_alphabetic() || (start.is_some() && c == '\'') {
            start.get_or_insert(i);
            continue;
        }
        let Some(s) = start.take() else {
            continue;
        };
        let word = text[s..i].trim_end_matches('\'');
        let range = s..s + word.len();
        let capitalised = word.chars().next().is_some_and(char::is_uppercase)
            && word.chars().skip(1).any(char::is_lowercase);
        if !capitalised
            || word.chars().count() < 4
            || word.contains('\'')
            || covered
                .iter()
                .any(|r| r.start < range.end && range.start < r.end)
            || opens_sentence(&text[..s])
            || spelling::is_known_word(word)
        {
            continue;
        }
        match out.iter_mut().find(|(w, _)| *w == word) {
            Some((_, ranges)) => ranges.push(range),
            None => out.push((word, vec![range])),
        }
    }
    out
}

/// Whether one word is the other with an ending (Baghdad, Baghdadi; Ecclesia,
/// Ecclesiae): a word made from a name, not a slip of it.
fn ending_added(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() < b.len() { (a, b) } else { (b, a) };
    long.strip_prefix(short)
        .is_some_and(|rest| (1..=2).contains(&rest.chars().count()))
}

/// Whether a word after `before` is its sentence's or line's first.
fn opens_sentence(before: &str) -> bool {
    let trimmed =
        before.trim_end_matches(|c: char| c == ' ' || c == '\t' || "\"“‘'(*#_".contains(c));
    trimmed.is_empty()
        || trimmed.ends_with(['.', '!', '?', ':', '\n', '\r'])
        || before.ends_with('\n')
}

/// The draft's occurrences of an entity's form, the surname's place inside a full name.
fn entity_ranges(text: &str, entity: &Entity, written: &str) -> Vec<Range<usize>> {
    entity
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
        .collect()
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
    written: &str,
    desk: &DeskSpelling,
    ranges: &[Range<usize>],
    severity: Severity,
) -> Finding {
    let first = ranges.first().cloned().unwrap_or(0..0);
    let files = match desk.documents {
        1 => "1 file".to_string(),
        n => format!("{n} files"),
    };
    let message = format!(
        "“{written}” is written “{}” elsewhere on the desk ({}× in {files}, first in {}:{}); use one spelling",
        desk.written, desk.count, desk.first.0, desk.first.1
    );
    let change = |range: &Range<usize>| Edit {
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
