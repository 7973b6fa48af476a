//! The capitalised words of a draft as the slip pass reads them: each with the
//! capitalised words beside it, each word of a place name, and each two adjacent words
//! as one (for a space added or removed). Title-case headlines are told apart, since a
//! capital says nothing there.

use std::ops::Range;

use super::MentionForm;
use super::slips::is_candidate;
use super::variants::is_title;
use crate::analysis::lexicon::NOT_NAMES;
use crate::analysis::memo;
use crate::analysis::sentences::Sentence;
use crate::analysis::spelling;

/// One capitalised word (or a place name, or two adjacent capitalised words) of the
/// draft, for the slip pass.
pub(super) struct Occurrence<'t> {
    pub(super) range: Range<usize>,
    pub(super) written: &'t str,
    /// The sentence's first word: capitalised whatever it is.
    pub(super) initial: bool,
    /// The capitalised word before it in a name run (not a title), and after it.
    pub(super) before: Option<&'t str>,
    pub(super) after: Option<&'t str>,
    /// The place the gazetteer reads it as (canonical name).
    pub(super) place: Option<&'static str>,
    /// Two words joined by a space, compared only for a space added or removed.
    pub(super) pair: bool,
}

impl Occurrence<'_> {
    /// Capitalised mid-sentence, or in a run of names: it stands as a name.
    pub(super) fn stands_as_name(&self) -> bool {
        !self.initial || self.after.is_some() || self.before.is_some()
    }
}

/// A title-case line ("Obama Power Plant Rules Face Key Test"): most of its words of
/// four letters or more are capitalised, so a capital says nothing about a name.
fn is_headline(sentence: &str) -> bool {
    // A headline has no full stop; a body sentence crowded with names does ("… by New
    // York City Police Department Detective Adam Kreitzberg, of the 41st Precinct.").
    if sentence
        .trim_end()
        .trim_end_matches(['"', '”', '’', '\'', ')'])
        .ends_with('.')
    {
        return false;
    }
    let (mut capitalised, mut lower) = (0, 0);
    for word in sentence.split_whitespace() {
        let word = word.trim_matches(|c: char| !c.is_alphanumeric());
        if word.chars().count() < 4 {
            continue;
        }
        match word.chars().next() {
            Some(c) if c.is_uppercase() => capitalised += 1,
            Some(c) if c.is_lowercase() => lower += 1,
            _ => {}
        }
    }
    capitalised >= 3 && capitalised >= 4 * lower
}

/// A candidate word of one sentence for the slip pass, at offsets from the sentence's
/// start: an [`Occurrence`] that passed [`super::slips::is_candidate`], with what the
/// pass reads of its neighbours.
#[derive(Debug)]
pub(super) struct SlipWord {
    pub(super) range: Range<u32>,
    pub(super) before: Option<Range<u32>>,
    pub(super) after: Option<Range<u32>>,
    pub(super) place: Option<&'static str>,
    flags: u8,
}

impl SlipWord {
    const PAIR: u8 = 1;
    const NAMED: u8 = 2;
    const BEFORE_IS_NAME: u8 = 4;
    const AFTER_IS_NAME: u8 = 8;

    pub(super) fn pair(&self) -> bool {
        self.flags & Self::PAIR != 0
    }

    /// [`Occurrence::stands_as_name`].
    pub(super) fn stands_as_name(&self) -> bool {
        self.flags & Self::NAMED != 0
    }

    /// The word before it, when that is not a common word or a title.
    pub(super) fn before_is_name(&self) -> bool {
        self.flags & Self::BEFORE_IS_NAME != 0
    }

    pub(super) fn after_is_name(&self) -> bool {
        self.flags & Self::AFTER_IS_NAME != 0
    }
}

/// One sentence's candidate words for the slip pass, remembered by the sentence's text
/// and [`slip_facts`].
#[derive(Debug)]
pub struct SentenceSlips {
    pub(super) words: Vec<SlipWord>,
    /// It holds a hyphenated name, whose hyphen the draft may write as a space
    /// elsewhere (`hyphen_as_space`, which reads the whole draft).
    pub(super) hyphenated_name: bool,
}

/// What the slip pass reads outside a sentence: whether the character before it is an
/// `@` or `#` (a handle or a tag) and whether the one after it is an `@` (an e-mail
/// address).
pub(super) fn slip_facts(masked: &str, sentence: &Range<usize>) -> [u32; 2] {
    [
        u32::from(masked[..sentence.start].ends_with(['@', '#'])),
        u32::from(masked[sentence.end..].starts_with('@')),
    ]
}

