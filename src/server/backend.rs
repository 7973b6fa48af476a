//! The language server: owns the open drafts, the negotiated encoding and the
//! configuration; runs the analysis off the async threads and publishes each result
//! only while it is still the document's latest.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use ropey::Rope;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use super::convert::{self, Encoding};
use super::documents::{Document, Documents, EditNote};
use super::hover;
use crate::analysis::{self, Analysis, Format};
use crate::config::Config;

/// One analysed version of a draft, kept for code actions.
struct Snapshot {
    revision: u64,
    rope: Rope,
    text: Arc<str>,
    analysis: Arc<Analysis>,
}

#[derive(Default)]
struct State {
    documents: Documents,
    /// Bumped on every change to a document; a result is published only for the
    /// revision it was computed from (client versions may go backwards).
    revisions: HashMap<Uri, u64>,
    snapshots: HashMap<Uri, Arc<Snapshot>>,
    encoding: Encoding,
    config: Arc<Config>,
}

/// Everything an analysis of one revision needs, taken under the lock.
struct Job {
    uri: Uri,
    revision: u64,
    version: i32,
    rope: Rope,
    format: Format,
    config: Arc<Config>,
}

pub struct Backend {
    client: Client,
    state: Arc<Mutex<State>>,
    /// Serialises publishing, so the check "still the latest" and the send are one step.
    publishing: tokio::sync::Mutex<()>,
    shutdown_requested: Arc<AtomicBool>,
}

impl Backend {
    pub fn new(client: Client, shutdown_requested: Arc<AtomicBool>) -> Backend {
        Backend {
            client,
            state: Arc::default(),
            publishing: tokio::sync::Mutex::new(()),
            shutdown_requested,
        }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // A panic elsewhere must not take the drafts with it.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn job(state: &mut State, uri: &Uri) -> Option<Job> {
        let document = state.documents.get(uri)?;
        let revision = state.revisions.get(uri).copied().unwrap_or(0);
        Some(Job {
            uri: uri.clone(),
            revision,
            version: document.version,
            rope: document.rope.clone(),
            format: document.format,
            config: state.config.clone(),
        })
    }

    /// Records a change to a document and returns the job that analyses it.
    fn bump(state: &mut State, uri: &Uri) -> Option<Job> {
        *state.revisions.entry(uri.clone()).or_insert(0) += 1;
        Self::job(state, uri)
    }

    async fn analyze(&self, job: &Job) -> Option<(Arc<str>, Arc<Analysis>)> {
        let rope = job.rope.clone();
        let format = job.format;
        let config = job.config.clone();
        let result = tokio::task::spawn_blocking(move || {
            let text: Arc<str> = Arc::from(rope.to_string());
            let analysis = analysis::analyze(&text, format, &config);
            (text, analysis)
        })
        .await;
        match result {
            Ok((text, analysis)) => Some((text, Arc::new(analysis))),
            Err(err) => {
                let message = format!("analysis of {} failed: {err}", job.uri.as_str());
                tracing::error!("{message}");
                self.client.log_message(MessageType::ERROR, message).await;
                None
            }
        }
    }

    async fn analyze_and_publish(&self, job: Job) {
        let Some((text, analysis)) = self.analyze(&job).await else {
            return;
        };
        let _publishing = self.publishing.lock().await;
        let diagnostics = {
            let mut state = self.state();
            if state.revisions.get(&job.uri) != Some(&job.revision)
                || state.documents.get(&job.uri).is_none()
            {
                return; // a newer edit, or a close, overtook this result
            }
            let encoding = state.encoding;
            let diagnostics = analysis
                .findings
                .iter()
                .map(|finding| convert::diagnostic(&job.uri, &job.rope, finding, encoding))
                .collect();
            state.snapshots.insert(
                job.uri.clone(),
                Arc::new(Snapshot {
                    revision: job.revision,
                    rope: job.rope.clone(),
                    text,
                    analysis,
                }),
            );
            diagnostics
        };
        self.client
            .publish_diagnostics(job.uri, diagnostics, Some(job.version))
            .await;
    }

    /// The analysis of the document as it is now, computed if the last one is stale.
    async fn current_snapshot(&self, uri: &Uri) -> Option<Arc<Snapshot>> {
        let job = {
            let mut state = self.state();
            let revision = state.revisions.get(uri).copied();
            match state.snapshots.get(uri) {
                Some(snapshot) if Some(snapshot.revision) == revision => {
                    return Some(snapshot.clone());
                }
                _ => Self::job(&mut state, uri)?,
            }
        };
        let (text, analysis) = self.analyze(&job).await?;
        Some(Arc::new(Snapshot {
            revision: job.revision,
            rope: job.rope,
            text,
            analysis,
        }))
    }

    async fn recheck_all(&self) {
        let jobs: Vec<Job> = {
            let mut state = self.state();
            state
                .documents
                .uris()
                .iter()
                .filter_map(|uri| Self::bump(&mut state, uri))
                .collect()
        };
        for job in jobs {
            self.analyze_and_publish(job).await;
        }
    }

    async fn apply_settings(&self, settings: &serde_json::Value) {
        let settings = settings.get("copydesk").unwrap_or(settings);
        let (config, warnings) = Config::from_settings(settings);
        self.state().config = Arc::new(config);
        for warning in warnings {
            tracing::warn!("{warning}");
            self.client
                .show_message(MessageType::WARNING, format!("copydesk: {warning}"))
                .await;
        }
    }

    async fn warn(&self, message: String) {
        tracing::warn!("{message}");
        self.client.log_message(MessageType::WARNING, message).await;
    }
}

