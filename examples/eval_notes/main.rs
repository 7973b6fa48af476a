//! How well quotations are checked against the reporter's sources (issue 23).
//!
//! ```sh
//! cargo run --release --example eval_notes -- --transcripts DIR --unseen DIR [--gum FILE]
//! ```
//!
//! **Sources.** Every `.txt` file in `--transcripts` (speaker-turn transcripts: White
//! House press conferences and briefings, public domain under 17 U.S.C. § 105; see
//! docs/notes.md for the exact files and how to extract them), and, with `--gum`, the
//! 19 Wikinews interviews of the GUM corpus (CC BY 2.5, Wikinews contributors) as
//! notes without speakers.
//!
//! **Quotations.** Sentences of 8 to 40 words sampled from the sources' speaker turns
//! (turns of a named speaker or role, not "Q"; every sentence of the GUM interviews),
//! at most `--per-file` a file, then given as a draft would give them:
//! - faithful: verbatim (straight apostrophes made curly), with an ellipsis for two to
//!   five inner words, with a pronoun replaced by a [bracketed] phrase, and with the
//!   source's fillers and repeated false starts dropped (only where it has some);
//! - altered: one inner word changed (a word of four letters or more, replaced by
//!   another such word of the corpus), one inner word dropped, one word added, two
//!   adjacent different words swapped;
//! - the speaker swapped: a verbatim quotation given to another named speaker of the
//!   same briefing;
//! - invented: sentences of 8 to 40 words from `--unseen` (other presidential speeches,
//!   not indexed).
//!
//! **Scores.** Faithful quotations are silent when the verdict is verbatim and the
//! speaker is not reported different; altered ones are caught when the verdict is
//! altered (and flagged when it is altered or not found); swaps are caught when the
//! speaker is reported different; invented ones when the verdict is not found.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Instant;

use clap::Parser;
use copydesk::notes::{self, FileIndex, Index, SpeakerCheck, Verdict};
use serde::Deserialize;

#[derive(Parser)]
#[command(about = "Score quotation checks against the reporter's sources")]
struct Args {
    /// Speaker-turn transcripts to index (.txt).
    #[arg(long)]
    transcripts: PathBuf,
    /// Documents not indexed, whose sentences serve as invented quotations.
    #[arg(long)]
    unseen: PathBuf,
    /// GUM's JSON Lines file: its interviews are indexed as notes.
    #[arg(long)]
    gum: Option<PathBuf>,
    /// Sentences sampled per source file.
    #[arg(long, default_value_t = 40)]
    per_file: usize,
    #[arg(long, default_value_t = 23)]
    seed: u64,
    /// Print the quotations a class got wrong.
    #[arg(long)]
    show: Option<String>,
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// A sentence of a source and who said it.
struct Sample {
    file: usize,
    speaker: Option<String>,
    text: String,
}

#[derive(Deserialize)]
struct GumDoc {
    id: String,
    genre: String,
    text: String,
}

const FILLERS: &[&str] = &["um", "uh", "er", "erm", "ah"];
const PRONOUNS: &[&str] = &["he", "she", "they", "it", "we", "this", "that"];

fn bare(word: &str) -> String {
    word.trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
        .replace('’', "'")
}

fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let words: Vec<&str> = text.split_whitespace().collect();
    for (i, word) in words.iter().enumerate() {
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
        let ends = word.ends_with(['.', '?', '!'])
            && !matches!(
                *word,
                "Mr." | "Mrs." | "Ms." | "Dr." | "St." | "U.S." | "Gov." | "Sen."
            );
        let next_capital = words
            .get(i + 1)
            .is_none_or(|w| w.starts_with(|c: char| c.is_uppercase() || c == '"' || c == '“'));
        if ends && next_capital {
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out.into_iter()
        .filter(|s| (8..=40).contains(&s.split_whitespace().count()))
        .collect()
}

/// The name a draft would give a transcript's speaker label.
fn draft_name(label: &str, president: &str) -> String {
    let lower = label.to_lowercase();
    match lower.as_str() {
        "the president" => format!("President {president}"),
        "the vice president" => "Vice President Mike Pence".to_string(),
        _ => label
            .split_whitespace()
            .map(|w| {
                let mut chars = w.chars();
                chars.next().map_or(String::new(), |c| {
                    c.to_uppercase().collect::<String>() + &chars.as_str().to_lowercase()
                })
            })
            .collect::<Vec<_>>()
            .join(" "),
    }
}

fn main() -> std::io::Result<()> {
    let args = Args::parse();
    let mut rng = Rng(args.seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);

    // The sources, as bytes.
    let mut inputs: Vec<(String, Vec<u8>)> = Vec::new();
    let mut presidents: Vec<String> = Vec::new();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&args.transcripts)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    for path in &paths {
        let bytes = std::fs::read(path)?;
        let text = String::from_utf8_lossy(&bytes);
        let president = text
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("President: "))
            .unwrap_or("")
            .to_string();
        presidents.push(president);
        inputs.push((
            format!(
                "transcripts/{}",
                path.file_name().unwrap().to_string_lossy()
            ),
            bytes,
        ));
    }
    if let Some(gum) = &args.gum {
        for line in std::fs::read_to_string(gum)?.lines() {
            let doc: GumDoc = serde_json::from_str(line).map_err(std::io::Error::other)?;
            if doc.genre == "interview" {
                inputs.push((format!("notes/{}.txt", doc.id), doc.text.into_bytes()));
                presidents.push(String::new());
            }
        }
    }
    let words: usize = inputs
        .iter()
        .map(|(_, b)| String::from_utf8_lossy(b).split_whitespace().count())
        .sum();

