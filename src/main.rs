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

fn serve() -> i32 {
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
