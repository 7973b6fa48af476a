//! Who said each quotation. Sentences are grouped into units (a quotation that spans
//! sentences holds them together); each unit's frame — its words outside quotation
//! marks — is searched for a speech cue and its speaker, in the patterns of news
//! writing. Quotes without a speaker in their unit look to the neighbouring unit, a
//! colon-ended introduction, or the quotation they continue; pronouns and roles resolve
//! to the person most recently named.

mod frame;
mod kind;
mod phrases;
mod resolve;

use std::cell::OnceCell;
use std::ops::Range;
use std::sync::Arc;

use super::memo::{self, Key, Memo, TextPrint};
use super::names::{self, NameRun, People};
use super::prose::Block;
use super::quotes::QuoteSpan;
use super::sentences::Sentence;
use super::tokens::{TokenKind, tokenize};
use frame::{Cue, Frames, frame, nearest_cue};
use kind::kind_of;
use phrases::{Phrase, appositions};
use resolve::Resolver;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuoteKind {
    /// A quotation that stands as speech: a sentence of its own, or introduced.
    Speech,
    /// Words quoted inside the reporter's sentence (“fair and equitable” talks).
    Partial,
    /// A title, nickname or scare quote: not speech, never flagged.
    Title,
}

/// How a speaker was found, for hovers and inlay hints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// Named in the quotation's own sentence.
    SameSentence,
    /// A pronoun in the sentence, resolved to someone named earlier.
    Pronoun { antecedent: Range<usize> },
    /// A role ("the minister") resolved to the person who holds it.
    Role { antecedent: Range<usize> },
    /// The speaker of the sentence before, in the same paragraph.
    PreviousSentence,
    /// The speaker of the sentence after, in the same paragraph.
    NextSentence,
    /// An introduction ending in a colon.
    Colon,
    /// The quotation this one continues (a quote running over paragraphs).
    Continuation,
    /// A paragraph that opens with a quotation carries on the speaker of the
    /// paragraph before, which quoted someone.
    PreviousParagraph,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Speaker {
    /// Where the speaker is named for this quote.
    pub range: Range<usize>,
    /// The person or group it resolves to.
    pub name: String,
    /// True for a person (the name has a surname to use in house style).
    pub person: bool,
    pub resolution: Resolution,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribution {
    /// Index into the scan's quote spans.
    pub span: usize,
    pub kind: QuoteKind,
    pub speaker: Option<Speaker>,
    pub cue: Option<Range<usize>>,
    /// Index of the unit (sentence group) that holds the quotation's start.
    pub unit: usize,
}

/// A group of sentences held together by a quotation.
#[derive(Debug, Clone)]
pub struct Unit {
    pub range: Range<usize>,
    pub block: usize,
}

/// The draft's sentences grouped into units, with its top-level quotations: grouped
/// before attribution runs, so that the passes that need only where attributed
/// quotations stand ([`Units::quoted`]) can run beside it.
pub struct Units {
    units: Vec<Unit>,
    /// Indices of the quote spans at depth 0.
    top: Vec<usize>,
}

impl Units {
    pub fn group(masked: &str, sentences: &[Sentence], spans: &[QuoteSpan]) -> Units {
        let top: Vec<usize> = (0..spans.len()).filter(|&i| spans[i].depth == 0).collect();
        let units = group_units(masked, sentences, spans, &top);
        Units { units, top }
    }

    /// The spans of the quotations attribution places, in its order: the top-level
    /// ones that start in a unit.
    pub fn quoted(&self, spans: &[QuoteSpan]) -> Vec<Range<usize>> {
        self.top
            .iter()
            .map(|&i| &spans[i].range)
            .filter(|range| unit_holding(&self.units, range.start).is_some())
            .cloned()
            .collect()
    }
}

pub struct Attributions {
    pub quotes: Vec<Attribution>,
    pub units: Vec<Unit>,
    pub people: People,
}

pub fn attribute(
    masked: &str,
    blocks: &[Block],
    sentences: &[Sentence],
    spans: &[QuoteSpan],
    extra_verbs: &[String],
) -> Attributions {
    attribute_with(
        masked,
        blocks,
        sentences,
        &[],
        spans,
        Units::group(masked, sentences, spans),
        extra_verbs,
        &mut Memo::new(false),
    )
}

/// What a unit says on its own: its frame, the names in it and the roles its
/// appositions give, relative to the unit's start. Computed from the unit's words
/// and where its quotations stand, so remembered by those.
pub struct UnitFacts {
    tokens: Vec<(TokenKind, Range<u32>)>,
    cues: Vec<Cue>,
    /// Every name in the unit, inside quotations too.
    runs: Vec<NameRun>,
    appositions: Vec<(NameRun, String)>,
}

/// [`attribute`], each unit's frame and names remembered by its text and quotations.
/// `prints` are the sentences' text prints when the memo is enabled (a unit that is one
/// sentence is keyed from its print, not hashed again). The memo must be cleared when
/// `extra_verbs` change.
#[allow(clippy::too_many_arguments)]
pub fn attribute_with(
    masked: &str,
    blocks: &[Block],
    sentences: &[Sentence],
    prints: &[TextPrint],
    spans: &[QuoteSpan],
    grouped: Units,
    extra_verbs: &[String],
    memo: &mut Memo<UnitFacts>,
) -> Attributions {
    let Units { units, top } = grouped;
    // Units and top-level quotations are both in order: one pass over each.
    let mut from = 0;
    let quotes: Vec<Vec<Range<usize>>> = units
        .iter()
        .map(|unit| {
            while from < top.len() && spans[top[from]].range.end <= unit.range.start {
                from += 1;
            }
            quotes_in(unit, spans, &top[from..])
        })
        .collect();
    let compute = |i: usize| unit_facts(masked, &units[i], &quotes[i], extra_verbs);
    let facts: Vec<Arc<UnitFacts>> = if memo.is_enabled() {
        let keys = unit_keys(masked, sentences, prints, &units, &quotes);
        memo.get_keyed(&keys, compute)
    } else {
        (0..units.len()).map(|i| Arc::new(compute(i))).collect()
    };
    let frames = Frames {
        masked,
        units: &units,
        facts: &facts,
        quotes: &quotes,
        cells: (0..units.len()).map(|_| OnceCell::new()).collect(),
        runs: (0..units.len()).map(|_| OnceCell::new()).collect(),
    };
    let mut people = People::default();
    let mut all_runs = Vec::with_capacity(facts.iter().map(|f| f.runs.len()).sum());
    for (unit, facts) in units.iter().zip(&facts) {
        let at = unit.range.start;
        // Names inside quotations count too: an unclosed mark can swallow a sentence.
        for run in &facts.runs {
            people.consider_at(run, at, false);
            all_runs.push((run, at));
        }
        for cue in facts.cues.iter().filter(|c| !c.tag) {
            if let Some(Phrase::Name(run)) = &cue.speaker {
                people.consider_at(run, at, true);
            }
        }
    }
    people.infer_from_surnames_at(&all_runs);
    for (unit, facts) in units.iter().zip(&facts) {
        for (name, role) in &facts.appositions {
            people.consider_at(name, unit.range.start, true);
            people.set_role(&name.name, role);
        }
    }
    let resolver = Resolver {
        units: &units,
        frames: &frames,
        people: &people,
        roles: OnceCell::new(),
    };

    let mut quotes: Vec<Attribution> = Vec::with_capacity(top.len());
    for &span_index in &top {
        let span = &spans[span_index];
        let Some(unit_index) = unit_holding(&units, span.range.start) else {
            continue;
        };
        let frame = frames.get(unit_index);
        let kind = kind_of(masked, blocks, &units[unit_index], frame, span);
        let mut attribution = Attribution {
            span: span_index,
            kind,
            speaker: None,
            cue: None,
            unit: unit_index,
        };
        if kind != QuoteKind::Title
            && let Some(cue) = nearest_cue(frame, span)
        {
            attribution.cue = Some(frame.cue_range(cue));
            attribution.speaker = cue
                .speaker
                .as_ref()
                .map(|p| resolver.speaker(p, frame.base, Resolution::SameSentence, unit_index));
        }
        quotes.push(attribution);
    }

    // Quotations with no speaker of their own look around them.
    for _ in 0..2 {
        for i in 0..quotes.len() {
            if quotes[i].speaker.is_some() || quotes[i].kind == QuoteKind::Title {
                continue;
            }
            let found = resolver.speaker_in_context(i, &quotes, spans, blocks, masked);
            quotes[i].speaker = found;
        }
    }
    Attributions {
        quotes,
        units,
        people,
    }
}

/// Each unit's memo key: its text and where its quotations stand. A quotation that
/// opened before the unit is keyed (and framed) from the unit's start, with a flag that
/// says so.
fn unit_keys(
    masked: &str,
    sentences: &[Sentence],
    prints: &[TextPrint],
    units: &[Unit],
    quotes: &[Vec<Range<usize>>],
) -> Vec<Key> {
    let mut extra = Vec::new();
    units
        .iter()
        .zip(quotes)
        .map(|(unit, quotes)| {
            let base = unit.range.start;
            extra.clear();
            extra.extend(quotes.iter().flat_map(|q| {
                let start = q.start.max(base);
                [
                    (start - base) as u32,
                    (q.end - base) as u32,
                    u32::from(q.start < base),
                ]
            }));
            // Most units are one sentence, whose text is hashed already.
            let sentence = sentences.partition_point(|s| s.range.start < base);
            match prints.get(sentence) {
                Some(print) if sentences[sentence].range == unit.range => print.key(&extra),
                _ => Key::of(&masked[unit.range.clone()], &extra),
            }
        })
        .collect()
}

fn group_units(
    masked: &str,
    sentences: &[Sentence],
    spans: &[QuoteSpan],
    top: &[usize],
) -> Vec<Unit> {
    let mut units: Vec<Unit> = sentences
        .iter()
        .map(|s| Unit {
            range: s.range.clone(),
            block: s.block,
        })
        .collect();
    // Merge the sentences a quotation spans. A unit merged into the one before it is
    // marked dead and given that unit's end, so the ends stay sorted for the search;
    // the dead are dropped at the end (removing each at once made long drafts slow).
    let mut alive = vec![true; units.len()];
    let next_alive = |alive: &[bool], from: usize| (from..alive.len()).find(|&j| alive[j]);
    for &i in top {
        let quote = &spans[i].range;
        let first = units.partition_point(|u| u.range.end <= quote.start);
        if first == units.len() {
            continue;
        }
        let mut last = first;
        while let Some(next) = next_alive(&alive, last + 1)
            && units[next].block == units[first].block
            && units[next].range.start < quote.end
        {
            last = next;
        }
        if last > first {
            let end = units[last].range.end;
            units[first].range.end = end;
            for j in first + 1..=last {
                alive[j] = false;
                units[j].range = end..end;
            }
        }
    }
    // A sign-off after a quotation ("― Jacklyn Ashley") belongs to it. Compacted in
    // place: a second list of units was a fifth of a megabyte a keystroke.
    let mut kept = 0;
    for i in 0..units.len() {
        if !alive[i] {
            continue;
        }
        let unit = units[i].clone();
        let opening = masked[unit.range.clone()].trim_start();
        let signs_off = kept > 0
            && units[kept - 1].block == unit.block
            && (opening.starts_with(['―', '—', '–'])
                || opening
                    .strip_prefix('-')
                    .is_some_and(|rest| rest.starts_with(char::is_uppercase)));
        if signs_off {
            units[kept - 1].range.end = unit.range.end;
        } else {
            units[kept] = unit;
            kept += 1;
        }
    }
    units.truncate(kept);
    units
}

/// The index of the unit that holds `offset`, if one does. Units are in order and do
/// not overlap.
fn unit_holding(units: &[Unit], offset: usize) -> Option<usize> {
    let index = units.partition_point(|u| u.range.end <= offset);
    units
        .get(index)
        .is_some_and(|u| u.range.contains(&offset))
        .then_some(index)
}

/// The top-level quotations that touch a unit, from `top`, the ones that do not end
/// before it. They are in order and do not overlap.
fn quotes_in(unit: &Unit, spans: &[QuoteSpan], top: &[usize]) -> Vec<Range<usize>> {
    top.iter()
        .map(|&i| spans[i].range.clone())
        .take_while(|r| r.start < unit.range.end)
        .filter(|r| unit.range.start < r.end)
        .collect()
}

/// A unit's facts, computed from the unit's text alone (offsets from its start).
fn unit_facts(
    masked: &str,
    unit: &Unit,
    quotes: &[Range<usize>],
    extra_verbs: &[String],
) -> UnitFacts {
    let text = &masked[unit.range.clone()];
    let base = unit.range.start;
    let relative: Vec<Range<usize>> = quotes
        .iter()
        .map(|q| q.start.max(base) - base..q.end - base)
        .collect();
    let all = tokenize(text, 0..text.len());
    let frame = frame(&all, &relative, extra_verbs);
    // Remembered as long as the unit stands: the lists grown by pushing keep no room.
    let mut cues = frame.cues.into_owned();
    cues.shrink_to_fit();
    let mut appositions = appositions(&frame.tokens);
    appositions.shrink_to_fit();
    UnitFacts {
        tokens: frame
            .tokens
            .iter()
            .map(|t| match t.kind {
                TokenKind::Quote => {
                    // The quotations are in order: found by binary search, not a scan each.
                    let at = relative.partition_point(|q| q.start < t.range.start);
                    let index = match relative.get(at) {
                        Some(q) if *q == t.range => at,
                        _ => relative.iter().position(|q| *q == t.range).unwrap_or(0),
                    } as u32;
                    (t.kind, index..index)
                }
                _ => (t.kind, memo::relative(&t.range, 0)),
            })
            .collect(),
        runs: names::runs(&all),
        appositions,
        cues,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::prose::{Format, extract};
    use crate::analysis::quotes::scan;
    use crate::analysis::sentences::split;

    /// (quote text, speaker name or "-", kind) for each top-level quotation.
    fn attributed(text: &str) -> Vec<(String, String, QuoteKind)> {
        let prose = extract(text, Format::PlainText);
        let sentences = split(&prose.masked, &prose.blocks);
        let scan = scan(&prose.masked, &prose.blocks);
        let result = attribute(&prose.masked, &prose.blocks, &sentences, &scan.quotes, &[]);
        result
            .quotes
            .iter()
            .map(|a| {
                (
                    text[scan.quotes[a.span].range.clone()].to_string(),
                    a.speaker
                        .as_ref()
                        .map_or("-".to_string(), |s| s.name.clone()),
                    a.kind,
                )
            })
            .collect()
    }

    fn speakers(text: &str) -> Vec<String> {
        attributed(text).into_iter().map(|(_, s, _)| s).collect()
    }

    #[test]
    fn trailing_and_inverted_attribution() {
        let text = "Interior Minister Sara Lind spoke first.\n“We are ready,” Lind said.\n“We are not,” said opposition leader Tomas Berg.\n";
        assert_eq!(speakers(text), vec!["Sara Lind", "Tomas Berg"]);
    }

    #[test]
    fn interrupted_quote_is_one_utterance() {
        let text = "“The port is open,” Marta Okonkwo said, “but not for long.”\n";
        assert_eq!(speakers(text), vec!["Marta Okonkwo", "Marta Okonkwo"]);
    }

    #[test]
    fn pronouns_resolve_to_the_last_named_person() {
        let text = "Union president Marta Okonkwo spoke outside the gate.\nOkonkwo said the union wanted guarantees. “Machines don’t pay rent,” she said.\n";
        assert_eq!(speakers(text), vec!["Marta Okonkwo"]);
    }

    #[test]
    fn introduced_by_colon_and_by_verb() {
        let text = "The mayor, Ana Ruiz, said: “We will rebuild.”\nRuiz told reporters, “Nothing is settled.”\n";
        assert_eq!(speakers(text), vec!["Ana Ruiz", "Ana Ruiz"]);
    }

    #[test]
    fn partial_quotes_take_the_sentence_speaker_and_titles_are_not_speech() {
        let text = "Iran has said it is open to “fair and equitable” negotiations.\nShe watched the show “Succession” twice.\n";
        let result = attributed(text);
        assert_eq!(result[0].1, "Iran");
        assert_eq!(result[0].2, QuoteKind::Partial);
        assert_eq!(result[1].2, QuoteKind::Title);
    }

    #[test]
    fn quote_only_sentence_takes_the_previous_speaker() {
        let text = "“Machines don’t pay rent,” Okonkwo said. “Our members do.”\n";
        assert_eq!(speakers(text), vec!["Okonkwo", "Okonkwo"]);
    }

    #[test]
    fn unattributed_quote_has_no_speaker() {
        let text =
            "The strike began on Tuesday.\n“We will not go back until the deal is signed.”\n";
        assert_eq!(speakers(text), vec!["-"]);
    }

    #[test]
    fn according_to_names_the_source() {
        let text = "The port lost “millions of dollars every single day,” according to the Valport Port Authority.\n";
        assert_eq!(speakers(text), vec!["Valport Port Authority"]);
    }
}
