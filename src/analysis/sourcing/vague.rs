//! Vague sources: "officials said", "it is believed", "reportedly".

use std::ops::Range;
use std::sync::LazyLock;

use crate::analysis::pattern::{Group, Pattern};

use super::vague_lexicon::{IMPERSONAL, Lexicon, lexicon, normalise};
use super::{VagueKind, VagueSource};
use crate::analysis::memo::Memo;
use crate::analysis::prose::Block;
use crate::analysis::sentences::Sentence;
use crate::config::PhraseEdits;

// ── vague sources ───────────────────────────────────────────────────────────────────

/// An anonymous source the draft explains ("who spoke on condition of anonymity
/// because…", "not authorized to speak publicly", "asked not to be named").
static ANONYMITY_EXPLAINED: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"(?i)anonymity|anonymously|not\s+(?:be\s+)?(?:authori[sz]ed|permitted|allowed|cleared)\s+to\s+(?:speak|discuss|comment|talk|be\s+(?:named|identified|quoted))|(?:asked|requested|declined|insisted)\s+(?:on\s+)?(?:not\s+)?(?:to\s+)?(?:be\s+)?(?:named|identified)|(?:on|under)\s+(?:the\s+)?condition\s+(?:of|that)|on\s+background|(?:would|could|can)\s+not\s+be\s+(?:named|identified)|without\s+being\s+(?:named|identified)",
    )
    .expect("anonymity pattern compiles")
});

/// An aside that names the group ("including Foreign Minister Abbas Araghchi").
static NAMING_ASIDE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"(?:including|such\s+as|among\s+them|led\s+by|like|notably|chief\s+among\s+them)\s+(?:[\p{Ll}-]+\s+){0,3}\p{Lu}")
        .expect("naming pattern compiles")
});

/// "Polls showed that few Americans thought…": the crowd is what the evidence found.
static EVIDENCE_BEFORE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"(?i)(?-u:\b)(?:polls?|surveys?|stud(?:y|ies)|data|research)(?-u:\b)[^.;]*(?-u:\b)(?:show|shows|showed|shown|find|finds|found|suggest|suggests|suggested)(?-u:\b)")
        .expect("evidence pattern compiles")
});

/// Determiners that point back to a source already introduced (and flagged there).
const DEFINITE: &[&str] = &["the", "these", "those", "such", "both"];

/// Capitalised words that open a sentence rather than modify a noun.
const NOT_MODIFIERS: &[&str] = &[
    "but",
    "and",
    "or",
    "so",
    "yet",
    "still",
    "now",
    "then",
    "in",
    "on",
    "at",
    "by",
    "for",
    "as",
    "if",
    "when",
    "while",
    "after",
    "before",
    "since",
    "although",
    "though",
    "however",
    "meanwhile",
    "today",
    "yesterday",
    "also",
    "even",
    "only",
    "with",
    "from",
    "to",
    "of",
    "that",
    "this",
    "there",
    "here",
    "because",
    "until",
    "during",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "last",
    "earlier",
    "later",
    "instead",
    "indeed",
];

/// Every vague attribution in the prose, outside quotations and headings, minus those
/// whose anonymity is explained nearby or whose group is named.
pub fn vague_sources(
    masked: &str,
    blocks: &[Block],
    sentences: &[Sentence],
    quoted: &[Range<usize>],
    edits: &PhraseEdits,
) -> Vec<VagueSource> {
    let keys = super::SentenceKeys::from_text(masked, blocks, sentences, quoted);
    vague_sources_with(masked, sentences, &keys, edits, &mut Memo::new(false))
}

/// What one sentence says for the vague-source pass, from its words and the quotations
/// in it alone.
pub struct SentenceSources {
    /// Vague attributions outside quotations, relative to the sentence.
    found: Vec<VagueSource>,
    /// Explains why a source is anonymous ("who spoke on condition of anonymity").
    explains_anonymity: bool,
}

/// [`vague_sources`], what each sentence says remembered by its text and quotations.
/// The memo must be cleared when `edits` change.
pub fn vague_sources_with(
    masked: &str,
    sentences: &[Sentence],
    keys: &super::SentenceKeys,
    edits: &PhraseEdits,
    memo: &mut Memo<SentenceSources>,
) -> Vec<VagueSource> {
    let lexicon = lexicon(edits);
    let facts = memo.get_keyed(&keys.keys, |i| {
        let (heading, quotes) = keys.facts(i);
        sentence_sources(
            &lexicon,
            &masked[sentences[i].range.clone()],
            heading,
            &quotes,
        )
    });
    let mut found = Vec::new();
    for (index, sentence) in sentences.iter().enumerate() {
        let mut here = facts[index].found.clone();
        if here.iter().any(|v| v.kind == VagueKind::Anonymous) {
            let neighbours = index.saturating_sub(1)..=(index + 1).min(sentences.len() - 1);
            let explained = neighbours
                .filter(|&i| sentences[i].block == sentence.block)
                .any(|i| facts[i].explains_anonymity);
            if explained {
                here.retain(|v| v.kind != VagueKind::Anonymous);
            }
        }
        let base = sentence.range.start;
        found.extend(here.into_iter().map(|v| VagueSource {
            range: base + v.range.start..base + v.range.end,
            source: v.source.map(|s| base + s.start..base + s.end),
            kind: v.kind,
            sentence: index,
        }));
    }
    found
}

