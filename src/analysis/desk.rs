//! Names across the desk: how the reporter's other drafts and sources spell the names a
//! draft uses. A draft that writes "Zelensky" where the desk's drafts write "Zelenskyy"
//! forty times is checked against them (the `desk-spelling` rule). Built from readings
//! the front ends already made; nothing here reads a file.

use std::collections::HashMap;

use super::entities::{Entity, EntityKind};
use super::spelling;

/// Every name of the desk's documents, with who writes it how often and where first.
#[derive(Debug, Default)]
pub struct DeskNames {
    /// Each document's label (its path), `None` once removed.
    documents: Vec<Option<String>>,
    by_label: HashMap<String, usize>,
    names: Vec<Name>,
    by_written: HashMap<String, usize>,
    /// `spelling::variant_keys` of each name to the names filed under it.
    variants: HashMap<u64, Vec<usize>>,
}

#[derive(Debug)]
struct Name {
    written: String,
    kind: EntityKind,
    uses: Vec<Use>,
}

/// One document's use of a name.
#[derive(Debug)]
struct Use {
    document: usize,
    count: usize,
    /// 1-based line of the first use.
    line: u32,
    /// The given names the document writes before it ("Volodymyr" of "Volodymyr
    /// Zelenskyy"), for a person.
    given: Vec<String>,
}

/// A spelling of the desk, as the rule sees it: the documents' uses summed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeskSpelling<'d> {
    pub written: &'d str,
    pub kind: EntityKind,
    /// Uses in all the documents counted.
    pub count: usize,
    pub documents: usize,
    /// The first use in the first document that has it: (label, 1-based line).
    pub first: (&'d str, u32),
    pub given: Vec<&'d str>,
}

impl DeskNames {
    pub fn new() -> DeskNames {
        DeskNames::default()
    }

    /// Whether no document has a name in it.
    pub fn is_empty(&self) -> bool {
        self.names.iter().all(|n| n.uses.is_empty())
    }

    /// Whether a document other than `except` is on the desk: alone, a draft has
    /// nothing to be held against.
    pub fn has_others(&self, except: Option<&str>) -> bool {
        let except = self.except(except);
        self.documents
            .iter()
            .enumerate()
            .any(|(i, d)| d.is_some() && Some(i) != except)
    }

    /// Adds a document's names (replacing what an earlier version of it gave).
    pub fn insert(&mut self, label: &str, text: &str, entities: &[Entity]) {
        self.remove(label);
        let document = match self.by_label.get(label) {
            Some(&i) => i,
            None => {
                self.documents.push(Some(label.to_string()));
                self.by_label
                    .insert(label.to_string(), self.documents.len() - 1);
                self.documents.len() - 1
            }
        };
        self.documents[document] = Some(label.to_string());
        // Where each line starts, for the first use's line: one pass, not one per name.
        let line_starts: Vec<usize> = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let line_of = |offset: usize| line_starts.partition_point(|&s| s <= offset);
        for entity in entities.iter().filter(|e| has_a_spelling(e.kind)) {
            let given = given_name(entity);
            for (range, form) in entity.mentions.iter().zip(&entity.forms) {
                if !form.is_spelling() {
                    continue;
                }
                let Some(written) = text.get(range.clone()) else {
                    continue;
                };
                let key = entity.spelling_key(written);
                if key.chars().filter(|c| c.is_alphabetic()).count() < 4 {
                    continue;
                }
                let name = self.name_index(key, entity.kind);
                let uses = &mut self.names[name].uses;
                match uses.iter_mut().find(|u| u.document == document) {
                    Some(u) => {
                        u.count += 1;
                        if let Some(g) = &given
                            && !u.given.contains(g)
                        {
                            u.given.push(g.clone());
                        }
                    }
                    None => uses.push(Use {
                        document,
                        count: 1,
                        line: u32::try_from(line_of(range.start)).unwrap_or(u32::MAX),
                        given: given.iter().cloned().collect(),
                    }),
                }
            }
        }
    }

    /// Takes a document's names out (a draft closed or deleted).
    pub fn remove(&mut self, label: &str) {
        let Some(&document) = self.by_label.get(label) else {
            return;
        };
        for name in &mut self.names {
            name.uses.retain(|u| u.document != document);
        }
        self.documents[document] = None;
    }

    fn name_index(&mut self, written: &str, kind: EntityKind) -> usize {
        if let Some(&i) = self.by_written.get(written) {
            return i;
        }
        let i = self.names.len();
        self.names.push(Name {
            written: written.to_string(),
            kind,
            uses: Vec::new(),
        });
        self.by_written.insert(written.to_string(), i);
        spelling::variant_keys(written, |key| {
            let list = self.variants.entry(key).or_default();
            if list.last() != Some(&i) {
                list.push(i);
            }
        });
        i
    }

