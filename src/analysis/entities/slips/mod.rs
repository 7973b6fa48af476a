//! The slip pass: any capitalised name — a person's, a place's, an organisation's,
//! one word or two — written once the way a hand slips (an accent, a letter
//! substituted, transposed, doubled, dropped or inserted, a space or hyphen) beside the
//! form the draft writes most. `variants.rs` calls it after grouping entities' forms.

mod is_slip;

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::sync::Arc;

use super::occurrences::{Occurrence, SentenceSlips, hyphen_pairs, sentence_slips, slip_facts};
use super::variants::{SpellingGroup, is_acronym};
use super::{Entities, Entity, EntityKind, MentionForm};
use crate::analysis::lexicon::NOT_NAMES;
use crate::analysis::memo::{self, FastBuildHasher, Memo, TextPrint};
use crate::analysis::sentences::Sentence;
use crate::analysis::spelling;
use is_slip::is_slip;

/// What the slip pass remembers from one analysis of a draft to the next: each
/// sentence's candidate words, and what each written form is (its folded letters and
/// their one-letter deletions, whether it is a word of the dictionary). A keystroke
/// then reads the words of one sentence, and the pass over the whole draft only
/// gathers the forms and compares the few that share a deletion.
pub struct SlipMemos {
    sentences: Memo<SentenceSlips>,
    forms: Memo<FormFacts>,
}

impl SlipMemos {
    pub fn new(enabled: bool) -> SlipMemos {
        SlipMemos {
            sentences: Memo::new(enabled),
            forms: Memo::new(enabled),
        }
    }

    pub fn clear(&mut self) {
        self.sentences.clear();
        self.forms.clear();
    }

    pub fn finish(&mut self) {
        self.sentences.finish();
        self.forms.finish();
    }
}

/// What a written form is, whatever the draft says around it.
struct FormFacts {
    /// Lower case, without diacritics or apostrophes.
    folded: String,
    /// A hash of its letters (separators removed), then of each of its one-letter
    /// deletions: forms one slip apart share one.
    deletions: Vec<u64>,
    /// Whether it is a common English word ("Tramp").
    common: bool,
    /// Whether it is a word of the dictionary, common or proper ("Policy", "Garry").
    known: bool,
    /// The transliteration skeleton of a one-word form of five letters or more, which
    /// finds "Zyuganoff" beside "Zyuganov" though they are two edits apart.
    skeleton: Option<String>,
    /// A hash of the skeleton: forms of one skeleton share it.
    skeleton_key: Option<u64>,
}

impl FormFacts {
    fn of(written: &str) -> FormFacts {
        let folded = spelling::fold(written).replace(['\'', '.'], "");
        let letters: Vec<char> = folded.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
        let deletions = std::iter::once(usize::MAX)
            .chain(0..letters.len())
            .map(|skip| {
                let mut hasher = std::hash::DefaultHasher::new();
                for (k, c) in letters.iter().enumerate() {
                    if k != skip {
                        c.hash(&mut hasher);
                    }
                }
                hasher.finish()
            })
            .collect();
        let one_word = !written.contains(' ');
        let letters = written.chars().filter(|c| c.is_alphabetic()).count();
        let skeleton =
            (letters >= 5 && !written.contains([' ', '-'])).then(|| spelling::skeleton(written));
        let skeleton_key = skeleton.as_ref().map(|skeleton| {
            let mut hasher = std::hash::DefaultHasher::new();
            (1u8, skeleton).hash(&mut hasher);
            hasher.finish()
        });
        FormFacts {
            folded,
            deletions,
            common: one_word && spelling::is_common_word(written),
            known: one_word && spelling::is_known_word(written),
            skeleton,
            skeleton_key,
        }
    }
}

/// Whether a word can be a form the pass compares: four letters or more, not an
/// acronym, no digit ("Chandrayaan-1" and "Chandrayaan-2" are two things, not a slip),
/// not a contraction ("They're"), a month or a day ("March" beside "Marco").
pub(super) fn is_candidate(occurrence: &Occurrence) -> bool {
    let written = occurrence.written;
    let letters = written.chars().filter(|c| c.is_alphabetic()).count();
    !(letters < 4
        || is_acronym(written)
        || occurrence.pair && !written.contains(' ')
        || written.contains(|c: char| c.is_ascii_digit())
        || is_contraction(written)
        || NOT_NAMES.contains_lower(written))
}