fn sentence_sources(
    lexicon: &Lexicon,
    text: &str,
    heading: bool,
    quoted: &[Range<u32>],
) -> SentenceSources {
    let explains_anonymity = ANONYMITY_EXPLAINED.is_match(text);
    if heading || is_headline_like(text) {
        return SentenceSources {
            found: Vec::new(),
            explains_anonymity,
        };
    }
    let mut found = in_sentence(lexicon, text, 0..text.len());
    found.retain(|v| !super::in_any(quoted, v.range.start as u32));
    found.retain(|v| !is_removed(lexicon, &text[v.range.clone()]));
    SentenceSources {
        found,
        explains_anonymity,
    }
}

fn is_removed(lexicon: &Lexicon, phrase: &str) -> bool {
    let phrase = format!(" {} ", normalise(phrase));
    lexicon
        .removed
        .iter()
        .any(|r| phrase.contains(&format!(" {r} ")))
}

/// The vague attributions in one sentence, earliest first, overlaps resolved to the
/// earliest and then the longest.
fn in_sentence(lexicon: &Lexicon, masked: &str, range: Range<usize>) -> Vec<VagueSource> {
    let text = &masked[range.clone()];
    let base = range.start;
    let mut found = Vec::new();
    found.extend(subjects(lexicon, text, base));
    found.extend(inverted(lexicon, text, base));
    found.extend(crowds(lexicon, text, base));
    found.extend(impersonal(text, base));
    found.sort_by_key(|v| (v.range.start, std::cmp::Reverse(v.range.end)));
    let mut kept: Vec<VagueSource> = Vec::new();
    for v in found {
        if kept.last().is_some_and(|k| k.range.end > v.range.start) {
            continue;
        }
        kept.push(v);
    }
    kept
}

fn subjects(lexicon: &Lexicon, text: &str, base: usize) -> Vec<VagueSource> {
    let mut found = Vec::new();
    for caps in lexicon.subject.captures_iter(text) {
        let (Some(phrase), Some(src)) = (caps.name("phrase"), caps.name("src")) else {
            continue;
        };
        if caps
            .name("aside")
            .is_some_and(|a| NAMING_ASIDE.is_match(a.as_str()))
        {
            continue;
        }
        let Some(start) = trimmed_start(text, src.start(), src.end()) else {
            continue;
        };
        if joined_to_a_name(text, start) {
            continue;
        }
        found.push(VagueSource {
            range: base + start..base + phrase.end(),
            source: Some(base + start..base + src.end()),
            kind: VagueKind::Anonymous,
            sentence: 0,
        });
    }
    found
}

fn inverted(lexicon: &Lexicon, text: &str, base: usize) -> Vec<VagueSource> {
    let mut found = Vec::new();
    for caps in lexicon.inverted.captures_iter(text) {
        let np = caps.name("phrase_np").or_else(|| caps.name("according_np"));
        let src = caps.name("src").or_else(|| caps.name("src2"));
        let (Some(np), Some(src)) = (np, src) else {
            continue;
        };
        let Some(cue) = caps.name("verb").or_else(|| caps.name("according")) else {
            continue;
        };
        let Some(start) = trimmed_start(text, src.start(), src.end()) else {
            continue;
        };
        // The source ends at its noun phrase; "and Minister X" after it names someone.
        if text[np.end()..].trim_start().starts_with("and ")
            && text[np.end()..]
                .trim_start()
                .trim_start_matches("and ")
                .starts_with(char::is_uppercase)
        {
            continue;
        }
        found.push(VagueSource {
            range: base + cue.start()..base + np.end(),
            source: Some(base + start..base + src.end()),
            kind: VagueKind::Anonymous,
            sentence: 0,
        });
    }
    found
}

fn crowds(lexicon: &Lexicon, text: &str, base: usize) -> Vec<VagueSource> {
    let mut found = Vec::new();
    for caps in lexicon.crowd.captures_iter(text) {
        let (Some(phrase), Some(src)) = (caps.name("phrase"), caps.name("src")) else {
            continue;
        };
        // "for some, said" / "the many said": a crowd needs to be the subject.
        let before = last_word(&text[..phrase.start()]).to_lowercase();
        if DEFINITE.contains(&before.as_str())
            || matches!(before.as_str(), "for" | "to" | "of" | "and" | "than")
            || EVIDENCE_BEFORE.is_match(&text[..phrase.start()])
        {
            continue;
        }
        found.push(VagueSource {
            range: base + phrase.start()..base + phrase.end(),
            source: Some(base + src.start()..base + src.end()),
            kind: VagueKind::Collective,
            sentence: 0,
        });
    }
    found
}