    /// How the documents other than `except` write `written`: `None` when none does.
    pub fn spelling(&self, written: &str, except: Option<&str>) -> Option<DeskSpelling<'_>> {
        let &i = self.by_written.get(written)?;
        self.summed(i, self.except(except))
    }

    /// The desk's spellings that are variants of `written` (an accent, a transliteration,
    /// a slip), in the documents other than `except`.
    pub fn variants_of(&self, written: &str, except: Option<&str>) -> Vec<DeskSpelling<'_>> {
        let except = self.except(except);
        let mut found: Vec<usize> = Vec::new();
        spelling::variant_keys(written, |key| {
            for &i in self.variants.get(&key).into_iter().flatten() {
                if !found.contains(&i) {
                    found.push(i);
                }
            }
        });
        found
            .into_iter()
            .filter(|&i| {
                self.names[i].written != written
                    && spelling::is_variant(&self.names[i].written, written)
            })
            .filter_map(|i| self.summed(i, except))
            .collect()
    }

    fn except(&self, label: Option<&str>) -> Option<usize> {
        label.and_then(|l| self.by_label.get(l).copied())
    }

    fn summed(&self, i: usize, except: Option<usize>) -> Option<DeskSpelling<'_>> {
        let name = &self.names[i];
        let uses: Vec<&Use> = name
            .uses
            .iter()
            .filter(|u| Some(u.document) != except)
            .collect();
        let first = uses.iter().min_by_key(|u| u.document)?;
        let mut given: Vec<&str> = Vec::new();
        for g in uses.iter().flat_map(|u| &u.given) {
            if !given.contains(&g.as_str()) {
                given.push(g);
            }
        }
        Some(DeskSpelling {
            written: &name.written,
            kind: name.kind,
            count: uses.iter().map(|u| u.count).sum(),
            documents: uses.len(),
            first: (
                self.documents[first.document].as_deref().unwrap_or(""),
                first.line,
            ),
            given,
        })
    }
}

/// The kinds of entity whose names a desk keeps one spelling of: people, places and
/// organisations.
pub fn has_a_spelling(kind: EntityKind) -> bool {
    matches!(
        kind,
        EntityKind::Person | EntityKind::Place | EntityKind::Organization
    )
}

/// A person's given name: the first word of a full name of two words or more.
pub fn given_name(entity: &Entity) -> Option<String> {
    if entity.kind != EntityKind::Person {
        return None;
    }
    let mut words = entity.name.split_whitespace();
    let first = words.next()?;
    // "J." of "J. Smith" says too little to tell two people apart.
    (words.next().is_some() && !first.ends_with('.')).then(|| first.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{Format, Passes, read};
    use crate::config::Config;

    fn add(desk: &mut DeskNames, label: &str, text: &str) {
        let reading = read(text, Format::Markdown, &Config::default(), Passes::ALL);
        desk.insert(label, text, &reading.entities);
    }

    const KYIV: &str = "# Talks\n\nPresident Volodymyr Zelenskyy met the envoys. Zelenskyy said the talks went well.\n";

    #[test]
    fn counts_leave_the_draft_itself_out_and_a_closed_draft_counts_no_more() {
        let mut desk = DeskNames::new();
        add(&mut desk, "a.md", KYIV);
        add(&mut desk, "b.md", KYIV);
        let all = desk.spelling("Zelenskyy", None).unwrap();
        assert_eq!((all.count, all.documents, all.first), (4, 2, ("a.md", 3)));
        assert_eq!(all.given, ["Volodymyr"]);
        let others = desk.spelling("Zelenskyy", Some("a.md")).unwrap();
        assert_eq!((others.count, others.first), (2, ("b.md", 3)));
        let variants = desk.variants_of("Zelensky", Some("c.md"));
        assert_eq!(variants.len(), 1);
        assert_eq!(variants[0].written, "Zelenskyy");
        // A new version replaces the old one's names; a removed draft leaves none.
        add(&mut desk, "b.md", "# Nothing\n\nNo names here.\n");
        assert_eq!(desk.spelling("Zelenskyy", None).unwrap().count, 2);
        desk.remove("a.md");
        assert!(desk.spelling("Zelenskyy", None).is_none());
        assert!(desk.variants_of("Zelensky", None).is_empty());
        assert!(desk.has_others(Some("a.md")), "b.md is still open");
        assert!(!desk.has_others(Some("b.md")));
        assert!(desk.is_empty());
    }
}
