//! The language server: owns the open drafts, the negotiated encoding and the
//! configuration; runs the analysis off the async threads and publishes each result
//! only while it is still the document's latest.

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use ropey::Rope;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use super::convert::{self, Encoding};
use super::documents::{Document, Documents, EditNote};
use super::requests::{self, test_hooks};
use super::snapshot::Snapshot;
use crate::analysis::{self, Analysis, Finding, Format};
use crate::config::file::{Problem, ProblemLevel, is_config_file_name};
use crate::config::{Config, Report, Store};

#[derive(Default)]
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
}

/// Drafts larger than this (in UTF-8 bytes) get one information diagnostic instead of
/// an analysis; the client's `copydesk.maxDocumentBytes` setting changes it.
pub const DEFAULT_MAX_DOCUMENT_BYTES: usize = 5 * 1024 * 1024;

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
}

/// Everything an analysis of one revision needs, taken under the lock.
struct Job {
    uri: Uri,
    revision: u64,
    version: i32,
    rope: Rope,
    format: Format,
    config: Arc<Config>,
    /// `files.ignore` excludes this draft: analysed (for hovers) but nothing reported.
    ignored: bool,
    /// Config files read for the first time while resolving this draft's configuration.
    reports: Vec<Report>,
    /// Above this many bytes the draft is not analysed.
    max_bytes: usize,
}

/// One analysed revision's text and analysis.
struct Analyzed {
    text: Arc<str>,
    analysis: Arc<Analysis>,
    /// The draft was above the size limit: the analysis is empty.
    too_large: bool,
}

pub struct Backend {
    client: Client,
    state: Arc<Mutex<State>>,
    /// Serialises publishing, so the check "still the latest" and the send are one step.
    publishing: tokio::sync::Mutex<()>,
    shutdown_requested: Arc<AtomicBool>,
}

impl Backend {
    /// The server's state for one session. Also how the fuzz targets build an
    /// in-process `LspService` (`LspService::new(|client| Backend::new(client, flag))`).
    pub fn new(client: Client, shutdown_requested: Arc<AtomicBool>) -> Backend {
        test_hooks::init();
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
        let (version, rope, format) = {
            let document = state.documents.get(uri)?;
            (document.version, document.rope.clone(), document.format)
        };
        let revision = state.revisions.get(uri).copied().unwrap_or(0);
        let (config, ignored, reports) = match draft_path(uri) {
            Some(path) => {
                let (resolved, reports) = state.store.resolve(&path);
                (resolved.config.clone(), resolved.ignores(&path), reports)
            }
            None => (Arc::new(state.store.settings().clone()), false, Vec::new()),
        };
        Some(Job {
            uri: uri.clone(),
            revision,
            version,
            rope,
            format,
            config,
            ignored,
            reports,
            max_bytes: state
                .max_document_bytes
                .unwrap_or(DEFAULT_MAX_DOCUMENT_BYTES),
        })
    }

    /// Records a change to a document and returns the job that analyses it.
    fn bump(state: &mut State, uri: &Uri) -> Option<Job> {
        *state.revisions.entry(uri.clone()).or_insert(0) += 1;
        Self::job(state, uri)
    }

    /// Analyses the job's text on a blocking thread. A panic there is caught by the
    /// runtime: it is logged with the draft's URI and becomes an error message.
    async fn analyze(&self, job: &Job) -> std::result::Result<Analyzed, String> {
        let rope = job.rope.clone();
        let format = job.format;
        let config = job.config.clone();
        let ignored = job.ignored;
        let too_large = job.rope.len_bytes() > job.max_bytes;
        let result = tokio::task::spawn_blocking(move || {
            let text: Arc<str> = Arc::from(rope.to_string());
            test_hooks::panic_if_marked(test_hooks::Site::Analysis, &text);
            // An empty analysis stands in for a draft above the size limit.
            let analysed = if too_large { "" } else { &text[..] };
            let mut analysis = analysis::analyze(analysed, format, &config);
            if ignored {
                analysis.findings.clear();
            }
            (text, analysis)
        })
        .await;
        match result {
            Ok((text, analysis)) => Ok(Analyzed {
                text,
                analysis: Arc::new(analysis),
                too_large,
            }),
            Err(err) => {
                let why = match err.try_into_panic() {
                    Ok(payload) => requests::panic_message(payload.as_ref()),
                    Err(err) => err.to_string(),
                };
                let message = format!(
                    "copydesk: analysis of {} (version {}) failed: {why}; nothing is reported for this version and the draft is still open",
                    job.uri.as_str(),
                    job.version
                );
                tracing::error!("{message}");
                self.client
                    .log_message(MessageType::ERROR, message.clone())
                    .await;
                Err(message)
            }
        }
    }

