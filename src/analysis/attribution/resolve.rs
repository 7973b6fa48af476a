//! Speakers for quotations: names to full names, pronouns and roles to the person or
//! group last named, and quotations with no speaker of their own to their context.

use std::cell::OnceCell;
use std::ops::Range;

use rustc_hash::FxHashMap;

use super::phrases::{Phrase, first_subject};
use super::{Attribution, Frames, Resolution, Speaker, Unit};
use crate::analysis::gazetteer;
use crate::analysis::names::{self, People, Person};
use crate::analysis::prose::Block;
use crate::analysis::quotes::{QuoteSpan, reopened_at_once};
use crate::analysis::tokens::TokenKind;

/// The most words a sentence after a quotation may have and still be only its
/// attribution ("Fidan added.", "the mayor said in a statement on Friday").
const MAX_TAG_WORDS: usize = 12;

/// Verbs of speech in the present tense that introduce the quotation paragraph after a
/// one-sentence paragraph ("Teresa Mancini says she is not confident about the future.").
const PRESENT_SPEECH: &[&str] = &[
    "says", "adds", "admits", "argues", "explains", "insists", "notes", "warns", "writes", "tells",
    "believes", "claims", "concedes", "recalls",
];

pub(super) struct Resolver<'a> {
    pub(super) units: &'a [Unit],
    pub(super) frames: &'a Frames<'a>,
    pub(super) people: &'a People,
    /// Each word of a title, lower-cased, to the first person the draft gives it: what
    /// `People::with_role(role).last()` finds, built once instead of a scan of everyone
    /// for every "the minister said".
    pub(super) roles: OnceCell<FxHashMap<String, &'a Person>>,
}

