//! Names written two ways. Places are grouped by the gazetteer already; here the
//! capitalised words of each sentence that are spelling variants of a person's surname
//! ("Araghchy" beside "Araghchi") become mentions of that person, and every entity
//! whose mentions are spelled more than one way becomes a spelling group; the slip pass
//! (`slips/`) then adds the slips in any other capitalised name.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::sync::Arc;

use super::slips;
use super::{Entities, EntityKind, MentionForm};
use crate::analysis::lexicon::{TITLE_PREFIXES, TITLE_WORDS};
use crate::analysis::memo::{self, FastBuildHasher, Memo, TextPrint};
use crate::analysis::names::{self, strip_possessive};
use crate::analysis::sentences::Sentence;
use crate::analysis::spelling;

/// A spelling of an entity's name that differs from another spelling of it in the same
/// draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpellingGroup {
    /// Index of the entity.
    pub entity: usize,
    /// Each written form with the ranges where it appears, most used first (on a tie,
    /// the one that appears first).
    pub forms: Vec<(String, Vec<Range<usize>>)>,
}

/// Finds names written two ways: places by the gazetteer, people by their surnames.
/// Capitalised words in the draft that are variants of a person's surname become
/// mentions of that person.
pub fn spelling_groups(
    text: &str,
    masked: &str,
    sentences: &[Sentence],
    entities: &mut Entities,
) -> Vec<SpellingGroup> {
    spelling_groups_with(
        text,
        masked,
        sentences,
        &crate::analysis::sentences::prints(masked, sentences),
        entities,
        &mut SpellingMemos::new(false),
    )
}

/// What the spelling pass remembers from one analysis of a draft to the next: which
/// surnames each capitalised word is a variant of (by the word and the draft's
/// surnames), and what the slip pass read of each sentence and each form.
pub struct SpellingMemos {
    variants: Memo<Vec<usize>>,
    slips: slips::SlipMemos,
}

impl SpellingMemos {
    pub fn new(enabled: bool) -> SpellingMemos {
        SpellingMemos {
            variants: Memo::new(enabled),
            slips: slips::SlipMemos::new(enabled),
        }
    }

    pub fn clear(&mut self) {
        self.variants.clear();
        self.slips.clear();
    }

    pub fn finish(&mut self) {
        self.variants.finish();
        self.slips.finish();
    }
}

/// [`spelling_groups`], with what [`SpellingMemos`] holds remembered; `prints` are the
/// sentences' text prints.
pub fn spelling_groups_with(
    text: &str,
    masked: &str,
    sentences: &[Sentence],
    prints: &[TextPrint],
    entities: &mut Entities,
    memos: &mut SpellingMemos,
) -> Vec<SpellingGroup> {
    attach_surname_variants(masked, sentences, entities, &mut memos.variants);
    entities.entities.retain(|e| !e.mentions.is_empty());
    let mut groups = Vec::new();
    for (index, entity) in entities.entities.iter().enumerate() {
        // An organisation's forms are not spellings of one name ("the union", "UAW").
        if entity.kind == EntityKind::Organization {
            continue;
        }
        // The checks below only drop mentions: an entity written one way (most are)
        // is no group, and is not read further.
        if !has_two_spellings(text, entity) {
            continue;
        }
        // Each form with its lower case, made once: forms are compared ignoring case.
        let mut forms: Vec<(String, String, Vec<Range<usize>>)> = Vec::new();
        for (range, form) in entity.mentions.iter().zip(&entity.forms) {
            let Some((range, key)) = spelling_of(text, entity, range, *form) else {
                continue;
            };
            // An official long form ("Republic of Türkiye") or a common short one
            // ("Britain") is not a second spelling; nor is a name the draft itself
            // gives as an alias ("Burma, also known as Myanmar").
            let long_form = key.split_whitespace().count() >= 3 && key.contains(" of ");
            let short_form = matches!(key, "Britain" | "Great Britain");
            // A proper name that keeps a place's old form ("Peking University",
            // "Dynamo Kiev") is that name's spelling, not the place's.
            let old_form_in_a_name = entity.kind == EntityKind::Place
                && key != entity.name
                && spelling::fold(key) != spelling::fold(&entity.name)
                && in_a_longer_name(masked, &range);
            if entity.kind == EntityKind::Place && (long_form || short_form)
                || old_form_in_a_name
                || is_stated_alias(masked, range.start)
                || entity.kind == EntityKind::Place && is_stated_history(masked, &range)
            {
                continue;
            }
            let key_range = match entity.kind {
                EntityKind::Person => range.end - key.len()..range.end,
                _ => range.clone(),
            };
            // A capitalised dateline ("KYIV, Ukraine —") is the same spelling, and so is
            // an abbreviation with or without the full stop a sentence's end took from
            // it ("Corp." and "Corp", "E.U." and "E.U"). Most keys are ASCII, compared
            // without lower-casing them into a new string.
            let bare = key.trim_end_matches('.');
            let lower = (!bare.is_ascii()).then(|| bare.to_lowercase());
            let same = |l: &String| match &lower {
                None => l.eq_ignore_ascii_case(bare),
                Some(lower) => l == lower,
            };
            match forms.iter_mut().find(|(_, l, _)| same(l)) {
                Some((_, _, ranges)) => ranges.push(key_range),
                None => forms.push((
                    key.to_string(),
                    lower.unwrap_or_else(|| bare.to_ascii_lowercase()),
                    vec![key_range],
                )),
            }
        }
        let mut forms: Vec<(String, Vec<Range<usize>>)> = forms
            .into_iter()
            .map(|(key, _, ranges)| (key, ranges))
            .collect();
        // A place's other name of several words or initials ("Holy See" beside
        // "Vatican", "Russian Federation", "DR Congo") is a name of its own, not a
        // spelling; it counts only beside a form with the same letters ("St.
        // Petersburg", "St Petersburg").
        if entity.kind == EntityKind::Place {
            let letters = |s: &str| {
                spelling::fold(s)
                    .chars()
                    .filter(|c| c.is_alphanumeric())
                    .collect::<String>()
            };
            let folded: Vec<String> = forms.iter().map(|(key, _)| letters(key)).collect();
            let mut index = 0;
            forms.retain(|(key, _)| {
                let i = index;
                index += 1;
                let another_name = key.contains(' ') || is_acronym(key);
                !another_name
                    || folded
                        .iter()
                        .enumerate()
                        .any(|(j, other)| j != i && *other == folded[i])
            });
        }
        if forms.len() < 2 {
            continue;
        }
        forms.sort_by(|a, b| {
            b.1.len()
                .cmp(&a.1.len())
                .then(a.1[0].start.cmp(&b.1[0].start))
        });
        groups.push(SpellingGroup {
            entity: index,
            forms,
        });
    }
    slips::slip_groups(
        masked,
        sentences,
        prints,
        entities,
        &mut groups,
        &mut memos.slips,
    );
    groups
}

