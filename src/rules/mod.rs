//! The rules: one file each, its documentation in a Markdown file beside it. The
//! registry below gives each its stable code and default severity.

use crate::analysis::finding::{Finding, Severity};
use crate::analysis::names::People;
use crate::analysis::prose::Prose;
use crate::analysis::quotes::QuoteScan;
use crate::analysis::rewording::Rewording;
use crate::analysis::sentences::Sentence;
use crate::analysis::sourcing::{Figure, VagueSource};
use crate::analysis::{Entity, Quote, Reading, SpellingGroup};
use crate::config::Config;

pub mod desk_spelling;
mod inconsistent_spelling;
mod missing_first_reference;
mod quote_altered;
mod quote_mismatch;
mod quote_not_in_notes;
pub mod quote_sources;
mod quote_speaker_mismatch;
mod spelling;
mod stylebook_spelling;
mod unattributed_quote;
mod unbalanced_quote;
mod unsourced_statistic;
mod vague_source;

/// What a rule reads: the phases of the analysis that ran before it.
pub struct Context<'a> {
    pub text: &'a str,
    pub prose: &'a Prose,
    pub sentences: &'a [Sentence],
    /// Every quotation mark pairing, nested quotes and unclosed marks included.
    pub scan: &'a QuoteScan,
    /// The top-level quotations with their speakers.
    pub quotes: &'a [Quote],
    pub people: &'a People,
    /// Figures in the reporter's own words, with whether a source is in reach.
    pub figures: &'a [Figure],
    /// Attributions to unnamed or collective sources.
    pub vague: &'a [VagueSource],
    /// Quotations that give an earlier one in other words.
    pub rewordings: &'a [Rewording],
    /// Who and what is in the story.
    pub entities: &'a [Entity],
    /// Entities whose name the draft spells more than one way.
    pub spellings: &'a [SpellingGroup],
    /// The quotations' answers from the reporter's sources; empty without sources.
    pub lookups: &'a [quote_sources::QuoteLookup],
    pub config: &'a Config,
}

impl<'a> Context<'a> {
    /// What the rules read of a draft's reading.
    pub fn new(text: &'a str, reading: &'a Reading, config: &'a Config) -> Context<'a> {
        Context {
            text,
            prose: &reading.prose,
            sentences: &reading.sentences,
            scan: &reading.scan,
            quotes: &reading.quotes,
            people: &reading.people,
            figures: &reading.figures,
            vague: &reading.vague,
            rewordings: &reading.rewordings,
            entities: &reading.entities,
            spellings: &reading.spellings,
            lookups: &[],
            config,
        }
    }

    /// The same, with the quotations' answers from the reporter's sources.
    pub fn with_lookups(mut self, lookups: &'a [quote_sources::QuoteLookup]) -> Context<'a> {
        self.lookups = lookups;
        self
    }
}

pub struct Rule {
    /// Stable: users write it in configuration and suppressions.
    pub code: &'static str,
    pub default_severity: Severity,
    /// One line for `copydesk rules`.
    pub summary: &'static str,
    /// The full documentation, the same text the rule's module carries.
    pub doc: &'static str,
    check: fn(&Context, Severity) -> Vec<Finding>,
}

pub const RULES: &[Rule] = &[
    unattributed_quote::RULE,
    unbalanced_quote::RULE,
    quote_mismatch::RULE,
    quote_altered::RULE,
    quote_speaker_mismatch::RULE,
    quote_not_in_notes::RULE,
    inconsistent_spelling::RULE,
    desk_spelling::RULE,
    stylebook_spelling::RULE,
    missing_first_reference::RULE,
    vague_source::RULE,
    unsourced_statistic::RULE,
];

pub fn find(code: &str) -> Option<&'static Rule> {
    RULES.iter().find(|rule| rule.code == code)
}

/// Whether `code` names a rule: what the configuration checks its rule codes with.
pub fn is_known(code: &str) -> bool {
    find(code).is_some()
}

/// Whether the rule with this code reports anything under this configuration.
pub fn is_on(config: &Config, code: &str) -> bool {
    find(code).is_some_and(|rule| config.severity(rule.code, rule.default_severity).is_some())
}

/// Runs every rule that is on, at its configured severity.
pub fn run_all(cx: &Context) -> Vec<Finding> {
    let mut findings = Vec::new();
    for rule in RULES {
        if let Some(severity) = cx.config.severity(rule.code, rule.default_severity) {
            findings.extend((rule.check)(cx, severity));
        }
    }
    findings.sort_by(|a, b| a.range.start.cmp(&b.range.start).then(a.code.cmp(b.code)));
    findings
}

#[cfg(test)]
pub(crate) mod tests {
    use crate::analysis::{self, Finding, Format, Passes};
    use crate::config::Config;

    /// Every rule's findings on a draft under the default configuration (inline
    /// suppressions are the pipeline's, not applied here).
    pub fn findings(text: &str, format: Format) -> Vec<Finding> {
        let config = Config::default();
        let reading = analysis::read(text, format, &config, Passes::ALL);
        super::run_all(&super::Context::new(text, &reading, &config))
    }

    #[test]
    fn the_starter_config_names_only_rules_that_exist() {
        let parsed = crate::config::parse_toml(crate::config::starter::STARTER, super::is_known);
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    }
}
