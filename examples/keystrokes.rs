//! Types keystrokes into a generated draft in this process, with the draft's cache warm,
//! and prints the time per keystroke: the analysis a keystroke costs, without the
//! server around it.
//!
//! This machine's speed drifts by a fifth and more within a session, so timings of two
//! builds mislead unless interleaved. Instructions do not drift: run this under
//! callgrind, counting only the keystrokes, to compare two builds exactly:
//!
//! ```text
//! cargo build --release --example keystrokes
//! valgrind --tool=callgrind --collect-atstart=no \
//!     --toggle-collect='keystrokes::type_keystrokes' \
//!     target/release/examples/keystrokes 50000 20
//! ```
//!
//! Arguments: the draft's words (default 50,000) and the keystrokes (default 200);
//! `--draft FILE [KEYSTROKES]` types into that file instead of a generated draft (one
//! with hundreds of findings, say: `docs/pathological.md`'s Turkey/Turkiye text).

#[path = "../benches/support/draft.rs"]
mod draft;

use std::hint::black_box;
use std::time::Instant;

use copydesk::analysis::{Cache, Format};
use copydesk::config::Config;

/// The server's allocator, a round ended after each keystroke as the server ends one
/// after each publication (with jemalloc's default options: they change when pages go
/// back to the system, not the instructions counted). With the system's, allocation
/// took a quarter of the instructions counted.
#[global_allocator]
static ALLOCATOR: allocator::Recycling = allocator::Recycling;

// The binary's allocator, compiled in here too, so the keystrokes measured are the server's.
#[path = "../src/allocator.rs"]
mod allocator;

fn main() {
    let mut args = std::env::args().skip(1).peekable();
    let file = match args.peek().map(String::as_str) {
        Some("--draft") => {
            args.next();
            let path = args.next().unwrap_or_else(|| {
                eprintln!("keystrokes: --draft needs a file");
                std::process::exit(2)
            });
            Some(std::fs::read_to_string(&path).unwrap_or_else(|err| {
                eprintln!("keystrokes: {path}: {err}");
                std::process::exit(2)
            }))
        }
        _ => None,
    };
    let mut number = |default: usize| match args.next() {
        None => default,
        Some(arg) => arg.parse().unwrap_or_else(|_| {
            eprintln!(
                "keystrokes: {arg:?} is not a number; usage: keystrokes [WORDS] [KEYSTROKES]"
            );
            std::process::exit(2)
        }),
    };
    let words = if file.is_none() { number(50_000) } else { 0 };
    let keystrokes = number(200);
    let config = Config::default();
    let text = file.unwrap_or_else(|| draft::generate(words, draft::SEED));
    let words = text.split_whitespace().count();
    let versions = draft::keystroke_versions(&text);
    let mut cache = Cache::new();
    copydesk::check::analyze_with(&text, Format::Markdown, &config, &mut cache);
    let started = Instant::now();
    type_keystrokes(keystrokes, &versions, &config, &mut cache);
    let each = started.elapsed() / keystrokes.max(1) as u32;
    println!("{words} words: {each:?} per keystroke over {keystrokes} keystrokes");
}

/// The keystrokes alone, in a function of their own for callgrind to count.
#[inline(never)]
fn type_keystrokes(keystrokes: usize, versions: &[String], config: &Config, cache: &mut Cache) {
    for turn in 0..keystrokes {
        black_box(copydesk::check::analyze_with(
            &versions[turn % 2],
            Format::Markdown,
            config,
            cache,
        ));
        allocator::settle();
    }
}
