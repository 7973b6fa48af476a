//! A unit's frame: its words outside quotation marks, each quotation one token, and
//! the speech cues found in them ("said", "according to", a transcript's colon, a
//! dash that signs a quotation). Frames are computed from a unit's text alone and
//! remembered; [`Frames`] places them in the draft when first asked for.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::ops::Range;
use std::sync::Arc;

use super::phrases::{
    Phrase, clause_subject, inverted_speaker, participle_subject, phrase_after, phrase_before,
};
use super::{Unit, UnitFacts};
use crate::analysis::lexicon::{SPEECH_VERBS, TAG_VERBS};
use crate::analysis::memo;
use crate::analysis::names::{self, NameRun};
use crate::analysis::quotes::QuoteSpan;
use crate::analysis::tokens::{Token, TokenKind};

#[derive(Debug, Clone)]
pub(super) struct Cue {
    pub(super) range: Range<usize>,
    /// Index of the cue's first token in the frame.
    pub(super) at: usize,
    pub(super) speaker: Option<Phrase>,
    /// A verb that only tags a quotation in its own unit ([`TAG_VERBS`]).
    pub(super) tag: bool,
}

/// A unit's words outside its quotations (each quotation one token) and its cues.
pub(super) struct Frame<'a> {
    pub(super) tokens: Vec<Token<'a>>,
    /// The cues, their ranges `base` bytes before where they stand in the draft: a
    /// unit's remembered cues are read in place, not copied (with their names) for
    /// every quotation on every keystroke.
    pub(super) cues: Cow<'a, [Cue]>,
    pub(super) base: usize,
    /// The cues with a speaker as (token index, cue index), in order: found once per
    /// frame, not once per quotation (a unit can hold thousands).
    spoken: OnceCell<Vec<(usize, usize)>>,
}

impl Frame<'_> {
    pub(super) fn cue_range(&self, cue: &Cue) -> Range<usize> {
        cue.range.start + self.base..cue.range.end + self.base
    }

    /// The index of a quotation's token. Tokens are in the draft's order and each
    /// quotation stands before the words at its start, so a binary search finds it.
    pub(super) fn quote_at(&self, range: &Range<usize>) -> Option<usize> {
        let is_it = |t: &Token| t.kind == TokenKind::Quote && t.range == *range;
        let at = self.tokens.partition_point(|t| t.range.start < range.start);
        match self.tokens.get(at) {
            Some(t) if is_it(t) => Some(at),
            _ => self.tokens.iter().position(is_it),
        }
    }

    pub(super) fn spoken(&self) -> &[(usize, usize)] {
        self.spoken.get_or_init(|| {
            let mut spoken: Vec<(usize, usize)> = (self.cues.iter().enumerate())
                .filter(|(_, c)| c.speaker.is_some())
                .map(|(i, c)| (c.at, i))
                .collect();
            spoken.sort_unstable();
            spoken
        })
    }

    /// Where one of the cues' speakers stands in the draft.
    pub(super) fn phrase_range(&self, phrase: &Phrase) -> Range<usize> {
        let range = phrase.range();
        range.start + self.base..range.end + self.base
    }
}

/// The units' frames, each placed in the draft from its remembered facts when first
/// asked for: most units hold no quotation and are never read.
pub(super) struct Frames<'a> {
    pub(super) masked: &'a str,
    pub(super) units: &'a [Unit],
    pub(super) facts: &'a [Arc<UnitFacts>],
    /// The quotations that touch each unit.
    pub(super) quotes: &'a [Vec<Range<usize>>],
    /// Boxed: a cell per unit costs a pointer, not a frame, and most stay empty.
    pub(super) cells: Vec<OnceCell<Box<Frame<'a>>>>,
    /// The names in each frame's words, found when first asked for: a pronoun looks
    /// back over the same units as the quotations around it.
    pub(super) runs: Vec<OnceCell<Box<[NameRun]>>>,
}

impl<'a> Frames<'a> {
    pub(super) fn get(&self, u: usize) -> &Frame<'a> {
        self.cells[u].get_or_init(|| {
            let base = self.units[u].range.start;
            let facts = &self.facts[u];
            Box::new(Frame {
                tokens: facts
                    .tokens
                    .iter()
                    .map(|&(kind, ref range)| match kind {
                        // A quotation token stands for the whole quotation: the range
                        // holds its index among the unit's quotations.
                        TokenKind::Quote => Token {
                            kind,
                            text: "",
                            range: self.quotes[u][range.start as usize].clone(),
                        },
                        _ => {
                            let range = memo::absolute(range, base);
                            Token {
                                kind,
                                text: &self.masked[range.clone()],
                                range,
                            }
                        }
                    })
                    .collect(),
                cues: Cow::Borrowed(&facts.cues),
                base,
                spoken: OnceCell::new(),
            })
        })
    }

    /// The name runs among a unit's frame tokens.
    pub(super) fn runs(&self, u: usize) -> &[NameRun] {
        self.runs[u].get_or_init(|| names::runs(&self.get(u).tokens).into_boxed_slice())
    }
}

