//! The server's side of the reporter's sources: each configuration folder's sources
//! indexed once (off the async threads, with work-done progress when it takes a
//! while), a changed source file re-indexed on its own and the open drafts re-checked,
//! watchers for the source globs, and problems told once.

use std::path::Path;
use std::time::Duration;

use super::*;
use crate::check::SOURCE_RULES;
use crate::config::sources::Note;
use crate::server::sources::{self as server_sources, Loaded, Sources, Update};

/// Indexing that takes longer than this shows work-done progress.
const PROGRESS_AFTER: Duration = Duration::from_millis(500);

impl Backend {
    /// The sources of the drafts whose configuration is in `root`, indexed the first
    /// time and after `[sources]` changed; None when the rules that read them are off.
    pub(super) async fn sources_for(&self, root: &Path, config: &Config) -> Option<Sources> {
        if !SOURCE_RULES
            .iter()
            .any(|code| crate::rules::is_on(config, code))
        {
            return None;
        }
        let slot = self.state().folders.slot(root);
        let mut loaded = slot.lock().await;
        if let Some(current) = loaded.as_ref()
            && current.settings == config.sources
        {
            return Some(current.sources.clone());
        }
        let (sources, notes) = self.load_sources(root, config).await;
        *loaded = Some(Loaded {
            settings: config.sources.clone(),
            sources: sources.clone(),
        });
        drop(loaded);
        tracing::info!(
            "sources of {}: {} files, {} words",
            root.display(),
            sources.index.len(),
            sources.index.word_count()
        );
        self.tell_source_notes(notes).await;
        self.watch_sources(&sources);
        Some(sources)
    }

    /// Reads and indexes a folder's sources on a blocking thread; a panic there leaves
    /// the folder with no sources and is logged.
    async fn load_sources(&self, root: &Path, config: &Config) -> (Sources, Vec<Note>) {
        let (owned_root, owned_config) = (root.to_path_buf(), config.clone());
        let mut task =
            tokio::task::spawn_blocking(move || server_sources::load(&owned_root, &owned_config));
        let joined = match tokio::time::timeout(PROGRESS_AFTER, &mut task).await {
            Ok(joined) => joined,
            Err(_) => {
                let progress = self.begin_progress(root).await;
                let joined = task.await;
                if let Some(progress) = progress {
                    let message = match &joined {
                        Ok((sources, _)) => format!(
                            "{} files, {} words",
                            sources.index.len(),
                            sources.index.word_count()
                        ),
                        Err(_) => "failed".to_string(),
                    };
                    progress.finish_with_message(message).await;
                }
                joined
            }
        };
        match joined {
            Ok(loaded) => loaded,
            Err(err) => {
                let message = format!(
                    "copydesk: reading the sources of {} failed ({err}); quotations there are not checked against them",
                    root.display()
                );
                tracing::error!("{message}");
                self.client.log_message(MessageType::ERROR, message).await;
                let (set, _) = crate::config::sources::SourceSet::new(root, config);
                (
                    Sources {
                        set: Arc::new(set),
                        index: Arc::default(),
                    },
                    Vec::new(),
                )
            }
        }
    }

    /// Starts work-done progress for indexing `root`, when the client shows it.
    async fn begin_progress(
        &self,
        root: &Path,
    ) -> Option<
        tower_lsp_server::OngoingProgress<
            tower_lsp_server::Unbounded,
            tower_lsp_server::NotCancellable,
        >,
    > {
        if !self.state().capabilities.work_done_progress {
            return None;
        }
        let token = ProgressToken::String(format!("copydesk-sources-{}", root.display()));
        if let Err(err) = self.client.create_work_done_progress(token.clone()).await {
            tracing::warn!("window/workDoneProgress/create failed: {err}");
            return None;
        }
        Some(
            self.client
                .progress(token, "copydesk: indexing the reporter's sources")
                .with_message(root.display().to_string())
                .begin()
                .await,
        )
    }