    let started = Instant::now();
    let (index, errors) = Index::build(&inputs, 0);
    let build = started.elapsed();
    assert!(errors.is_empty(), "unreadable: {errors:?}");

    // Sentences of each source, with the speaker of their turn.
    let mut samples: Vec<Sample> = Vec::new();
    let mut speakers_of_file: Vec<Vec<String>> = Vec::new();
    let mut vocabulary: Vec<String> = Vec::new();
    for (f, (path, _)) in inputs.iter().enumerate() {
        let file: &FileIndex = index.get(path).expect("indexed");
        let mut named: Vec<String> = Vec::new();
        let mut pool: Vec<Sample> = Vec::new();
        for (i, span) in file.spans.iter().enumerate() {
            let end = file.spans.get(i + 1).map_or(file.text.len(), |s| s.start);
            let speaker = span.speaker.clone();
            let is_path_notes = path.starts_with("notes/");
            match speaker.as_deref() {
                Some(label)
                    if !notes::labels::is_generic_speaker(label)
                        && label != "President"
                        && !label.to_lowercase().contains("president:") =>
                {
                    if !named.contains(&label.to_string()) {
                        named.push(label.to_string());
                    }
                }
                None if is_path_notes => {}
                _ => continue,
            }
            for sentence in sentences(&file.text[span.start..end]) {
                // A source that writes brackets or an ellipsis itself reads as the
                // conventions in a quotation: not a fair sample.
                if sentence.contains(['[', '…']) || sentence.contains("...") {
                    continue;
                }
                pool.push(Sample {
                    file: f,
                    speaker: speaker.clone(),
                    text: sentence,
                });
            }
        }
        for sample in &pool {
            vocabulary.extend(
                sample
                    .text
                    .split_whitespace()
                    .map(bare)
                    .filter(|w| w.len() >= 4 && w.chars().all(char::is_alphabetic)),
            );
        }
        for _ in 0..args.per_file.min(pool.len()) {
            let pick = rng.below(pool.len());
            samples.push(pool.swap_remove(pick));
        }
        speakers_of_file.push(named);
    }
    vocabulary.sort();
    vocabulary.dedup();

