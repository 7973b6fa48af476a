//! Evaluation of copydesk against PolNeAR, a corpus of 1,000 political news articles
//! with gold attribution relations (source, cue, content). See docs/evaluation.md.
//!
//! ```sh
//! cargo run --release --example eval_polnear -- /path/to/PolNeAR --split dev
//! cargo run --release --example eval_polnear -- /path/to/PolNeAR --split train --task sourcing
//! cargo run --release --example eval_polnear -- /path/to/PolNeAR --split dev --task spelling
//! ```
//!
//! PolNeAR's texts have no license: read them from a local checkout, print them to
//! the terminal if you like, never write them into this repository. `test` is
//! reserved for outside evaluation and refused without `--i-am-the-outside-evaluator`.

mod continuation;
mod corpus;
mod gold;
mod quotes;
mod report;
mod sourcing;
mod spelling;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, ValueEnum};

#[derive(Parser)]
#[command(about = "Score copydesk against a local PolNeAR checkout")]
struct Args {
    /// The PolNeAR checkout (or its data/ directory).
    path: PathBuf,
    #[arg(long, value_enum, default_value = "dev")]
    split: Split,
    #[arg(long, value_enum, default_value = "quotes")]
    task: Task,
    /// Error samples printed per category.
    #[arg(long, default_value_t = 10)]
    samples: usize,
    /// Print this many gold quotes (full and partial) to check the gold by eye.
    #[arg(long, default_value_t = 0)]
    show_gold: usize,
    /// Only articles whose id contains this text.
    #[arg(long)]
    article: Option<String>,
    /// Rewrite the New York Times archive's `''…''` marks as straight double quotes
    /// (offsets unchanged). Off by default: outside evaluation feeds the raw texts.
    #[arg(long)]
    normalize_marks: bool,
    /// Allow `--split test`, which is reserved for outside evaluation.
    #[arg(long)]
    i_am_the_outside_evaluator: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Split {
    Train,
    Dev,
    Test,
}

impl Split {
    fn as_str(self) -> &'static str {
        match self {
            Split::Train => "train",
            Split::Dev => "dev",
            Split::Test => "test",
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Task {
    /// Direct quotations: found, flagged, speaker (issue 3).
    Quotes,
    /// One entity spelled two ways: planted variants flagged, clean false alarms (issue 4).
    Spelling,
    /// Vague sources and unsourced statistics (issue 5).
    Sourcing,
}

fn main() -> ExitCode {
    let args = Args::parse();
    if args.split == Split::Test && !args.i_am_the_outside_evaluator {
        eprintln!(
            "error: the test split is reserved for outside evaluation; tune on train and dev \
             (pass --i-am-the-outside-evaluator only if that is you)"
        );
        return ExitCode::from(2);
    }
    let dir = match corpus::split_dir(&args.path, args.split.as_str()) {
        Ok(dir) => dir,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let mut articles = match corpus::load_split(&dir, args.normalize_marks) {
        Ok(articles) => articles,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    if let Some(filter) = &args.article {
        articles.retain(|a| a.id.contains(filter.as_str()));
    }
    let mismatched: usize = articles.iter().map(|a| a.mismatched_spans).sum();
    let attributions: usize = articles.iter().map(|a| a.attributions.len()).sum();
    println!(
        "PolNeAR {}: {} articles, {attributions} attributions{}{}",
        args.split.as_str(),
        articles.len(),
        if args.normalize_marks {
            ", '' marks normalized"
        } else {
            ""
        },
        if mismatched > 0 {
            format!(", WARNING: {mismatched} spans whose text does not match the article")
        } else {
            String::new()
        }
    );
    println!();
    match args.task {
        Task::Quotes => quotes::run(
            &articles,
            &quotes::Options {
                samples: args.samples,
                show_gold: args.show_gold,
            },
        ),
        Task::Sourcing => sourcing::run(&articles, args.samples),
        Task::Spelling => spelling::run(&articles, args.samples),
    }
    ExitCode::SUCCESS
}