/// The candidate words of one sentence, with offsets from its start.
pub(super) fn sentence_slips(
    masked: &str,
    sentence: &Sentence,
    names: &super::SentenceNames,
) -> SentenceSlips {
    let base = sentence.range.start;
    let relative = |r: &Range<usize>| memo::relative(r, base);
    let relative_word = |w: &str| {
        let start = w.as_ptr() as usize - masked.as_ptr() as usize;
        relative(&(start..start + w.len()))
    };
    let is_name = |w: &str| !spelling::is_common_word(w) && !is_title(w);
    let occurrences = sentence_occurrences(masked, sentence, names);
    let hyphenated_name = occurrences.iter().any(|o| !o.pair && is_hyphenated_name(o));
    let words = occurrences
        .iter()
        .filter(|o| is_candidate(o))
        .map(|o| {
            let mut flags = 0;
            if o.pair {
                flags |= SlipWord::PAIR;
            }
            if o.stands_as_name() {
                flags |= SlipWord::NAMED;
            }
            if o.before.is_some_and(is_name) {
                flags |= SlipWord::BEFORE_IS_NAME;
            }
            if o.after.is_some_and(is_name) {
                flags |= SlipWord::AFTER_IS_NAME;
            }
            SlipWord {
                range: relative(&o.range),
                before: o.before.map(relative_word),
                after: o.after.map(relative_word),
                place: o.place,
                flags,
            }
        })
        .collect();
    SentenceSlips {
        words,
        hyphenated_name,
    }
}

/// The capitalised words of one sentence with their neighbours, each word of a place
/// name, and each two adjacent capitalised words as one.
fn sentence_occurrences<'t>(
    masked: &'t str,
    sentence: &Sentence,
    names: &super::SentenceNames,
) -> Vec<Occurrence<'t>> {
    let mut out: Vec<Occurrence> = Vec::new();
    let base = sentence.range.start;
    // First in its sentence, or after a sentence's end the splitter missed.
    let initial = |start: usize| {
        !masked[base..start].chars().any(char::is_alphanumeric)
            || masked[base..start]
                .trim_end_matches(|c: char| c.is_whitespace() || "\"“‘'(".contains(c))
                .ends_with(['.', '!', '?', ':', '\n'])
    };
    let first = 0;
    let headline = is_headline(&masked[sentence.range.clone()]);
    let mut words: Vec<(Range<usize>, Option<&'static str>)> = Vec::new();
    for capitalised in &names.capitalised {
        words.push((memo::absolute(&capitalised.word, base), None));
    }
    for (range, canonical, form) in &names.places {
        if *form != MentionForm::Name {
            continue;
        }
        let range = memo::absolute(range, base);
        let text = &masked[range.clone()];
        if text.contains(' ') {
            let mut at = range.start;
            for part in text.split(' ') {
                words.push((at..at + part.len(), Some(*canonical)));
                at += part.len() + 1;
            }
        } else {
            words.push((range, Some(*canonical)));
        }
    }
    // A word of a place name of several words is a capitalised word too: the
    // place's reading is kept.
    words.sort_by_key(|(r, place)| (r.start, place.is_none()));
    words.dedup_by(|later, kept| later.0.start < kept.0.end);
    for (range, place) in words {
        let mut written = &masked[range.clone()];
        // "Cotterills'" and "Example.com." end a possessive or a sentence.
        if written.ends_with('\'') && written[..written.len() - 1].ends_with('s') {
            written = &written[..written.len() - 1];
        }
        if written.ends_with('.') && written[..written.len() - 1].contains('.') {
            written = &written[..written.len() - 1];
        }
        let range = range.start..range.start + written.len();
        // "@HillaryClinton", "#MAGA": a handle or a tag, not a name as written; nor
        // is the local part of an e-mail address ("ReEntry@…"), nor a word a writer
        // repaired in brackets ("Pittsburg[h]").
        if masked[..range.start].ends_with(['@', '#'])
            || masked[range.end..].starts_with(['@', '['])
        {
            continue;
        }
        let previous = out[first..].last();
        // A sentence's first word is in a run of names only when it is not a
        // common word ("Later Preston").
        let adjacent = previous.is_some_and(|p| {
            let opener = p.initial && spelling::is_common_word(p.written)
                || NOT_NAMES.contains_lower(p.written);
            masked[p.range.end..range.start] == *" " && !p.pair && !opener
        });
        let before = adjacent
            .then(|| out[first..].last().map(|p| p.written))
            .flatten();
        out.push(Occurrence {
            initial: headline || initial(range.start),
            range,
            written,
            before,
            after: None,
            place,
            pair: false,
        });
        if before.is_some() {
            let n = out.len();
            let word = out[n - 1].written;
            out[n - 2].after = Some(word);
        }
    }
    // Two adjacent words as one, for a space added or removed ("JP Morgan").
    let singles = out.len();
    for i in first + 1..singles {
        // "in Iran I should": a pronoun or an article does not join a name; "Space X"
        // and "Gen Z" do.
        let pronoun = |o: &Occurrence| matches!(o.written, "I" | "A");
        // A run's opening word joins too ("Give Well sometimes finds" beside
        // "GiveWell"): the pair is compared only with the two words written as one.
        let adjacent = masked[out[i - 1].range.end..out[i].range.start] == *" " && !out[i - 1].pair;
        if adjacent && !pronoun(&out[i - 1]) && !pronoun(&out[i]) {
            let range = out[i - 1].range.start..out[i].range.end;
            out.push(Occurrence {
                written: &masked[range.clone()],
                range,
                initial: out[i - 1].initial,
                before: None,
                after: None,
                place: None,
                pair: true,
            });
        }
    }
    out
}

