#![doc = include_str!("missing_first_reference.md")]

use crate::analysis::entities::{EntityKind, MentionForm};
use crate::analysis::finding::{Edit, Finding, Fix, Related, Severity};
use crate::analysis::names::strip_possessive;
use crate::analysis::spelling::{is_common_word, is_proper_word};
use crate::text::line_column;

use super::{Context, Rule};

pub const RULE: Rule = Rule {
    code: "missing-first-reference",
    default_severity: Severity::Hint,
    summary: "a person named by surname before the full name appears",
    doc: include_str!("missing_first_reference.md"),
    check,
};

fn check(cx: &Context, severity: Severity) -> Vec<Finding> {
    let mut findings = Vec::new();
    for entity in cx.entities.iter().filter(|e| e.kind == EntityKind::Person) {
        // Quotations are in order and do not overlap.
        let in_quote = |start: usize| {
            let after = cx.quotes.partition_point(|q| q.range.start <= start);
            after > 0 && start < cx.quotes[after - 1].range.end
        };
        let reporter_mentions: Vec<usize> = (0..entity.mentions.len())
            .filter(|&i| !entity.in_heading[i] && !in_quote(entity.mentions[i].start))
            .collect();
        let Some(&first) = reporter_mentions.first() else {
            continue;
        };
        if entity.forms[first] != MentionForm::Surname {
            continue;
        }
        let Some(&full) = reporter_mentions
            .iter()
            .find(|&&i| entity.forms[i] == MentionForm::Name)
        else {
            continue;
        };
        let surname = &entity.mentions[first];
        if after_title(cx.text, surname.start)
            || after_initial(cx.text, surname.start)
            || after_determiner(cx.text, surname.start)
            || !given_name_reads_as_one(&entity.name)
            || !reads_as_a_name(&cx.text[surname.clone()])
        {
            continue;
        }
        let full_range = &entity.mentions[full];
        let (line, _) = line_column(cx.text, full_range.start);
        findings.push(Finding {
            code: RULE.code,
            severity,
            range: surname.clone(),
            message: format!(
                "“{}” appears before the full name “{}” (line {line}); introduce people by full name first",
                &cx.text[surname.clone()],
                entity.name
            ),
            related: vec![Related {
                range: full_range.clone(),
                message: format!("first full reference to {}", entity.name),
            }],
            fixes: vec![Fix {
                title: format!("Use the full name “{}”", entity.name),
                edits: vec![Edit {
                    range: surname.clone(),
                    replacement: entity.name.clone(),
                }],
                safe: false,
            }],
        });
    }
    findings
}

/// Titles that place a person by office or courtesy: "President Okafor" or "Ms Okafor"
/// is a reference a reader can follow, even before the full name.
const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "dr",
    "prof",
    "professor",
    "president",
    "sen",
    "senator",
    "rep",
    "representative",
    "gov",
    "governor",
    "gen",
    "general",
    "judge",
    "justice",
    "minister",
    "chancellor",
    "pope",
    "king",
    "queen",
    "prince",
    "princess",
    "sir",
    "dame",
    "lord",
    "lady",
    "mayor",
    "chairman",
    "chairwoman",
    "secretary",
    "speaker",
    "premier",
    "coach",
    "captain",
    "detective",
    "officer",
    "sheriff",
    "rev",
    "father",
    "rabbi",
    "imam",
    "bishop",
];

/// Whether the word before `at` is a title.
fn after_title(text: &str, at: usize) -> bool {
    let before = text[..at].trim_end();
    let word = before
        .rsplit(|c: char| !c.is_alphabetic() && c != '.')
        .next()
        .unwrap_or("")
        .trim_end_matches('.');
    TITLES.contains(&word.to_lowercase().as_str())
}

/// Words that begin a sentence and are no one's given name: a capitalised function
/// word read into a name ("Unlike Okafor", "Neither Okafor") makes no full name, and a
/// compass word makes a region ("East Africa", "Central Asia").
const NOT_GIVEN_NAMES: &[&str] = &[
    "a",
    "about",
    "after",
    "against",
    "all",
    "also",
    "although",
    "an",
    "and",
    "any",
    "as",
    "at",
    "because",
    "before",
    "both",
    "but",
    "by",
    "central",
    "despite",
    "did",
    "does",
    "during",
    "each",
    "east",
    "eastern",
    "either",
    "even",
    "every",
    "for",
    "from",
    "greater",
    "had",
    "has",
    "have",
    "her",
    "his",
    "how",
    "if",
    "in",
    "including",
    "into",
    "is",
    "it",
    "its",
    "just",
    "let",
    "like",
    "lower",
    "meanwhile",
    "more",
    "most",
    "neither",
    "nor",
    "north",
    "northern",
    "not",
    "now",
    "of",
    "on",
    "only",
    "or",
    "our",
    "over",
    "since",
    "so",
    "some",
    "south",
    "southern",
    "stop",
    "than",
    "that",
    "the",
    "their",
    "then",
    "there",
    "these",
    "this",
    "those",
    "though",
    "through",
    "thus",
    "to",
    "under",
    "unlike",
    "until",
    "upper",
    "was",
    "we",
    "were",
    "west",
    "western",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "why",
    "with",
    "within",
    "without",
    "yet",
    "you",
    "your",
];

/// Whether the entity's name reads as a person's full name: it starts with a word that
/// can be a given name and says no "of".
fn given_name_reads_as_one(name: &str) -> bool {
    let given = name.split_whitespace().next().unwrap_or("");
    // "Otero of Miami", "Nevins of Showtime": a name and where it belongs.
    let affiliation = name.split_whitespace().any(|w| w == "of");
    !affiliation
        && !NOT_GIVEN_NAMES.contains(&given.to_lowercase().as_str())
        && strip_possessive(given) == given
        && reads_as_a_name(given)
}

/// Whether a capitalised word can be part of a person's name: not an acronym ("GOP",
/// "CNN") and not a common word that is no one's name ("Statement", "Portrait";
/// "Mark", "Rose" and "Price" are names too).
fn reads_as_a_name(word: &str) -> bool {
    let word = strip_possessive(word);
    let acronym = word.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && word.chars().all(|c| !c.is_lowercase());
    !acronym && (!is_common_word(word) || is_proper_word(word))
}

/// The word before `at`, without the space between.
fn word_before(text: &str, at: usize) -> &str {
    let before = text[..at].trim_end();
    let start = before
        .rfind(|c: char| c.is_whitespace())
        .map_or(0, |i| i + 1);
    &before[start..]
}

/// Whether a middle initial comes right before `at` ("Donald J. Trump"): the surname
/// ends a full name, whoever the name is grouped with.
fn after_initial(text: &str, at: usize) -> bool {
    let word = word_before(text, at);
    let mut chars = word.chars();
    matches!(
        (chars.next(), chars.next(), chars.next()),
        (Some(c), Some('.'), None) if c.is_uppercase()
    )
}

/// Whether an article comes before `at`, a number at most between:
/// "the Obama administration", "the 2012 Obama campaign", "the Pentagon" name a thing
/// by the name, not the person.
fn after_determiner(text: &str, at: usize) -> bool {
    let mut end = at;
    loop {
        let word = word_before(text, end);
        if word.is_empty() {
            return false;
        }
        if word.chars().all(|c| c.is_ascii_digit()) {
            end = text[..end].trim_end().len() - word.len();
            continue;
        }
        return DETERMINERS.contains(&word.to_lowercase().as_str());
    }
}

const DETERMINERS: &[&str] = &["the", "a", "an"];
