//! Answers to the editor's questions about a draft — hover, inlay hints, definition,
//! references, rename, symbols — from one snapshot, converting positions at the edge.

use std::collections::HashMap;

use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::{
    DocumentSymbol, Hover, HoverContents, InlayHint, InlayHintLabel, Location, MarkupContent,
    MarkupKind, Position, PrepareRenameResponse, Range, SymbolInformation, SymbolKind, TextEdit,
    Uri, WorkspaceEdit,
};

use super::convert::{self, Encoding};
use super::hover;
use super::navigation;
use super::snapshot::Snapshot;
use crate::analysis::{Entity, EntityKind};

fn offset(snapshot: &Snapshot, position: Position, encoding: Encoding) -> usize {
    convert::position_to_byte(&snapshot.rope, position, encoding).byte
}

fn range(snapshot: &Snapshot, bytes: &std::ops::Range<usize>, encoding: Encoding) -> Range {
    convert::byte_range_to_range(&snapshot.rope, bytes, encoding)
}

fn markdown(value: String) -> HoverContents {
    HoverContents::Markup(MarkupContent {
        kind: MarkupKind::Markdown,
        value,
    })
}

/// A quotation's speaker, or who the name under the cursor is in this story.
pub fn hover(snapshot: &Snapshot, position: Position, encoding: Encoding) -> Option<Hover> {
    let at = offset(snapshot, position, encoding);
    let analysis = &snapshot.analysis;
    if let Some(entity) = navigation::entity_at(analysis, at) {
        let mention = entity
            .mentions
            .iter()
            .find(|m| m.start <= at && at < m.end.max(m.start + 1))?;
        return Some(Hover {
            contents: markdown(navigation::entity_hover(&snapshot.text, analysis, entity)),
            range: Some(range(snapshot, mention, encoding)),
        });
    }
    let (text, bytes) = hover::quote_hover(&snapshot.text, analysis, at)?;
    Some(Hover {
        contents: markdown(text),
        range: Some(range(snapshot, &bytes, encoding)),
    })
}

pub fn inlay_hints(snapshot: &Snapshot, visible: Range, encoding: Encoding) -> Vec<InlayHint> {
    let start = offset(snapshot, visible.start, encoding);
    let end = offset(snapshot, visible.end, encoding);
    snapshot
        .analysis
        .quotes
        .iter()
        .filter(|q| q.range.end >= start && q.range.end <= end)
        .filter_map(|quote| {
            let label = hover::speaker_hint(&snapshot.analysis, quote)?;
            Some(InlayHint {
                position: convert::byte_to_position(&snapshot.rope, quote.range.end, encoding),
                label: InlayHintLabel::String(label),
                kind: None,
                text_edits: None,
                tooltip: None,
                padding_left: Some(true),
                padding_right: None,
                data: None,
            })
        })
        .collect()
}

fn entity_under(snapshot: &Snapshot, position: Position, encoding: Encoding) -> Option<&Entity> {
    navigation::entity_at(&snapshot.analysis, offset(snapshot, position, encoding))
}

/// Go to definition: where the story first names the entity.
pub fn first_reference(
    snapshot: &Snapshot,
    uri: &Uri,
    position: Position,
    encoding: Encoding,
) -> Option<Location> {
    let entity = entity_under(snapshot, position, encoding)?;
    let first = entity.first_reference()?;
    Some(Location::new(
        uri.clone(),
        range(snapshot, &first, encoding),
    ))
}

/// Every mention: names, surnames, variants, and the pronouns and roles that speak.
pub fn references(
    snapshot: &Snapshot,
    uri: &Uri,
    position: Position,
    encoding: Encoding,
) -> Option<Vec<Location>> {
    let entity = entity_under(snapshot, position, encoding)?;
    Some(
        entity
            .mentions
            .iter()
            .map(|m| Location::new(uri.clone(), range(snapshot, m, encoding)))
            .collect(),
    )
}

