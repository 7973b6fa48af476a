//! Analysis jobs: what one revision of a draft needs, taken under the state lock;
//! analysing it inline or on the analysis thread; publishing the result only while it
//! is still the draft's latest; the snapshots requests read.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Mutex};

use ropey::Rope;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;

use super::publish::Diagnostics;
use super::{
    Backend, DEFAULT_MAX_DOCUMENT_BYTES, INLINE_ANALYSIS_BYTES, State, draft_path, is_config_uri,
};
use crate::analysis::{self, Analysis, Format};
use crate::config::{Config, Report};
use crate::server::convert::{self, too_large_diagnostic};
use crate::server::requests::{self, test_hooks};
use crate::server::snapshot::Snapshot;
use crate::server::sources::Sources;

/// Everything an analysis of one revision needs, taken under the lock.
pub(super) struct Job {
    uri: Uri,
    revision: u64,
    version: i32,
    rope: Rope,
    format: Format,
    cache: Arc<Mutex<analysis::Cache>>,
    config: Arc<Config>,
    /// `files.ignore` excludes this draft: analysed (for hovers) but nothing reported.
    ignored: bool,
    /// The folder the draft's sources are relative to (its configuration's, or its
    /// own); None for a draft with no path.
    sources_root: Option<std::path::PathBuf>,
    /// The folder of the draft's configuration file, whose open drafts are its desk;
    /// None without a configuration file.
    desk_root: Option<std::path::PathBuf>,
    /// Config files read for the first time while resolving this draft's configuration.
    reports: Vec<Report>,
    /// Above this many bytes the draft is not analysed.
    max_bytes: usize,
    /// The analysis of the revision before, which no request reads any more: freed
    /// before this one is computed, not after, so that the two are not held at once.
    stale: Option<Arc<Snapshot>>,
}

/// What an analysis is for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Purpose {
    /// Diagnostics: not worth computing once a newer edit has come.
    Publish,
    /// A request's answer: the revision's published snapshot serves as well, if one
    /// appeared while the job waited.
    Request,
}

/// Why an analysis gave no result of its own.
enum NoResult {
    /// A newer edit or a close came before the analysis started: it was skipped.
    Superseded,
    /// The revision was analysed and published while the job waited.
    Published(Arc<Snapshot>),
    /// The analysis failed (the message was logged and sent to the client).
    Failed(String),
}

/// What the analysis thread found when the job's turn came.
enum Ran {
    Analysed(Arc<String>, Box<Analysis>),
    Superseded,
    Published(Arc<Snapshot>),
}

/// One analysed revision's text and analysis.
struct Analyzed {
    text: Arc<String>,
    analysis: Arc<Analysis>,
    /// The draft was above the size limit: the analysis is empty.
    too_large: bool,
    sources: Option<Sources>,
}

impl Backend {
    fn job(state: &mut State, uri: &Uri) -> Option<Job> {
        let (version, rope, format, cache) = {
            let document = state.documents.get(uri)?;
            (
                document.version,
                document.rope.clone(),
                document.format,
                document.cache.clone(),
            )
        };
        let revision = state.revisions.get(uri).copied().unwrap_or(0);
        let (config, ignored, reports, sources_root, desk_root) = match draft_path(uri) {
            Some(path) => {
                let (resolved, reports) = state.store.resolve(&path);
                let desk_root = resolved
                    .file
                    .as_deref()
                    .and_then(std::path::Path::parent)
                    .map(std::path::Path::to_path_buf);
                let root = desk_root
                    .clone()
                    .or_else(|| path.parent().map(std::path::Path::to_path_buf));
                (
                    resolved.config.clone(),
                    resolved.ignores(&path),
                    reports,
                    root,
                    desk_root,
                )
            }
            None => (
                Arc::new(state.store.settings().clone()),
                false,
                Vec::new(),
                None,
                None,
            ),
        };
        Some(Job {
            uri: uri.clone(),
            revision,
            version,
            rope,
            format,
            cache,
            config,
            ignored,
            sources_root,
            desk_root,
            reports,
            max_bytes: state
                .max_document_bytes
                .unwrap_or(DEFAULT_MAX_DOCUMENT_BYTES),
            stale: None,
        })
    }

    /// Records a change to a document and returns the job that analyses it.
    pub(super) fn bump(state: &mut State, uri: &Uri) -> Option<Job> {
        *state.revisions.entry(uri.clone()).or_insert(0) += 1;
        // Requests read only the latest revision's snapshot: this one is done with.
        let stale = state.snapshots.remove(uri);
        let mut job = Self::job(state, uri)?;
        job.stale = stale;
        Some(job)
    }

