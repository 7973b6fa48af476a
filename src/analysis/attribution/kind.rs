//! What kind a quotation is: speech, words quoted inside the reporter's sentence, or a
//! title, term or heading that needs no speaker.

use super::frame::Frame;
use super::{QuoteKind, Unit};
use crate::analysis::lexicon::WordSet;
use crate::analysis::prose::{Block, BlockKind};
use crate::analysis::quotes::{QuoteLevel, QuoteSpan};
use crate::analysis::tokens::{Token, TokenKind};

static TITLE_INTRODUCERS: WordSet = WordSet::new(&[
    "so-called",
    "dubbed",
    "titled",
    "entitled",
    "nicknamed",
    "term",
    "word",
    "phrase",
    "slogan",
    "hashtag",
    "headline",
    "album",
    "book",
    "film",
    "movie",
    "song",
    "show",
    "series",
    "novel",
    "play",
    "documentary",
    "podcast",
    "program",
    "programme",
    "operation",
    "campaign",
    "known",
]);

pub(super) fn kind_of(
    masked: &str,
    blocks: &[Block],
    unit: &Unit,
    frame: &Frame,
    span: &QuoteSpan,
) -> QuoteKind {
    if blocks[unit.block].kind == BlockKind::Heading
        || is_quoted_heading(masked, blocks, unit, span)
    {
        return QuoteKind::Title;
    }
    // British copy quotes speech in single marks: a top-level quotation in them reads
    // as speech when it is long enough to be said; short ones are terms and titles.
    if span.level == QuoteLevel::Single
        && masked[span.content.clone()]
            .split_whitespace()
            .nth(3)
            .is_none()
    {
        return QuoteKind::Title;
    }
    let Some(at) = frame.quote_at(&span.range) else {
        return QuoteKind::Speech;
    };
    let before = at.checked_sub(1).map(|i| &frame.tokens[i]);
    let introduced = before
        .is_none_or(|t| matches!(t.text, ":" | "," | "—" | "–") || t.kind == TokenKind::Quote);
    let content = &masked[span.content.clone()];
    // "coined a new phrase, “undocumented Democrats,”": the introducer may sit before a comma.
    let introducer = |t: &Token| TITLE_INTRODUCERS.contains_lower(t.text);
    let after_comma =
        before.is_some_and(|t| t.text == ",") && at >= 2 && introducer(&frame.tokens[at - 2]);
    if before.is_some_and(introducer)
        || after_comma
        || (before.is_some_and(|t| t.lower_is("as"))
            && at >= 2
            && frame.tokens[at - 2].lower_is("known"))
    {
        return QuoteKind::Title;
    }
    if introduced || span.continues_previous {
        return QuoteKind::Speech;
    }
    let has_cue = !frame.spoken().is_empty();
    let at_most_three_words = || content.split_whitespace().nth(3).is_none();
    if !has_cue && (at_most_three_words() || is_title_case(content)) {
        return QuoteKind::Title;
    }
    QuoteKind::Partial
}

/// A paragraph that is nothing but a quotation in capitals with no full stop (“EVENTUALLY
/// VOTERS MAKE GOOD DECISIONS”): a heading set in quotation marks, not speech.
fn is_quoted_heading(masked: &str, blocks: &[Block], unit: &Unit, span: &QuoteSpan) -> bool {
    let block = &blocks[unit.block].range;
    let content = masked[span.content.clone()].trim();
    masked[block.clone()].trim() == masked[span.range.clone()].trim()
        && !content.ends_with(['.', '?', '!', ','])
        && content.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && !content.chars().any(char::is_lowercase)
}

fn is_title_case(text: &str) -> bool {
    let words: Vec<&str> = text
        .split_whitespace()
        .filter(|w| w.chars().count() > 3)
        .collect();
    !words.is_empty()
        && words.len() <= 8
        && words.iter().all(|w| {
            w.chars()
                .find(|c| c.is_alphabetic())
                .is_some_and(char::is_uppercase)
        })
}