fn impersonal(text: &str, base: usize) -> Vec<VagueSource> {
    let mut found = Vec::new();
    for caps in IMPERSONAL.captures_iter(text) {
        let at = |m: Group| base + m.start()..base + m.end();
        let found_one = if let Some(m) = caps.name("passive") {
            (at(m), None, VagueKind::Passive)
        } else if let Some(m) = caps.name("hedge") {
            (at(m), None, VagueKind::Hedge)
        } else if let (Some(m), Some(s)) = (caps.name("reports"), caps.name("rsrc")) {
            (at(m), Some(at(s)), VagueKind::Collective)
        } else if let (Some(m), Some(s)) = (caps.name("say"), caps.name("ssrc")) {
            (at(m), Some(at(s)), VagueKind::Collective)
        } else if let Some(m) = caps.name("there") {
            (at(m), None, VagueKind::Collective)
        } else {
            continue;
        };
        let (range, source, kind) = found_one;
        found.push(VagueSource {
            range,
            source,
            kind,
            sentence: 0,
        });
    }
    found
}

/// Where a source noun phrase really starts: sentence-opening words and a name joined
/// by "and" are dropped; None when a determiner points back to a source introduced
/// earlier ("the officials said").
fn trimmed_start(text: &str, start: usize, end: usize) -> Option<usize> {
    let mut at = start;
    for word in text[start..end].split_inclusive(char::is_whitespace) {
        let bare = word.trim().to_lowercase();
        if NOT_MODIFIERS.contains(&bare.as_str()) {
            at += word.len();
            continue;
        }
        break;
    }
    let before = last_word(&text[..at]).to_lowercase();
    let first = text[at..end]
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_lowercase();
    if DEFINITE.contains(&before.as_str()) || DEFINITE.contains(&first.as_str()) {
        return None;
    }
    Some(at)
}

/// "Ruiz and other officials said", "Cruz and his aides said": the group comes with a
/// named member.
fn joined_to_a_name(text: &str, start: usize) -> bool {
    let mut before = text[..start].trim_end();
    // "Cruz and his aides said"
    for possessive in ["his", "her", "their", "its"] {
        if let Some(rest) = before.strip_suffix(possessive) {
            before = rest.trim_end();
            break;
        }
    }
    let Some(rest) = before.strip_suffix("and") else {
        return false;
    };
    last_word(rest).starts_with(char::is_uppercase)
}

fn last_word(text: &str) -> &str {
    text.trim_end()
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphanumeric())
}

/// Where ", according to TK" goes in a sentence: before its final period, question or
/// exclamation mark, or at its end when it has none. None when it ends in a quotation
/// mark: the attribution then belongs beside the claim, not after someone's words.
pub fn attribution_point(masked: &str, sentence: Range<usize>) -> Option<usize> {
    let text = masked[sentence.clone()].trim_end();
    let end = sentence.start + text.len();
    match text.chars().last() {
        Some('.' | '!' | '?') => Some(end - 1),
        Some('”' | '"' | '’' | '\'' | ')') => None,
        _ => Some(end),
    }
}

/// A headline the plain-text reader took for a sentence ("Only 24 Percent of Donors
/// Are Small."): most of its longer words capitalised.
pub(super) fn is_headline_like(text: &str) -> bool {
    // One pass, nothing collected, ASCII read byte by byte: every sentence is asked, by
    // two passes. A word is what lies between whitespace, as `split_whitespace` reads.
    let mut count = WordCount::default();
    let mut at = 0;
    while let Some(&b) = text.as_bytes().get(at) {
        if b.is_ascii() {
            // `char::is_whitespace` over ASCII: tab to carriage return, and space.
            let space = matches!(b, b'\t'..=b'\r' | b' ');
            count.step(space, b.is_ascii_alphabetic(), b.is_ascii_uppercase());
            at += 1;
        } else {
            let c = text[at..].chars().next().unwrap_or(' ');
            count.step(c.is_whitespace(), c.is_alphabetic(), c.is_uppercase());
            at += c.len_utf8();
        }
    }
    count.step(true, false, false);
    count.words >= 3 && count.capitalised * 10 >= count.words * 8
}

/// Words of more than three letters, and how many of them start with a capital.
#[derive(Default)]
struct WordCount {
    words: usize,
    capitalised: usize,
    letters: usize,
    first_capital: bool,
}

impl WordCount {
    fn step(&mut self, space: bool, letter: bool, capital: bool) {
        if space {
            if self.letters > 3 {
                self.words += 1;
                self.capitalised += usize::from(self.first_capital);
            }
            self.letters = 0;
        } else if letter {
            if self.letters == 0 {
                self.first_capital = capital;
            }
            self.letters += 1;
        }
    }
}