/// Every written form of one capitalised name with what the draft says around it. The
/// occurrences themselves (`ranges` … `neighbours`) are gathered only for the forms
/// that share a deletion with another: the others are compared with nothing.
struct Form<'t> {
    written: &'t str,
    facts: Arc<FormFacts>,
    /// How many times it is written, and where first.
    count: usize,
    first: usize,
    ranges: Vec<Range<usize>>,
    /// The ranges where it stands as a name (mid-sentence, in a run of names).
    named: Vec<Range<usize>>,
    /// Capitalised words before and after it that are not common words (a person's
    /// first name, surname).
    before: Vec<&'t str>,
    after: Vec<&'t str>,
    /// Every capitalised word next to it, common or not ("War" of "Cold War").
    neighbours: Vec<&'t str>,
    /// Whether it ever stands first in a run of names, or last.
    first_in_run: bool,
    last_in_run: bool,
    place: Option<&'static str>,
    pair: bool,
}

impl<'t> Form<'t> {
    fn new(
        written: &'t str,
        facts: Arc<FormFacts>,
        first: usize,
        place: Option<&'static str>,
        pair: bool,
    ) -> Form<'t> {
        Form {
            written,
            facts,
            count: 0,
            first,
            ranges: Vec::new(),
            named: Vec::new(),
            before: Vec::new(),
            after: Vec::new(),
            neighbours: Vec::new(),
            first_in_run: false,
            last_in_run: false,
            place,
            pair,
        }
    }
}

