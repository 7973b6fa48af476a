//! Throughput of the analysis core on generated drafts of 1k, 10k and 50k words: the
//! whole `analyze` call and each phase the library exposes (prose extraction, sentence
//! splitting, quote scanning, attribution). Run with `cargo bench --bench analysis`; see
//! docs/performance.md for the figures.

#[path = "support/draft.rs"]
mod draft;

use std::hint::black_box;
use std::time::Duration;

use copydesk::analysis::{self, Format, attribution, prose, quotes, sentences};
use copydesk::config::Config;
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

const SIZES: [usize; 3] = [1_000, 10_000, 50_000];

fn drafts() -> Vec<(String, String)> {
    SIZES
        .iter()
        .map(|&words| {
            (
                format!("{}k_words", words / 1000),
                draft::generate(words, draft::SEED),
            )
        })
        .collect()
}

fn bench_analyze(c: &mut Criterion) {
    let config = Config::default();
    let mut group = c.benchmark_group("analyze");
    for (name, text) in drafts() {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(&name), &text, |b, text| {
            b.iter(|| analysis::analyze(black_box(text), Format::Markdown, &config))
        });
    }
    group.finish();
}

fn bench_phases(c: &mut Criterion) {
    let drafts = drafts();

    let mut group = c.benchmark_group("prose_extract");
    for (name, text) in &drafts {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(name), text, |b, text| {
            b.iter(|| prose::extract(black_box(text), Format::Markdown))
        });
    }
    group.finish();

    let mut group = c.benchmark_group("sentences_split");
    for (name, text) in &drafts {
        let p = prose::extract(text, Format::Markdown);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(name), &p, |b, p| {
            b.iter(|| sentences::split(black_box(&p.masked), black_box(&p.blocks)))
        });
    }
    group.finish();

    let mut group = c.benchmark_group("quotes_scan");
    for (name, text) in &drafts {
        let p = prose::extract(text, Format::Markdown);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(name), &p, |b, p| {
            b.iter(|| quotes::scan(black_box(&p.masked), black_box(&p.blocks)))
        });
    }
    group.finish();

    let config = Config::default();
    let mut group = c.benchmark_group("attribution");
    for (name, text) in &drafts {
        let p = prose::extract(text, Format::Markdown);
        let s = sentences::split(&p.masked, &p.blocks);
        let q = quotes::scan(&p.masked, &p.blocks);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(name), &(), |b, ()| {
            b.iter(|| {
                attribution::attribute(
                    black_box(&p.masked),
                    &p.blocks,
                    &s,
                    &q.quotes,
                    &config.speech_verbs,
                )
            })
        });
    }
    group.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
}

criterion_group! {
    name = benches;
    config = config();
    targets = bench_analyze, bench_phases
}
criterion_main!(benches);
