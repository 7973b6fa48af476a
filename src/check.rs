//! The pipeline: reads a draft (`analysis`), runs the rules the configuration leaves on
//! over the reading (`rules`), and drops the findings silenced in the text. The front
//! ends call this; nothing below it calls up.

use crate::analysis::desk::DeskNames;
use crate::analysis::{self, Analysis, Cache, Format, Passes, suppression};
use crate::config::Config;
use crate::notes::Index;
use crate::rules;

/// The rules that read the reporter's sources.
pub const SOURCE_RULES: [&str; 3] = [
    "quote-altered",
    "quote-speaker-mismatch",
    "quote-not-in-notes",
];

/// Analyses a draft from scratch.
pub fn analyze(text: &str, format: Format, config: &Config) -> Analysis {
    analyze_with(text, format, config, &mut Cache::one_shot())
}

/// Analyses a draft, reusing what `cache` remembers from earlier versions of it. The
/// result is the same as [`analyze`]'s.
pub fn analyze_with(text: &str, format: Format, config: &Config, cache: &mut Cache) -> Analysis {
    analyze_with_sources(text, format, config, cache, None)
}

/// [`analyze_with`], with the draft's quotations looked up in the reporter's sources
/// for the rules that compare them (`quote-altered`, `quote-speaker-mismatch`,
/// `quote-not-in-notes`).
pub fn analyze_with_sources(
    text: &str,
    format: Format,
    config: &Config,
    cache: &mut Cache,
    sources: Option<&Index>,
) -> Analysis {
    let reading = analysis::read_with(text, format, config, passes_for(config), cache);
    let lookups = match sources {
        Some(index) if SOURCE_RULES.iter().any(|code| rules::is_on(config, code)) => {
            rules::quote_sources::look_up(text, &reading.quotes, index)
        }
        _ => Vec::new(),
    };
    let cx = rules::Context::new(text, &reading, config).with_lookups(&lookups);
    let mut findings = rules::run_all(&cx);
    suppression::apply(text, format, &mut findings);
    reading.into_analysis(findings)
}

/// The `desk-spelling` findings of a draft already analysed: its names held against
/// the desk's other drafts and sources (`this` is the draft's own label in `desk`),
/// with the draft's inline suppressions applied.
pub fn desk_findings(
    text: &str,
    format: Format,
    config: &Config,
    analysis: &Analysis,
    desk: &DeskNames,
    this: Option<&str>,
) -> Vec<analysis::Finding> {
    let mut findings =
        rules::desk_spelling::check_against(text, &analysis.entities, desk, this, config);
    suppression::apply(text, format, &mut findings);
    findings
}

/// The optional passes the rules that are on read.
fn passes_for(config: &Config) -> Passes {
    Passes {
        figures: rules::is_on(config, "unsourced-statistic"),
        vague_sources: rules::is_on(config, "vague-source"),
        rewordings: rules::is_on(config, "quote-mismatch"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Finding;

    #[test]
    fn findings_come_from_prose_only() {
        let text = "# Draft\n\n“We will stay, she said.\n\n```\n“code is not prose\n```\n";
        let analysis = analyze(text, Format::Markdown, &Config::default());
        let unbalanced: Vec<&Finding> = analysis
            .findings
            .iter()
            .filter(|f| f.code == "unbalanced-quote")
            .collect();
        assert_eq!(unbalanced.len(), 1);
        assert_eq!(unbalanced[0].range.start, text.find('“').unwrap());
    }

    #[test]
    fn a_rule_switched_off_skips_its_pass_and_reports_nothing() {
        let text = "Unemployment rose to 7.2% in March.\n";
        let on = analyze(text, Format::PlainText, &Config::default());
        assert!(on.findings.iter().any(|f| f.code == "unsourced-statistic"));
        let (off, _) = Config::from_settings(
            &serde_json::json!({"rules": {"unsourced-statistic": "off"}}),
            rules::is_known,
        );
        assert!(!passes_for(&off).figures);
        let analysis = analyze(text, Format::PlainText, &off);
        assert!(
            analysis
                .findings
                .iter()
                .all(|f| f.code != "unsourced-statistic")
        );
    }
}
