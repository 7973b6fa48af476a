//! Document sync: drafts opened, edited, saved and closed. Each edit is applied to the
//! rope before the first `.await` (handlers interleave there), and each change bumps
//! the document's revision so that only the latest result is published.

use super::*;

impl Backend {
    pub(super) async fn open_document(&self, params: DidOpenTextDocumentParams) {
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
            self.start_analysis(job).await;
        }
    }

    pub(super) async fn change_document(&self, params: DidChangeTextDocumentParams) {
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
            self.start_analysis(job).await;
        }
        self.source_buffer_changed(&uri).await;
    }

    pub(super) async fn save_document(&self, params: DidSaveTextDocumentParams) {
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
            self.start_analysis(job).await;
        }
        self.source_buffer_changed(&params.text_document.uri).await;
    }

    pub(super) async fn close_document(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        {
            let mut state = self.state();
            state.documents.close(&uri);
            for (root, desk) in state.desks.iter_mut() {
                desk.remove(&super::jobs::desk_label(&uri, root));
            }
            // The revision counter outlives the document: a result computed before a
            // close must never pass for the reopened document's latest.
            state.snapshots.remove(&uri);
        }
        if is_config_uri(&uri) {
            // What is on disk is what applies: show its problems, open or not.
            if let Some(path) = draft_path(&uri) {
                let (report, _) = crate::config::store::read_file(&path, crate::rules::is_known);
                self.publish_report_diagnostics(&report).await;
            }
            return;
        }
        // A source file closed: what is on disk counts again.
        if let Some(path) = draft_path(&uri)
            && crate::server::sources::is_source(&path.to_string_lossy())
        {
            self.sources_changed(vec![(path, None)]).await;
        }
        let _publishing = self.publishing.lock().await;
        // A reopen may have overtaken this close: its diagnostics stand.
        if self.state().documents.get(&uri).is_none() {
            self.publish_draft_diagnostics(uri, Diagnostics::Made(Vec::new()), None)
                .await;
        }
    }
}