    // The quotations, by class: (class, text, speaker given, the sample it came from).
    let mut quotes: Vec<(&str, String, Option<String>)> = Vec::new();
    for sample in &samples {
        let words: Vec<&str> = sample.text.split_whitespace().collect();
        let n = words.len();
        let speaker = sample
            .speaker
            .as_deref()
            .map(|label| draft_name(label, &presidents[sample.file]));
        let join = |w: &[&str]| w.join(" ");
        quotes.push(("verbatim", sample.text.replace('\'', "’"), speaker.clone()));
        let i = 2 + rng.below(n - 5);
        let j = (i + 2 + rng.below(4)).min(n - 2);
        if j > i + 1 {
            quotes.push((
                "ellipsis",
                format!("{} … {}", join(&words[..i]), join(&words[j..])),
                speaker.clone(),
            ));
        }
        if let Some(p) = words
            .iter()
            .position(|w| PRONOUNS.contains(&bare(w).as_str()))
        {
            let mut w: Vec<String> = words.iter().map(|s| s.to_string()).collect();
            let tail: String = words[p].chars().filter(|c| !c.is_alphanumeric()).collect();
            w[p] = format!("[the administration]{tail}");
            quotes.push(("brackets", w.join(" "), speaker.clone()));
        }
        let mut kept: Vec<&str> = Vec::new();
        for (k, w) in words.iter().enumerate() {
            let b = bare(w);
            let repeated = words
                .get(k + 1)
                .is_some_and(|next| bare(next) == b && !b.is_empty());
            if b.is_empty() || FILLERS.contains(&b.as_str()) || repeated {
                continue;
            }
            kept.push(w);
        }
        if kept.len() < n && kept.len() >= 4 {
            quotes.push(("fillers dropped", join(&kept), speaker.clone()));
        }
        // Alterations.
        let content: Vec<usize> = (1..n - 1)
            .filter(|&k| bare(words[k]).len() >= 4 && words[k].chars().any(char::is_alphabetic))
            .collect();
        if !content.is_empty() {
            let k = content[rng.below(content.len())];
            let mut replacement = vocabulary[rng.below(vocabulary.len())].clone();
            while replacement == bare(words[k]) {
                replacement = vocabulary[rng.below(vocabulary.len())].clone();
            }
            let mut w: Vec<String> = words.iter().map(|s| s.to_string()).collect();
            let tail: String = words[k]
                .chars()
                .rev()
                .take_while(|c| !c.is_alphanumeric())
                .collect();
            w[k] = replacement + &tail.chars().rev().collect::<String>();
            quotes.push(("one word changed", w.join(" "), speaker.clone()));
        }
        let droppable: Vec<usize> = (1..n - 1)
            .filter(|&k| {
                let b = bare(words[k]);
                // Dropping one word of "you know" leaves a filler dropped or half of it.
                let you_know = (b == "you" && bare(words[k + 1]) == "know")
                    || (b == "know" && bare(words[k - 1]) == "you");
                !b.is_empty()
                    && !you_know
                    && !FILLERS.contains(&b.as_str())
                    && bare(words[k - 1]) != b
                    && bare(words[k + 1]) != b
            })
            .collect();
        if !droppable.is_empty() {
            let k = droppable[rng.below(droppable.len())];
            let mut w = words.clone();
            w.remove(k);
            quotes.push(("one word dropped", join(&w), speaker.clone()));
        }
        let k = 1 + rng.below(n - 1);
        let added = vocabulary[rng.below(vocabulary.len())].clone();
        if bare(words[k - 1]) != added && bare(words[k]) != added {
            let mut w: Vec<String> = words.iter().map(|s| s.to_string()).collect();
            w.insert(k, added);
            quotes.push(("one word added", w.join(" "), speaker.clone()));
        }
        let swappable: Vec<usize> = (0..n - 1)
            .filter(|&k| {
                let (a, b) = (bare(words[k]), bare(words[k + 1]));
                !a.is_empty() && !b.is_empty() && a != b
            })
            .collect();
        if !swappable.is_empty() {
            let k = swappable[rng.below(swappable.len())];
            let mut w = words.clone();
            w.swap(k, k + 1);
            quotes.push(("two words swapped", join(&w), speaker.clone()));
        }
        if let Some(label) = sample.speaker.as_deref() {
            let others: Vec<&String> = speakers_of_file[sample.file]
                .iter()
                .filter(|o| o.as_str() != label && !notes::matcher::same_person(o, label))
                .collect();
            if !others.is_empty() && !notes::labels::is_generic_speaker(label) {
                let other = others[rng.below(others.len())];
                quotes.push((
                    "speaker swapped",
                    sample.text.clone(),
                    Some(draft_name(other, &presidents[sample.file])),
                ));
            }
        }
    }
    // Invented: sentences of speeches that are not in the sources.
    let mut unseen: Vec<String> = Vec::new();
    let mut unseen_paths: Vec<PathBuf> = std::fs::read_dir(&args.unseen)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    unseen_paths.sort();
    for path in unseen_paths {
        let text = std::fs::read_to_string(path)?;
        let body = text.split_once("\n\n").map_or(text.as_str(), |(_, b)| b);
        unseen.extend(sentences(body));
    }
    let invented_count = samples.len().min(unseen.len());
    for _ in 0..invented_count {
        let pick = rng.below(unseen.len());
        quotes.push((
            "invented",
            unseen.swap_remove(pick),
            Some("President Barack Obama".into()),
        ));
    }

