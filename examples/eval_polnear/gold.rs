//! Gold direct quotations and gold sources, derived from PolNeAR's attributions.
//!
//! PolNeAR does not label an attribution as direct or indirect, so a direct quote is
//! read off the content span's quotation marks (see docs/evaluation.md):
//!
//! - each fragment of a `Content` span is considered on its own (an interrupted quote,
//!   `“X,” she said, “Y.”`, is two fragments and so two gold quotes);
//! - a mark the annotator left just outside the fragment is taken in, then surrounding
//!   whitespace and punctuation are trimmed;
//! - the fragment is a **full** direct quote when it opens with a double quotation
//!   mark (“ " „ « or the archive's `''`) and the quotation that mark opens closes at
//!   the fragment's end (a paragraph that reopens a running quote continues it);
//! - any other quotation inside a content fragment (`said it was “fair and
//!   equitable”`) is a **partial** quote, reported apart.

use std::ops::Range;

use crate::corpus::{Article, Attribution};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuoteKind {
    Full,
    Partial,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MarkStyle {
    Curly,
    Straight,
    /// `''…''`, the New York Times archive's marks.
    DoubleApostrophe,
    Other,
}

impl MarkStyle {
    pub fn as_str(self) -> &'static str {
        match self {
            MarkStyle::Curly => "curly “”",
            MarkStyle::Straight => "straight \"\"",
            MarkStyle::DoubleApostrophe => "archive ''",
            MarkStyle::Other => "other",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SourceClass {
    Named,
    Pronoun,
    Other,
}

impl SourceClass {
    pub fn as_str(self) -> &'static str {
        match self {
            SourceClass::Named => "named",
            SourceClass::Pronoun => "pronoun",
            SourceClass::Other => "other",
        }
    }
}

/// A gold source: its fragments and how it names the speaker.
#[derive(Debug, Clone)]
pub struct GoldSource {
    pub fragments: Vec<Range<usize>>,
    pub text: String,
    pub class: SourceClass,
    /// The capitalised name the source is built on, for named sources
    /// ("Maria T. Okafor" in "Maria T. Okafor, director of the Harbor Policy Institute").
    pub name: Option<String>,
}

#[derive(Debug, Clone)]
pub struct GoldQuote {
    pub article: usize,
    pub attribution: String,
    /// Byte range, marks included.
    pub range: Range<usize>,
    pub kind: QuoteKind,
    pub style: MarkStyle,
    pub source: Option<GoldSource>,
    pub cue: Vec<Range<usize>>,
}

/// Every gold quote (full and partial) of an article, in text order.
pub fn direct_quotes(article_index: usize, article: &Article) -> Vec<GoldQuote> {
    let text = &article.text;
    let mut out = Vec::new();
    for attribution in &article.attributions {
        let source = gold_source(attribution, text);
        let cue: Vec<Range<usize>> = attribution.cue_fragments().cloned().collect();
        for fragment in attribution.contents.iter().flatten() {
            let range = widen_and_trim(text, fragment.clone());
            if range.is_empty() {
                continue;
            }
            let segments = quotation_segments(text, range.clone());
            // Full: the fragment is quotations only (“A.” “B.”), nothing but spaces
            // and punctuation between them.
            let mut outside = range.start;
            let mut full = !segments.is_empty();
            for segment in segments
                .iter()
                .chain(std::iter::once(&(range.end..range.end)))
            {
                full &= text[outside.min(segment.start)..segment.start]
                    .chars()
                    .all(is_trim_char);
                outside = segment.end;
            }
            for segment in segments {
                out.push(GoldQuote {
                    article: article_index,
                    attribution: attribution.id.clone(),
                    style: mark_style(&text[segment.clone()]),
                    range: segment,
                    kind: if full {
                        QuoteKind::Full
                    } else {
                        QuoteKind::Partial
                    },
                    source: source.clone(),
                    cue: cue.clone(),
                });
            }
        }
    }
    out.sort_by_key(|q| (q.range.start, q.range.end));
    out.dedup_by(|a, b| a.range == b.range);
    out
}

fn gold_source(attribution: &Attribution, text: &str) -> Option<GoldSource> {
    if !attribution.has_source_type {
        return None;
    }
    let source_text = attribution.source_text(text)?;
    let (class, name) = classify_source(&source_text);
    Some(GoldSource {
        fragments: attribution.source_fragments().cloned().collect(),
        text: source_text,
        class,
        name,
    })
}

const PRONOUNS: &[&str] = &[
    "he",
    "she",
    "they",
    "i",
    "we",
    "you",
    "it",
    "him",
    "her",
    "them",
    "me",
    "us",
    "himself",
    "herself",
    "themselves",
    "one",
];

/// Capitalised words that do not make a source a name (determiners and the like at
/// the start of a sentence, and titles standing alone: "the President").
const NOT_NAMES: &[&str] = &[
    "the",
    "a",
    "an",
    "this",
    "that",
    "these",
    "those",
    "his",
    "her",
    "their",
    "its",
    "our",
    "my",
    "your",
    "some",
    "many",
    "several",
    "other",
    "others",
    "both",
    "all",
    "most",
    "one",
    "two",
    "three",
    "few",
    "another",
    "each",
    "every",
    "no",
    "and",
    "or",
    "but",
    "he",
    "she",
    "they",
    "it",
    "we",
    "i",
    "you",
    "mr.",
    "mrs.",
    "ms.",
    "dr.",
    "president",
    "sen.",
    "senator",
    "rep.",
    "representative",
    "gov.",
    "governor",
    "secretary",
    "minister",
    "chairman",
    "chairwoman",
    "spokesman",
    "spokeswoman",
    "mayor",
    "judge",
    "gen.",
    "general",
    "former",
    "vice",
    "speaker",
    "director",
    "chief",
    "officials",
    "sources",
    "aides",
    "experts",
    "critics",
    "analysts",
    "according",
    "in",
    "on",
    "at",
    "for",
    "as",
];

/// Named: a capitalised proper name (not only a title or a sentence-initial
/// determiner); pronoun: a personal pronoun alone; other: a description ("the
/// official", "critics", "a source familiar with the talks").
pub fn classify_source(source: &str) -> (SourceClass, Option<String>) {
    let trimmed = source
        .trim()
        .trim_matches(|c: char| c.is_ascii_punctuation());
    if PRONOUNS.contains(&trimmed.to_lowercase().as_str()) {
        return (SourceClass::Pronoun, None);
    }
    match head_name_run(source) {
        Some(name) => (SourceClass::Named, Some(name)),
        None => (SourceClass::Other, None),
    }
}

/// The name a source is built on. Capitalised runs are found (parentheticals such as
/// "(D-Md.)" dropped; titles and function words do not count as a name); the head is
/// the first run that ends the source or is followed by a break — a comma, "of",
/// "who", a parenthesis — so "Maria T. Okafor, director of the Harbor Policy Institute"
/// gives "Maria T. Okafor" and "Port Authority spokesman Tomas Reyes" gives
/// "Tomas Reyes".
fn head_name_run(source: &str) -> Option<String> {
    let mut depth = 0usize;
    let mut flat = String::new();
    for c in source.chars() {
        match c {
            '(' | '[' => {
                depth += 1;
                flat.push(',');
            }
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => flat.push(c),
            _ => {}
        }
    }
    // (run, followed by a break or the end)
    let mut runs: Vec<(Vec<String>, bool)> = Vec::new();
    let mut current: Vec<String> = Vec::new();
    for raw in flat.split_whitespace() {
        let word = clean_word(raw);
        let capitalised = word.chars().next().is_some_and(char::is_uppercase);
        if capitalised {
            current.push(word);
            if raw.ends_with([',', ';', ':']) {
                runs.push((std::mem::take(&mut current), true));
            }
        } else {
            if !current.is_empty() {
                let breaks = raw.starts_with(',')
                    || matches!(
                        raw.to_lowercase().as_str(),
                        "of" | "who" | "said" | "says" | "at" | "from" | "in" | "and"
                    );
                runs.push((std::mem::take(&mut current), breaks));
            }
        }
    }
    if !current.is_empty() {
        runs.push((current, true));
    }
    let is_name = |w: &String| !NOT_NAMES.contains(&w.to_lowercase().as_str());
    let names: Vec<(String, bool)> = runs
        .into_iter()
        .filter(|(run, _)| run.iter().any(is_name))
        .map(|(run, breaks)| {
            // Drop leading function words and titles ("The", "Sen.").
            let start = run.iter().position(is_name).unwrap_or(0);
            (run[start..].join(" "), breaks)
        })
        .collect();
    // A name that only modifies a common noun ("one Republican source", "the Reyes
    // campaign") does not make the source named.
    names
        .into_iter()
        .find(|(_, breaks)| *breaks)
        .map(|(name, _)| name)
}

/// A word without surrounding punctuation and without a possessive ending.
pub fn clean_word(raw: &str) -> String {
    let word = raw.trim_matches(|c: char| {
        !(c.is_alphanumeric() || c == '.' || c == '-' || c == '\'' || c == '’')
    });
    let word = word
        .strip_suffix("’s")
        .or_else(|| word.strip_suffix("'s"))
        .unwrap_or(word);
    let word = word.trim_matches(|c: char| c == '\'' || c == '’');
    // Keep the period of an abbreviation ("Rep.", "U.S.") but not a sentence's.
    let inner_period = word.trim_end_matches('.').contains('.');
    let short_title = word.len() <= 4 && word.ends_with('.');
    if word.ends_with('.') && !inner_period && !short_title {
        word.trim_end_matches('.').to_string()
    } else {
        word.to_string()
    }
}

/// The last word of a name, lower-cased, without punctuation or possessive.
pub fn last_word(name: &str) -> Option<String> {
    name.split_whitespace()
        .map(clean_word)
        .filter(|w| !w.is_empty())
        .map(|w| w.trim_end_matches('.').to_lowercase())
        .rfind(|w| !matches!(w.as_str(), "jr" | "sr" | "ii" | "iii"))
}

fn is_double_open(c: char) -> bool {
    matches!(c, '“' | '"' | '„' | '«')
}

fn is_double_close(c: char) -> bool {
    matches!(c, '”' | '"' | '»' | '“')
}

/// One double quotation mark at a byte offset: its length and whether it can open.
fn mark_at(text: &str, at: usize) -> Option<usize> {
    let rest = &text[at..];
    if rest.starts_with("''") {
        return Some(2);
    }
    let c = rest.chars().next()?;
    (is_double_open(c) || is_double_close(c)).then(|| c.len_utf8())
}

fn mark_style(quote: &str) -> MarkStyle {
    if quote.starts_with("''") {
        MarkStyle::DoubleApostrophe
    } else if quote.starts_with('“') {
        MarkStyle::Curly
    } else if quote.starts_with('"') {
        MarkStyle::Straight
    } else {
        MarkStyle::Other
    }
}

fn is_trim_char(c: char) -> bool {
    c.is_whitespace() || matches!(c, ',' | '.' | ';' | ':' | '—' | '–' | '-' | '(' | ')')
}

/// Takes in a double mark just outside the fragment (annotators sometimes leave the
/// marks out), then trims whitespace and punctuation around the marks.
fn widen_and_trim(text: &str, fragment: Range<usize>) -> Range<usize> {
    let Range { mut start, mut end } = fragment;
    let inner = &text[start..end];
    let inner_trim_start = inner.trim_start_matches(is_trim_char);
    let starts_with_mark = mark_at(inner_trim_start, 0).is_some();
    if !starts_with_mark {
        let before = &text[..start];
        if before.ends_with("''") {
            start -= 2;
        } else if let Some(c) = before.chars().next_back()
            && is_double_open(c)
        {
            start -= c.len_utf8();
        }
    }
    let inner = &text[start..end];
    let ends_with_mark = inner
        .trim_end_matches(is_trim_char)
        .chars()
        .next_back()
        .is_some_and(|c| is_double_close(c) || c == '\'');
    if !ends_with_mark {
        // `,”` or `.”` or `”` right after the fragment.
        let after = &text[end..];
        let punct = after
            .chars()
            .take_while(|c| matches!(c, ',' | '.' | '?' | '!' | ';' | ':'))
            .map(char::len_utf8)
            .sum::<usize>();
        if let Some(len) = mark_at(after, punct)
            && !after[punct..].starts_with(['“', '„', '«'])
        {
            end += punct + len;
        }
    }
    let inner = &text[start..end];
    let lead = inner.len() - inner.trim_start_matches(is_trim_char).len();
    let trail = inner.len() - inner.trim_end_matches(is_trim_char).len();
    if lead + trail >= inner.len() {
        return start..start;
    }
    start + lead..end - trail
}

/// Top-level double quotations inside `range`: an opening mark up to the mark that
/// closes it. A mark that opens a paragraph while a quotation is running continues it
/// (the convention for quotes over several paragraphs); a quotation still open at the
/// range's end runs to it.
pub fn quotation_segments(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let mut segments = Vec::new();
    let mut open: Option<usize> = None;
    let mut depth = 0usize;
    let mut i = range.start;
    while i < range.end {
        let Some(len) = mark_at(text, i).filter(|len| i + len <= range.end) else {
            i += text[i..].chars().next().map_or(1, char::len_utf8);
            continue;
        };
        let mark = &text[i..i + len];
        let before = text[..i].chars().next_back();
        let after = text[i + len..].chars().next();
        let after_newline = text[range.start..i]
            .trim_end_matches([' ', '\t', '\u{a0}'])
            .ends_with(['\n', '\r']);
        let spaced_before = before.is_none_or(|c| c.is_whitespace() || "([{—–-/".contains(c));
        let spaced_after = after.is_none_or(|c| c.is_whitespace());
        let role = match mark {
            "“" | "„" | "«" => Role::Open,
            "”" | "»" => Role::Close,
            _ => {
                // Straight and archive marks: the neighbours decide.
                if depth == 0 {
                    if spaced_after || after.is_some_and(|c| ",.;:!?)".contains(c)) {
                        Role::Stray
                    } else {
                        Role::Open
                    }
                } else if after_newline || (spaced_before && !spaced_after) {
                    Role::Open
                } else {
                    Role::Close
                }
            }
        };
        match role {
            Role::Open if depth > 0 && after_newline => {} // a paragraph reopening the quote
            Role::Open => {
                if depth == 0 {
                    open = Some(i);
                }
                depth += 1;
            }
            Role::Close if depth > 0 => {
                depth -= 1;
                if depth == 0
                    && let Some(start) = open.take()
                {
                    segments.push(start..i + len);
                }
            }
            Role::Close | Role::Stray => {}
        }
        i += len;
    }
    if let Some(start) = open {
        // Runs to the end: a quote the annotator cut, or one closing in a later span.
        let end = range.end;
        if text[start..end].split_whitespace().count() > 1 {
            segments.push(start..end);
        }
    }
    segments
}

enum Role {
    Open,
    Close,
    Stray,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segs(text: &str) -> Vec<&str> {
        quotation_segments(text, 0..text.len())
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn segments() {
        assert_eq!(segs("“A b,”"), ["“A b,”"]);
        assert_eq!(segs("“A” and “B”"), ["“A”", "“B”"]);
        assert_eq!(segs("“A.\n\n“B.”"), ["“A.\n\n“B.”"]);
        assert_eq!(segs("\"A.\n\n\"B.\""), ["\"A.\n\n\"B.\""]);
        assert_eq!(segs("''It's here,''"), ["''It's here,''"]);
        assert_eq!(
            segs("was \"fair\" and \"open.\""),
            ["\"fair\"", "\"open.\""]
        );
    }

    #[test]
    fn sources() {
        assert_eq!(classify_source("he").0, SourceClass::Pronoun);
        assert_eq!(
            classify_source("Iranian Foreign Minister Abbas Araghchi"),
            (
                SourceClass::Named,
                Some("Iranian Foreign Minister Abbas Araghchi".into())
            )
        );
        assert_eq!(classify_source("the official").0, SourceClass::Other);
        assert_eq!(classify_source("The President").0, SourceClass::Other);
        let name = |s: &str| classify_source(s).1;
        assert_eq!(
            name("Rep. Dana Whitfield (D-Md.)").as_deref(),
            Some("Dana Whitfield")
        );
        assert_eq!(
            name("Maria T. Okafor, director of the Harbor Policy Institute").as_deref(),
            Some("Maria T. Okafor")
        );
        assert_eq!(
            name("Port Authority spokesman Tomas Reyes").as_deref(),
            Some("Tomas Reyes")
        );
        assert_eq!(
            name("Sen. Ana Lindqvist of Maine").as_deref(),
            Some("Ana Lindqvist")
        );
        assert_eq!(
            classify_source("Lindqvist’s campaign").0,
            SourceClass::Other
        );
        assert_eq!(
            classify_source("one Republican source").0,
            SourceClass::Other
        );
        assert_eq!(
            name("Harbor Committee Democrats").as_deref(),
            Some("Harbor Committee Democrats")
        );
        assert_eq!(last_word("Ana Lindqvist’s"), Some("lindqvist".into()));
    }
}
