//! Prints a deterministic wire-style draft of about N words (Markdown) to stdout, or
//! writes a corpus of many drafts to a folder.
//!
//! ```sh
//! cargo run --release --example gen_draft -- 50000 > /tmp/d.md        # one draft
//! cargo run --release --example gen_draft -- 800 --seed 7 > /tmp/e.md # another seed
//! cargo run --release --example gen_draft -- 800 --corpus /tmp/archive 1000
//! ```
//!
//! The same arguments always give the same bytes; the generator is
//! `benches/support/draft.rs`, shared with the benches and `examples/latency.rs`.

#[path = "../benches/support/draft.rs"]
mod draft;

use std::io::Write;
use std::process::ExitCode;

const USAGE: &str = "usage: gen_draft WORDS [--seed N] [--corpus DIR COUNT]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("gen_draft: {message}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &[String]) -> Result<(), String> {
    let mut words = None;
    let mut seed = draft::SEED;
    let mut corpus = None;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--seed" => {
                seed = number(args.get(i + 1))?;
                i += 2;
            }
            "--corpus" => {
                let dir = args.get(i + 1).ok_or("--corpus needs DIR COUNT")?;
                let count: u64 = number(args.get(i + 2))?;
                corpus = Some((dir.clone(), count));
                i += 3;
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            other => {
                words = Some(
                    other
                        .parse::<usize>()
                        .map_err(|_| format!("not a word count: {other}"))?,
                );
                i += 1;
            }
        }
    }
    let words = words.ok_or("missing WORDS")?;
    match corpus {
        None => {
            let text = draft::generate(words, seed);
            std::io::stdout()
                .lock()
                .write_all(text.as_bytes())
                .map_err(|e| e.to_string())
        }
        Some((dir, count)) => {
            std::fs::create_dir_all(&dir).map_err(|e| format!("{dir}: {e}"))?;
            for n in 0..count {
                let text = draft::generate(words, seed.wrapping_add(n));
                let path = format!("{dir}/draft-{n:05}.md");
                std::fs::write(&path, text).map_err(|e| format!("{path}: {e}"))?;
            }
            eprintln!("wrote {count} drafts of ~{words} words to {dir}");
            Ok(())
        }
    }
}

fn number<T: std::str::FromStr>(arg: Option<&String>) -> Result<T, String> {
    let arg = arg.ok_or("missing number")?;
    arg.parse().map_err(|_| format!("not a number: {arg}"))
}
