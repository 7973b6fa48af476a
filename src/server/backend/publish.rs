//! Publishing a draft's diagnostics: straight into an output frame when the server
//! runs on stdio, through tower-lsp's client otherwise (the fuzz targets' in-process
//! service).

use std::panic::{AssertUnwindSafe, catch_unwind};

use serde::ser::{Serialize, Serializer};
use tower_lsp_server::ls_types::{Diagnostic, MessageType, Uri};

use super::Backend;
use crate::analysis::Finding;
use crate::server::convert::{self, DiagnosticJson, Encoding, Lines};
use crate::server::requests;

/// Room for one diagnostic in JSON (range, severity, code, source, message, related
/// locations): the generated 50,000-word draft's average 250 bytes, with some to
/// spare. Pages of the buffer that are not written are never touched.
const BYTES_PER_DIAGNOSTIC: usize = 320;

/// What a publication reports.
pub(super) enum Diagnostics<'a> {
    /// An analysis's findings, converted as they are written out.
    Findings {
        findings: &'a [Finding],
        lines: &'a Lines<'a>,
        encoding: Encoding,
    },
    /// Diagnostics made already (none, when a draft closes; the size limit's one).
    Made(Vec<Diagnostic>),
}

impl Diagnostics<'_> {
    fn len(&self) -> usize {
        match self {
            Diagnostics::Findings { findings, .. } => findings.len(),
            Diagnostics::Made(made) => made.len(),
        }
    }

    fn into_vec(self, uri: &Uri) -> Vec<Diagnostic> {
        match self {
            Diagnostics::Findings {
                findings,
                lines,
                encoding,
            } => findings
                .iter()
                .map(|finding| convert::diagnostic(uri, lines, finding, encoding))
                .collect(),
            Diagnostics::Made(made) => made,
        }
    }
}

/// The diagnostics' JSON array, each written as it is converted.
struct DiagnosticsJson<'a> {
    uri: &'a Uri,
    diagnostics: &'a Diagnostics<'a>,
}

impl Serialize for DiagnosticsJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.diagnostics {
            Diagnostics::Findings {
                findings,
                lines,
                encoding,
            } => serializer.collect_seq(findings.iter().map(|finding| DiagnosticJson {
                uri: self.uri,
                positions: *lines,
                finding,
                encoding: *encoding,
            })),
            Diagnostics::Made(made) => made.serialize(serializer),
        }
    }
}

impl Backend {
    /// Publishes a draft's diagnostics. Every publication for drafts goes the same way,
    /// so a close's empty list cannot overtake the last analysis's. A panic while
    /// converting findings is logged and nothing is published for that version.
    pub(super) async fn publish_draft_diagnostics(
        &self,
        uri: Uri,
        diagnostics: Diagnostics<'_>,
        version: Option<i32>,
    ) {
        let Some(frames) = &self.frames else {
            match catch_unwind(AssertUnwindSafe(|| diagnostics.into_vec(&uri))) {
                Ok(diagnostics) => {
                    self.client
                        .publish_diagnostics(uri, diagnostics, version)
                        .await
                }
                Err(payload) => self.conversion_failed(&uri, payload).await,
            }
            return;
        };
        #[derive(serde::Serialize)]
        struct Params<'a> {
            uri: &'a Uri,
            diagnostics: DiagnosticsJson<'a>,
            #[serde(skip_serializing_if = "Option::is_none")]
            version: Option<i32>,
        }
        #[derive(serde::Serialize)]
        struct Notification<'a> {
            jsonrpc: &'static str,
            method: &'static str,
            params: Params<'a>,
        }
        let notification = Notification {
            jsonrpc: "2.0",
            method: "textDocument/publishDiagnostics",
            params: Params {
                uri: &uri,
                diagnostics: DiagnosticsJson {
                    uri: &uri,
                    diagnostics: &diagnostics,
                },
                version,
            },
        };
        // Sized for the whole message at once: grown from empty, a long draft's 500
        // diagnostics reallocated it a dozen times on every keystroke.
        let capacity = 256 + BYTES_PER_DIAGNOSTIC * diagnostics.len();
        let frame = catch_unwind(AssertUnwindSafe(|| {
            crate::server::framing::encode_in_place(capacity, |body| {
                serde_json::to_writer(body, &notification)
            })
        }));
        match frame {
            Ok(Ok(frame)) => {
                // The output task is gone only when the session is ending.
                let _ = frames.send(frame);
            }
            Ok(Err(err)) => {
                let message = format!(
                    "copydesk: the diagnostics of {} could not be written: {err}",
                    uri.as_str()
                );
                tracing::error!("{message}");
                self.client.log_message(MessageType::ERROR, message).await;
            }
            Err(payload) => self.conversion_failed(&uri, payload).await,
        }
    }

    async fn conversion_failed(&self, uri: &Uri, payload: Box<dyn std::any::Any + Send>) {
        let message = format!(
            "copydesk: converting the findings of {} failed: {}; nothing is reported for this version",
            uri.as_str(),
            requests::panic_message(payload.as_ref())
        );
        tracing::error!("{message}");
        self.client.log_message(MessageType::ERROR, message).await;
    }
}