    /// Analyses the job's text inline or on the analysis thread, after freeing `stale`
    /// there. A panic is caught: it is logged with the draft's URI and becomes an error
    /// message.
    async fn analyze(
        &self,
        job: &Job,
        stale: Option<Arc<Snapshot>>,
        purpose: Purpose,
    ) -> std::result::Result<Analyzed, NoResult> {
        let rope = job.rope.clone();
        let format = job.format;
        let config = job.config.clone();
        let cache = job.cache.clone();
        let ignored = job.ignored;
        let too_large = job.rope.len_bytes() > job.max_bytes;
        let sources = match &job.sources_root {
            Some(root) if !too_large => self.sources_for(root, &job.config).await,
            _ => None,
        };
        let index = sources.as_ref().map(|s| s.index.clone());
        let desk_root = job
            .desk_root
            .clone()
            .filter(|_| !too_large && crate::rules::is_on(&config, "desk-spelling"));
        let (shared, uri, revision) = (self.state.clone(), job.uri.clone(), job.revision);
        let run = move || {
            // Freed first, on this thread: the buffers below reuse its blocks. (Freed on
            // the async thread meanwhile, its blocks came back after this analysis had
            // asked for their like, and half a megabyte more was held.)
            drop(stale);
            // Jobs wait their turn on the analysis thread: one whose revision a newer
            // edit replaced meanwhile would analyse a text no one will see.
            {
                let state = shared.lock().unwrap_or_else(|p| p.into_inner());
                if state.revisions.get(&uri) != Some(&revision)
                    || state.documents.get(&uri).is_none()
                {
                    if purpose == Purpose::Publish {
                        return Ran::Superseded;
                    }
                } else if let Some(snapshot) = state.snapshots.get(&uri)
                    && snapshot.revision == revision
                    && purpose == Purpose::Request
                {
                    return Ran::Published(snapshot.clone());
                }
            }
            // One copy of the rope per analysis; the snapshot shares it. Sized once:
            // `to_string` grows by doubling, which held up to three copies at once.
            let mut text = String::with_capacity(rope.len_bytes());
            rope.chunks().for_each(|chunk| text.push_str(chunk));
            let text = Arc::new(text);
            test_hooks::panic_if_marked(test_hooks::Site::Analysis, &text);
            test_hooks::hold_if_marked(&text);
            // An empty analysis stands in for a draft above the size limit.
            let analysed = if too_large { "" } else { &text[..] };
            // A panic mid-analysis leaves the cache half-updated: start it afresh.
            let mut cache = match cache.lock() {
                Ok(cache) => cache,
                Err(poisoned) => {
                    let mut fresh = poisoned.into_inner();
                    *fresh = analysis::Cache::new();
                    cache.clear_poison();
                    fresh
                }
            };
            let mut analysis = crate::check::analyze_with_sources(
                analysed,
                format,
                &config,
                &mut cache,
                index.as_deref(),
            );
            if let Some(root) = desk_root {
                hold_against_desk(
                    &shared,
                    root,
                    &uri,
                    analysed,
                    format,
                    &config,
                    &mut analysis,
                );
            }
            if ignored {
                analysis.findings.clear();
            }
            Ran::Analysed(text, Box::new(analysis))
        };
        // A short draft's keystroke is analysed in a fraction of a millisecond: handing
        // it to a blocking thread and back would cost as much again.
        let result: std::result::Result<_, String> =
            if job.rope.len_bytes() <= INLINE_ANALYSIS_BYTES {
                catch_unwind(AssertUnwindSafe(run))
                    .map_err(|payload| requests::panic_message(payload.as_ref()))
            } else {
                self.worker.run(run).await
            };
        match result {
            Ok(Ran::Analysed(text, analysis)) => Ok(Analyzed {
                text,
                analysis: Arc::from(analysis),
                too_large,
                sources,
            }),
            Ok(Ran::Superseded) => {
                tracing::debug!(
                    "{} version {}: superseded before its analysis started; skipped",
                    job.uri.as_str(),
                    job.version
                );
                Err(NoResult::Superseded)
            }
            Ok(Ran::Published(snapshot)) => Err(NoResult::Published(snapshot)),
            Err(why) => {
                let message = format!(
                    "copydesk: analysis of {} (version {}) failed: {why}; nothing is reported for this version and the draft is still open",
                    job.uri.as_str(),
                    job.version
                );
                tracing::error!("{message}");
                self.client
                    .log_message(MessageType::ERROR, message.clone())
                    .await;
                Err(NoResult::Failed(message))
            }
        }
    }

    /// Analyses and publishes the job: inline for a short draft, in a task of its own
    /// for a long one, so that the edit's handler returns at once. tower-lsp runs a
    /// few handlers at a time: handlers waiting on a long draft's analyses held up every
    /// other request, other drafts' included.
    pub(super) async fn start_analysis(&self, job: Job) {
        if job.rope.len_bytes() <= INLINE_ANALYSIS_BYTES {
            self.analyze_and_publish(job).await;
        } else {
            let this = self.clone();
            tokio::spawn(async move { this.analyze_and_publish(job).await });
        }
    }