pub fn prepare_rename(
    snapshot: &Snapshot,
    position: Position,
    encoding: Encoding,
) -> Option<PrepareRenameResponse> {
    let at = offset(snapshot, position, encoding);
    let entity = navigation::entity_at(&snapshot.analysis, at)?;
    let mention = entity
        .mentions
        .iter()
        .find(|m| m.start <= at && at < m.end.max(m.start + 1))?;
    Some(PrepareRenameResponse::RangeWithPlaceholder {
        range: range(snapshot, mention, encoding),
        placeholder: entity.name.clone(),
    })
}

pub fn rename(
    snapshot: &Snapshot,
    uri: &Uri,
    position: Position,
    new_name: &str,
    encoding: Encoding,
) -> Result<Option<WorkspaceEdit>> {
    let new_name = new_name.trim();
    if new_name.is_empty() {
        return Err(Error::invalid_params("the new name is empty"));
    }
    let Some(entity) = entity_under(snapshot, position, encoding) else {
        return Ok(None);
    };
    let edits: Vec<TextEdit> = navigation::rename_edits(&snapshot.text, entity, new_name)
        .into_iter()
        .map(|(bytes, replacement)| TextEdit::new(range(snapshot, &bytes, encoding), replacement))
        .collect();
    Ok(Some(WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        ..WorkspaceEdit::default()
    }))
}

fn symbol_kind(kind: EntityKind) -> SymbolKind {
    match kind {
        EntityKind::Person => SymbolKind::OBJECT,
        EntityKind::Organization => SymbolKind::CLASS,
        EntityKind::Place => SymbolKind::NAMESPACE,
    }
}

/// People, organisations and places, each with the quotations it said as children.
#[allow(deprecated)] // `DocumentSymbol::deprecated` must still be written
pub fn document_symbols(snapshot: &Snapshot, encoding: Encoding) -> Vec<DocumentSymbol> {
    let analysis = &snapshot.analysis;
    analysis
        .entities
        .iter()
        .filter_map(|entity| {
            let first = range(snapshot, &entity.first_reference()?, encoding);
            let children: Vec<DocumentSymbol> = entity
                .quotes
                .iter()
                .map(|&i| {
                    let quote = &analysis.quotes[i];
                    let span = range(snapshot, &quote.range, encoding);
                    DocumentSymbol {
                        name: navigation::opening_words(&snapshot.text[quote.range.clone()], 8),
                        detail: Some("quotation".to_string()),
                        kind: SymbolKind::STRING,
                        tags: None,
                        deprecated: None,
                        range: span,
                        selection_range: span,
                        children: None,
                    }
                })
                .collect();
            Some(DocumentSymbol {
                name: entity.name.clone(),
                detail: Some(
                    entity
                        .role
                        .clone()
                        .unwrap_or_else(|| entity.kind.as_str().to_string()),
                ),
                kind: symbol_kind(entity.kind),
                tags: None,
                deprecated: None,
                range: first,
                selection_range: first,
                children: (!children.is_empty()).then_some(children),
            })
        })
        .collect()
}

#[allow(deprecated)] // `SymbolInformation::deprecated` must still be written
pub fn workspace_symbols(
    snapshot: &Snapshot,
    uri: &Uri,
    query: &str,
    encoding: Encoding,
) -> Vec<SymbolInformation> {
    snapshot
        .analysis
        .entities
        .iter()
        .filter(|e| navigation::matches_query(&e.name, query))
        .filter_map(|entity| {
            let first = entity.first_reference()?;
            Some(SymbolInformation {
                name: entity.name.clone(),
                kind: symbol_kind(entity.kind),
                tags: None,
                deprecated: None,
                location: Location::new(uri.clone(), range(snapshot, &first, encoding)),
                container_name: Some(entity.kind.as_str().to_string()),
            })
        })
        .collect()
}