fn format_of(language_id: &str, uri: &Uri) -> Format {
    match language_id {
        "markdown" | "mdx" => Format::Markdown,
        "plaintext" | "text" => Format::PlainText,
        _ => Format::from_path(uri.path().as_str()),
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let offered = params
            .capabilities
            .general
            .as_ref()
            .and_then(|general| general.position_encodings.as_deref());
        let encoding = Encoding::negotiate(offered);
        self.state().encoding = encoding;
        if let Some(options) = &params.initialization_options {
            self.apply_settings(options).await;
        }
        Ok(InitializeResult {
            capabilities: ServerCapabilities {
                position_encoding: Some(encoding.kind()),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                        ..TextDocumentSyncOptions::default()
                    },
                )),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                inlay_hint_provider: Some(OneOf::Left(true)),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                        ..CodeActionOptions::default()
                    },
                )),
                ..ServerCapabilities::default()
            },
            server_info: Some(ServerInfo {
                name: "copydesk".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        tracing::info!("copydesk initialized");
    }

    async fn shutdown(&self) -> Result<()> {
        self.shutdown_requested.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let item = params.text_document;
        let format = format_of(&item.language_id, &item.uri);
        let job = {
            let mut state = self.state();
            state.documents.open(
                item.uri.clone(),
                Document::new(&item.text, item.version, format),
            );
            Self::bump(&mut state, &item.uri)
        };
        if let Some(job) = job {
            self.analyze_and_publish(job).await;
        }
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let version = params.text_document.version;
        // The edit is applied before the first `.await`: handlers interleave there.
        let applied = {
            let mut state = self.state();
            let encoding = state.encoding;
            state
                .documents
                .get_mut(&uri)
                .map(|document| {
                    let previous = document.version;
                    let mut notes = Vec::new();
                    for change in &params.content_changes {
                        notes.extend(document.apply_change(change.range, &change.text, encoding));
                    }
                    document.version = version;
                    (notes, previous)
                })
                .map(|(notes, previous)| (Self::bump(&mut state, &uri), notes, previous))
        };
        let Some((job, notes, previous)) = applied else {
            self.warn(format!(
                "didChange for {} which is not open; ignored",
                uri.as_str()
            ))
            .await;
            return;
        };
        if version <= previous {
            self.warn(format!(
                "{}: version went from {previous} to {version}; the text was updated anyway",
                uri.as_str()
            ))
            .await;
        }
        for note in notes {
            let message = match note {
                EditNote::ClampedPosition(p) => format!(
                    "{}: position {}:{} is outside the document; clamped",
                    uri.as_str(),
                    p.line,
                    p.character
                ),
                EditNote::ReversedRange(r) => format!(
                    "{}: edit range ends before it starts ({}:{}–{}:{}); swapped",
                    uri.as_str(),
                    r.start.line,
                    r.start.character,
                    r.end.line,
                    r.end.character
                ),
            };
            self.warn(message).await;
        }
        if let Some(job) = job {
            self.analyze_and_publish(job).await;
        }
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        let job = {
            let mut state = self.state();
            let uri = &params.text_document.uri;
            if let (Some(text), Some(document)) = (&params.text, state.documents.get_mut(uri)) {
                document.rope = Rope::from_str(text);
            }
            Self::bump(&mut state, uri)
        };
        if let Some(job) = job {
            self.analyze_and_publish(job).await;
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        {
            let mut state = self.state();
            state.documents.close(&uri);
            state.revisions.remove(&uri);
            state.snapshots.remove(&uri);
        }
        let _publishing = self.publishing.lock().await;
        self.client.publish_diagnostics(uri, Vec::new(), None).await;
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        self.apply_settings(&params.settings).await;
        self.recheck_all().await;
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri;
        let Some(snapshot) = self.current_snapshot(&uri).await else {
            return Err(Error::invalid_params(format!(
                "{} is not open",
                uri.as_str()
            )));
        };
        let encoding = self.state().encoding;
        let start = convert::position_to_byte(&snapshot.rope, params.range.start, encoding).byte;
        let end = convert::position_to_byte(&snapshot.rope, params.range.end, encoding).byte;
        let (start, end) = (start.min(end), start.max(end));
        let mut actions = Vec::new();
        for finding in &snapshot.analysis.findings {
            if finding.range.start > end || start > finding.range.end {
                continue;
            }
            let diagnostic = convert::diagnostic(&uri, &snapshot.rope, finding, encoding);
            for fix in &finding.fixes {
                actions.push(CodeActionOrCommand::CodeAction(convert::quick_fix(
                    &uri,
                    &snapshot.rope,
                    fix,
                    diagnostic.clone(),
                    encoding,
                )));
            }
        }
        Ok(Some(actions))
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let position = params.text_document_position_params;
        let uri = position.text_document.uri;
        let Some(snapshot) = self.current_snapshot(&uri).await else {
            return Err(Error::invalid_params(format!(
                "{} is not open",
                uri.as_str()
            )));
        };
        let encoding = self.state().encoding;
        let offset = convert::position_to_byte(&snapshot.rope, position.position, encoding).byte;
        let found = hover::quote_hover(&snapshot.text, &snapshot.analysis, offset);
        Ok(found.map(|(markdown, range)| Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: markdown,
            }),
            range: Some(convert::byte_range_to_range(
                &snapshot.rope,
                &range,
                encoding,
            )),
        }))
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        let uri = params.text_document.uri;
        let Some(snapshot) = self.current_snapshot(&uri).await else {
            return Err(Error::invalid_params(format!(
                "{} is not open",
                uri.as_str()
            )));
        };
        let encoding = self.state().encoding;
        let start = convert::position_to_byte(&snapshot.rope, params.range.start, encoding).byte;
        let end = convert::position_to_byte(&snapshot.rope, params.range.end, encoding).byte;
        let hints = snapshot
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
            .collect();
        Ok(Some(hints))
    }
}