/// A hyphenated word that stands in a run of names, neither half a word of the lists
/// or initials ("Jong-un" of "Kim Jong-un"): its hyphen may be written as a space
/// elsewhere in the draft.
fn is_hyphenated_name(o: &Occurrence) -> bool {
    let Some((first, _)) = o.written.split_once('-') else {
        return false;
    };
    (o.before.is_some() || o.after.is_some())
        && !spelling::is_known_word(first)
        && first.chars().skip(1).any(char::is_lowercase)
}

/// The pairs [`hyphen_as_space`] adds to the draft's occurrences, in its order. The
/// whole draft is read again: called only when some sentence holds a hyphenated name.
pub(super) fn hyphen_pairs<'t>(
    masked: &'t str,
    sentences: &[Sentence],
    sentence_names: &[std::sync::Arc<super::SentenceNames>],
) -> Vec<Occurrence<'t>> {
    let mut out: Vec<Occurrence> = sentences
        .iter()
        .zip(sentence_names)
        .flat_map(|(sentence, names)| sentence_occurrences(masked, sentence, names))
        .collect();
    let singles = out.len();
    hyphen_as_space(masked, &mut out);
    out.split_off(singles)
}

/// A name's hyphen written as a space before a lower-case word ("Kim Jong un" beside
/// "Kim Jong-un", "El badawi" beside "Taher El-badawi"): the two words as one, so the
/// pass compares them. Only a hyphenated word that stands in a run of names counts,
/// neither half a word of the lists or initials: "a Saudi-led coalition" beside "the
/// Saudis led", "Obama-era State officials" beside "the Obama era", "World War II-era"
/// beside "World War II era" are two grammars, not a slip.
fn hyphen_as_space<'t>(masked: &'t str, out: &mut Vec<Occurrence<'t>>) {
    let letters = |s: &str| spelling::fold(s).replace([' ', '-'], "");
    let hyphenated: std::collections::HashSet<String> = out
        .iter()
        .filter(|o| !o.pair && is_hyphenated_name(o))
        .map(|o| letters(o.written))
        .collect();
    if hyphenated.is_empty() {
        return;
    }
    for i in 0..out.len() {
        if out[i].pair {
            continue;
        }
        let end = out[i].range.end;
        let Some(rest) = masked[end..].strip_prefix(' ') else {
            continue;
        };
        let length = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '-'))
            .unwrap_or(rest.len());
        let second = &rest[..length];
        if !second.starts_with(char::is_lowercase) || spelling::is_known_word(second) {
            continue;
        }
        let range = out[i].range.start..end + 1 + length;
        let written = &masked[range.clone()];
        if hyphenated.contains(&letters(written)) {
            out.push(Occurrence {
                written,
                range,
                initial: out[i].initial,
                before: None,
                after: None,
                place: None,
                pair: true,
            });
        }
    }
}
