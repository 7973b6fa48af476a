//! The language server: owns the open drafts, the negotiated encoding and the
//! configuration; runs the analysis off the async threads and publishes each result
//! only while it is still the document's latest.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use ropey::Rope;
use tower_lsp_server::jsonrpc::{ErrorCode, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

mod capabilities;
mod config_sync;
mod jobs;
mod publish;
mod sources_sync;
mod sync;

use publish::Diagnostics;

use super::actions::{NEW_CONFIG_HEADER, add_preferred, ignore_action, proposed_spelling};
use super::convert::{self, Encoding, config_diagnostics};
use super::documents::{Document, Documents, EditNote};
use super::requests::{self, test_hooks};
use super::snapshot::Snapshot;
use super::sources::Folders;
use super::worker::Worker;
use crate::analysis::{Finding, Format};
use crate::config::file::{ProblemLevel, is_config_file_name};
use crate::config::{Config, Report, Store};
use capabilities::server_capabilities;

struct State {
    documents: Documents,
    /// Bumped on every change to a document; a result is published only for the
    /// revision it was computed from (client versions may go backwards).
    revisions: HashMap<Uri, u64>,
    snapshots: HashMap<Uri, Arc<Snapshot>>,
    encoding: Encoding,
    /// Config files found above the drafts, under the client's settings.
    store: Store,
    capabilities: Capabilities,
    /// The client's `maxDocumentBytes`; None: [`DEFAULT_MAX_DOCUMENT_BYTES`].
    max_document_bytes: Option<usize>,
    /// The reporter's sources, per configuration folder.
    folders: Folders,
    /// Source folders and globs the client watches for us.
    watched_sources: std::collections::HashSet<(PathBuf, Vec<String>)>,
    /// Problems with the sources already told to the user (each is told once).
    told_source_notes: std::collections::HashSet<String>,
    /// The names of the open drafts under each configuration file's folder: the desk
    /// `desk-spelling` holds a draft against.
    desks: HashMap<PathBuf, crate::analysis::desk::DeskNames>,
}

impl Default for State {
    fn default() -> State {
        State {
            documents: Documents::default(),
            revisions: HashMap::new(),
            snapshots: HashMap::new(),
            encoding: Encoding::default(),
            store: Store::new(crate::rules::is_known),
            capabilities: Capabilities::default(),
            max_document_bytes: None,
            folders: Folders::default(),
            watched_sources: Default::default(),
            told_source_notes: Default::default(),
            desks: HashMap::new(),
        }
    }
}

/// Drafts larger than this (in UTF-8 bytes) get one information diagnostic instead of
/// an analysis; the client's `copydesk.maxDocumentBytes` setting changes it.
pub const DEFAULT_MAX_DOCUMENT_BYTES: usize = 5 * 1024 * 1024;

/// Drafts up to this size (about 2,500 words) are analysed on the async thread that
/// received the edit; longer ones on the analysis thread ([`Worker`]).
const INLINE_ANALYSIS_BYTES: usize = 16 * 1024;

/// The settings key of the size limit: a server setting, not part of the house style,
/// so it is taken out before the rest is read as configuration.
const MAX_DOCUMENT_BYTES_KEY: &str = "maxDocumentBytes";

/// What the client said it can do, as far as configuration is concerned.
#[derive(Default, Clone, Copy)]
struct Capabilities {
    /// `workspace/didChangeWatchedFiles` may be registered dynamically.
    watch_files: bool,
    /// The client answers `workspace/configuration`.
    pull_configuration: bool,
    /// Workspace edits may carry `documentChanges` with `create` operations.
    document_changes: bool,
    create_files: bool,
    /// The client shows work-done progress the server starts.
    work_done_progress: bool,
    /// Watchers may be relative patterns (a base folder and a glob).
    relative_patterns: bool,
}

/// The server: a handle on its shared state, cloned into the tasks that analyse long
/// drafts after the edit's handler has returned.
#[derive(Clone)]
pub struct Backend(Arc<Shared>);

impl std::ops::Deref for Backend {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

pub struct Shared {
    client: Client,
    state: Arc<Mutex<State>>,
    /// Serialises publishing, so the check "still the latest" and the send are one step.
    publishing: tokio::sync::Mutex<()>,
    shutdown_requested: Arc<AtomicBool>,
    /// Where drafts too long to analyse inline are analysed.
    worker: Worker,
    /// The output's frame queue, when the server runs on stdio: a draft's diagnostics
    /// are serialised straight into a frame there. Through the client they became a
    /// `serde_json::Value` tree and two more copies of a long draft's message on every
    /// keystroke.
    frames: Option<FrameSender>,
}

/// Sends a complete frame (header and body) to the client.
pub(super) type FrameSender = tokio::sync::mpsc::UnboundedSender<Vec<u8>>;

impl Backend {
    /// The server's state for one session. Also how the fuzz targets build an
    /// in-process `LspService` (`LspService::new(|client| Backend::new(client, flag))`).
    pub fn new(client: Client, shutdown_requested: Arc<AtomicBool>) -> Backend {
        Backend::with_worker(client, shutdown_requested, Worker::start(), None)
    }

    /// The server's state, analysing long drafts on `worker`'s thread and publishing
    /// drafts' diagnostics as frames on `frames` (through the client when None).
    pub(super) fn with_worker(
        client: Client,
        shutdown_requested: Arc<AtomicBool>,
        worker: Worker,
        frames: Option<FrameSender>,
    ) -> Backend {
        test_hooks::init();
        Backend(Arc::new(Shared {
            client,
            state: Arc::default(),
            publishing: tokio::sync::Mutex::new(()),
            shutdown_requested,
            worker,
            frames,
        }))
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // A panic elsewhere must not take the drafts with it.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Computes a request's answer from a snapshot under [`requests::guarded`], and
    /// tells the client when it failed.
    async fn answer<T>(
        &self,
        what: &str,
        uri: &Uri,
        snapshot: &Snapshot,
        compute: impl FnOnce() -> Result<T>,
    ) -> Result<T> {
        let result = requests::guarded(what, uri, &snapshot.text, compute);
        if let Err(err) = &result
            && err.code == ErrorCode::InternalError
        {
            self.client
                .log_message(MessageType::ERROR, err.message.to_string())
                .await;
        }
        result
    }

    fn encoding(&self) -> Encoding {
        self.state().encoding
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

/// The file path of a `file:` URI; None for `untitled:` and other schemes.
fn draft_path(uri: &Uri) -> Option<PathBuf> {
    if uri.scheme().as_str() != "file" {
        return None;
    }
    uri.to_file_path().map(|path| path.into_owned())
}

/// True for a `copydesk.toml` / `.copydesk.toml`: validated, never analysed as a draft.
fn is_config_uri(uri: &Uri) -> bool {
    uri.path()
        .as_str()
        .rsplit('/')
        .next()
        .is_some_and(is_config_file_name)
}

/// The rule codes whose findings offer "Add “X” to the stylebook".
const SPELLING_CODES: &[&str] = &["inconsistent-spelling", "stylebook-spelling"];

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let offered = params
            .capabilities
            .general
            .as_ref()
            .and_then(|general| general.position_encodings.as_deref());
        let encoding = Encoding::negotiate(offered);
        let capabilities = Capabilities::offered(&params.capabilities);
        #[allow(deprecated)]
        let mut roots: Vec<PathBuf> = params
            .workspace_folders
            .iter()
            .flatten()
            .filter_map(|folder| draft_path(&folder.uri))
            .chain(params.root_uri.as_ref().and_then(draft_path))
            .collect();
        roots.dedup();
        {
            let mut state = self.state();
            state.encoding = encoding;
            state.capabilities = capabilities;
            state.store.set_roots(roots);
        }
        if let Some(options) = &params.initialization_options {
            self.apply_settings(options).await;
        }
        Ok(InitializeResult {
            capabilities: server_capabilities(encoding),
            server_info: Some(ServerInfo {
                name: "copydesk".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        tracing::info!("copydesk initialized");
        let capabilities = self.state().capabilities;
        if capabilities.watch_files {
            self.watch_config_files().await;
        }
        if capabilities.pull_configuration
            && let Some(settings) = self.pull_settings().await
            && !settings.is_null()
        {
            self.apply_settings(&settings).await;
            self.recheck_all().await;
        }
    }

    async fn shutdown(&self) -> Result<()> {
        self.shutdown_requested.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        self.open_document(params).await;
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        self.change_document(params).await;
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        self.save_document(params).await;
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        self.close_document(params).await;
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let pulled = if self.state().capabilities.pull_configuration {
            self.pull_settings().await.filter(|v| !v.is_null())
        } else {
            None
        };
        match pulled {
            Some(settings) => self.apply_settings(&settings).await,
            None => self.apply_settings(&params.settings).await,
        }
        self.recheck_all().await;
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let mut paths: Vec<PathBuf> = Vec::new();
        let mut sources: Vec<(PathBuf, Option<String>)> = Vec::new();
        for change in &params.changes {
            let Some(path) = draft_path(&change.uri) else {
                continue;
            };
            if is_config_uri(&change.uri) {
                if !paths.contains(&path) {
                    paths.push(path);
                }
            } else if !sources.iter().any(|(p, _)| *p == path)
                // An open file's buffer is what counts until it is closed.
                && self.state().documents.get(&change.uri).is_none()
            {
                sources.push((path, None));
            }
        }
        self.reload_configs(paths).await;
        self.sources_changed(sources).await;
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri;
        let snapshot = self.open_snapshot(&uri).await?;
        let (encoding, format) = {
            let state = self.state();
            let format = state
                .documents
                .get(&uri)
                .map_or(Format::PlainText, |d| d.format);
            (state.encoding, format)
        };
        self.answer("textDocument/codeAction", &uri, &snapshot, || {
            let rope = &snapshot.rope;
            let start = convert::position_to_byte(rope, params.range.start, encoding).byte;
            let end = convert::position_to_byte(rope, params.range.end, encoding).byte;
            let (start, end) = (start.min(end), start.max(end));
            let mut actions = Vec::new();
            for finding in &snapshot.analysis.findings {
                if finding.range.start > end || start > finding.range.end {
                    continue;
                }
                let diagnostic = convert::diagnostic(&uri, rope, finding, encoding);
                for fix in &finding.fixes {
                    actions.push(CodeActionOrCommand::CodeAction(convert::quick_fix(
                        &uri,
                        rope,
                        fix,
                        diagnostic.clone(),
                        encoding,
                    )));
                }
                if let Some(action) = self.stylebook_action(&uri, &snapshot, finding) {
                    actions.push(CodeActionOrCommand::CodeAction(action));
                }
                actions.push(CodeActionOrCommand::CodeAction(ignore_action(
                    &uri, &snapshot, finding, format, encoding,
                )));
            }
            Ok(Some(actions))
        })
        .await
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let at = params.text_document_position_params;
        let uri = &at.text_document.uri;
        let snapshot = self.open_snapshot(uri).await?;
        let encoding = self.encoding();
        self.answer("textDocument/hover", uri, &snapshot, || {
            Ok(requests::hover(&snapshot, at.position, encoding))
        })
        .await
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        let uri = &params.text_document.uri;
        let snapshot = self.open_snapshot(uri).await?;
        let encoding = self.encoding();
        self.answer("textDocument/inlayHint", uri, &snapshot, || {
            Ok(Some(requests::inlay_hints(
                &snapshot,
                params.range,
                encoding,
            )))
        })
        .await
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let at = params.text_document_position_params;
        let uri = &at.text_document.uri;
        let snapshot = self.open_snapshot(uri).await?;
        let encoding = self.encoding();
        self.answer("textDocument/definition", uri, &snapshot, || {
            // A quotation's definition is its passage in the sources; a name's, its
            // first full mention.
            let location = requests::quote_source(&snapshot, at.position, encoding)
                .or_else(|| requests::first_reference(&snapshot, uri, at.position, encoding));
            Ok(location.map(GotoDefinitionResponse::Scalar))
        })
        .await
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let at = params.text_document_position;
        let uri = &at.text_document.uri;
        let snapshot = self.open_snapshot(uri).await?;
        let encoding = self.encoding();
        self.answer("textDocument/references", uri, &snapshot, || {
            Ok(requests::references(&snapshot, uri, at.position, encoding))
        })
        .await
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        let uri = &params.text_document.uri;
        let snapshot = self.open_snapshot(uri).await?;
        let encoding = self.encoding();
        self.answer("textDocument/prepareRename", uri, &snapshot, || {
            Ok(requests::prepare_rename(
                &snapshot,
                params.position,
                encoding,
            ))
        })
        .await
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        let at = params.text_document_position;
        let uri = &at.text_document.uri;
        let snapshot = self.open_snapshot(uri).await?;
        let encoding = self.encoding();
        self.answer("textDocument/rename", uri, &snapshot, || {
            requests::rename(&snapshot, uri, at.position, &params.new_name, encoding)
        })
        .await
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        let uri = &params.text_document.uri;
        let snapshot = self.open_snapshot(uri).await?;
        let encoding = self.encoding();
        self.answer("textDocument/documentSymbol", uri, &snapshot, || {
            Ok(Some(DocumentSymbolResponse::Nested(
                requests::document_symbols(&snapshot, encoding),
            )))
        })
        .await
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        let uris = self.state().documents.uris();
        let mut symbols = Vec::new();
        let encoding = self.encoding();
        // A draft whose analysis or answer fails is left out (and logged); the others
        // still answer.
        for uri in uris {
            let Ok(snapshot) = self.open_snapshot(&uri).await else {
                continue;
            };
            let found = self
                .answer("workspace/symbol", &uri, &snapshot, || {
                    Ok(requests::workspace_symbols(
                        &snapshot,
                        &uri,
                        &params.query,
                        encoding,
                    ))
                })
                .await;
            symbols.extend(found.unwrap_or_default());
        }
        Ok(Some(WorkspaceSymbolResponse::Flat(symbols)))
    }
}