    async fn analyze_and_publish(&self, mut job: Job) {
        for report in std::mem::take(&mut job.reports) {
            self.publish_report(&report).await;
        }
        let Ok(Analyzed {
            text,
            analysis,
            too_large,
        }) = self.analyze(&job).await
        else {
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
            // Converting runs on the async thread: a panic here must not end the session.
            let converted = catch_unwind(AssertUnwindSafe(|| {
                if too_large {
                    vec![too_large_diagnostic(job.rope.len_bytes(), job.max_bytes)]
                } else {
                    analysis
                        .findings
                        .iter()
                        .map(|finding| convert::diagnostic(&job.uri, &job.rope, finding, encoding))
                        .collect::<Vec<_>>()
                }
            }));
            if converted.is_ok() {
                state.snapshots.insert(
                    job.uri.clone(),
                    Arc::new(Snapshot {
                        revision: job.revision,
                        rope: job.rope.clone(),
                        text,
                        analysis,
                    }),
                );
            }
            converted
        };
        match diagnostics {
            Ok(diagnostics) => {
                self.client
                    .publish_diagnostics(job.uri, diagnostics, Some(job.version))
                    .await;
            }
            Err(payload) => {
                let message = format!(
                    "copydesk: converting the findings of {} failed: {}; nothing is reported for this version",
                    job.uri.as_str(),
                    requests::panic_message(payload.as_ref())
                );
                tracing::error!("{message}");
                self.client.log_message(MessageType::ERROR, message).await;
            }
        }
    }