/// A mention's written form as the spelling groups compare it, and its range: None
/// for a mention that is not a spelling of the name (a pronoun, a role) or holds a
/// digit ("Chandrayaan-1" and "Chandrayaan-2" are two things, not two spellings).
fn spelling_of<'t>(
    text: &'t str,
    entity: &'t super::Entity,
    range: &Range<usize>,
    form: MentionForm,
) -> Option<(Range<usize>, &'t str)> {
    if !form.is_spelling() || text[range.clone()].contains(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let mut written = strip_possessive(&text[range.clone()]);
    // "Example.com." ending a sentence is "Example.com".
    if let Some(bare) = written.strip_suffix('.')
        && bare.contains('.')
        && !is_acronym(bare)
    {
        written = bare;
    }
    let range = range.start..range.start + written.len();
    Some((range, entity.spelling_key(written)))
}

/// Whether two of an entity's spellings differ other than in case and a final full
/// stop, the way [`spelling_groups_with`] compares its forms.
fn has_two_spellings(text: &str, entity: &super::Entity) -> bool {
    let mut keys = entity
        .mentions
        .iter()
        .zip(&entity.forms)
        .filter_map(|(range, form)| spelling_of(text, entity, range, *form))
        .map(|(_, key)| key.trim_end_matches('.'));
    let Some(first) = keys.next() else {
        return false;
    };
    if first.is_ascii() {
        keys.any(|key| !key.eq_ignore_ascii_case(first))
    } else {
        let first = first.to_lowercase();
        keys.any(|key| key.to_lowercase() != first)
    }
}

/// Whether the words at `range` sit in a run of capitalised words: a capitalised word
/// (not a title) right after it, or one right before it that does not open the
/// sentence.
fn in_a_longer_name(masked: &str, range: &Range<usize>) -> bool {
    let next = masked[range.end..]
        .strip_prefix(' ')
        .and_then(|rest| rest.split(|c: char| !c.is_alphanumeric()).next())
        .unwrap_or("");
    if next.chars().next().is_some_and(char::is_uppercase) && !is_title(next) {
        return true;
    }
    let Some(before) = masked[..range.start].strip_suffix(' ') else {
        return false;
    };
    let word_start = before.rfind(|c: char| !c.is_alphanumeric()).map_or(0, |i| {
        i + before[i..].chars().next().map_or(1, char::len_utf8)
    });
    let word = &before[word_start..];
    let opens = before[..word_start]
        .trim_end()
        .ends_with(['.', '!', '?', '"', '“', '\n'])
        || before[..word_start].trim().is_empty();
    word.chars().next().is_some_and(char::is_uppercase) && !opens && !is_title(word)
}

/// "also known as X", "formerly X": the draft names the other form on purpose.
fn is_stated_alias(masked: &str, start: usize) -> bool {
    // Every cue ends in one of these (lower-cased): most names are ruled out before
    // any lower-casing.
    let last = masked[..start]
        .trim_end_matches([' ', '(', ',', '“', '"'])
        .chars()
        .next_back()
        .and_then(|c| c.to_lowercase().last());
    if !matches!(last, Some('s' | 'y' | 'd' | 'e' | '.')) {
        return false;
    }
    let from = masked.floor_char_boundary(start.saturating_sub(24));
    let before = masked[from..start].to_lowercase();
    let before = before.trim_end_matches([' ', '(', ',', '“', '"']);
    const CUES: &[&str] = &[
        "known as",
        "formerly",
        "also called",
        "now called",
        "renamed",
        "née",
        "a.k.a.",
    ];
    CUES.iter().any(|cue| before.ends_with(cue))
}

/// "in Zaire, in what is now DR Congo", "the former Leningrad": the draft names a
/// place as it was called at the time, on purpose.
fn is_stated_history(masked: &str, range: &Range<usize>) -> bool {
    let to = masked.ceil_char_boundary((range.end + 24).min(masked.len()));
    let after = masked[range.end..to].to_lowercase();
    let after = after.trim_start_matches([' ', ',', '—', '-']);
    const AFTER: &[&str] = &[
        "in what is now",
        "what is now",
        "(now",
        "now called",
        "now known as",
        "as it was then",
    ];
    if AFTER.iter().any(|cue| after.starts_with(cue)) {
        return true;
    }
    let from = masked.floor_char_boundary(range.start.saturating_sub(16));
    let before = masked[from..range.start].to_lowercase();
    let before = before.trim_end_matches([' ', '-']);
    const BEFORE: &[&str] = &["former", "then", "old", "historic", "soviet", "ancient"];
    BEFORE.iter().any(|cue| {
        before.ends_with(cue)
            && before[..before.len() - cue.len()]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric())
    })
}

