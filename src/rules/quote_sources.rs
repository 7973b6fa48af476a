//! The draft's quotations looked up in the reporter's sources (`notes::Index`), once
//! per analysis, for the three rules that read the answers: `quote-altered`,
//! `quote-speaker-mismatch` and `quote-not-in-notes`. Without sources there are no
//! lookups and the three rules say nothing.

use crate::analysis::{Quote, QuoteKind};
use crate::notes::{Index, Lookup};

/// Quotations of fewer words are not looked up: a scare-quoted word or a title.
pub const MIN_WORDS: usize = 3;

/// One quotation's answer.
#[derive(Debug, Clone, PartialEq)]
pub struct QuoteLookup {
    /// Index into the analysis's quotes.
    pub quote: usize,
    pub found: Lookup,
}

/// Looks up every quotation that is speech or a partial quote of at least
/// `MIN_WORDS` words, with the speaker the draft gives it.
pub fn look_up(text: &str, quotes: &[Quote], index: &Index) -> Vec<QuoteLookup> {
    if index.is_empty() {
        return Vec::new();
    }
    quotes
        .iter()
        .enumerate()
        .filter(|(_, q)| q.kind != QuoteKind::Title)
        .filter_map(|(i, q)| {
            let words = &text[q.content.clone()];
            if words.split_whitespace().count() < MIN_WORDS {
                return None;
            }
            let speaker = q.speaker.as_ref().map(|s| s.name.as_str());
            index
                .lookup(words, speaker)
                .map(|found| QuoteLookup { quote: i, found })
        })
        .collect()
}