impl<'a> Resolver<'a> {
    fn role_holder(&self, role: &str) -> Option<&'a Person> {
        let roles = self.roles.get_or_init(|| {
            let mut roles = FxHashMap::default();
            for person in self.people.iter() {
                for word in person.title.iter().flat_map(|t| t.split_whitespace()) {
                    // As `with_role` compares: ASCII words without regard to ASCII case.
                    let key = if word.is_ascii() {
                        word.to_ascii_lowercase()
                    } else {
                        word.to_lowercase()
                    };
                    roles.entry(key).or_insert(person);
                }
            }
            roles
        });
        roles.get(&role.to_lowercase()).copied()
    }

    /// The speaker a phrase names, the phrase's ranges `base` bytes before where it
    /// stands in the draft (a remembered cue's) or `base` 0.
    pub(super) fn speaker(
        &self,
        phrase: &Phrase,
        base: usize,
        resolution: Resolution,
        unit: usize,
    ) -> Speaker {
        let placed = |r: &Range<usize>| r.start + base..r.end + base;
        match phrase {
            Phrase::Name(run) => {
                let person = self.people.find(&run.name);
                Speaker {
                    range: placed(&run.name_range),
                    name: person.map_or_else(|| run.name.clone(), |p| p.name.clone()),
                    person: person.is_some(),
                    resolution,
                }
            }
            Phrase::Pronoun(range, pronoun) => {
                let range = placed(range);
                let antecedent = if matches!(pronoun.as_str(), "he" | "she") {
                    self.person_before(unit, range.start)
                } else {
                    self.group_before(unit, range.start)
                };
                match antecedent {
                    Some((name, at, person)) => Speaker {
                        range,
                        name,
                        person,
                        resolution: Resolution::Pronoun { antecedent: at },
                    },
                    None => Speaker {
                        range,
                        name: pronoun.clone(),
                        person: false,
                        resolution,
                    },
                }
            }
            Phrase::Common(range, text) => {
                let range = placed(range);
                let words: Vec<&str> = text.split_whitespace().collect();
                let role_holder = match words.as_slice() {
                    [the, role] if the.eq_ignore_ascii_case("the") => self.role_holder(role),
                    _ => None,
                };
                match role_holder {
                    Some(person) => Speaker {
                        range,
                        name: person.name.clone(),
                        person: true,
                        resolution: Resolution::Role {
                            antecedent: person.first.clone(),
                        },
                    },
                    None => Speaker {
                        range,
                        name: text.clone(),
                        person: false,
                        resolution,
                    },
                }
            }
        }
    }

    /// The person most recently named as a subject before `offset`: in the nearest
    /// unit that names one, the first person it names.
    fn person_before(&self, unit: usize, offset: usize) -> Option<(String, Range<usize>, bool)> {
        for u in (unit.saturating_sub(8)..=unit).rev() {
            let tokens = &self.frames.get(u).tokens;
            let limit = tokens.partition_point(|t| t.range.start < offset);
            // A unit before the pronoun's is read whole: its runs are found once.
            let cut;
            let runs = if limit == tokens.len() {
                self.frames.runs(u)
            } else {
                cut = names::runs(&tokens[..limit]);
                &cut[..]
            };
            let first = runs.iter().find_map(|run| {
                let Some(person) = self.people.find(&run.name) else {
                    // "Carla Vine, the canteen chef, feeds the crews. … she": a full
                    // name that opens its sentence introduces a person even before
                    // anyone calls her a speaker.
                    let introduced = run.tokens.start == 0
                        && (2..=4).contains(&run.word_count())
                        && !run.organization
                        && gazetteer::by_name(&run.name).is_none();
                    return introduced.then(|| (run.name.clone(), run.name_range.clone(), true));
                };
                let is_this_person = run.title.is_some()
                    || person.name == run.name
                    || (run.word_count() == 1 && person.surname() == run.name);
                is_this_person.then(|| (person.name.clone(), run.name_range.clone(), true))
            });
            if first.is_some() {
                return first;
            }
        }
        None
    }

    /// The group most recently named as a speaker or subject before `offset`.
    fn group_before(&self, unit: usize, offset: usize) -> Option<(String, Range<usize>, bool)> {
        for u in (unit.saturating_sub(8)..=unit).rev() {
            let frame = self.frames.get(u);
            let speaker = frame
                .cues
                .iter()
                .rev()
                .filter(|c| frame.cue_range(c).start < offset)
                .filter_map(|c| c.speaker.as_ref())
                .find(|p| !matches!(p, Phrase::Pronoun(..)));
            if let Some(phrase) = speaker {
                let found = self.speaker(phrase, frame.base, Resolution::SameSentence, u);
                return Some((found.name, frame.phrase_range(phrase), found.person));
            }
            // The unit's leading name, when it is not a person ("Iran has said …").
            if let Some(run) = names::run_around(&frame.tokens, 0).filter(|r| r.tokens.start == 0)
                && self.people.find(&run.name).is_none()
                && frame.tokens[0].range.start < offset
            {
                return Some((run.name.clone(), run.name_range.clone(), false));
            }
        }
        None
    }

    /// A quotation's speaker as it carries on to the next paragraph: not one found
    /// through a verb that only tags its own quotation ("“…,” she laughed.").
    fn lent_speaker<'q>(&self, quote: &'q Attribution) -> Option<&'q Speaker> {
        let speaker = quote.speaker.as_ref()?;
        let tagged = quote.cue.as_ref().is_some_and(|cue| {
            let frame = self.frames.get(quote.unit);
            frame
                .cues
                .iter()
                .any(|c| c.tag && frame.cue_range(c) == *cue)
        });
        (!tagged).then_some(speaker)
    }

    /// The speaker a neighbouring unit names; through a verb that only tags
    /// quotations when `tags` (a colon that introduces the quotation).
    fn unit_speaker(&self, unit: usize, resolution: Resolution, tags: bool) -> Option<Speaker> {
        let frame = self.frames.get(unit);
        frame
            .cues
            .iter()
            .filter(|c| tags || !c.tag)
            .find_map(|c| c.speaker.as_ref())
            .map(|p| self.speaker(p, frame.base, resolution, unit))
    }

    pub(super) fn speaker_in_context(
        &self,
        i: usize,
        quotes: &[Attribution],
        spans: &[QuoteSpan],
        blocks: &[Block],
        masked: &str,
    ) -> Option<Speaker> {
        let quote = &quotes[i];
        let span = &spans[quote.span];
        let unit = quote.unit;
        let block = self.units[unit].block;
        let relabel = |found: &Speaker, resolution: Resolution| Speaker {
            resolution,
            ..found.clone()
        };
        // The quotation this one continues, or the one that continues it.
        if span.continues_previous
            && let Some(found) = quotes[..i].iter().rev().find_map(|q| q.speaker.as_ref())
        {
            return Some(relabel(found, Resolution::Continuation));
        }
        if !span.closed {
            let next = quotes
                .get(i + 1)
                .filter(|q| spans[q.span].continues_previous);
            if let Some(found) = next.and_then(|q| q.speaker.as_ref()) {
                return Some(relabel(found, Resolution::Continuation));
            }
        }
        // A quotation closed and reopened at once ("“….” “…”") was broken for an
        // attribution that is not there: its speaker is not the one of the sentence or
        // paragraph before.
        let broken_off = broken_off(i, quotes, spans, masked);
        // The unit before, in the same paragraph.
        if unit > 0 && self.units[unit - 1].block == block {
            let previous = unit - 1;
            // Quotations are in the draft's order, so a unit's are side by side.
            let from = quotes.partition_point(|q| q.unit < previous);
            let to = quotes.partition_point(|q| q.unit <= previous);
            let spoken = quotes[from..to]
                .iter()
                .rev()
                // A quotation the sentence before tagged ("“…,” she laughed.") lends
                // its speaker within the paragraph: the voice goes on.
                .find_map(|q| q.speaker.as_ref());
            if let Some(found) = spoken.filter(|_| !broken_off) {
                return Some(relabel(found, Resolution::PreviousSentence));
            }
            if !broken_off
                && let Some(found) =
                    self.unit_speaker(previous, Resolution::PreviousSentence, false)
            {
                return Some(found);
            }
            if let Some(found) = self.colon_speaker(previous, masked) {
                return Some(found);
            }
        }
        // The unit after, when its subject speaks ("Fidan added.").
        if unit + 1 < self.units.len() && self.units[unit + 1].block == block {
            let frame = self.frames.get(unit + 1);
            let leading = frame.cues.iter().filter(|c| !c.tag).find(|c| {
                c.speaker.as_ref().is_some_and(|p| {
                    frame
                        .tokens
                        .iter()
                        .take(4)
                        .any(|t| t.range.start == frame.phrase_range(p).start)
                })
            });
            // Only a sentence that does no more than attribute ("Fidan added.", "she
            // said in a statement"), or one a question or exclamation split off from its
            // quotation ("“…?” Clinton asks as …"), lends its subject back: a full
            // sentence of its own ("He called Burma a success story.") tells of the
            // speaker, it does not attribute the quotation before it.
            let asks = masked[span.content.clone()]
                .trim_end()
                .ends_with(['?', '!']);
            let words = frame
                .tokens
                .iter()
                .filter(|t| t.text.chars().any(char::is_alphanumeric))
                .count();
            let quotes_again = frame.tokens.iter().any(|t| t.kind == TokenKind::Quote);
            let short = asks || (words <= MAX_TAG_WORDS && !quotes_again);
            if short && let Some(phrase) = leading.and_then(|c| c.speaker.as_ref()) {
                let found = self.speaker(phrase, frame.base, Resolution::NextSentence, unit + 1);
                return Some(found);
            }
        }
        // "City manager Ann Holt: “…”": the speaker alone before a colon.
        if let Some(found) = self.speaker_before_colon(unit, span.range.start, masked) {
            return Some(found);
        }
        // "Since then he has offered some advice to new cooks: “…”": the subject of the
        // sentence a colon ends introduces the quotation.
        if let Some(found) = self.subject_before_colon(unit, span.range.start, masked) {
            return Some(found);
        }
        let opens_paragraph = masked[blocks[block].range.start..span.range.start]
            .trim()
            .is_empty();
        if opens_paragraph && block > 0 && unit > 0 {
            // A colon at the end of the previous paragraph introduces a block quotation.
            if let Some(found) = self.colon_speaker(unit - 1, masked) {
                return Some(found);
            }
            if broken_off {
                return None;
            }
            // A paragraph that opens with a quotation, after a paragraph that quoted
            // someone, is that speaker going on: the convention of news copy.
            let previous_block = self.units[unit - 1].block;
            let carried = quotes[..i]
                .iter()
                .rev()
                .take_while(|q| self.units[q.unit].block >= previous_block)
                .filter(|q| self.units[q.unit].block == previous_block)
                .find_map(|q| self.lent_speaker(q));
            if let Some(found) = carried {
                return Some(relabel(found, Resolution::PreviousParagraph));
            }
            // "Frank Battistel from Riverina Citrus says he is not confident about the
            // future." then the quotation: a paragraph of one sentence in which a named
            // person says something introduces the quotation paragraph after it.
            if let Some(found) = self.says_paragraph(unit - 1, masked) {
                return Some(found);
            }
        }
        None
    }

    /// The named person who "says" (or admits, explains: a speech verb in the present
    /// tense) in a paragraph of one sentence ("Frank Battistel
    /// from Riverina Citrus says he is not confident about the future."): house style
    /// of copy in the present tense, whose next paragraph quotes that person.
    fn says_paragraph(&self, unit: usize, masked: &str) -> Option<Speaker> {
        let block = self.units[unit].block;
        if unit > 0 && self.units[unit - 1].block == block {
            return None;
        }
        let frame = self.frames.get(unit);
        let cue = frame.cues.iter().find(|c| !c.tag && c.speaker.is_some())?;
        let verb = &masked[frame.cue_range(cue)];
        // The present tense of a verb of speech: says, admits, explains, argues.
        let present = verb.split_whitespace().any(|w| PRESENT_SPEECH.contains(&w));
        if !present {
            return None;
        }
        let found = self.speaker(
            cue.speaker.as_ref()?,
            frame.base,
            Resolution::PreviousParagraph,
            unit,
        );
        found.person.then_some(found)
    }

    /// The unit's words before the quotation, when they end in the colon that
    /// introduces it (the colon left out).
    fn before_colon<'m>(
        &self,
        unit: usize,
        quote_start: usize,
        masked: &'m str,
    ) -> Option<&'m str> {
        let start = self.units[unit].range.start;
        masked.get(start..quote_start)?.trim_end().strip_suffix(':')
    }

    /// The person named right before a colon that introduces the quotation in its own
    /// unit, with nothing but the name (and a title) between the unit's start and the
    /// colon.
    fn speaker_before_colon(
        &self,
        unit: usize,
        quote_start: usize,
        masked: &str,
    ) -> Option<Speaker> {
        let start = self.units[unit].range.start;
        let colon = self.before_colon(unit, quote_start, masked)?;
        let frame = self.frames.get(unit);
        let tokens = &frame.tokens;
        let colon_at = start + colon.len();
        // The name run that ends right at the colon.
        let run = self.frames.runs(unit).iter().find(|r| {
            let end = tokens[r.tokens.end - 1].range.end;
            end == colon_at
        })?;
        // Few words before the name: a title or a description ("City manager").
        let words_before = tokens
            .iter()
            .take_while(|t| t.range.start < tokens[run.tokens.start].range.start)
            .filter(|t| t.text.chars().any(char::is_alphabetic))
            .count();
        (words_before <= 4)
            .then(|| self.speaker(&Phrase::Name(run.clone()), 0, Resolution::Colon, unit))
    }

    /// The first person or pronoun of the words before a colon that introduces the
    /// quotation in its own unit, no quotation before it.
    fn subject_before_colon(
        &self,
        unit: usize,
        quote_start: usize,
        masked: &str,
    ) -> Option<Speaker> {
        self.before_colon(unit, quote_start, masked)?;
        let frame = self.frames.get(unit);
        let at = frame
            .tokens
            .partition_point(|t| t.range.start < quote_start);
        let colon = at.checked_sub(1)?;
        let subject = first_subject(&frame.tokens, colon)?;
        let found = self.speaker(&subject, 0, Resolution::Colon, unit);
        // An unresolved pronoun or an organisation is no one to name.
        found.person.then_some(found)
    }

    fn colon_speaker(&self, unit: usize, masked: &str) -> Option<Speaker> {
        if !masked[self.units[unit].range.clone()]
            .trim_end()
            .ends_with(':')
        {
            return None;
        }
        if let Some(found) = self.unit_speaker(unit, Resolution::Colon, true) {
            return Some(found);
        }
        let tokens = &self.frames.get(unit).tokens;
        // "Berg’s party, the Civic Union, said:" is the party speaking, not Berg.
        let run = self.frames.runs(unit).iter().find(|r| {
            !tokens[r.tokens.end - 1].text.ends_with("’s")
                && !tokens[r.tokens.end - 1].text.ends_with("'s")
        })?;
        // The frame's own runs stand where they are in the draft: base 0.
        Some(self.speaker(&Phrase::Name(run.clone()), 0, Resolution::Colon, unit))
    }
}

/// Whether quotation `i` is closed and the next one reopens at once after it
/// ([`reopened_at_once`]).
fn broken_off(i: usize, quotes: &[Attribution], spans: &[QuoteSpan], masked: &str) -> bool {
    let span = &spans[quotes[i].span];
    quotes.get(i + 1).is_some_and(|q| {
        let next = &spans[q.span];
        q.cue.is_none()
            && next.block == span.block
            && reopened_at_once(
                masked,
                (&span.range, &span.content),
                (&next.range, &next.content),
            )
    })
}
