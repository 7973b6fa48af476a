//! What the two spelling rules share: the stylebook's form for a group of spellings,
//! and the fixes that unify a name's spelling.

use std::ops::Range;

use crate::analysis::entities::{Entity, EntityKind};
use crate::analysis::finding::{Edit, Fix};
use crate::analysis::names::surname_of;
use crate::analysis::{SpellingGroup, gazetteer, spelling};

use super::Context;

/// The stylebook's form for a group of spellings, if it has one.
pub fn preferred_form<'c>(cx: &'c Context, group: &SpellingGroup) -> Option<&'c str> {
    let entity = &cx.entities[group.entity];
    cx.config
        .stylebook
        .preferred
        .iter()
        .map(String::as_str)
        .find(|preferred| {
            group
                .forms
                .iter()
                .any(|(form, _)| covers(entity, preferred, form))
        })
}

/// Whether `preferred` is the house form of the entity's written `form`.
pub fn covers(entity: &Entity, preferred: &str, form: &str) -> bool {
    match entity.kind {
        EntityKind::Place => preferred == form || gazetteer::same_place(preferred, form),
        _ => {
            let surname = surname_of(preferred);
            surname == form || spelling::is_variant(surname, form)
        }
    }
}

/// A form written more often than this offers "Change all" on its first occurrence
/// only: offered on each, its edits grew with the square of the occurrences.
pub const CHANGE_ALL_ON_EACH: usize = 16;

/// "Change to X" for one occurrence, "Change all N to X" for every occurrence of the
/// form (on each occurrence of a form written up to [`CHANGE_ALL_ON_EACH`] times, on
/// the first of one written more often). Both are safe to apply unattended: they
/// invent nothing.
pub fn unify(text: &str, here: &Range<usize>, all: &[Range<usize>], target: &str) -> Vec<Fix> {
    let replacement = |range: &Range<usize>| Edit {
        range: range.clone(),
        replacement: match_case(&text[range.clone()], target),
    };
    let mut fixes = vec![Fix {
        title: format!("Change to {target}"),
        edits: vec![replacement(here)],
        safe: true,
    }];
    if all.len() > 1 && (all.len() <= CHANGE_ALL_ON_EACH || all.first() == Some(here)) {
        fixes.push(Fix {
            title: format!("Change all {} to {target}", all.len()),
            edits: all.iter().map(replacement).collect(),
            safe: true,
        });
    }
    fixes
}

/// A dateline in capitals keeps its capitals ("KIEV" → "KYIV").
fn match_case(written: &str, target: &str) -> String {
    let letters: Vec<char> = written.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() > 1 && letters.iter().all(|c| c.is_uppercase()) {
        target.to_uppercase()
    } else {
        target.to_string()
    }
}
