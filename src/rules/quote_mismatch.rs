#![doc = include_str!("quote_mismatch.md")]

use crate::analysis::finding::{Finding, Related, Severity};

use super::{Context, Rule};

pub const RULE: Rule = Rule {
    code: "quote-mismatch",
    default_severity: Severity::Hint,
    summary: "the same quotation given twice with different wording",
    doc: include_str!("quote_mismatch.md"),
    check,
};

/// The reworded quotations are found by the analysis (`analysis::rewording`), which
/// remembers its comparisons from one keystroke to the next.
fn check(cx: &Context, severity: Severity) -> Vec<Finding> {
    cx.rewordings
        .iter()
        .map(|rewording| Finding {
            code: RULE.code,
            severity,
            range: cx.quotes[rewording.later].range.clone(),
            message: "this quotation appears earlier in different words; which is exact?"
                .to_string(),
            related: vec![Related {
                range: cx.quotes[rewording.earlier].range.clone(),
                message: "the earlier wording".to_string(),
            }],
            fixes: Vec::new(),
        })
        .collect()
}