/// The frame of a unit: its words outside the quotations `inside`, from `all`, the
/// unit's tokens (made once for the frame and for the unit's names).
pub(super) fn frame<'a>(
    all: &[Token<'a>],
    inside: &[Range<usize>],
    extra_verbs: &[String],
) -> Frame<'a> {
    // One pass over the tokens and the quotations, both in order (the quotations do not
    // overlap): each quotation becomes one token before the words at its start, and the
    // words inside it are left out. Searching every quotation for every word was
    // quadratic in a unit holding thousands.
    let quote_token = |range: &Range<usize>| Token {
        kind: TokenKind::Quote,
        range: range.clone(),
        text: "",
    };
    let mut tokens: Vec<Token<'a>> = Vec::with_capacity(all.len() + inside.len());
    let (mut next, mut open) = (0, 0);
    for token in all {
        let start = token.range.start;
        while let Some(quote) = inside.get(next).filter(|q| q.start <= start) {
            tokens.push(quote_token(quote));
            next += 1;
        }
        while inside.get(open).is_some_and(|q| q.end <= start) {
            open += 1;
        }
        if !inside.get(open).is_some_and(|q| q.contains(&start)) {
            tokens.push(token.clone());
        }
    }
    tokens.extend(inside[next..].iter().map(quote_token));
    let mut cues = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        if !token.is_word() {
            continue;
        }
        let according = token.text.eq_ignore_ascii_case("according")
            && tokens.get(i + 1).is_some_and(|t| t.text == "to");
        // "Said Ellis: …" opens a sentence with the verb.
        let lowered = (i == 0 && matches!(token.text, "Said" | "Says" | "Added" | "Asked"))
            .then(|| token.lower());
        let verb = lowered.as_deref().unwrap_or(token.text);
        let lower_case = verb.chars().all(|c| c.is_lowercase());
        let speech =
            lower_case && (SPEECH_VERBS.contains(&verb) || extra_verbs.iter().any(|v| v == verb));
        // "pointed out that": the particle makes a verb of pointing one of speech.
        let speech = speech
            || lower_case
                && matches!(verb, "pointed" | "points" | "pointing")
                && tokens.get(i + 1).is_some_and(|t| t.text == "out");
        let tag = lower_case && !speech && TAG_VERBS.contains(&verb);
        let is_verb = speech || tag;
        if according {
            cues.push(Cue {
                range: token.range.start..tokens[i + 1].range.end,
                at: i,
                speaker: phrase_after(&tokens, i + 2),
                tag: false,
            });
        } else if is_verb {
            let speaker = participle_subject(&tokens, i)
                .or_else(|| phrase_before(&tokens, i))
                .or_else(|| inverted_speaker(&tokens, i))
                .or_else(|| clause_subject(&tokens, i));
            cues.push(Cue {
                range: token.range.clone(),
                at: i,
                speaker,
                tag,
            });
        }
    }
    // "Clinton: “…”": a transcript names its speaker before a colon.
    if tokens.get(1).is_some_and(|t| t.text == ":")
        && tokens.get(2).is_some_and(|t| t.kind == TokenKind::Quote)
        && let Some(run) = names::run_around(&tokens, 0).filter(|r| r.tokens == (0..1))
    {
        cues.push(Cue {
            range: tokens[1].range.clone(),
            at: 1,
            speaker: Some(Phrase::Name(run)),
            tag: false,
        });
    }
    // "“…” ― Jacklyn Ashley": a dash after a quotation signs it (a hyphen typed for the
    // dash too: "“…” -Charles Spurgeon").
    for (i, token) in tokens.iter().enumerate() {
        let signed = token.kind == TokenKind::Quote
            && tokens
                .get(i + 1)
                .is_some_and(|t| matches!(t.text, "―" | "—" | "–" | "-"))
            && tokens.get(i + 2).is_some_and(Token::is_capitalised);
        if signed && let Some(speaker) = phrase_after(&tokens, i + 2) {
            cues.push(Cue {
                range: tokens[i + 1].range.clone(),
                at: i + 1,
                speaker: Some(speaker),
                tag: false,
            });
        }
    }
    Frame {
        tokens,
        cues: Cow::Owned(cues),
        base: 0,
        spoken: OnceCell::new(),
    }
}

/// The cue that attributes a quotation: the nearest one with a speaker in the unit, of
/// two as near the one listed first.
pub(super) fn nearest_cue<'f>(frame: &'f Frame, span: &QuoteSpan) -> Option<&'f Cue> {
    let quote_at = frame.quote_at(&span.range)?;
    let spoken = frame.spoken();
    let after = spoken.partition_point(|&(at, _)| at < quote_at);
    // The nearest token before and the nearest at or after, each with its first cue.
    let first_at = |at: usize| spoken[spoken.partition_point(|&(a, _)| a < at)];
    let before = after.checked_sub(1).map(|i| first_at(spoken[i].0));
    let nearest = [before, spoken.get(after).copied()]
        .into_iter()
        .flatten()
        .min_by_key(|&(at, index)| (at.abs_diff(quote_at), index))?;
    Some(&frame.cues[nearest.1])
}
