#![doc = include_str!("quote_mismatch.md")]

use crate::analysis::QuoteKind;
use crate::analysis::finding::{Finding, Related, Severity};

use super::{Context, Rule};

pub const RULE: Rule = Rule {
    code: "quote-mismatch",
    default_severity: Severity::Warning,
    summary: "the same quotation given twice with different wording",
    doc: include_str!("quote_mismatch.md"),
    check,
};

/// Quotations shorter than this share words by chance.
const MIN_WORDS: usize = 6;
/// Share of the shorter quotation's words that must recur, in order, in the other.
const MIN_OVERLAP: f64 = 0.75;

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase().replace('’', "'"))
        .collect()
}

fn check(cx: &Context, severity: Severity) -> Vec<Finding> {
    let quotes: Vec<(usize, Vec<String>)> = cx
        .quotes
        .iter()
        .enumerate()
        .filter(|(_, q)| q.kind != QuoteKind::Title)
        .map(|(i, q)| (i, words(&cx.text[q.content.clone()])))
        .filter(|(_, w)| w.len() >= MIN_WORDS)
        .collect();
    let mut findings = Vec::new();
    for (later_pos, (later, later_words)) in quotes.iter().enumerate() {
        let earlier = quotes[..later_pos]
            .iter()
            .find(|(_, earlier_words)| differs_in_wording(earlier_words, later_words));
        let Some((earlier, _)) = earlier else {
            continue;
        };
        let first = &cx.quotes[*earlier];
        let second = &cx.quotes[*later];
        findings.push(Finding {
            code: RULE.code,
            severity,
            range: second.range.clone(),
            message: "this quotation appears earlier in different words; which is exact?"
                .to_string(),
            related: vec![Related {
                range: first.range.clone(),
                message: "the earlier wording".to_string(),
            }],
            fixes: Vec::new(),
        });
    }
    findings
}

/// Mostly the same words in the same order, but not the same sequence, and neither a
/// verbatim fragment of the other.
fn differs_in_wording(a: &[String], b: &[String]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.windows(short.len()).any(|w| w == short) {
        return false;
    }
    let common = lcs(short, long);
    common as f64 >= MIN_OVERLAP * short.len() as f64
        && (short.len() as f64) >= 0.6 * long.len() as f64
}

fn lcs(a: &[String], b: &[String]) -> usize {
    let mut row = vec![0usize; b.len() + 1];
    for x in a {
        let mut diagonal = 0;
        for (j, y) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if x == y {
                diagonal + 1
            } else {
                above.max(row[j])
            };
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(text: &str) -> Vec<String> {
        words(text)
    }

    #[test]
    fn reworded_quotes_differ_and_fragments_do_not() {
        assert!(differs_in_wording(
            &w("We will not negotiate under threats of any kind"),
            &w("We will never negotiate under threats of any kind")
        ));
        assert!(!differs_in_wording(
            &w("not negotiate under threats of any kind"),
            &w("We will not negotiate under threats of any kind, ever")
        ));
        assert!(!differs_in_wording(
            &w("The harbor will reopen on Monday morning"),
            &w("Our members will stay out until the contract is signed")
        ));
    }
}