    /// The analysis of the document as it is now, computed if the last one is stale;
    /// the error a request gets when the draft is not open or its analysis failed.
    async fn open_snapshot(&self, uri: &Uri) -> Result<Arc<Snapshot>> {
        let job = {
            let mut state = self.state();
            let revision = state.revisions.get(uri).copied();
            match state.snapshots.get(uri) {
                Some(snapshot) if Some(snapshot.revision) == revision => {
                    return Ok(snapshot.clone());
                }
                _ => Self::job(&mut state, uri).ok_or_else(|| {
                    Error::invalid_params(format!("{} is not open", uri.as_str()))
                })?,
            }
        };
        let analyzed = self.analyze(&job).await.map_err(requests::internal_error)?;
        Ok(Arc::new(Snapshot {
            revision: job.revision,
            rope: job.rope,
            text: analyzed.text,
            analysis: analyzed.analysis,
        }))
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

    async fn recheck_all(&self) {
        let jobs: Vec<Job> = {
            let mut state = self.state();
            state
                .documents
                .uris()
                .iter()
                .filter(|uri| !is_config_uri(uri))
                .filter_map(|uri| Self::bump(&mut state, uri))
                .collect()
        };
        for job in jobs {
            self.analyze_and_publish(job).await;
        }
    }

    async fn apply_settings(&self, settings: &serde_json::Value) {
        let mut settings = settings.get("copydesk").unwrap_or(settings).clone();
        let limit = settings
            .as_object_mut()
            .and_then(|object| object.remove(MAX_DOCUMENT_BYTES_KEY));
        let mut warnings = Vec::new();
        let max_document_bytes = match limit {
            None | Some(serde_json::Value::Null) => None,
            Some(value) => match value.as_u64().and_then(|n| usize::try_from(n).ok()) {
                Some(bytes) => Some(bytes),
                None => {
                    warnings.push(format!(
                        "copydesk settings: `{MAX_DOCUMENT_BYTES_KEY}` ignored: expected a number of bytes, found {value}"
                    ));
                    None
                }
            },
        };
        let (config, config_warnings) = Config::from_settings(&settings);
        warnings.extend(config_warnings);
        {
            let mut state = self.state();
            state.store.set_settings(config);
            state.max_document_bytes = max_document_bytes;
        }
        for warning in warnings {
            tracing::warn!("{warning}");
            self.client
                .show_message(MessageType::WARNING, format!("copydesk: {warning}"))
                .await;
        }
    }

    /// Asks the client for its `copydesk` settings (`workspace/configuration`).
    async fn pull_settings(&self) -> Option<serde_json::Value> {
        let items = vec![ConfigurationItem {
            scope_uri: None,
            section: Some("copydesk".to_string()),
        }];
        match self.client.configuration(items).await {
            Ok(mut values) if !values.is_empty() => Some(values.swap_remove(0)),
            Ok(_) => None,
            Err(err) => {
                self.warn(format!("workspace/configuration failed: {err}"))
                    .await;
                None
            }
        }
    }

    /// Publishes a config file's problems as diagnostics on it (an empty list clears
    /// them).
    async fn publish_report_diagnostics(&self, report: &Report) {
        let Some(uri) = Uri::from_file_path(&report.path) else {
            return;
        };
        let encoding = self.state().encoding;
        let rope = Rope::from_str(&report.text);
        let diagnostics = config_diagnostics(&rope, &report.problems, encoding);
        self.client
            .publish_diagnostics(uri, diagnostics, None)
            .await;
    }

    /// Publishes a config file's problems, and tells the user when an error keeps the
    /// file from being used.
    async fn publish_report(&self, report: &Report) {
        self.publish_report_diagnostics(report).await;
        let lines = report.lines();
        let error = report
            .problems
            .iter()
            .position(|p| p.level == ProblemLevel::Error)
            .and_then(|i| lines.get(i));
        if let Some(error) = error {
            let message = format!(
                "copydesk: {error} — this file is not used until it is fixed; the last good configuration stays in force"
            );
            tracing::warn!("{message}");
            self.client.show_message(MessageType::ERROR, message).await;
        }
    }

    /// Reads config files again after they changed, then re-checks every open draft.
    async fn reload_configs(&self, paths: Vec<PathBuf>) {
        if paths.is_empty() {
            return;
        }
        let reports: Vec<Report> = {
            let mut state = self.state();
            paths.iter().map(|path| state.store.reload(path)).collect()
        };
        for report in &reports {
            self.publish_report(report).await;
        }
        self.recheck_all().await;
    }

    /// Problems in an open config file's buffer, shown as the user types (the file on
    /// disk is what applies, re-read when it is saved).
    async fn validate_config_buffer(&self, uri: &Uri) {
        let (text, version, encoding) = {
            let state = self.state();
            let Some(document) = state.documents.get(uri) else {
                return;
            };
            (document.rope.to_string(), document.version, state.encoding)
        };
        let parsed = crate::config::parse_toml(&text);
        let rope = Rope::from_str(&text);
        let diagnostics = config_diagnostics(&rope, &parsed.problems, encoding);
        self.client
            .publish_diagnostics(uri.clone(), diagnostics, Some(version))
            .await;
    }

    /// "Add “X” to the stylebook" for a spelling finding: an edit to the draft's
    /// copydesk.toml, or a new one (CreateFile) at the workspace root when none applies.
    fn stylebook_action(
        &self,
        uri: &Uri,
        snapshot: &Snapshot,
        finding: &Finding,
    ) -> Option<CodeAction> {
        if !SPELLING_CODES.contains(&finding.code) {
            return None;
        }
        let spelling = proposed_spelling(&snapshot.text, finding)?;
        let path = draft_path(uri)?;
        let mut state = self.state();
        let capabilities = state.capabilities;
        let encoding = state.encoding;
        let (resolved, _) = state.store.resolve(&path);
        let edit = match &resolved.file {
            Some(file) => {
                let file_uri = Uri::from_file_path(file)?;
                let current = match state.documents.get(&file_uri) {
                    Some(document) => document.rope.to_string(),
                    None => std::fs::read_to_string(file).ok()?,
                };
                let updated = add_preferred(&current, &spelling)?;
                let whole = convert::byte_range_to_range(
                    &Rope::from_str(&current),
                    &(0..current.len()),
                    encoding,
                );
                let text_edit = TextEdit::new(whole, updated);
                if capabilities.document_changes {
                    WorkspaceEdit {
                        document_changes: Some(DocumentChanges::Edits(vec![TextDocumentEdit {
                            text_document: OptionalVersionedTextDocumentIdentifier {
                                uri: file_uri,
                                version: None,
                            },
                            edits: vec![OneOf::Left(text_edit)],
                        }])),
                        ..WorkspaceEdit::default()
                    }
                } else {
                    WorkspaceEdit {
                        changes: Some([(file_uri, vec![text_edit])].into_iter().collect()),
                        ..WorkspaceEdit::default()
                    }
                }
            }
            None => {
                if !(capabilities.document_changes && capabilities.create_files) {
                    return None;
                }
                let dir = state
                    .store
                    .root_of(&path)
                    .or_else(|| path.parent().map(PathBuf::from))?;
                let file_uri = Uri::from_file_path(dir.join("copydesk.toml"))?;
                let content = add_preferred(NEW_CONFIG_HEADER, &spelling)?;
                WorkspaceEdit {
                    document_changes: Some(DocumentChanges::Operations(vec![
                        DocumentChangeOperation::Op(ResourceOp::Create(CreateFile {
                            uri: file_uri.clone(),
                            options: Some(CreateFileOptions {
                                overwrite: Some(false),
                                ignore_if_exists: Some(true),
                            }),
                            annotation_id: None,
                        })),
                        DocumentChangeOperation::Edit(TextDocumentEdit {
                            text_document: OptionalVersionedTextDocumentIdentifier {
                                uri: file_uri,
                                version: None,
                            },
                            edits: vec![OneOf::Left(TextEdit::new(
                                tower_lsp_server::ls_types::Range::default(),
                                content,
                            ))],
                        }),
                    ])),
                    ..WorkspaceEdit::default()
                }
            }
        };
        Some(CodeAction {
            title: format!("Add “{spelling}” to the stylebook"),
            kind: Some(CodeActionKind::QUICKFIX),
            edit: Some(edit),
            ..CodeAction::default()
        })
    }

    async fn warn(&self, message: String) {
        tracing::warn!("{message}");
        self.client.log_message(MessageType::WARNING, message).await;
    }
}

/// The one diagnostic a draft above the size limit gets, at its start.
fn too_large_diagnostic(bytes: usize, limit: usize) -> Diagnostic {
    Diagnostic {
        range: tower_lsp_server::ls_types::Range::default(),
        severity: Some(DiagnosticSeverity::INFORMATION),
        source: Some("copydesk".to_string()),
        message: format!(
            "draft is larger than {} ({}); copydesk does not analyse it (the limit is the `copydesk.maxDocumentBytes` setting)",
            megabytes(limit),
            megabytes(bytes)
        ),
        ..Diagnostic::default()
    }
}

fn megabytes(bytes: usize) -> String {
    let mb = bytes as f64 / (1024.0 * 1024.0);
    if mb >= 1.0 {
        format!("{mb:.1} MB")
    } else {
        format!("{bytes} bytes")
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

fn config_diagnostics(rope: &Rope, problems: &[Problem], encoding: Encoding) -> Vec<Diagnostic> {
    problems
        .iter()
        .map(|problem| Diagnostic {
            range: convert::byte_range_to_range(rope, &problem.range, encoding),
            severity: Some(match problem.level {
                ProblemLevel::Error => DiagnosticSeverity::ERROR,
                ProblemLevel::Warning => DiagnosticSeverity::WARNING,
            }),
            source: Some("copydesk".to_string()),
            message: problem.message.clone(),
            ..Diagnostic::default()
        })
        .collect()
}

/// "Ignore CODE on this line": a disable-next-line comment above the finding's line.
/// In Markdown, a line inside a paragraph gets `copydesk-disable-line` at its end
/// instead, since a comment line there would split the paragraph.
fn ignore_action(
    uri: &Uri,
    snapshot: &Snapshot,
    finding: &Finding,
    format: Format,
    encoding: Encoding,
) -> CodeAction {
    let text = &snapshot.text;
    let at = analysis::floor_char_boundary(text, finding.range.start);
    let line_start = text[..at].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let line_end = text[at..].find(['\n', '\r']).map_or(text.len(), |i| at + i);
    let line = &text[line_start..line_end];
    let indent = &line[..line.len() - line.trim_start().len()];
    let before = &text[..line_start];
    let before = before
        .strip_suffix("\r\n")
        .or_else(|| before.strip_suffix(['\n', '\r']))
        .unwrap_or(before);
    let previous_blank = before
        .rsplit(['\n', '\r'])
        .next()
        .is_none_or(|previous| previous.trim().is_empty());
    let inside_paragraph = format == Format::Markdown
        && line_start > 0
        && !previous_blank
        && !line.trim_start().starts_with('#');
    let (range, new_text) = if inside_paragraph {
        (
            line_end..line_end,
            format!(" <!-- copydesk-disable-line {} -->", finding.code),
        )
    } else {
        let line_break = if text.contains("\r\n") { "\r\n" } else { "\n" };
        (
            line_start..line_start,
            analysis::suppression::disable_next_line(format, finding.code, indent, line_break),
        )
    };
    let edit = TextEdit::new(
        convert::byte_range_to_range(&snapshot.rope, &range, encoding),
        new_text,
    );
    // No `diagnostics`: the rule's own fixes stay the ones tied to the diagnostic.
    CodeAction {
        title: format!("Ignore {} on this line", finding.code),
        kind: Some(CodeActionKind::QUICKFIX),
        edit: Some(WorkspaceEdit {
            changes: Some([(uri.clone(), vec![edit])].into_iter().collect()),
            ..WorkspaceEdit::default()
        }),
        ..CodeAction::default()
    }
}

/// The start of a copydesk.toml the stylebook quick fix creates.
const NEW_CONFIG_HEADER: &str =
    "# copydesk.toml: the house style (see `copydesk init` for every section).\n";

/// The rule codes whose findings offer "Add “X” to the stylebook".
const SPELLING_CODES: &[&str] = &["inconsistent-spelling", "stylebook-spelling"];

/// The spelling a spelling finding proposes: its first fix's replacement, or the text
/// it covers.
fn proposed_spelling(text: &str, finding: &Finding) -> Option<String> {
    let from_fix = finding
        .fixes
        .first()
        .and_then(|fix| fix.edits.first())
        .map(|edit| edit.replacement.clone());
    let spelling = from_fix.or_else(|| text.get(finding.range.clone()).map(str::to_string))?;
    let spelling = spelling.trim().to_string();
    (!spelling.is_empty()).then_some(spelling)
}

/// `text` (a copydesk.toml) with `spelling` added to `stylebook.preferred` and dropped
/// from `stylebook.reject`; None when it is already preferred or the file is broken.
pub fn add_preferred(text: &str, spelling: &str) -> Option<String> {
    let mut document: toml_edit::DocumentMut = text.parse().ok()?;
    let root = document.as_table_mut();
    let stylebook = root
        .entry("stylebook")
        .or_insert_with(|| toml_edit::Item::Table(toml_edit::Table::new()));
    let stylebook = stylebook.as_table_like_mut()?;
    if let Some(reject) = stylebook
        .get_mut("reject")
        .and_then(|r| r.as_table_like_mut())
    {
        reject.remove(spelling);
    }
    let preferred = stylebook
        .entry("preferred")
        .or_insert(toml_edit::value(toml_edit::Array::new()));
    let array = preferred.as_array_mut()?;
    if array.iter().any(|v| v.as_str() == Some(spelling)) {
        return None;
    }
    array.push(spelling);
    Some(document.to_string())
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let offered = params
            .capabilities
            .general
            .as_ref()
            .and_then(|general| general.position_encodings.as_deref());
        let encoding = Encoding::negotiate(offered);
        let workspace = params.capabilities.workspace.as_ref();
        let capabilities = Capabilities {
            watch_files: workspace
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|w| w.dynamic_registration)
                .unwrap_or(false),
            pull_configuration: workspace.and_then(|w| w.configuration).unwrap_or(false),
            document_changes: workspace
                .and_then(|w| w.workspace_edit.as_ref())
                .and_then(|e| e.document_changes)
                .unwrap_or(false),
            create_files: workspace
                .and_then(|w| w.workspace_edit.as_ref())
                .and_then(|e| e.resource_operations.as_ref())
                .is_some_and(|ops| ops.contains(&ResourceOperationKind::Create)),
        };
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
                definition_provider: Some(OneOf::Left(true)),
                references_provider: Some(OneOf::Left(true)),
                rename_provider: Some(OneOf::Right(RenameOptions {
                    prepare_provider: Some(true),
                    work_done_progress_options: WorkDoneProgressOptions::default(),
                })),
                document_symbol_provider: Some(OneOf::Left(true)),
                workspace_symbol_provider: Some(OneOf::Left(true)),
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
        let capabilities = self.state().capabilities;
        if capabilities.watch_files {
            let watchers = crate::config::file::FILE_NAMES
                .iter()
                .map(|name| FileSystemWatcher {
                    glob_pattern: GlobPattern::String(format!("**/{name}")),
                    kind: None,
                })
                .collect();
            let options = DidChangeWatchedFilesRegistrationOptions { watchers };
            let registration = Registration {
                id: "copydesk-config-files".to_string(),
                method: "workspace/didChangeWatchedFiles".to_string(),
                register_options: serde_json::to_value(options).ok(),
            };
            if let Err(err) = self.client.register_capability(vec![registration]).await {
                self.warn(format!("cannot watch config files: {err}")).await;
            }
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
        let item = params.text_document;
        let format = format_of(&item.language_id, &item.uri);
        let job = {
            let mut state = self.state();
            state.documents.open(
                item.uri.clone(),
                Document::new(&item.text, item.version, format),
            );
            if is_config_uri(&item.uri) {
                None
            } else {
                Self::bump(&mut state, &item.uri)
            }
        };
        if is_config_uri(&item.uri) {
            self.validate_config_buffer(&item.uri).await;
        }
        if let Some(job) = job {
            self.analyze_and_publish(job).await;
        }
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let version = params.text_document.version;
        // The edit is applied before the first `.await`: handlers interleave there.
        let config_file = is_config_uri(&uri);
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
                .map(|(notes, previous)| {
                    let job = if config_file {
                        None
                    } else {
                        Self::bump(&mut state, &uri)
                    };
                    (job, notes, previous)
                })
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
        if config_file {
            self.validate_config_buffer(&uri).await;
        }
        if let Some(job) = job {
            self.analyze_and_publish(job).await;
        }
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        if is_config_uri(&params.text_document.uri) {
            let path = draft_path(&params.text_document.uri);
            self.reload_configs(path.into_iter().collect()).await;
            return;
        }
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
            // The revision counter outlives the document: a result computed before a
            // close must never pass for the reopened document's latest.
            state.snapshots.remove(&uri);
        }
        if is_config_uri(&uri) {
            // What is on disk is what applies: show its problems, open or not.
            if let Some(path) = draft_path(&uri) {
                let (report, _) = crate::config::store::read_file(&path);
                self.publish_report_diagnostics(&report).await;
            }
            return;
        }
        let _publishing = self.publishing.lock().await;
        // A reopen may have overtaken this close: its diagnostics stand.
        if self.state().documents.get(&uri).is_none() {
            self.client.publish_diagnostics(uri, Vec::new(), None).await;
        }
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
        for change in &params.changes {
            if !is_config_uri(&change.uri) {
                continue;
            }
            if let Some(path) = draft_path(&change.uri)
                && !paths.contains(&path)
            {
                paths.push(path);
            }
        }
        self.reload_configs(paths).await;
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
            let location = requests::first_reference(&snapshot, uri, at.position, encoding);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adding_to_the_stylebook_keeps_the_file_and_drops_the_rejection() {
        let text = "# house style\n[rules]\nunbalanced-quote = \"off\"\n\n[stylebook]\npreferred = [\"Kyiv\"] # cities\nreject = { \"Türkiye\" = \"Turkey\" }\n";
        let updated = add_preferred(text, "Türkiye").unwrap();
        let parsed = crate::config::parse_toml(&updated);
        let config = parsed.config.unwrap();
        assert_eq!(config.stylebook.preferred, vec!["Kyiv", "Türkiye"]);
        assert!(config.stylebook.reject.is_empty());
        assert!(updated.starts_with("# house style\n") && updated.contains("# cities"));
        assert_eq!(add_preferred(&updated, "Kyiv"), None);
        assert_eq!(add_preferred("[stylebook\n", "Kyiv"), None);
        let fresh = add_preferred(NEW_CONFIG_HEADER, "Zelenskyy").unwrap();
        assert_eq!(
            crate::config::parse_toml(&fresh)
                .config
                .unwrap()
                .stylebook
                .preferred,
            vec!["Zelenskyy"]
        );
    }

    #[test]
    fn the_proposed_spelling_is_the_fix_or_the_text() {
        let mut finding = Finding {
            code: "inconsistent-spelling",
            severity: analysis::Severity::Warning,
            range: 4..10,
            message: String::new(),
            related: Vec::new(),
            fixes: Vec::new(),
        };
        assert_eq!(
            proposed_spelling("the Turkey x", &finding).as_deref(),
            Some("Turkey")
        );
        finding.fixes.push(analysis::Fix {
            title: String::new(),
            edits: vec![analysis::Edit {
                range: 4..10,
                replacement: "Türkiye".to_string(),
            }],
            safe: true,
        });
        assert_eq!(
            proposed_spelling("the Turkey x", &finding).as_deref(),
            Some("Türkiye")
        );
    }
}
