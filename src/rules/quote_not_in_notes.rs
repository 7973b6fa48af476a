#![doc = include_str!("quote_not_in_notes.md")]

use crate::analysis::finding::{Finding, Severity};
use crate::notes::Verdict;

use super::{Context, Rule};

pub const RULE: Rule = Rule {
    code: "quote-not-in-notes",
    default_severity: Severity::Information,
    summary: "a quotation that nothing in the reporter's sources comes close to",
    doc: include_str!("quote_not_in_notes.md"),
    check,
};

fn check(cx: &Context, severity: Severity) -> Vec<Finding> {
    cx.lookups
        .iter()
        .filter(|l| l.found.verdict == Verdict::NotFound)
        .map(|l| {
            let quote = &cx.quotes[l.quote];
            let message = match &l.found.passage {
                Some(passage) => format!(
                    "not in the sources; the closest passage, {} ({:.0}% alike): “{}”",
                    passage.location(),
                    l.found.similarity * 100.0,
                    passage.text
                ),
                None => "not in the sources; nothing there comes close".to_string(),
            };
            Finding {
                code: RULE.code,
                severity,
                range: quote.range.clone(),
                message,
                related: Vec::new(),
                fixes: Vec::new(),
            }
        })
        .collect()
}
