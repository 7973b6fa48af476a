#![doc = include_str!("quote_speaker_mismatch.md")]

use crate::analysis::finding::{Finding, Related, Severity};
use crate::notes::{SpeakerCheck, Verdict};

use super::{Context, Rule};

pub const RULE: Rule = Rule {
    code: "quote-speaker-mismatch",
    default_severity: Severity::Warning,
    summary: "a quotation the sources give to someone other than the draft's speaker",
    doc: include_str!("quote_speaker_mismatch.md"),
    check,
};

fn check(cx: &Context, severity: Severity) -> Vec<Finding> {
    cx.lookups
        .iter()
        .filter(|l| {
            l.found.verdict != Verdict::NotFound && l.found.speaker == SpeakerCheck::Different
        })
        .filter_map(|l| {
            let quote = &cx.quotes[l.quote];
            let passage = l.found.passage.as_ref()?;
            let speaker = quote.speaker.as_ref()?;
            Some(Finding {
                code: RULE.code,
                severity,
                range: quote.range.clone(),
                message: format!(
                    "{} has these words from {}, not {}",
                    passage.location(),
                    passage.speaker.as_deref().unwrap_or("someone else"),
                    speaker.name
                ),
                related: vec![Related {
                    range: speaker.range.clone(),
                    message: "the speaker the draft gives".to_string(),
                }],
                fixes: Vec::new(),
            })
        })
        .collect()
}
