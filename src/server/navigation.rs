//! Entities in the editor: hover text, go to the first reference, every reference,
//! rename, and symbols. Works on one analysed snapshot; positions are converted by the
//! caller through `convert`.

use std::ops::Range;

use crate::analysis::{Analysis, Entity, EntityKind, MentionForm};
use crate::text::line_column;

/// The entity with a mention at `offset`, if any.
pub fn entity_at(analysis: &Analysis, offset: usize) -> Option<&Entity> {
    analysis.entities.iter().find(|e| {
        e.mentions
            .iter()
            .any(|m| m.start <= offset && offset < m.end.max(m.start + 1))
    })
}

/// Markdown for hovering a mention: who this is in the story.
pub fn entity_hover(text: &str, analysis: &Analysis, entity: &Entity) -> String {
    let mut lines = vec![format!("**{}** · {}", entity.name, entity.kind.as_str())];
    if let Some(role) = &entity.role {
        lines.push(format!("Role in this draft: {role}"));
    }
    if let Some(description) = &entity.description {
        lines.push(format!("_{description}_"));
    }
    let spellings = entity.spellings(text);
    if spellings.len() > 1 {
        let listed: Vec<String> = spellings
            .iter()
            .map(|(form, n)| format!("{form} {n}×"))
            .collect();
        lines.push(format!("Spellings used: {}", listed.join(", ")));
    }
    let first = entity
        .first_reference()
        .map(|r| format!(" · first reference: line {}", line_column(text, r.start).0))
        .unwrap_or_default();
    lines.push(format!("Mentions: {}{first}", entity.mentions.len()));
    if !entity.quotes.is_empty() {
        let quotes: Vec<String> = entity
            .quotes
            .iter()
            .map(|&i| {
                let quote = &analysis.quotes[i];
                format!(
                    "- {} (line {})",
                    opening_words(&text[quote.range.clone()], 8),
                    line_column(text, quote.range.start).0
                )
            })
            .collect();
        lines.push(format!("Quotes:\n{}", quotes.join("\n")));
    }
    lines.join("\n\n")
}

/// The first few words of a quotation, with an ellipsis when cut.
pub fn opening_words(quote: &str, words: usize) -> String {
    let all: Vec<&str> = quote.split_whitespace().collect();
    if all.len() <= words {
        quote.to_string()
    } else {
        format!("{}…", all[..words].join(" "))
    }
}

/// Edits that rename an entity: full names take the new name, surnames and spelling
/// variants take its last word; pronouns, roles, demonyms and abbreviations stay.
pub fn rename_edits(text: &str, entity: &Entity, new_name: &str) -> Vec<(Range<usize>, String)> {
    let new_surname = new_name.split_whitespace().last().unwrap_or(new_name);
    entity
        .mentions
        .iter()
        .zip(&entity.forms)
        .filter_map(|(range, form)| {
            let written = &text[range.clone()];
            let replacement = match (entity.kind, form) {
                (
                    _,
                    MentionForm::Pronoun
                    | MentionForm::Role
                    | MentionForm::Demonym
                    | MentionForm::Abbreviation,
                ) => return None,
                (EntityKind::Person, MentionForm::Surname) => new_surname.to_string(),
                (EntityKind::Person, MentionForm::Variant) if !written.contains(' ') => {
                    new_surname.to_string()
                }
                _ => new_name.to_string(),
            };
            (written != replacement).then(|| (range.clone(), replacement))
        })
        .collect()
}

/// Whether a symbol's name matches a workspace-symbol query (case-insensitive, by
/// substring; an empty query matches everything).
pub fn matches_query(name: &str, query: &str) -> bool {
    query.is_empty() || name.to_lowercase().contains(&query.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Format;
    use crate::check::analyze;
    use crate::config::Config;

    const DRAFT: &str = "Turkish Foreign Minister Hakan Fidan arrived on Monday.\n“We call the parties back to the table,” Fidan said.\nFidan’s aide declined to comment.\n";

    #[test]
    fn hover_names_the_person_role_and_quote() {
        let analysis = analyze(DRAFT, Format::PlainText, &Config::default());
        let offset = DRAFT.rfind("Fidan said").unwrap();
        let entity = entity_at(&analysis, offset).expect("a mention at Fidan");
        let hover = entity_hover(DRAFT, &analysis, entity);
        assert!(hover.starts_with("**Hakan Fidan** · person"), "{hover}");
        assert!(
            hover.contains("Role in this draft: Turkish Foreign Minister"),
            "{hover}"
        );
        assert!(
            hover.contains("“We call the parties back to the table,” (line 2)"),
            "{hover}"
        );
    }

    #[test]
    fn rename_changes_full_names_and_surnames() {
        let analysis = analyze(DRAFT, Format::PlainText, &Config::default());
        let entity = entity_at(&analysis, DRAFT.find("Hakan").unwrap()).unwrap();
        let mut text = DRAFT.to_string();
        let mut edits = rename_edits(DRAFT, entity, "Hakan Fidanov");
        edits.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
        for (range, replacement) in edits {
            text.replace_range(range, &replacement);
        }
        assert_eq!(
            text,
            "Turkish Foreign Minister Hakan Fidanov arrived on Monday.\n“We call the parties back to the table,” Fidanov said.\nFidanov’s aide declined to comment.\n"
        );
    }
}