    pub(super) async fn analyze_and_publish(&self, mut job: Job) {
        for report in std::mem::take(&mut job.reports) {
            self.publish_report(&report).await;
        }
        let stale = job.stale.take();
        let analyzed = self.analyze(&job, stale, Purpose::Publish).await;
        // The hook runs however this job ends (published, overtaken by a newer edit,
        // failed), after everything it holds is freed.
        let _after = crate::server::AfterAnalysis;
        let Ok(Analyzed {
            text,
            analysis,
            too_large,
            sources,
        }) = analyzed
        else {
            return;
        };
        let _publishing = self.publishing.lock().await;
        // The edit that started this job took the revision before's snapshot, so there
        // is normally none to replace; if there is, it is freed after the diagnostics
        // are sent. Findings are converted as they are written out, where a panic is
        // caught.
        let (replaced, encoding) = {
            let mut state = self.state();
            if state.revisions.get(&job.uri) != Some(&job.revision)
                || state.documents.get(&job.uri).is_none()
            {
                return; // a newer edit, or a close, overtook this result
            }
            let replaced = state.snapshots.insert(
                job.uri.clone(),
                Arc::new(Snapshot {
                    revision: job.revision,
                    rope: job.rope.clone(),
                    text: text.clone(),
                    analysis: analysis.clone(),
                    sources,
                }),
            );
            (replaced, state.encoding)
        };
        let version = Some(job.version);
        if too_large {
            let limit = too_large_diagnostic(job.rope.len_bytes(), job.max_bytes);
            self.publish_draft_diagnostics(job.uri, Diagnostics::Made(vec![limit]), version)
                .await;
        } else {
            let lines = convert::Lines::new(&text);
            let findings = Diagnostics::Findings {
                findings: &analysis.findings,
                lines: &lines,
                encoding,
            };
            self.publish_draft_diagnostics(job.uri, findings, version)
                .await;
        }
        drop(replaced);
    }

    /// The analysis of the document as it is now, computed if the last one is stale;
    /// the error a request gets when the draft is not open or its analysis failed.
    pub(super) async fn open_snapshot(&self, uri: &Uri) -> Result<Arc<Snapshot>> {
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
        let analyzed = match self.analyze(&job, None, Purpose::Request).await {
            Ok(analyzed) => analyzed,
            Err(NoResult::Published(snapshot)) => return Ok(snapshot),
            Err(NoResult::Failed(why)) => return Err(requests::internal_error(why)),
            // Not for a request's job; answered as the protocol says of an edit that
            // overtook a request.
            Err(NoResult::Superseded) => return Err(content_modified(uri)),
        };
        Ok(Arc::new(Snapshot {
            revision: job.revision,
            rope: job.rope,
            text: analyzed.text,
            analysis: analyzed.analysis,
            sources: analyzed.sources,
        }))
    }

    pub(super) async fn recheck_all(&self) {
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
            self.start_analysis(job).await;
        }
    }
}

fn content_modified(uri: &Uri) -> Error {
    Error {
        code: tower_lsp_server::jsonrpc::ErrorCode::ContentModified,
        message: format!("{} changed while the request waited", uri.as_str()).into(),
        data: None,
    }
}

/// Files the draft's names in its desk (the open drafts under its configuration file)
/// and adds its `desk-spelling` findings against the others. The other drafts are held
/// against this one at their own next analysis.
fn hold_against_desk(
    shared: &Arc<Mutex<State>>,
    root: std::path::PathBuf,
    uri: &Uri,
    text: &str,
    format: Format,
    config: &Config,
    analysis: &mut Analysis,
) {
    let label = desk_label(uri, &root);
    let mut state = shared.lock().unwrap_or_else(|p| p.into_inner());
    let desk = state.desks.entry(root).or_default();
    desk.insert(&label, text, &analysis.entities);
    let found = crate::check::desk_findings(text, format, config, analysis, desk, Some(&label));
    if !found.is_empty() {
        analysis.findings.extend(found);
        analysis
            .findings
            .sort_by(|a, b| a.range.start.cmp(&b.range.start).then(a.code.cmp(b.code)));
    }
}

/// A draft's name in its desk, as a finding shows it: its path under the desk's folder.
pub(super) fn desk_label(uri: &Uri, root: &std::path::Path) -> String {
    draft_path(uri)
        .and_then(|path| {
            path.strip_prefix(root)
                .ok()
                .map(|p| p.display().to_string())
        })
        .unwrap_or_else(|| uri.as_str().to_string())
}