    /// Tells the user, once each, of source files and globs not read: in the log and in
    /// one window message.
    async fn tell_source_notes(&self, notes: Vec<Note>) {
        let fresh: Vec<String> = {
            let mut state = self.state();
            notes
                .iter()
                .map(Note::to_string)
                .filter(|note| state.told_source_notes.insert(note.clone()))
                .collect()
        };
        let Some(first) = fresh.first() else {
            return;
        };
        for note in &fresh {
            tracing::warn!("{note}");
            self.client
                .log_message(MessageType::WARNING, format!("copydesk: {note}"))
                .await;
        }
        let message = match fresh.len() {
            1 => format!("copydesk: {first}"),
            n => format!(
                "copydesk: {first} (and {} more about the sources: see the output log)",
                n - 1
            ),
        };
        self.client
            .show_message(MessageType::WARNING, message)
            .await;
    }

    /// Asks the client to report changes to the files the folder's globs match, once
    /// per folder and set of globs, without holding up the analysis that asked.
    fn watch_sources(&self, sources: &Sources) {
        let root = sources.set.root().to_path_buf();
        let patterns = sources.set.patterns().to_vec();
        let (relative, id) = {
            let mut state = self.state();
            if !state.capabilities.watch_files
                || !state
                    .watched_sources
                    .insert((root.clone(), patterns.clone()))
            {
                return;
            }
            (
                state.capabilities.relative_patterns,
                format!("copydesk-sources-{}", state.watched_sources.len()),
            )
        };
        let Some(base) = Uri::from_file_path(&root) else {
            return;
        };
        let watchers = patterns
            .iter()
            .map(|pattern| {
                let glob_pattern = if Path::new(pattern).is_absolute() {
                    GlobPattern::String(pattern.clone())
                } else if relative {
                    GlobPattern::Relative(RelativePattern {
                        base_uri: OneOf::Right(base.clone()),
                        pattern: pattern.clone(),
                    })
                } else {
                    let root = root.to_string_lossy().replace('\\', "/");
                    GlobPattern::String(format!("{}/{pattern}", root.trim_end_matches('/')))
                };
                FileSystemWatcher {
                    glob_pattern,
                    kind: None,
                }
            })
            .collect();
        let options = DidChangeWatchedFilesRegistrationOptions { watchers };
        let registration = Registration {
            id,
            method: "workspace/didChangeWatchedFiles".to_string(),
            register_options: serde_json::to_value(options).ok(),
        };
        let client = self.client.clone();
        tokio::spawn(async move {
            if let Err(err) = client.register_capability(vec![registration]).await {
                tracing::warn!("cannot watch the source files: {err}");
            }
        });
    }

    /// Source files changed on disk (or an open one's buffer, given as `text`):
    /// re-indexes each in the folders that have it and re-checks the open drafts when
    /// anything changed.
    pub(super) async fn sources_changed(&self, changes: Vec<(PathBuf, Option<String>)>) {
        if changes.is_empty() {
            return;
        }
        let slots = self.state().folders.slots();
        let mut changed = false;
        let mut notes = Vec::new();
        for slot in slots {
            let mut loaded = slot.lock().await;
            let Some(loaded) = loaded.as_mut() else {
                continue;
            };
            for (path, text) in &changes {
                match server_sources::update(&mut loaded.sources, path, text.as_deref()) {
                    Update::Changed => changed = true,
                    Update::Unchanged => {}
                    Update::Problem(note) => {
                        changed = true;
                        notes.push(note);
                    }
                }
            }
        }
        self.tell_source_notes(notes).await;
        if changed {
            self.recheck_all().await;
        }
    }

    /// An open document's buffer changed: if it is a source file, its words are the
    /// buffer's until it is closed.
    pub(super) async fn source_buffer_changed(&self, uri: &Uri) {
        let Some(path) = draft_path(uri) else {
            return;
        };
        if !server_sources::is_source(&path.to_string_lossy()) || !self.is_loaded_source(&path) {
            return;
        }
        let text = self
            .state()
            .documents
            .get(uri)
            .map(|document| document.rope.to_string());
        if let Some(text) = text {
            self.sources_changed(vec![(path, Some(text))]).await;
        }
    }

    /// Whether any loaded folder's globs take `path` (without waiting on a folder that
    /// is loading: it reads the file as it is).
    fn is_loaded_source(&self, path: &Path) -> bool {
        self.state().folders.slots().iter().any(|slot| {
            slot.try_lock().is_ok_and(|loaded| {
                loaded
                    .as_ref()
                    .is_some_and(|l| l.sources.set.matches(path, server_sources::is_source))
            })
        })
    }
}
