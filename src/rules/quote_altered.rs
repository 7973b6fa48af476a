#![doc = include_str!("quote_altered.md")]

use crate::analysis::finding::{Edit, Finding, Fix, Severity};
use crate::notes::Verdict;

use super::{Context, Rule};

pub const RULE: Rule = Rule {
    code: "quote-altered",
    default_severity: Severity::Warning,
    summary: "a quotation that differs in wording from the passage of the sources it comes from",
    doc: include_str!("quote_altered.md"),
    check,
};

fn check(cx: &Context, severity: Severity) -> Vec<Finding> {
    cx.lookups
        .iter()
        .filter(|l| l.found.verdict == Verdict::Altered)
        .filter_map(|l| {
            let quote = &cx.quotes[l.quote];
            let passage = l.found.passage.as_ref()?;
            let differences: Vec<String> =
                l.found.differences.iter().map(|d| d.message()).collect();
            let base = quote.content.start;
            let edits = l
                .found
                .differences
                .iter()
                .map(|d| Edit {
                    range: base + d.range.start..base + d.range.end,
                    replacement: d.replacement.clone(),
                })
                .collect();
            Some(Finding {
                code: RULE.code,
                severity,
                range: quote.range.clone(),
                message: format!(
                    "not word for word as in {}: {}",
                    passage.location(),
                    differences.join("; ")
                ),
                related: Vec::new(),
                fixes: vec![Fix {
                    title: format!("Use the words of {}", passage.location()),
                    edits,
                    safe: false,
                }],
            })
        })
        .collect()
}
