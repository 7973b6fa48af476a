//! Whether a deletion leaves the quotation attributed by the text all the same: the
//! same gold source was attributed (quoted, or reported in indirect speech) just
//! before it, in its own paragraph or, when the quotation opens its paragraph, in the
//! paragraph before, with nobody else's attribution in between. A copy editor accepts such a quotation as the speaker
//! going on (“…,” Okafor said. / “….”), so the deletion test counts it apart.

use std::ops::Range;

use crate::corpus::{Article, Attribution};
use crate::gold::{self, GoldQuote, GoldSource, SourceClass};

/// How the quotation is still attributed after its trailing attribution is deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Carried {
    /// The same named source (same last word of the head name) was quoted just before.
    Named,
    /// The same pronoun or description was the source of the quotation just before.
    SameWords,
}

impl Carried {
    /// How an error sample is marked.
    pub fn tag(self) -> &'static str {
        match self {
            Carried::Named => "(carried, named) ",
            Carried::SameWords => "(carried) ",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Carried::Named => "same named source",
            Carried::SameWords => "same pronoun or description",
        }
    }
}

/// The start of the paragraph (line) holding `offset`.
fn paragraph_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind('\n').map_or(0, |i| i + 1)
}

fn same_source(a: &GoldSource, b: &GoldSource) -> Option<Carried> {
    if a.class == SourceClass::Named && b.class == SourceClass::Named {
        let (x, y) = (a.name.as_deref()?, b.name.as_deref()?);
        let (x, y) = (gold::last_word(x)?, gold::last_word(y)?);
        return (x == y).then_some(Carried::Named);
    }
    // A source annotated as the cue word ("said") is noise, not a speaker.
    let words = |s: &GoldSource| s.text.trim().to_lowercase();
    (a.class == b.class
        && a.class != SourceClass::Named
        && words(a) == words(b)
        && words(a) != "said")
        .then_some(Carried::SameWords)
}

/// The gold source of an attribution, classed as the gold quotes' sources are.
fn source_of(article: &Article, attribution: &Attribution) -> Option<GoldSource> {
    if !attribution.has_source_type {
        return None;
    }
    let words = attribution.source_text(&article.text)?;
    let (class, name) = gold::classify_source(&words);
    Some(GoldSource {
        fragments: Vec::new(),
        text: words,
        class,
        name,
    })
}

/// Whether `quote` (whose trailing attribution the test deletes) continues the same
/// gold source attributed just before it: the last attribution (direct or indirect
/// speech) whose content ends before the quotation, in its paragraph or, when the
/// quotation opens its paragraph, in the paragraph before, has the same source, and
/// nobody else's source stands between.
pub fn carried(article: &Article, quote: &GoldQuote) -> Option<Carried> {
    let text = &article.text;
    let source = quote.source.as_ref()?;
    let start = quote.range.start;
    let paragraph = paragraph_start(text, start);
    let opens_paragraph = text[paragraph..start].trim().is_empty();
    let window = if opens_paragraph && paragraph > 0 {
        // The paragraph before, over blank lines.
        let end = text[..paragraph].trim_end().len();
        paragraph_start(text, end)
    } else {
        paragraph
    };
    let content_end = |a: &Attribution| a.contents.iter().flatten().map(|r| r.end).max();
    let before = article
        .attributions
        .iter()
        .filter(|a| a.id != quote.attribution && a.has_source_type)
        .filter(|a| {
            a.contents.iter().flatten().all(|r| r.start >= window)
                && content_end(a).is_some_and(|end| end <= start)
        })
        .max_by_key(|a| content_end(a))?;
    let carried = same_source(&source_of(article, before)?, source)?;
    // Nobody else is attributed between the two.
    let between: Range<usize> = content_end(before)?..start;
    let someone_else = article.attributions.iter().any(|a| {
        a.source_fragments().any(|r| between.contains(&r.start))
            && source_of(article, a).is_none_or(|other| same_source(&other, source).is_none())
    });
    (!someone_else).then_some(carried)
}
