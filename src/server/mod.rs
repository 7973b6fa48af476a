//! The language server front end: protocol types live here and nowhere else.

mod backend;
pub mod convert;
pub mod documents;
pub mod framing;
mod hover;
mod navigation;
mod requests;
mod snapshot;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tower_lsp_server::{LspService, Server};

/// Serves the protocol on stdio until the client exits; returns the process exit code
/// (0 after shutdown + exit, 1 when the client went away without shutdown).
pub async fn run_stdio() -> i32 {
    let shutdown_requested = Arc::new(AtomicBool::new(false));
    let flag = shutdown_requested.clone();
    let (service, socket) = LspService::new(move |client| backend::Backend::new(client, flag));

    let (to_server, server_in) = tokio::io::duplex(1 << 20);
    let (server_out, from_server) = tokio::io::duplex(1 << 20);
    let (replies_tx, replies_rx) = tokio::sync::mpsc::unbounded_channel();

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
    Server::new(server_in, server_out, socket)
        .serve(service)
        .await;
    // The server has stopped writing once serve returns; let the last frames out.
    let _ = output.await;
    input.abort();
    if shutdown_requested.load(Ordering::SeqCst) {
        0
    } else {
        1
    }
}