/// Capitalised words that are spelling variants of a person's surname ("Araghchy"
/// beside "Araghchi") are mentions of that person.
fn attach_surname_variants(
    masked: &str,
    sentences: &[Sentence],
    entities: &mut Entities,
    variants: &mut Memo<Vec<usize>>,
) {
    let surnames: Vec<(usize, String, String)> = entities
        .entities
        .iter()
        .enumerate()
        .filter(|(_, e)| e.kind == EntityKind::Person)
        .map(|(i, e)| {
            (
                i,
                names::surname_of(&e.name).to_string(),
                first_name(&e.name).to_string(),
            )
        })
        .collect();
    if surnames.is_empty() {
        return;
    }
    // Sorted by start, each with its place in entity order: the mention found for a word
    // is the first in that order that holds it, as a scan of every mention finds it, but
    // only mentions starting within the longest one's length before the word are read.
    // Made only when a word turns out to vary a surname: on most keystrokes, never.
    let claims = |entities: &Entities| {
        let mut claimed: Vec<(Range<usize>, usize)> = entities
            .entities
            .iter()
            .flat_map(|e| e.mentions.iter().cloned())
            .enumerate()
            .map(|(i, r)| (r, i))
            .collect();
        // Each entity's mentions are in order already: a stable sort by start merges
        // the runs, and keeps entity order on a tie.
        claimed.sort_by_key(|(r, _)| r.start);
        let longest = claimed.iter().map(|(r, _)| r.len()).max().unwrap_or(0);
        (claimed, longest)
    };
    type Claims = (Vec<(Range<usize>, usize)>, usize);
    let mut claims_made: Option<Claims> = None;
    fn holding<'c>(
        (claimed, longest): &'c Claims,
        range: &Range<usize>,
    ) -> Option<&'c Range<usize>> {
        let from = claimed.partition_point(|(c, _)| c.start + longest < range.end);
        let to = claimed.partition_point(|(c, _)| c.start <= range.start);
        claimed[from..to.max(from)]
            .iter()
            .filter(|(c, _)| range.end <= c.end)
            .min_by_key(|(_, i)| *i)
            .map(|(c, _)| c)
    }
    // Indexed only when some word is new to the memo: on a keystroke, rarely.
    let surname_index: std::cell::OnceCell<spelling::VariantIndex> = std::cell::OnceCell::new();
    let surname_index = || {
        surname_index.get_or_init(|| {
            spelling::VariantIndex::new(surnames.iter().map(|(_, surname, _)| surname.as_str()))
        })
    };
    // Which surnames a word varies depends on the surnames: they are part of the key.
    let mut hasher = std::hash::DefaultHasher::new();
    for (_, surname, _) in &surnames {
        surname.hash(&mut hasher);
    }
    let all_surnames = hasher.finish();
    let surnames_key = [all_surnames as u32, (all_surnames >> 32) as u32];
    let mut seen: HashMap<&str, Arc<Vec<usize>>, FastBuildHasher> = HashMap::default();
    // Taken out while mentions are added to the entities, and put back after.
    let sentence_names = std::mem::take(&mut entities.sentence_names);
    for (sentence, names) in sentences.iter().zip(&sentence_names) {
        let base = sentence.range.start;
        for capitalised in &names.capitalised {
            let range = memo::absolute(&capitalised.word, base);
            let word = &masked[range.clone()];
            // A month or a day ("Sunday" beside "Sundar") is not a name.
            if capitalised.not_name {
                continue;
            }
            // Each distinct word is compared with the surnames once per analysis (the
            // map: a one-shot memo remembers nothing), and once for as long as the
            // surnames stay the same (the memo).
            let variant_of = seen
                .entry(word)
                .or_insert_with(|| {
                    variants.get_or(word, &surnames_key, || {
                        surname_index().variants_of(&spelling::NameKey::new(word))
                    })
                })
                .clone();
            // "Ana Araghchy" is someone else, unless it is the person's own first name.
            let after = capitalised
                .after_name
                .as_ref()
                .map(|r| &masked[memo::absolute(r, base)]);
            // Two words of the dictionary ("Policy", "Police"; "Halley", "Haley") are
            // one name only with the person's own first name before it.
            let owner = variant_of
                .iter()
                .map(|&i| &surnames[i])
                .find(|(_, surname, first)| match after {
                    Some(a) => a == first,
                    None => !(spelling::is_known_word(word) && spelling::is_known_word(surname)),
                });
            let Some((entity, _, _)) = owner else {
                continue;
            };
            // Already a mention (of this person, or of someone else who shares a name).
            let claimed = claims_made.get_or_insert_with(|| claims(entities));
            if let Some(existing) = holding(claimed, &range) {
                let mine = entities.entities[*entity].has_mention(existing);
                if !mine {
                    // The variant's own full name made it a person of its own: merge.
                    merge_into(entities, *entity, existing);
                }
                continue;
            }
            entities.entities[*entity].add(range, MentionForm::Variant, false);
        }
    }
    entities.sentence_names = sentence_names;
}

