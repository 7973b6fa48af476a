#![doc = include_str!("inconsistent_spelling.md")]

use crate::analysis::finding::{Finding, Related, Severity};

use super::spelling::{preferred_form, unify};
use super::{Context, Rule};

pub const RULE: Rule = Rule {
    code: "inconsistent-spelling",
    default_severity: Severity::Warning,
    summary: "one entity written two ways in the draft",
    doc: include_str!("inconsistent_spelling.md"),
    check,
};

fn check(cx: &Context, severity: Severity) -> Vec<Finding> {
    let mut findings = Vec::new();
    for group in cx.spellings {
        if preferred_form(cx, group).is_some() {
            continue; // the stylebook decides, and says so
        }
        let (majority, majority_ranges) = &group.forms[0];
        for (minority, ranges) in &group.forms[1..] {
            for range in ranges {
                findings.push(Finding {
                    code: RULE.code,
                    severity,
                    range: range.clone(),
                    message: format!(
                        "“{minority}” is also written “{majority}” in this draft ({majority} {}×, {minority} {}×); use one spelling",
                        majority_ranges.len(),
                        ranges.len()
                    ),
                    related: majority_ranges
                        .iter()
                        .map(|r| Related {
                            range: r.clone(),
                            message: format!("“{majority}” here"),
                        })
                        .collect(),
                    fixes: unify(cx.text, range, ranges, majority),
                });
            }
        }
    }
    findings
}
