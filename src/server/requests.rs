//! Answers to the editor's questions about a draft — hover, inlay hints, definition,
//! references, rename, symbols — from one snapshot, converting positions at the edge.
//! Each answer is computed under [`guarded`]: a panic becomes an error response for that
//! one request, never the end of the session.

use std::any::Any;
use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::OnceLock;

use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::{
    DocumentSymbol, Hover, HoverContents, InlayHint, InlayHintLabel, Location, MarkupContent,
    MarkupKind, Position, PrepareRenameResponse, Range, SymbolInformation, SymbolKind, TextEdit,
    Uri, WorkspaceEdit,
};

use super::convert::{self, Encoding};
use super::hover;
use super::navigation;
use super::snapshot::Snapshot;
use super::sources;
use crate::analysis::{Entity, EntityKind};

/// Runs one request's synchronous computation about `uri`, turning a panic into an
/// internal-error response whose message (also logged) names the request and the draft.
pub fn guarded<T>(
    what: &str,
    uri: &Uri,
    text: &str,
    compute: impl FnOnce() -> Result<T>,
) -> Result<T> {
    match catch_unwind(AssertUnwindSafe(|| {
        test_hooks::panic_if_marked(test_hooks::Site::Request, text);
        compute()
    })) {
        Ok(result) => result,
        Err(payload) => {
            let message = format!(
                "copydesk: {what} for {} failed: {}; the draft is still open",
                uri.as_str(),
                panic_message(payload.as_ref())
            );
            tracing::error!("{message}");
            Err(internal_error(message))
        }
    }
}

pub fn internal_error(message: String) -> Error {
    Error {
        code: ErrorCode::InternalError,
        message: message.into(),
        data: None,
    }
}

/// The text a panic was raised with.
pub fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_string()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "panic".to_string()
    }
}

/// Fault injection for the robustness tests, off unless an environment variable sets a
/// marker (both are read once, at the first check):
///
/// - `COPYDESK_TEST_PANIC_ON=MARKER`: the analysis of a draft whose text contains MARKER
///   panics (on the blocking thread that runs it);
/// - `COPYDESK_TEST_PANIC_ON_REQUEST=MARKER`: every request about such a draft (hover,
///   code actions, symbols…) panics inside its handler;
/// - `COPYDESK_TEST_HOLD_ON=MARKER` with `COPYDESK_TEST_HOLD_UNTIL=PATH`: the analysis of
///   such a draft says so on stderr and waits until PATH exists (a minute at most), so
///   that a test can keep a draft's analysis running while it edits and asks.
///
/// Nothing else reads these variables; an unset or empty one does nothing.
pub mod test_hooks {
    use super::OnceLock;

    #[derive(Clone, Copy)]
    pub enum Site {
        Analysis,
        Request,
    }

    fn marker(site: Site) -> Option<&'static str> {
        static ANALYSIS: OnceLock<Option<String>> = OnceLock::new();
        static REQUEST: OnceLock<Option<String>> = OnceLock::new();
        let (cell, name) = match site {
            Site::Analysis => (&ANALYSIS, "COPYDESK_TEST_PANIC_ON"),
            Site::Request => (&REQUEST, "COPYDESK_TEST_PANIC_ON_REQUEST"),
        };
        cell.get_or_init(|| std::env::var(name).ok().filter(|m| !m.is_empty()))
            .as_deref()
    }

    /// Reads the variables now (the server calls this at startup).
    pub fn init() {
        marker(Site::Analysis);
        marker(Site::Request);
        hold();
    }

    fn hold() -> Option<&'static (String, std::path::PathBuf)> {
        static HOLD: OnceLock<Option<(String, std::path::PathBuf)>> = OnceLock::new();
        HOLD.get_or_init(|| {
            let marker = std::env::var("COPYDESK_TEST_HOLD_ON").ok()?;
            let until = std::env::var_os("COPYDESK_TEST_HOLD_UNTIL")?;
            (!marker.is_empty()).then(|| (marker, until.into()))
        })
        .as_ref()
    }

    /// Waits while the hold's marker is set, `text` contains it and its file is absent.
    pub fn hold_if_marked(text: &str) {
        let Some((marker, until)) = hold() else {
            return;
        };
        if !text.contains(marker.as_str()) {
            return;
        }
        eprintln!("copydesk test hook: analysing a held draft");
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        while !until.exists() && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
    }

    /// Panics when the test marker for `site` is set and `text` contains it.
    pub fn panic_if_marked(site: Site, text: &str) {
        if let Some(marker) = marker(site)
            && text.contains(marker)
        {
            let site = match site {
                Site::Analysis => "analysis",
                Site::Request => "request",
            };
            panic!("test-only panic in {site}: the text contains the marker {marker:?}");
        }
    }
}

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
    let (mut text, bytes) = hover::quote_hover(&snapshot.text, analysis, at)?;
    if let Some((_, found)) = snapshot
        .sources
        .as_ref()
        .and_then(|s| sources::lookup_at(&snapshot.text, analysis, s, at))
    {
        text.push_str("\n\n---\n\n");
        text.push_str(&sources::hover_text(&found));
    }
    Some(Hover {
        contents: markdown(text),
        range: Some(range(snapshot, &bytes, encoding)),
    })
}

/// The passage of the reporter's sources the quotation at `position` comes from (or
/// comes closest to).
pub fn quote_source(
    snapshot: &Snapshot,
    position: Position,
    encoding: Encoding,
) -> Option<Location> {
    let at = offset(snapshot, position, encoding);
    let all = snapshot.sources.as_ref()?;
    let (_, found) = sources::lookup_at(&snapshot.text, &snapshot.analysis, all, at)?;
    sources::location(all, found.passage.as_ref()?, encoding)
}

pub fn inlay_hints(snapshot: &Snapshot, visible: Range, encoding: Encoding) -> Vec<InlayHint> {
    let start = offset(snapshot, visible.start, encoding);
    let end = offset(snapshot, visible.end, encoding);
    let mut hints = snapshot
        .analysis
        .quotes
        .iter()
        .filter(|q| q.range.end >= start && q.range.end <= end)
        .filter_map(|quote| hover::speaker_hint(&snapshot.analysis, quote))
        .collect::<Vec<_>>();
    // An interrupted quotation's two halves share one "she said": one hint.
    hints.dedup();
    hints
        .into_iter()
        .map(|(at, label)| InlayHint {
            position: convert::byte_to_position(&snapshot.rope, at, encoding),
            label: InlayHintLabel::String(label),
            kind: None,
            text_edits: None,
            tooltip: None,
            padding_left: Some(true),
            padding_right: None,
            data: None,
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
