//! Drafts made of the very errors copydesk looks for, at any size: the shapes that find
//! a phase whose cost grows faster than the draft (issue #25).
//!
//! ```sh
//! cargo run --release --example pathological -- variants 10000 > /tmp/v.md
//! cargo run --release --example pathological -- --all /tmp/patho 10000,100000,1000000
//! cargo run --release --example pathological -- --list
//! ```
//!
//! `--all DIR SIZES` writes `DIR/SHAPE-WORDS.md` for every shape and size;
//! `scripts/pathological.sh` runs the CLI and the server over them. The shapes and
//! their generators are in `benches/support/pathological.rs`.

#[path = "../benches/support/pathological.rs"]
mod pathological;

use std::io::Write;
use std::process::ExitCode;

use pathological::{SHAPES, generate};

const USAGE: &str = "usage: pathological SHAPE WORDS > FILE\n       pathological --all DIR [SIZES]   (default sizes 10000,100000,1000000)\n       pathological --list";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("pathological: {message}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &[String]) -> Result<(), String> {
    match args.first().map(String::as_str) {
        Some("--list") => {
            for (name, _) in SHAPES {
                println!("{name}");
            }
            Ok(())
        }
        Some("--all") => {
            let dir = args.get(1).ok_or("--all needs a folder")?;
            let sizes = match args.get(2) {
                Some(list) => list
                    .split(',')
                    .map(|s| s.trim().parse().map_err(|_| format!("bad size: {s}")))
                    .collect::<Result<Vec<usize>, _>>()?,
                None => vec![10_000, 100_000, 1_000_000],
            };
            std::fs::create_dir_all(dir).map_err(|e| format!("{dir}: {e}"))?;
            for (name, generator) in SHAPES {
                for &words in &sizes {
                    let path = format!("{dir}/{name}-{words}.md");
                    std::fs::write(&path, generate(*generator, words))
                        .map_err(|e| format!("{path}: {e}"))?;
                }
            }
            Ok(())
        }
        Some("-h" | "--help") | None => Err("help".to_string()),
        Some(shape) => {
            let generator = SHAPES
                .iter()
                .find(|(name, _)| *name == shape)
                .map(|(_, g)| *g)
                .ok_or_else(|| format!("no shape {shape} (--list lists them)"))?;
            let words: usize = args
                .get(1)
                .ok_or("missing WORDS")?
                .parse()
                .map_err(|_| "WORDS is not a number".to_string())?;
            std::io::stdout()
                .lock()
                .write_all(generate(generator, words).as_bytes())
                .map_err(|e| e.to_string())
        }
    }
}
