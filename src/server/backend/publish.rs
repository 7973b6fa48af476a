//! Publishing a draft's diagnostics: straight into an output frame when the server
//! runs on stdio, through tower-lsp's client otherwise (the fuzz targets' in-process
//! service).

use tower_lsp_server::ls_types::{Diagnostic, MessageType, PublishDiagnosticsParams, Uri};

use super::Backend;

/// Room for one diagnostic in JSON (range, severity, code, source, message, related
/// locations): the generated 50,000-word draft's average 250 bytes, with some to
/// spare. Pages of the buffer that are not written are never touched.
const BYTES_PER_DIAGNOSTIC: usize = 320;

impl Backend {
    /// Publishes a draft's diagnostics. Every publication for drafts goes the same way,
    /// so a close's empty list cannot overtake the last analysis's.
    pub(super) async fn publish_draft_diagnostics(
        &self,
        uri: Uri,
        diagnostics: Vec<Diagnostic>,
        version: Option<i32>,
    ) {
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        let Some(frames) = &self.frames else {
            let PublishDiagnosticsParams {
                uri,
                diagnostics,
                version,
            } = params;
            self.client
                .publish_diagnostics(uri, diagnostics, version)
                .await;
            return;
        };
        #[derive(serde::Serialize)]
        struct Notification<'a> {
            jsonrpc: &'static str,
            method: &'static str,
            params: &'a PublishDiagnosticsParams,
        }
        let notification = Notification {
            jsonrpc: "2.0",
            method: "textDocument/publishDiagnostics",
            params: &params,
        };
        // Sized for the whole message at once: grown from empty, a long draft's 500
        // diagnostics reallocated it a dozen times on every keystroke.
        let capacity = 256 + BYTES_PER_DIAGNOSTIC * params.diagnostics.len();
        let frame = crate::server::framing::encode_in_place(capacity, |body| {
            serde_json::to_writer(body, &notification)
        });
        match frame {
            Ok(frame) => {
                // The output task is gone only when the session is ending.
                let _ = frames.send(frame);
            }
            Err(err) => {
                let message = format!(
                    "copydesk: the diagnostics of {} could not be written: {err}",
                    params.uri.as_str()
                );
                tracing::error!("{message}");
                self.client.log_message(MessageType::ERROR, message).await;
            }
        }
    }
}
