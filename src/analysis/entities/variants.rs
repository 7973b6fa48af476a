//! Names written two ways. Places are grouped by the gazetteer already; here the
//! capitalised words of each sentence that are spelling variants of a person's surname
//! ("Araghchy" beside "Araghchi") become mentions of that person, and every entity
//! whose mentions are spelled more than one way becomes a spelling group.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::sync::Arc;

use super::{Entities, EntityKind, MentionForm};
use crate::analysis::memo::{self, FastBuildHasher, Memo};
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
    spelling_groups_with(text, masked, sentences, entities, &mut Memo::new(false))
}

/// [`spelling_groups`], with which surnames each capitalised word is a variant of
/// remembered by the word and the draft's surnames.
pub fn spelling_groups_with(
    text: &str,
    masked: &str,
    sentences: &[Sentence],
    entities: &mut Entities,
    variants: &mut Memo<Vec<usize>>,
) -> Vec<SpellingGroup> {
    attach_surname_variants(masked, sentences, entities, variants);
    entities.entities.retain(|e| !e.mentions.is_empty());
    let mut groups = Vec::new();
    for (index, entity) in entities.entities.iter().enumerate() {
        // An organisation's forms are not spellings of one name ("the union", "UAW").
        if entity.kind == EntityKind::Organization {
            continue;
        }
        // Each form with its lower case, made once: forms are compared ignoring case.
        let mut forms: Vec<(String, String, Vec<Range<usize>>)> = Vec::new();
        for (range, form) in entity.mentions.iter().zip(&entity.forms) {
            if !form.is_spelling() {
                continue;
            }
            let written = strip_possessive(&text[range.clone()]);
            let range = range.start..range.start + written.len();
            let key = entity.spelling_key(written);
            // An official long form ("Republic of Türkiye") or a common short one
            // ("Britain") is not a second spelling; nor is a name the draft itself
            // gives as an alias ("Burma, also known as Myanmar").
            let long_form = key.split_whitespace().count() >= 3 && key.contains(" of ");
            let short_form = matches!(key, "Britain" | "Great Britain");
            if entity.kind == EntityKind::Place && (long_form || short_form)
                || is_stated_alias(masked, range.start)
            {
                continue;
            }
            let key_range = match entity.kind {
                EntityKind::Person => range.end - key.len()..range.end,
                _ => range.clone(),
            };
            // A capitalised dateline ("KYIV, Ukraine —") is the same spelling. Most keys
            // are ASCII, compared without lower-casing them into a new string.
            let lower = (!key.is_ascii()).then(|| key.to_lowercase());
            let same = |l: &String| match &lower {
                None => l.eq_ignore_ascii_case(key),
                Some(lower) => l == lower,
            };
            match forms.iter_mut().find(|(_, l, _)| same(l)) {
                Some((_, _, ranges)) => ranges.push(key_range),
                None => forms.push((
                    key.to_string(),
                    lower.unwrap_or_else(|| key.to_ascii_lowercase()),
                    vec![key_range],
                )),
            }
        }
        let mut forms: Vec<(String, Vec<Range<usize>>)> = forms
            .into_iter()
            .map(|(key, _, ranges)| (key, ranges))
            .collect();
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
    groups
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
    let claimed: Vec<Range<usize>> = entities
        .entities
        .iter()
        .flat_map(|e| e.mentions.iter().cloned())
        .collect();
    // Keyed only when some word is new to the memo: on a keystroke, rarely.
    let surname_keys: std::cell::OnceCell<Vec<spelling::NameKey>> = std::cell::OnceCell::new();
    let surname_keys = || {
        surname_keys.get_or_init(|| {
            surnames
                .iter()
                .map(|(_, surname, _)| spelling::NameKey::new(surname))
                .collect()
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
            // Each distinct word is compared with the surnames once per analysis (the
            // map: a one-shot memo remembers nothing), and once for as long as the
            // surnames stay the same (the memo).
            let variant_of = seen
                .entry(word)
                .or_insert_with(|| {
                    variants.get_or(word, &surnames_key, || {
                        let key = spelling::NameKey::new(word);
                        surname_keys()
                            .iter()
                            .enumerate()
                            .filter(|(_, surname)| key.is_variant_of(surname))
                            .map(|(i, _)| i)
                            .collect()
                    })
                })
                .clone();
            // "Ana Araghchy" is someone else, unless it is the person's own first name.
            let after = capitalised
                .after_name
                .as_ref()
                .map(|r| &masked[memo::absolute(r, base)]);
            let owner = variant_of
                .iter()
                .map(|&i| &surnames[i])
                .find(|(_, _, first)| after.is_none_or(|a| a == first));
            let Some((entity, _, _)) = owner else {
                continue;
            };
            // Already a mention (of this person, or of someone else who shares a name).
            if let Some(existing) = claimed
                .iter()
                .find(|c| c.start <= range.start && range.end <= c.end)
            {
                let mine = entities.entities[*entity].mentions.contains(existing);
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
        .position(|e| e.mentions.contains(mention))
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