fn first_name(name: &str) -> &str {
    name.split_whitespace().next().unwrap_or("")
}

/// Moves the mentions of the entity that holds `mention` into `target`, when that
/// entity is a person whose name is a spelling variant of the target's.
fn merge_into(entities: &mut Entities, target: usize, mention: &Range<usize>) {
    let Some(source) = entities
        .entities
        .iter()
        .position(|e| e.has_mention(mention))
    else {
        return;
    };
    if source == target || entities.entities[source].kind != EntityKind::Person {
        return;
    }
    let target_first = first_name(&entities.entities[target].name).to_string();
    let source_first = first_name(&entities.entities[source].name).to_string();
    let source_words = entities.entities[source].name.split_whitespace().count();
    if source_words >= 2 && source_first != target_first {
        return; // two people who share (nearly) a surname
    }
    let moved = std::mem::take(&mut entities.entities[source].mentions);
    let forms = std::mem::take(&mut entities.entities[source].forms);
    let headings = std::mem::take(&mut entities.entities[source].in_heading);
    for ((range, form), heading) in moved.into_iter().zip(forms).zip(headings) {
        let form = if form == MentionForm::Name || form == MentionForm::Surname {
            MentionForm::Variant
        } else {
            form
        };
        entities.entities[target].add(range, form, heading);
    }
}

/// A title or form of address ("Mr", "Gov.", "President"): not a first name.
pub(super) fn is_title(word: &str) -> bool {
    const HONORIFICS: &[&str] = &["mr", "mrs", "ms", "dr", "sir", "dame", "prof", "rev"];
    let bare = word.trim_end_matches('.');
    HONORIFICS.iter().any(|h| bare.eq_ignore_ascii_case(h))
        || TITLE_WORDS.contains_lower(word)
        || TITLE_PREFIXES.contains_lower(word)
        || word.ends_with('.')
}

/// All its letters capitals ("UAW", "E.U.").
pub(super) fn is_acronym(word: &str) -> bool {
    let mut letters = word.chars().filter(|c| c.is_alphabetic()).peekable();
    letters.peek().is_some() && letters.all(char::is_uppercase)
}
