//! Throughput of the analysis core on generated drafts of 1k, 10k and 50k words: the
//! whole `analyze` call, a keystroke's re-analysis with the draft's cache warm, and
//! each phase from scratch (prose extraction, sentence splitting, quote scanning,
//! attribution, entities, spelling groups, figures, vague sources). Run with
//! `cargo bench --bench analysis`; see docs/performance.md for the figures.

#[path = "support/draft.rs"]
mod draft;

use std::hint::black_box;
use std::time::Duration;

use copydesk::analysis::{
    Cache, Format, attribution, entities, prose, quotes, sentences, sourcing,
};
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
            b.iter(|| copydesk::check::analyze(black_box(text), Format::Markdown, &config))
        });
    }
    group.finish();
}

/// One character typed mid-draft, the draft's cache warm from the version before: what
/// the server does on every keystroke. Alternating two characters keeps every version
/// new to the cache.
fn bench_keystroke(c: &mut Criterion) {
    let config = Config::default();
    let mut group = c.benchmark_group("keystroke");
    for (name, text) in drafts() {
        let versions = draft::keystroke_versions(&text);
        let mut cache = Cache::new();
        copydesk::check::analyze_with(&text, Format::Markdown, &config, &mut cache);
        let mut turn = 0;
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(BenchmarkId::from_parameter(&name), |b| {
            b.iter(|| {
                turn += 1;
                copydesk::check::analyze_with(
                    black_box(&versions[turn % 2]),
                    Format::Markdown,
                    &config,
                    &mut cache,
                )
            })
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

/// The phases after attribution: entities, spelling groups and the two sourcing passes.
fn bench_later_phases(c: &mut Criterion) {
    let config = Config::default();
    for (group_name, phase) in [
        ("entities", Phase::Entities),
        ("spelling_groups", Phase::Spellings),
        ("figures", Phase::Figures),
        ("vague_sources", Phase::Vague),
    ] {
        let mut group = c.benchmark_group(group_name);
        for (name, text) in &drafts() {
            let p = prose::extract(text, Format::Markdown);
            let s = sentences::split(&p.masked, &p.blocks);
            let full = copydesk::check::analyze(text, Format::Markdown, &config);
            let a = attribution::attribute(
                &p.masked,
                &p.blocks,
                &s,
                &quotes::scan(&p.masked, &p.blocks).quotes,
                &config.speech_verbs,
            );
            let quoted: Vec<_> = full.quotes.iter().map(|q| q.range.clone()).collect();
            let find =
                || entities::find(&p.masked, &p.blocks, &s, &full.quotes, &a.people, &config);
            group.throughput(Throughput::Bytes(text.len() as u64));
            group.bench_function(BenchmarkId::from_parameter(name), |b| {
                b.iter(|| match phase {
                    Phase::Entities => black_box(find().entities.len()),
                    Phase::Spellings => {
                        // Spelling groups attach variants to the entities: each run
                        // needs its own copy, so the entities are found again.
                        let mut found = find();
                        entities::spelling_groups(text, &p.masked, &s, &mut found).len()
                    }
                    Phase::Figures => sourcing::figures(&p.masked, &p.blocks, &s, &quoted).len(),
                    Phase::Vague => sourcing::vague_sources(
                        &p.masked,
                        &p.blocks,
                        &s,
                        &quoted,
                        &config.vague_sources,
                    )
                    .len(),
                })
            });
        }
        group.finish();
    }
}

#[derive(Clone, Copy)]
enum Phase {
    Entities,
    Spellings,
    Figures,
    Vague,
}

criterion_group! {
    name = benches;
    config = config();
    targets = bench_analyze, bench_keystroke, bench_phases, bench_later_phases
}
criterion_main!(benches);
