use clap::Parser;

/// mimalloc instead of the system allocator: per-thread heaps that give memory back,
/// where glibc kept an arena of garbage for each thread that ever analysed a draft.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use copydesk::cli::{self, Cli, Command};

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
        None | Some(Command::Lsp) => serve(),
        Some(command) => cli::run(command),
    };
    std::process::exit(status);
}

/// `mi_option_purge_delay` in mimalloc's headers (15 in both v2 and v3; libmimalloc-sys
/// names no constant for it).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// The server returns freed memory to the system at once, where mimalloc waits a second
/// by default: a draft's open and each keystroke free megabytes that were otherwise
/// still resident when the next analysis allocated afresh (the 50,000-word peak about
/// 5 MiB lower; the first open of such a draft about 8 ms slower, faulting fresh pages
/// in, and keystrokes no slower as measured). `MIMALLOC_PURGE_DELAY` still overrides
/// it.
fn return_freed_memory_at_once() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: sets one integer option, before the server starts any other thread.
        unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0) }
    }
}

fn serve() -> i32 {
    return_freed_memory_at_once();
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
