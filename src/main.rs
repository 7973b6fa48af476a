use clap::Parser;
use copydesk::cli::{self, Cli, Command};

/// jemalloc instead of the system allocator or mimalloc: it keeps small objects in runs
/// of a few 4 KiB pages, where mimalloc gives each thread a 64 KiB page per object
/// size, and the results an analysis remembers, scattered among what it freed, kept
/// most of those pages from going back to the system: a long draft's peak is lower
/// with jemalloc configured as below (docs/performance.md). Large blocks go through a
/// pool that keeps them from one keystroke to the next (`allocator`). Built with the
/// `jemalloc` feature, as what ships is; without it, the system allocator serves.
#[cfg(feature = "jemalloc")]
#[global_allocator]
static ALLOCATOR: allocator::Recycling = allocator::Recycling;

#[cfg(feature = "jemalloc")]
mod allocator;

/// jemalloc's options, read when it starts (`_RJEM_MALLOC_CONF` in the environment
/// still overrides them):
/// - `narenas:1`: one arena for every thread; the threads that read a newly opened
///   draft in parallel otherwise leave half-used pages in arenas of their own;
/// - `dirty_decay_ms:0,muzzy_decay_ms:0`: freed pages go back to the system at once,
///   where jemalloc keeps them ten seconds by default (a lower peak). The
///   large blocks a keystroke reuses are kept by the pool instead, and only those.
///   `copydesk check` measured the same either way.
#[cfg(feature = "jemalloc")]
#[unsafe(export_name = "_rjem_malloc_conf")]
static JEMALLOC_OPTIONS: ConfString =
    ConfString(c"narenas:1,dirty_decay_ms:0,muzzy_decay_ms:0".as_ptr());

/// A C string pointer that may sit in a static: jemalloc reads `malloc_conf` as one.
#[cfg(feature = "jemalloc")]
#[repr(transparent)]
struct ConfString(*const std::ffi::c_char);

// SAFETY: it points at a string literal, never written.
#[cfg(feature = "jemalloc")]
unsafe impl Sync for ConfString {}

fn main() {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let usage_error = err.use_stderr();
            let _ = err.print();
            std::process::exit(if usage_error { cli::EXIT_TROUBLE } else { 0 });
        }
    };
    let status = match cli.command {
        None | Some(Command::Lsp) => match cli.transport.unsupported() {
            Some(message) => {
                eprintln!("{message}");
                cli::EXIT_TROUBLE
            }
            None => serve(),
        },
        Some(command) => cli::run(command),
    };
    std::process::exit(status);
}

fn serve() -> i32 {
    // Each analysis of an open draft is a round of the allocator's pool.
    #[cfg(feature = "jemalloc")]
    copydesk::server::set_after_analysis(allocator::settle);
    // stdout carries the protocol: logs go to stderr only.
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("COPYDESK_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("copydesk: cannot start the server: {err}");
            return cli::EXIT_TROUBLE;
        }
    };
    let status = runtime.block_on(copydesk::server::run_stdio());
    // The stdin reader sits on a blocking thread until the client closes its end; a
    // client that sent `exit` need not, so don't wait for it.
    runtime.shutdown_background();
    status
}
