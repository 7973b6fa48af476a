#![doc = include_str!("missing_first_reference.md")]

use crate::analysis::entities::{EntityKind, MentionForm};
use crate::analysis::finding::{Edit, Finding, Fix, Related, Severity};
use crate::text::line_column;

use super::{Context, Rule};

pub const RULE: Rule = Rule {
    code: "missing-first-reference",
    default_severity: Severity::Information,
    summary: "a person named by surname before the full name appears",
    doc: include_str!("missing_first_reference.md"),
    check,
};

fn check(cx: &Context, severity: Severity) -> Vec<Finding> {
    let mut findings = Vec::new();
    for entity in cx.entities.iter().filter(|e| e.kind == EntityKind::Person) {
        // Quotations are in order and do not overlap.
        let in_quote = |start: usize| {
            let after = cx.quotes.partition_point(|q| q.range.start <= start);
            after > 0 && start < cx.quotes[after - 1].range.end
        };
        let reporter_mentions: Vec<usize> = (0..entity.mentions.len())
            .filter(|&i| !entity.in_heading[i] && !in_quote(entity.mentions[i].start))
            .collect();
        let Some(&first) = reporter_mentions.first() else {
            continue;
        };
        if entity.forms[first] != MentionForm::Surname {
            continue;
        }
        let Some(&full) = reporter_mentions
            .iter()
            .find(|&&i| entity.forms[i] == MentionForm::Name)
        else {
            continue;
        };
        let surname = &entity.mentions[first];
        let full_range = &entity.mentions[full];
        let (line, _) = line_column(cx.text, full_range.start);
        findings.push(Finding {
            code: RULE.code,
            severity,
            range: surname.clone(),
            message: format!(
                "“{}” appears before the full name “{}” (line {line}); introduce people by full name first",
                &cx.text[surname.clone()],
                entity.name
            ),
            related: vec![Related {
                range: full_range.clone(),
                message: format!("first full reference to {}", entity.name),
            }],
            fixes: vec![Fix {
                title: format!("Use the full name “{}”", entity.name),
                edits: vec![Edit {
                    range: surname.clone(),
                    replacement: entity.name.clone(),
                }],
                safe: false,
            }],
        });
    }
    findings
}
