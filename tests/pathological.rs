//! The output on pathological drafts (issue #25; the shapes of
//! `benches/support/pathological.rs`) stays bounded: no more findings than words, at
//! most a handful of related places a finding, and fix edits that grow with the draft,
//! not with the square of a name's occurrences. Counts, not times: the times are
//! `scripts/pathological.sh`'s to measure.

#[path = "../benches/support/pathological.rs"]
mod pathological;

use copydesk::analysis::{Analysis, Format};
use copydesk::config::Config;

/// Large enough that a cost per pair of occurrences shows (a variant pair about 500
/// times, 200 quotations), small enough for a debug build.
const WORDS: usize = 3_000;

/// Related places a finding may name (the spelling rule's handful).
const MAX_RELATED: usize = 5;

fn analyze(shape: &str) -> (String, Analysis) {
    let text = pathological::draft(shape, WORDS).expect("a shape");
    let analysis = copydesk::check::analyze(&text, Format::Markdown, &Config::default());
    (text, analysis)
}

/// Checks the bounds and returns (findings, related places, fix edits) for the caller's
/// own assertions.
fn bounded(shape: &str) -> (Analysis, usize, usize) {
    let (text, analysis) = analyze(shape);
    let words = text.split_whitespace().count();
    let findings = &analysis.findings;
    assert!(
        findings.len() <= words,
        "{shape}: {} findings in {words} words",
        findings.len()
    );
    let mut related = 0;
    let mut edits = 0;
    for finding in findings {
        assert!(
            finding.related.len() <= MAX_RELATED,
            "{shape}: a {} finding with {} related places",
            finding.code,
            finding.related.len()
        );
        related += finding.related.len();
        edits += finding.fixes.iter().map(|f| f.edits.len()).sum::<usize>();
    }
    assert!(
        edits <= 2 * words,
        "{shape}: {edits} fix edits for {} findings in {words} words",
        findings.len()
    );
    (analysis, related, edits)
}

fn count(analysis: &Analysis, code: &str) -> usize {
    analysis.findings.iter().filter(|f| f.code == code).count()
}

#[test]
fn a_variant_pair_hundreds_of_times_names_a_handful_of_places_each() {
    let (analysis, _, _) = bounded("variants");
    let spelling: Vec<_> = analysis
        .findings
        .iter()
        .filter(|f| f.code == "inconsistent-spelling")
        .collect();
    // Each form written hundreds of times is flagged once, not at every occurrence, and
    // its related places are a handful, the last two counting the rest of each form.
    assert!(
        !spelling.is_empty() && spelling.len() <= 4,
        "{} findings",
        spelling.len()
    );
    assert!(
        spelling.iter().all(|f| f.related.len() == MAX_RELATED
            && f.related[MAX_RELATED - 1]
                .message
                .contains("more in this draft")
            && f.related.iter().any(
                |r| r.message.contains("more in this draft") && r.message.contains("here (and")
            )),
        "{:?}",
        spelling[0].related
    );
    // "Change all" is offered once per form, not on each of hundreds of occurrences.
    let change_all = spelling
        .iter()
        .filter(|f| {
            f.fixes
                .iter()
                .any(|fix| fix.title.starts_with("Change all"))
        })
        .count();
    assert!(change_all <= 2, "{change_all} findings offer Change all");
}

#[test]
fn a_tied_variant_pair_offers_keep_once_per_form() {
    // The issue's draft: "Turkey" and "Turkiye" equally often, so either may be the slip
    // and every finding offers to keep its own form.
    let mut text = String::new();
    for i in 0..150 {
        text.push_str(&format!(
            "Talks resumed in Turkey on day {i}, officials said. Trade grew in Turkiye, a report said.\n\n"
        ));
    }
    let analysis = copydesk::check::analyze(&text, Format::Markdown, &Config::default());
    let spelling: Vec<_> = analysis
        .findings
        .iter()
        .filter(|f| f.code == "inconsistent-spelling")
        .collect();
    // A form written 150 times is a second spelling in use: one finding says so.
    assert_eq!(spelling.len(), 1, "{} findings", spelling.len());
    let offering = |prefix: &str| {
        spelling
            .iter()
            .filter(|f| f.fixes.iter().any(|fix| fix.title.starts_with(prefix)))
            .count()
    };
    assert_eq!(offering("Keep "), 1, "Keep is offered");
    assert_eq!(offering("Change all"), 1, "Change all is offered");
    let all = spelling[0]
        .fixes
        .iter()
        .find(|fix| fix.title.starts_with("Change all"))
        .expect("Change all");
    assert_eq!(all.edits.len(), 150, "Change all changes every occurrence");
    let edits: usize = spelling
        .iter()
        .flat_map(|f| &f.fixes)
        .map(|fix| fix.edits.len())
        .sum();
    let words = text.split_whitespace().count();
    assert!(edits <= 2 * words, "{edits} fix edits in {words} words");
}

#[test]
fn the_issues_dense_variant_text_stays_bounded() {
    // The bounds are checked by `bounded`; how many of the variants the spelling pass
    // reports on this text is issue 21's matter.
    bounded("dense-variants");
}

#[test]
fn identical_quotations_stay_bounded() {
    let (analysis, _, _) = bounded("quotes-identical");
    assert_eq!(count(&analysis, "quote-mismatch"), 0);
}

#[test]
fn near_identical_quotations_each_point_to_one_earlier_giving() {
    let (analysis, related, _) = bounded("quotes-near");
    let mismatches = count(&analysis, "quote-mismatch");
    assert!(mismatches > 100, "{mismatches} quote-mismatch findings");
    assert!(related <= analysis.findings.len() * MAX_RELATED);
}

#[test]
fn thousands_of_names_stay_bounded() {
    let (analysis, _, _) = bounded("names");
    assert!(
        analysis.entities.len() > 50,
        "{} entities",
        analysis.entities.len()
    );
}

#[test]
fn a_very_long_sentence_stays_bounded() {
    bounded("long-sentence");
}

#[test]
fn a_draft_without_paragraph_breaks_stays_bounded() {
    bounded("no-paragraphs");
}

#[test]
fn thousands_of_figures_stay_bounded() {
    bounded("figures");
}

#[test]
fn marks_nested_a_thousand_deep_stay_bounded() {
    bounded("nested-marks");
}

#[test]
fn a_pasted_table_stays_bounded() {
    bounded("table");
}
