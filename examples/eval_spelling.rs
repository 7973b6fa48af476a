//! The spelling task of `eval_polnear` (one name spelled two ways, issue 21) on any
//! copy: a PolNeAR split, a folder of plain-text articles, or GUM's JSON Lines.
//!
//! ```sh
//! cargo run --release --example eval_spelling -- --polnear /work/polnear --split dev
//! cargo run --release --example eval_spelling -- --texts /work/corpora/published/SOURCE
//! cargo run --release --example eval_spelling -- --gum ../shared/corpus/gum/gum_news_interview_entities.jsonl
//! ```
//!
//! The planting and the report are `examples/eval_polnear/spelling.rs`'s (see
//! docs/evaluation.md). `--places FILE` reads the place names the harness plants into
//! from another gazetteer file (default: this repository's `data/gazetteer.tsv`), so an
//! older build is measured on the same cases.

#[allow(dead_code)]
#[path = "eval_polnear/corpus.rs"]
mod corpus;
#[allow(dead_code)]
#[path = "eval_polnear/report.rs"]
mod report;
// `run` is eval_polnear's entry.
#[allow(dead_code)]
#[path = "eval_polnear/spelling.rs"]
mod spelling;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

#[derive(Parser)]
#[command(about = "Plant misspelt names in news copy and count those copydesk catches")]
struct Args {
    /// A PolNeAR checkout (with --split).
    #[arg(long)]
    polnear: Option<PathBuf>,
    #[arg(long, default_value = "dev")]
    split: String,
    /// A folder of plain-text articles (*.txt, one article a file, searched recursively).
    #[arg(long)]
    texts: Option<PathBuf>,
    /// GUM's gum_news_interview_entities.jsonl.
    #[arg(long)]
    gum: Option<PathBuf>,
    /// At most this many documents (the first in name order).
    #[arg(long)]
    limit: Option<usize>,
    /// The gazetteer file the planted place names come from.
    #[arg(long)]
    places: Option<PathBuf>,
    /// Missed cases printed per class.
    #[arg(long, default_value_t = 10)]
    samples: usize,
}

fn texts_under(dir: &std::path::Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            texts_under(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "txt") {
            out.push(path);
        }
    }
    Ok(())
}

fn load(args: &Args) -> Result<Vec<(String, String)>, String> {
    if let Some(root) = &args.polnear {
        if args.split == "test" {
            return Err("the test split is reserved for outside evaluation".into());
        }
        let dir = corpus::split_dir(root, &args.split)?;
        let articles = corpus::load_split(&dir, false)?;
        return Ok(articles.into_iter().map(|a| (a.id, a.text)).collect());
    }
    if let Some(dir) = &args.texts {
        let mut paths = Vec::new();
        texts_under(dir, &mut paths).map_err(|e| format!("{}: {e}", dir.display()))?;
        paths.sort();
        return paths
            .iter()
            .filter_map(|p| {
                let text = std::fs::read_to_string(p).ok()?;
                let id = p.strip_prefix(dir).unwrap_or(p).display().to_string();
                Some(Ok((id, text)))
            })
            .collect();
    }
    if let Some(file) = &args.gum {
        let data = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
        return data
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|line| {
                let value: serde_json::Value =
                    serde_json::from_str(line).map_err(|e| format!("{}: {e}", file.display()))?;
                let id = value["id"].as_str().unwrap_or("").to_string();
                let text = value["text"].as_str().unwrap_or("").to_string();
                Ok((id, text))
            })
            .collect();
    }
    Err("give --polnear DIR, --texts DIR or --gum FILE".into())
}

fn main() -> ExitCode {
    let args = Args::parse();
    let mut docs = match load(&args) {
        Ok(docs) => docs,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    if let Some(limit) = args.limit {
        docs.truncate(limit);
    }
    let places_path = args.places.clone().unwrap_or_else(spelling::default_places);
    let places = match spelling::Places::load(&places_path) {
        Ok(places) => places,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    spelling::run_docs(&docs, &places, args.samples);
    ExitCode::SUCCESS
}
