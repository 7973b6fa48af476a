//! Runs the annotated fixture drafts in tests/annotated/ (format in its README) through
//! the analysis and compares every quotation's speaker and every finding.

use std::path::Path;

use copydesk::analysis::{Format, QuoteKind};
use copydesk::check::analyze;
use copydesk::config::Config;

fn check_fixture(path: &Path) -> Vec<String> {
    let raw = std::fs::read_to_string(path).expect("fixture is readable");
    let (draft, expectations) = raw
        .split_once("=== expect\n")
        .expect("fixture has an expect section");
    let format = Format::from_path(&path.to_string_lossy());
    let analysis = analyze(draft, format, &Config::default());
    let mut problems = Vec::new();
    let mut expected_findings = Vec::new();
    for line in expectations.lines().filter(|l| !l.trim().is_empty()) {
        if let Some(rest) = line.strip_prefix("quote ") {
            let (opening, speaker) = rest.split_once(" => ").expect("quote line has =>");
            let Some(quote) = analysis
                .quotes
                .iter()
                .find(|q| draft[q.range.clone()].starts_with(opening))
            else {
                problems.push(format!("no quotation starts with {opening}"));
                continue;
            };
            let got = match (&quote.speaker, quote.kind) {
                (_, QuoteKind::Title) => "title".to_string(),
                (Some(s), _) => s.name.clone(),
                (None, _) => "none".to_string(),
            };
            if got != speaker {
                problems.push(format!("{opening}: expected {speaker}, got {got}"));
            }
        } else if let Some(rest) = line.strip_prefix("finding ") {
            let (code, at) = rest
                .split_once(' ')
                .expect("finding line has a code and text");
            let start = draft
                .find(at)
                .unwrap_or_else(|| panic!("{at} is in the draft"));
            expected_findings.push((code.to_string(), start));
        } else {
            panic!("unknown expectation line: {line}");
        }
    }
    let mut actual: Vec<(String, usize)> = analysis
        .findings
        .iter()
        .map(|f| (f.code.to_string(), f.range.start))
        .collect();
    actual.sort();
    expected_findings.sort();
    if actual != expected_findings {
        let describe = |list: &[(String, usize)]| {
            list.iter()
                .map(|(code, at)| {
                    format!(
                        "{code} at {:?}",
                        draft[*at..].chars().take(20).collect::<String>()
                    )
                })
                .collect::<Vec<_>>()
        };
        problems.push(format!(
            "findings differ:\n  expected {:?}\n  actual   {:?}",
            describe(&expected_findings),
            describe(&actual)
        ));
    }
    problems
}

#[test]
fn annotated_fixtures() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/annotated");
    let mut fixtures: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixture directory")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|e| e == "txt" || e == "md") && !p.ends_with("README.md")
        })
        .collect();
    fixtures.sort();
    assert!(fixtures.len() >= 4, "fixtures are present");
    let mut report = String::new();
    for path in &fixtures {
        for problem in check_fixture(path) {
            report.push_str(&format!(
                "{}: {problem}\n",
                path.file_name().unwrap().to_string_lossy()
            ));
        }
    }
    assert!(report.is_empty(), "\n{report}");
}
