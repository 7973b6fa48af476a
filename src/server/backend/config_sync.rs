//! The server's side of configuration: client settings, config files found above the
//! drafts and watched for changes, their problems published as diagnostics, and the
//! "Add to the stylebook" edit.

use super::*;

impl Backend {
    pub(super) async fn apply_settings(&self, settings: &serde_json::Value) {
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
        let (config, config_warnings) = Config::from_settings(&settings, crate::rules::is_known);
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
    pub(super) async fn pull_settings(&self) -> Option<serde_json::Value> {
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
    pub(super) async fn publish_report_diagnostics(&self, report: &Report) {
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
    pub(super) async fn publish_report(&self, report: &Report) {
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
    pub(super) async fn reload_configs(&self, paths: Vec<PathBuf>) {
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
    pub(super) async fn validate_config_buffer(&self, uri: &Uri) {
        let (text, version, encoding) = {
            let state = self.state();
            let Some(document) = state.documents.get(uri) else {
                return;
            };
            (document.rope.to_string(), document.version, state.encoding)
        };
        let parsed = crate::config::parse_toml(&text, crate::rules::is_known);
        let rope = Rope::from_str(&text);
        let diagnostics = config_diagnostics(&rope, &parsed.problems, encoding);
        self.client
            .publish_diagnostics(uri.clone(), diagnostics, Some(version))
            .await;
    }

    /// "Add “X” to the stylebook" for a spelling finding: an edit to the draft's
    /// copydesk.toml, or a new one (CreateFile) at the workspace root when none applies.
    pub(super) fn stylebook_action(
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

    /// Asks the client to tell us when a copydesk.toml changes anywhere below the
    /// workspace.
    pub(super) async fn watch_config_files(&self) {
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
}
