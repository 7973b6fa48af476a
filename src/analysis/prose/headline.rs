//! Which opening line of a draft is its headline (or deck), in plain text and Markdown
//! alike: short, no sentence break, followed by the body.

use super::{Block, BlockKind};

/// Most words a headline or a deck has.
const HEADLINE_WORDS: usize = 24;
/// Most words a headline in title case has: every word capitalised is no lede's style,
/// and press releases run long headlines.
const TITLE_CASE_HEADLINE_WORDS: usize = 48;
/// A first line that ends in a full stop or a question (some archives end headlines
/// with one) is a headline only when it is this short, stands apart from the body by a
/// blank line, quotes no one in double marks (headlines quote in single ones) and is
/// shorter than the body after it; otherwise it is a lede.
const STOPPED_HEADLINE_WORDS: usize = 12;

/// Short words title case leaves in lower case.
const MINOR_WORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "nor", "but", "of", "to", "in", "on", "at", "by", "for", "from",
    "with", "as", "vs", "vs.", "via", "into", "over", "per",
];

/// Whether a line is in title case: its words capitalised but for the short ones
/// title case leaves alone, with one slip in ten allowed.
pub(super) fn is_title_case(line: &str) -> bool {
    let (mut words, mut capitalised) = (0, 0);
    for word in line.split_whitespace() {
        let word = word.trim_start_matches(|c: char| !c.is_alphanumeric());
        let Some(first) = word.chars().next() else {
            continue;
        };
        if !first.is_alphabetic() {
            continue;
        }
        let bare = word.trim_end_matches(|c: char| !c.is_alphanumeric());
        if first.is_lowercase() && MINOR_WORDS.contains(&bare) {
            continue;
        }
        words += 1;
        capitalised += usize::from(first.is_uppercase());
    }
    words >= 3 && capitalised * 10 >= words * 9
}

/// Abbreviations a headline's full stop follows without ending a sentence.
const HEADLINE_ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "st", "jr", "sr", "vs", "no", "calif",
    "fla", "mass", "wash", "inc", "corp", "co", "ltd",
];

/// Whether a sentence ends inside the line: a full stop, question or exclamation mark
/// and a space, but not the full stop of an abbreviation ("U.S. Senate", "Sen. Cruz")
/// or an initial.
pub(super) fn has_sentence_break(line: &str) -> bool {
    let line = line.trim_end();
    let words: Vec<&str> = line.split_whitespace().collect();
    words
        .iter()
        .take(words.len().saturating_sub(1))
        .any(|word| {
            let word = word.trim_end_matches(['’', '\'', '”', '"', ')']);
            if word.ends_with(['?', '!']) {
                return true;
            }
            let Some(stem) = word.strip_suffix('.') else {
                return false;
            };
            let stem = stem.trim_start_matches(|c: char| !c.is_alphanumeric());
            let initial = stem.chars().count() == 1;
            !(initial
                || stem.contains('.')
                || HEADLINE_ABBREVIATIONS.contains(&stem.to_lowercase().as_str()))
        })
}

/// A draft's first paragraph is its headline when it reads as one: a single short line
/// with no closing punctuation, a line in title case, or a very short line ending in a
/// full stop or a question (in archives that end headlines so), and more copy below
/// it; or two short lines, the first ending in a semicolon (an archive's headline and
/// its deck). The paragraph right after a headline that has no closing punctuation
/// either is its deck. Sentence case is the newsroom norm, so case is not required.
/// Headings are read for names, not for quotations or sources.
pub(super) fn mark_headline(masked: &str, blocks: &mut [Block]) {
    let ends_sentence = |line: &str| {
        let line = line.trim_end_matches(['’', '\'', '”', '"', ')']);
        line.ends_with(['.', '!', '?', '…'])
    };
    let is_top = |block: &Block| {
        let line = masked[block.range.clone()].trim();
        let words = line.split_whitespace().count();
        let single_line = !line.contains(['\n', '\r']);
        let last = line.chars().last().unwrap_or(' ');
        let stopped = matches!(last, '.' | '!' | '?' | '…' | '”' | '"' | '’' | '\'' | ')');
        let open = matches!(last, ',' | ':' | ';' | '-' | '—' | '–');
        let title_case = is_title_case(line);
        let most_words = if title_case {
            TITLE_CASE_HEADLINE_WORDS
        } else {
            HEADLINE_WORDS
        };
        let one_sentence = !has_sentence_break(line);
        single_line
            && words > 0
            && words <= most_words
            && !open
            && (!stopped || title_case || (ends_sentence(line) && words <= STOPPED_HEADLINE_WORDS))
            && (one_sentence || title_case)
    };
    // "Headline; \nDeck.": an archive's headline and deck in one paragraph.
    let with_deck = |block: &Block| {
        let text = masked[block.range.clone()].trim();
        let lines: Vec<&str> = text.lines().map(str::trim).collect();
        lines.len() == 2
            && lines[0].ends_with(';')
            && lines
                .iter()
                .all(|l| (1..=HEADLINE_WORDS).contains(&l.split_whitespace().count()))
    };
    if blocks.len() < 2 {
        return;
    }
    // The same, a line each: "Headline;" then the deck on the very next line.
    let single_short_line = |block: &Block| {
        let line = masked[block.range.clone()].trim();
        !line.contains(['\n', '\r'])
            && (1..=HEADLINE_WORDS).contains(&line.split_whitespace().count())
            && !has_sentence_break(line)
    };
    let next_line = masked[blocks[0].range.end..blocks[1].range.start]
        .matches('\n')
        .count()
        == 1;
    if blocks.len() > 2
        && masked[blocks[0].range.clone()].trim().ends_with(';')
        && single_short_line(&blocks[0])
        && next_line
        && single_short_line(&blocks[1])
    {
        blocks[0].kind = BlockKind::Heading;
        blocks[1].kind = BlockKind::Heading;
        return;
    }
    if !(is_top(&blocks[0]) || with_deck(&blocks[0])) {
        return;
    }
    let first = masked[blocks[0].range.clone()].trim();
    if ends_sentence(first) && !is_title_case(first) && !with_deck(&blocks[0]) {
        let gap = &masked[blocks[0].range.end..blocks[1].range.start];
        let blank_line_after = gap.matches('\n').count() >= 2;
        let quotes_someone = first.contains(['“', '”', '"', '«']);
        // Against the body's longest opening paragraph: a label line ("ABSTRACT.")
        // may come first.
        let body = blocks[1..].iter().take(3);
        let longest = body
            .map(|b| masked[b.range.clone()].trim().len())
            .max()
            .unwrap_or(0);
        if !blank_line_after || quotes_someone || first.len() >= longest {
            return;
        }
    }
    blocks[0].kind = BlockKind::Heading;
    let deck = &blocks[1];
    let deck_line = masked[deck.range.clone()].trim();
    let unpunctuated =
        !deck_line.ends_with(['.', '!', '?', '…', '”', '"', '’', '\'', ':', ',', ')']);
    if blocks.len() > 2 && deck.kind == BlockKind::Paragraph && unpunctuated && is_top(deck) {
        blocks[1].kind = BlockKind::Heading;
    }
}
