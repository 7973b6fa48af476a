//! The language server front end: protocol types live here and nowhere else.

mod actions;
mod backend;
pub mod convert;
pub mod documents;
pub mod framing;
mod hover;
mod navigation;
mod requests;
mod snapshot;
mod sources;
mod worker;

/// The `LanguageServer` implementation, public so that fuzz targets can build an
/// in-process `LspService` the way [`run_stdio`] does.
pub use backend::{Backend, DEFAULT_MAX_DOCUMENT_BYTES};

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tower_lsp_server::{LspService, Server};

/// Called after every analysis job of an open draft, however it ended: the binary's
/// allocator ends a round of its pool there. The library installs none.
static AFTER_ANALYSIS: std::sync::OnceLock<fn()> = std::sync::OnceLock::new();

/// Installs the hook the server calls after each analysis job (once per process).
pub fn set_after_analysis(hook: fn()) {
    let _ = AFTER_ANALYSIS.set(hook);
}

/// Calls the after-analysis hook when dropped, on whichever way out of a job.
pub(crate) struct AfterAnalysis;

impl Drop for AfterAnalysis {
    fn drop(&mut self) {
        if let Some(hook) = AFTER_ANALYSIS.get() {
            hook();
        }
    }
}

/// How long requests still running may take after the client's input ended.
const VANISHED_CLIENT_GRACE: std::time::Duration = std::time::Duration::from_secs(1);

/// Serves the protocol on stdio until the client exits; returns the process exit code
/// (0 after shutdown + exit, 1 when the client went away without shutdown).
pub async fn run_stdio() -> i32 {
    let worker = worker::Worker::start();
    warm_up(&worker);
    let shutdown_requested = Arc::new(AtomicBool::new(false));
    let flag = shutdown_requested.clone();
    let (replies_tx, replies_rx) = tokio::sync::mpsc::unbounded_channel();
    let frames = replies_tx.clone();
    let (service, socket) = LspService::new(move |client| {
        backend::Backend::with_worker(client, flag, worker, Some(frames))
    });

    let (to_server, server_in) = tokio::io::duplex(1 << 20);
    let (server_out, from_server) = tokio::io::duplex(1 << 20);

    let input = tokio::spawn(framing::guard_input(
        tokio::io::stdin(),
        to_server,
        replies_tx,
    ));
    let output = tokio::spawn(framing::merge_output(
        from_server,
        tokio::io::stdout(),
        replies_rx,
    ));
    let mut input = input;
    {
        let serve = Server::new(server_in, server_out, socket).serve(service);
        tokio::pin!(serve);
        tokio::select! {
            () = &mut serve => {}
            _ = &mut input => {
                // The client's input ended (it went away). Requests still being computed
                // have nobody to answer: give them a moment, then stop without them.
                if tokio::time::timeout(VANISHED_CLIENT_GRACE, &mut serve).await.is_err() {
                    tracing::warn!("the client went away with requests pending; exiting without them");
                }
            }
        }
        // Dropping the server here closes its output.
    }
    // The server has stopped writing once serve returns; let the last frames out.
    let _ = output.await;
    input.abort();
    if shutdown_requested.load(Ordering::SeqCst) {
        0
    } else {
        1
    }
}

/// Builds the lexicons, patterns and gazetteer while the client starts up, so the
/// first draft opened does not pay for them:
/// - the vague-source lexicon, the longest to compile, first on the analysis thread: a
///   draft opened meanwhile is analysed once it is built. Compiled beside the draft's
///   analysis, the memory its compilation holds for a moment came on top of the open's
///   and raised its peak;
/// - the other patterns, by analysing a sample, on a thread of their own: a draft
///   opened meanwhile is read at once and waits only where it needs a pattern still
///   being built (a lazily built static is waited for, never built twice). Done on the
///   analysis thread too, a long draft opened right after `initialize` waited for the
///   whole warm-up.
fn warm_up(worker: &worker::Worker) {
    const SAMPLE: &str = "# Talks resume\n\n“We are ready,” Foreign Minister Ana Ruiz said in Kyiv. \
        Officials said 40 percent of the port was closed, according to Reuters.\n";
    worker.spawn(|| {
        crate::analysis::sourcing::lexicon(&crate::config::PhraseEdits::default());
    });
    let _ = std::thread::Builder::new()
        .name("copydesk-warm-up".to_string())
        .spawn(|| {
            crate::check::analyze(
                SAMPLE,
                crate::analysis::Format::Markdown,
                &crate::config::Config::default(),
            )
        });
}
