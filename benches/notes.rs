//! The reporter's sources at the scale (issue 23): 1,000,000 words of generated
//! transcripts in 100 files (speaker-turn text and WebVTT, half each) indexed on every
//! core; one 10,000-word file re-indexed; a quotation looked up (verbatim, one word
//! changed, and not in the sources). Before criterion's runs it prints what criterion
//! does not measure: the index's size (counted, and the process's resident memory it
//! added), each of 2,000 lookups timed on its own (median and 95th percentile), and the
//! whole load the server does — the files found by the `[sources]` globs and read from
//! disk, then indexed. Run with `cargo bench --bench notes`; figures in docs/notes.md.

use std::hint::black_box;
use std::time::Duration;

use std::time::Instant;

use copydesk::config::Config;
use copydesk::config::sources::SourceSet;
use copydesk::notes::{FileIndex, Index};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const FILES: usize = 100;
const WORDS_PER_FILE: usize = 10_000;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// 20,000 made-up words, drawn with a Zipf-like skew (a few very common, most rare),
/// as speech is.
struct Words {
    words: Vec<String>,
}

impl Words {
    fn new(rng: &mut Rng) -> Words {
        const SYLLABLES: &[&str] = &[
            "ka", "ro", "mi", "tes", "an", "vel", "or", "pu", "lin", "da", "sto", "re", "ne",
            "gal", "tri", "po", "shu", "ber", "ix", "mon",
        ];
        let words = (0..20_000)
            .map(|i| {
                let parts = 1 + (i % 3) + usize::from(i > 2_000);
                (0..parts)
                    .map(|_| SYLLABLES[(rng.next() % SYLLABLES.len() as u64) as usize])
                    .collect::<String>()
            })
            .collect();
        Words { words }
    }

    fn pick(&self, rng: &mut Rng) -> &str {
        // Squaring a uniform draw skews towards the common (low) ranks.
        let u = (rng.next() % 1_000_000) as f64 / 1_000_000.0;
        &self.words[((u * u * u) * self.words.len() as f64) as usize]
    }
}

fn transcript(rng: &mut Rng, words: &Words, vtt: bool) -> String {
    let speakers = ["ARAGHCHI", "Q", "FIDAN", "MR. PRICE"];
    let mut out = String::with_capacity(WORDS_PER_FILE * 8);
    if vtt {
        out.push_str("WEBVTT\n\n");
    }
    let mut written = 0;
    let mut cue = 0u32;
    while written < WORDS_PER_FILE {
        let speaker = speakers[(rng.next() % 4) as usize];
        let turn = 8 + (rng.next() % 60) as usize;
        let mut text = String::new();
        for i in 0..turn {
            if i > 0 {
                text.push(if i % 11 == 0 { '\n' } else { ' ' });
            }
            text.push_str(words.pick(rng));
        }
        text.push('.');
        if vtt {
            let (s, e) = (cue * 4, cue * 4 + 3);
            out.push_str(&format!(
                "00:{:02}:{:02}.000 --> 00:{:02}:{:02}.000\n<v {speaker}>{}\n\n",
                s / 60 % 60,
                s % 60,
                e / 60 % 60,
                e % 60,
                text.replace('\n', " ")
            ));
            cue += 1;
        } else {
            out.push_str(&format!("{speaker}: {text}\n\n"));
        }
        written += turn;
    }
    out
}

fn corpus() -> Vec<(String, Vec<u8>)> {
    let mut rng = Rng(0x5eed_1234_abcd_ef01);
    let words = Words::new(&mut rng);
    (0..FILES)
        .map(|i| {
            let vtt = i % 2 == 1;
            let name = format!("transcripts/t{i:03}.{}", if vtt { "vtt" } else { "txt" });
            (name, transcript(&mut rng, &words, vtt).into_bytes())
        })
        .collect()
}

/// Quotations of 12 words from the middle of a file's turns.
fn quotations(index: &Index, count: usize, change: bool) -> Vec<String> {
    let mut rng = Rng(0x0bad_cafe_1234_5678);
    let files: Vec<&FileIndex> = index.files().collect();
    (0..count)
        .map(|_| {
            let file = files[(rng.next() % files.len() as u64) as usize];
            let start = (rng.next() % (file.words.len() as u64 - 20)) as usize;
            let mut words: Vec<&str> = file.words[start..start + 12]
                .iter()
                .map(|w| file.word_text(w))
                .collect();
            if change {
                words[6] = "zzyzx";
            }
            words.join(" ")
        })
        .collect()
}

