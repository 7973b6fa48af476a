//! Every fixture draft's analysis as a reviewed snapshot (insta): each quotation with
//! its kind, speaker and how the speaker was found; each entity with its kind and
//! mentions; each finding with its code, severity, range, message, related places and
//! fixes. A change of behaviour shows up as a diff of `tests/snapshots/*.snap` in
//! review. After a deliberate change: `INSTA_UPDATE=always cargo test --test snapshots`
//! (or `cargo insta review`), then read the diff before committing it.

use std::fmt::Write;
use std::path::{Path, PathBuf};

use copydesk::analysis::{Analysis, Format, Resolution};
use copydesk::check::analyze;
use copydesk::config::Config;

/// The fixture drafts: the annotated ones, the CLI's and the sample draft.
fn drafts() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut found = Vec::new();
    for dir in ["tests/annotated", "tests/fixtures", "examples/drafts"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let draft = path.extension().is_some_and(|e| e == "md" || e == "txt");
            if draft && path.file_name().is_some_and(|n| n != "README.md") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// The draft's text: an annotated fixture's expectations are not part of it.
fn draft_text(path: &Path) -> Option<String> {
    let text = std::fs::read_to_string(path).ok()?; // not UTF-8: the CLI tests' matter
    Some(match text.split_once("\n=== expect") {
        Some((draft, _)) => format!("{draft}\n"),
        None => text,
    })
}

fn excerpt(text: &str, range: &std::ops::Range<usize>) -> String {
    let start = text.floor_char_boundary(range.start);
    let end = text.floor_char_boundary(range.end.max(start));
    let shown: String = text[start..end].chars().take(60).collect();
    shown.replace('\n', "⏎")
}

fn resolution(resolution: &Resolution) -> &'static str {
    match resolution {
        Resolution::SameSentence => "same sentence",
        Resolution::Pronoun { .. } => "pronoun",
        Resolution::Role { .. } => "role",
        Resolution::PreviousSentence => "previous sentence",
        Resolution::NextSentence => "next sentence",
        Resolution::Colon => "colon",
        Resolution::Continuation => "continuation",
        Resolution::PreviousParagraph => "previous paragraph",
    }
}

/// The analysis as text a reviewer reads: one line per quotation, entity and finding.
fn render(text: &str, analysis: &Analysis) -> String {
    let mut out = String::new();
    for quote in &analysis.quotes {
        let speaker = match &quote.speaker {
            Some(s) => format!(
                "{} ({}, “{}”)",
                s.name,
                resolution(&s.resolution),
                excerpt(text, &s.range)
            ),
            None => "—".to_string(),
        };
        writeln!(
            out,
            "quote {}..{} {:?} “{}” → {speaker}",
            quote.range.start,
            quote.range.end,
            quote.kind,
            excerpt(text, &quote.content)
        )
        .unwrap();
    }
    for entity in &analysis.entities {
        let mentions: Vec<String> = entity
            .mentions
            .iter()
            .zip(&entity.forms)
            .map(|(range, form)| format!("{}@{} {form:?}", excerpt(text, range), range.start))
            .collect();
        writeln!(
            out,
            "entity {:?} {}: {}",
            entity.kind,
            entity.name,
            mentions.join(", ")
        )
        .unwrap();
    }
    for finding in &analysis.findings {
        writeln!(
            out,
            "finding {} {} {}..{} “{}”: {}",
            finding.code,
            finding.severity.as_str(),
            finding.range.start,
            finding.range.end,
            excerpt(text, &finding.range),
            finding.message
        )
        .unwrap();
        for related in &finding.related {
            writeln!(
                out,
                "  related {}..{}: {}",
                related.range.start, related.range.end, related.message
            )
            .unwrap();
        }
        for fix in &finding.fixes {
            let edits: Vec<String> = fix
                .edits
                .iter()
                .map(|e| format!("{}..{} → {:?}", e.range.start, e.range.end, e.replacement))
                .collect();
            let safe = if fix.safe { " (safe)" } else { "" };
            writeln!(out, "  fix “{}”{safe}: {}", fix.title, edits.join("; ")).unwrap();
        }
    }
    out
}

#[test]
fn every_fixture_draft_reads_as_its_snapshot() {
    let drafts = drafts();
    assert!(
        drafts.len() > 20,
        "the fixture drafts are found: {drafts:?}"
    );
    for path in drafts {
        let Some(text) = draft_text(&path) else {
            continue;
        };
        let format = if path.extension().is_some_and(|e| e == "md") {
            Format::Markdown
        } else {
            Format::PlainText
        };
        let analysis = analyze(&text, format, &Config::default());
        let parent = path
            .parent()
            .and_then(Path::file_name)
            .unwrap()
            .to_string_lossy();
        let name = format!("{parent}__{}", path.file_name().unwrap().to_string_lossy());
        insta::assert_snapshot!(name, render(&text, &analysis));
    }
}