    // Look every quotation up.
    let mut results: HashMap<&str, [usize; 5]> = HashMap::new();
    let mut class_times: HashMap<&str, Vec<std::time::Duration>> = HashMap::new();
    let mut times = Vec::with_capacity(quotes.len());
    for (class, text, speaker) in &quotes {
        let started = Instant::now();
        let found = index
            .lookup(text, speaker.as_deref())
            .expect("quotation has words");
        times.push(started.elapsed());
        class_times
            .entry(class)
            .or_default()
            .push(started.elapsed());
        let entry = results.entry(class).or_default();
        entry[0] += 1;
        let good = match *class {
            "verbatim" | "ellipsis" | "brackets" | "fillers dropped" => {
                found.verdict == Verdict::Verbatim && found.speaker != SpeakerCheck::Different
            }
            "speaker swapped" => found.speaker == SpeakerCheck::Different,
            "invented" => found.verdict == Verdict::NotFound,
            _ => found.verdict == Verdict::Altered,
        };
        entry[1] += usize::from(good);
        entry[2] += usize::from(found.verdict == Verdict::Verbatim);
        entry[3] += usize::from(found.verdict == Verdict::Altered);
        entry[4] += usize::from(found.verdict == Verdict::NotFound);
        if !good && args.show.as_deref() == Some(class) {
            println!(
                "--- {class}: {text}\n    speaker given: {speaker:?}\n    {:?} {:.2} {:?}",
                found.verdict, found.similarity, found.speaker
            );
            if let Some(p) = &found.passage {
                println!("    {} [{:?}]: {}", p.location(), p.speaker, p.text);
            }
            for d in &found.differences {
                println!("    {}", d.message());
            }
        }
    }
    times.sort();

    println!(
        "sources: {} files, {} words (index built in {:.1} ms, {:.1} MB); {} quotations",
        index.len(),
        words,
        build.as_secs_f64() * 1e3,
        index.heap_bytes() as f64 / 1e6,
        quotes.len()
    );
    println!(
        "lookup: median {:.0} µs, p95 {:.0} µs, max {:.0} µs",
        times[times.len() / 2].as_secs_f64() * 1e6,
        times[times.len() * 95 / 100].as_secs_f64() * 1e6,
        times[times.len() - 1].as_secs_f64() * 1e6
    );
    println!();
    println!(
        "| class | n | scored as | rate | verbatim | altered | not found | median µs | p95 µs |"
    );
    println!("|---|---:|---|---:|---:|---:|---:|---:|---:|");
    for class in [
        "verbatim",
        "ellipsis",
        "brackets",
        "fillers dropped",
        "one word changed",
        "one word dropped",
        "one word added",
        "two words swapped",
        "speaker swapped",
        "invented",
    ] {
        let Some(r) = results.get(class) else {
            continue;
        };
        let scored = match class {
            "verbatim" | "ellipsis" | "brackets" | "fillers dropped" => "silent",
            "speaker swapped" => "speaker different",
            "invented" => "not found",
            _ => "altered",
        };
        let mut t = class_times.remove(class).unwrap_or_default();
        t.sort();
        println!(
            "| {class} | {} | {scored} | {:.3} | {} | {} | {} | {:.0} | {:.0} |",
            r[0],
            r[1] as f64 / r[0] as f64,
            r[2],
            r[3],
            r[4],
            t[t.len() / 2].as_secs_f64() * 1e6,
            t[t.len() * 95 / 100].as_secs_f64() * 1e6
        );
    }
    Ok(())
}