/// The process's resident memory in bytes (Linux; 0 elsewhere).
fn resident_bytes() -> usize {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|statm| statm.split_whitespace().nth(1)?.parse::<usize>().ok())
        .map_or(0, |pages| pages * 4096)
}

/// The process's CPU time so far in seconds (user + system; Linux, 10 ms ticks).
fn cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|stat| {
            // The fields after the command name, which is in parentheses.
            let rest = stat.rsplit_once(')')?.1;
            let fields: Vec<&str> = rest.split_whitespace().collect();
            let ticks =
                fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
            Some(ticks / 100.0)
        })
        .unwrap_or(0.0)
}

/// Each lookup timed on its own: (median, 95th percentile, mean CPU time) in
/// milliseconds. On a shared machine the wall times include waiting for a core; the CPU
/// time does not.
fn lookup_latencies(index: &Index, quotes: &[String]) -> (f64, f64, f64) {
    let cpu = cpu_seconds();
    let mut times: Vec<f64> = quotes
        .iter()
        .map(|quote| {
            let start = Instant::now();
            black_box(index.lookup(black_box(quote), Some("Araghchi")));
            start.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    let cpu = (cpu_seconds() - cpu) * 1e3 / quotes.len() as f64;
    times.sort_by(f64::total_cmp);
    (times[times.len() / 2], times[times.len() * 95 / 100], cpu)
}

/// The corpus written below a temporary folder's transcripts/, as the server finds it.
fn corpus_on_disk(inputs: &[(String, Vec<u8>)]) -> std::path::PathBuf {
    let root = std::env::temp_dir().join(format!("copydesk-bench-notes-{}", std::process::id()));
    for (path, bytes) in inputs {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    root
}

fn is_source(name: &str) -> bool {
    copydesk::notes::Format::of(name).is_some()
}

fn bench(c: &mut Criterion) {
    let inputs = corpus();
    let bytes: usize = inputs.iter().map(|(_, b)| b.len()).sum();
    let before = resident_bytes();
    let (index, errors) = Index::build(&inputs, 0);
    let after = resident_bytes();
    assert!(errors.is_empty());
    eprintln!(
        "corpus: {} files, {} words, {:.1} MB of text; index {:.1} MB counted, resident memory +{:.1} MB",
        index.len(),
        index.word_count(),
        bytes as f64 / 1e6,
        index.heap_bytes() as f64 / 1e6,
        after.saturating_sub(before) as f64 / 1e6
    );
    for (name, change) in [("verbatim", false), ("one word changed", true)] {
        let (median, p95, cpu) = lookup_latencies(&index, &quotations(&index, 1_000, change));
        eprintln!(
            "lookup, {name}: median {median:.3} ms, 95th percentile {p95:.3} ms, mean CPU time {cpu:.3} ms (1,000 each)"
        );
    }
    let root = corpus_on_disk(&inputs);
    let load = || {
        let (set, _) = SourceSet::new(&root, &Config::default());
        let (files, notes) = set.collect(is_source);
        assert!(notes.is_empty());
        Index::build(&files, 0)
    };

    let mut group = c.benchmark_group("notes_index");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.throughput(Throughput::Elements(index.word_count() as u64));
    group.bench_function("build_1M_words", |b| {
        b.iter(|| Index::build(black_box(&inputs), 0))
    });
    group.bench_function("load_1M_words_from_disk", |b| b.iter(load));
    group.throughput(Throughput::Elements(WORDS_PER_FILE as u64));
    group.bench_function("reindex_one_10k_file", |b| {
        let mut index = index.clone();
        let (path, bytes) = &inputs[0];
        b.iter(|| index.update(black_box(path), black_box(bytes)))
    });
    group.finish();

    let mut group = c.benchmark_group("notes_lookup");
    for (name, quotes) in [
        ("verbatim", quotations(&index, 64, false)),
        ("one_word_changed", quotations(&index, 64, true)),
        (
            "not_in_sources",
            vec!["the sanctions have destroyed the economy of our country for years".to_string()],
        ),
    ] {
        group.throughput(Throughput::Elements(quotes.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| {
                for quote in &quotes {
                    black_box(index.lookup(black_box(quote), Some("Araghchi")));
                }
            })
        });
    }
    group.finish();
    let _ = std::fs::remove_dir_all(&root);
}

criterion_group!(benches, bench);
criterion_main!(benches);