/// Slips in any capitalised name — a person's, a place's, an organisation's, one
/// word or two: forms one slip apart (an accent, a letter substituted, transposed,
/// doubled, dropped or inserted, a space or hyphen) where the minority form is
/// flagged against the form written most. Different names stay different: distinct
/// places of the gazetteer, a place and a demonym, a singular and its plural, two
/// surnames each with its own first name, common words that do not stand as names.
pub(super) fn slip_groups(
    masked: &str,
    sentences: &[Sentence],
    prints: &[TextPrint],
    entities: &mut Entities,
    groups: &mut Vec<SpellingGroup>,
    memos: &mut SlipMemos,
) {
    let sentence_names = &entities.sentence_names;
    let compute = |i: usize| sentence_slips(masked, &sentences[i], &sentence_names[i]);
    let slips: Vec<Arc<SentenceSlips>> = if memos.sentences.is_enabled() {
        // Most sentences read nothing outside themselves: their text's key, made by
        // the names pass, serves.
        let keys: Vec<memo::Key> = sentences
            .iter()
            .zip(prints)
            .zip(&entities.sentence_keys)
            .map(
                |((sentence, print), key)| match slip_facts(masked, &sentence.range) {
                    [0, 0] => *key,
                    facts => print.key(&facts),
                },
            )
            .collect();
        memos.sentences.get_keyed(&keys, compute)
    } else {
        (0..sentences.len()).map(|i| Arc::new(compute(i))).collect()
    };
    let words: usize = slips.iter().map(|slips| slips.words.len()).sum();
    // A name's hyphen written as a space: pairs read from the whole draft, after its
    // words, and only when some sentence holds a hyphenated name.
    let extra: Vec<(Range<usize>, bool)> = if slips.iter().any(|s| s.hyphenated_name) {
        hyphen_pairs(masked, sentences, sentence_names)
            .iter()
            .filter(|o| is_candidate(o))
            .map(|o| (o.range.clone(), o.stands_as_name()))
            .collect()
    } else {
        Vec::new()
    };
    let mut forms: Vec<Form> = Vec::new();
    let mut by_written: HashMap<&str, usize, FastBuildHasher> =
        HashMap::with_capacity_and_hasher(words, FastBuildHasher::default());
    // Each word's form, in the draft's order.
    let mut form_of: Vec<u32> = Vec::with_capacity(words);
    for (sentence, words) in sentences.iter().zip(&slips) {
        let base = sentence.range.start;
        for word in words.words.iter() {
            let range = memo::absolute(&word.range, base);
            let written = &masked[range.clone()];
            let i = *by_written.entry(written).or_insert_with(|| {
                let facts = memos.forms.get_or(written, &[], || FormFacts::of(written));
                forms.push(Form::new(
                    written,
                    facts,
                    range.start,
                    word.place,
                    word.pair(),
                ));
                forms.len() - 1
            });
            let form = &mut forms[i];
            form.count += 1;
            form.first_in_run |= word.after.is_some() && word.before.is_none();
            form.last_in_run |= word.before.is_some() && word.after.is_none();
            form_of.push(i as u32);
        }
    }
    for (range, _) in &extra {
        let written = &masked[range.clone()];
        let i = *by_written.entry(written).or_insert_with(|| {
            let facts = memos.forms.get_or(written, &[], || FormFacts::of(written));
            forms.push(Form::new(written, facts, range.start, None, true));
            forms.len() - 1
        });
        forms[i].count += 1;
        form_of.push(i as u32);
    }
    // A tie in an entity's own mentions ("Kylie Jeñner" once, "Kylie Jenner" once) is
    // broken by the draft as a whole ("Kris Jenner" in the headline): the form written
    // more often anywhere is the spelling the slip missed.
    let written_anywhere = |w: &str| by_written.get(w).map_or(0, |&i| forms[i].count);
    for group in groups.iter_mut() {
        group.forms.sort_by(|a, b| {
            b.1.len()
                .cmp(&a.1.len())
                .then(written_anywhere(&b.0).cmp(&written_anywhere(&a.0)))
                .then(a.1[0].start.cmp(&b.1[0].start))
        });
    }
    // Forms one deletion apart share a key: every form is indexed by a hash of itself
    // and of each of its one-letter deletions (separators removed), so the pairs are
    // found in time linear in the forms' letters. Forms of one skeleton share a key too.
    // Most keys are one form's alone: a list is made only for a key two forms share.
    // (Grown as it fills, not sized ahead: the pairs are compared in the map's order.)
    let mut index: HashMap<u64, (usize, Vec<usize>), FastBuildHasher> = HashMap::default();
    for (i, form) in forms.iter().enumerate() {
        if let Some(key) = form.facts.skeleton_key {
            match index.entry(key) {
                std::collections::hash_map::Entry::Occupied(mut list) => list.get_mut().1.push(i),
                std::collections::hash_map::Entry::Vacant(list) => {
                    list.insert((i, Vec::new()));
                }
            }
        }
        for &key in &form.facts.deletions {
            let (first, more) = index.entry(key).or_insert((i, Vec::new()));
            if *more.last().unwrap_or(first) != i {
                more.push(i);
            }
        }
    }
    let shared = || {
        index
            .values()
            .filter(|(_, more)| !more.is_empty())
            .map(|(first, more)| {
                std::iter::once(first)
                    .chain(more)
                    .copied()
                    .collect::<Vec<_>>()
            })
    };
    let mut compared = vec![false; forms.len()];
    for list in shared() {
        for i in list {
            compared[i] = true;
        }
    }
    let mut at = form_of.iter();
    for (sentence, words) in sentences.iter().zip(&slips) {
        let base = sentence.range.start;
        let word_at = |r: &Range<u32>| &masked[memo::absolute(r, base)];
        for word in words.words.iter() {
            let i = *at.next().expect("a form for every word") as usize;
            if !compared[i] {
                continue;
            }
            let range = memo::absolute(&word.range, base);
            let before = word.before.as_ref().map(word_at);
            let after = word.after.as_ref().map(word_at);
            let form = &mut forms[i];
            if word.stands_as_name() {
                form.named.push(range.clone());
            }
            form.ranges.push(range);
            for word in [before, after].into_iter().flatten() {
                if !form.neighbours.contains(&word) {
                    form.neighbours.push(word);
                }
            }
            for (neighbour, is_name, list) in [
                (before, word.before_is_name(), &mut form.before),
                (after, word.after_is_name(), &mut form.after),
            ] {
                if let Some(neighbour) = neighbour.filter(|_| is_name)
                    && !list.contains(&neighbour)
                {
                    list.push(neighbour);
                }
            }
        }
    }
    for (range, named) in &extra {
        let i = *at.next().expect("a form for every word") as usize;
        if compared[i] {
            let form = &mut forms[i];
            if *named {
                form.named.push(range.clone());
            }
            form.ranges.push(range.clone());
        }
    }
    // Each form's best partner: the form written most among those it is a slip of.
    let mut partner: Vec<Option<usize>> = vec![None; forms.len()];
    let outranks = |a: &Form, b: &Form| {
        (a.count, std::cmp::Reverse(a.first)) > (b.count, std::cmp::Reverse(b.first))
    };
    for list in shared() {
        for (x, &a) in list.iter().enumerate() {
            for &b in &list[x + 1..] {
                let (major, minor) = if outranks(&forms[a], &forms[b]) {
                    (a, b)
                } else {
                    (b, a)
                };
                if partner[minor].is_some_and(|p| !outranks(&forms[major], &forms[p])) {
                    continue;
                }
                if is_slip(&forms[major], &forms[minor]) {
                    partner[minor] = Some(major);
                }
            }
        }
    }
    // Ranges already in a spelling group: flagged by the entity's own group.
    let grouped: Vec<Range<usize>> = groups
        .iter()
        .flat_map(|g| g.forms.iter().flat_map(|(_, r)| r.iter().cloned()))
        .collect();
    let covered = |r: &Range<usize>| grouped.iter().any(|g| g.start < r.end && r.start < g.end);
    let mut members: HashMap<usize, Vec<usize>, FastBuildHasher> = HashMap::default();
    for minor in 0..forms.len() {
        let Some(mut root) = partner[minor] else {
            continue;
        };
        let mut steps = 0;
        while let Some(next) = partner[root] {
            root = next;
            steps += 1;
            if steps > forms.len() {
                break;
            }
        }
        if forms[minor].ranges.iter().all(covered) {
            continue;
        }
        members.entry(root).or_default().push(minor);
    }
    let mut roots: Vec<usize> = members.keys().copied().collect();
    roots.sort_by_key(|&r| forms[r].first);
    for root in roots {
        let mut group_forms = vec![(forms[root].written.to_string(), forms[root].ranges.clone())];
        let mut minors = members.remove(&root).unwrap_or_default();
        minors.sort_by(|&a, &b| {
            forms[b]
                .count
                .cmp(&forms[a].count)
                .then(forms[a].first.cmp(&forms[b].first))
        });
        for &minor in &minors {
            let form = &forms[minor];
            let ranges = if form.facts.common {
                &form.named
            } else {
                &form.ranges
            };
            group_forms.push((form.written.to_string(), ranges.clone()));
        }
        let entity = slip_entity(
            entities,
            &forms[root],
            &minors.iter().map(|&m| &forms[m]).collect::<Vec<_>>(),
        );
        groups.push(SpellingGroup {
            entity,
            forms: group_forms,
        });
    }
}

