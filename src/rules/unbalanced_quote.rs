#![doc = include_str!("unbalanced_quote.md")]

use crate::analysis::finding::{Edit, Finding, Fix, Severity};
use crate::analysis::quotes::MarkProblem;

use super::{Context, Rule};

pub const RULE: Rule = Rule {
    code: "unbalanced-quote",
    default_severity: Severity::Hint,
    summary: "an opening quotation mark that never closes (multi-paragraph quotes excepted)",
    doc: include_str!("unbalanced_quote.md"),
    check,
};

fn check(cx: &Context, severity: Severity) -> Vec<Finding> {
    cx.scan
        .unbalanced
        .iter()
        .map(|mark| {
            let paragraph = &cx.prose.blocks[mark.block].range;
            let (message, fix) = match mark.problem {
                MarkProblem::NeverCloses => {
                    let written = &cx.text[mark.range.clone()];
                    let closer = closing_mark(written);
                    (
                        format!(
                            "quotation opened with {} never closes in this paragraph",
                            written
                        ),
                        Fix {
                            title: format!(
                                "Close the quotation with {closer} at the end of the paragraph"
                            ),
                            edits: vec![Edit {
                                range: paragraph.end..paragraph.end,
                                replacement: closer.to_string(),
                            }],
                            safe: false,
                        },
                    )
                }
                MarkProblem::NeverOpened => {
                    let written = &cx.text[mark.range.clone()];
                    let opener = opening_mark(written);
                    (
                        format!("closing {} has no opening mark in this paragraph", written),
                        Fix {
                            title: format!(
                                "Open the quotation with {opener} at the start of the paragraph"
                            ),
                            edits: vec![Edit {
                                range: paragraph.start..paragraph.start,
                                replacement: opener.to_string(),
                            }],
                            safe: false,
                        },
                    )
                }
                MarkProblem::Reversed => {
                    let written = &cx.text[mark.range.clone()];
                    let (meant, role) = match written {
                        "”" => ("“", "opening"),
                        _ => ("”", "closing"),
                    };
                    (
                        format!("{written} typed where the {role} mark {meant} belongs"),
                        Fix {
                            title: format!("Replace {written} with {meant}"),
                            edits: vec![Edit {
                                range: mark.range.clone(),
                                replacement: meant.to_string(),
                            }],
                            safe: true,
                        },
                    )
                }
            };
            Finding {
                code: RULE.code,
                severity,
                range: mark.range.clone(),
                message,
                related: Vec::new(),
                fixes: vec![fix],
            }
        })
        .collect()
}

fn closing_mark(open: &str) -> &str {
    match open {
        "“" => "”",
        "„" => "“",
        "«" => "»",
        "‘" => "’",
        "‚" => "‘",
        "``" => "''",
        other => other,
    }
}

fn opening_mark(close: &str) -> &str {
    match close {
        "”" => "“",
        "»" => "«",
        "’" => "‘",
        other => other,
    }
}