/// The entity a slip group belongs to: the one the majority form is a mention of (the
/// minority forms become its variant mentions), or a new one.
fn slip_entity(entities: &mut Entities, major: &Form, minors: &[&Form]) -> usize {
    let holds = |e: &Entity, r: &Range<usize>| {
        e.mentions
            .iter()
            .any(|m| m.start <= r.start && r.end <= m.end)
    };
    let found = major
        .ranges
        .iter()
        .find_map(|r| entities.entities.iter().position(|e| holds(e, r)));
    let index = match found {
        Some(i) => i,
        None => {
            let kind = if major.place.is_some() {
                EntityKind::Place
            } else if !major.before.is_empty() || !major.after.is_empty() {
                EntityKind::Person
            } else {
                EntityKind::Organization
            };
            let mut entity = Entity::new(major.written.to_string(), kind);
            for r in &major.ranges {
                entity.add(r.clone(), MentionForm::Name, false);
            }
            entities.entities.push(entity);
            entities.entities.len() - 1
        }
    };
    for minor in minors {
        for r in &minor.ranges {
            if !holds(&entities.entities[index], r) {
                entities.entities[index].add(r.clone(), MentionForm::Variant, false);
            }
        }
    }
    index
}

/// "They're", "We'll", "You'd": a pronoun and a verb, not a name (O'Brien keeps its
/// capital after the apostrophe).
fn is_contraction(word: &str) -> bool {
    word.rfind(['\'', '’'])
        .is_some_and(|i| word[i..].chars().skip(1).all(|c| c.is_lowercase()))
}
