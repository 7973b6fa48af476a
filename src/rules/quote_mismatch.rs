#![doc = include_str!("quote_mismatch.md")]

use std::collections::HashMap;

use crate::analysis::memo::FastBuildHasher;

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

/// A quotation's words as hashes: cheap to compare, no allocation per comparison.
/// Words are runs of letters, digits and apostrophes, compared in lower case with
/// curly apostrophes straight; a multiply-rotate hash, as only equality matters.
fn words(text: &str) -> Vec<u64> {
    fn step(hash: u64, c: char) -> u64 {
        let c = if c == '’' { '\'' } else { c };
        (hash.rotate_left(5) ^ u64::from(c)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95)
    }
    let mut words = Vec::new();
    let mut hash = 0u64;
    let mut in_word = false;
    for c in text.chars() {
        if c.is_ascii() {
            // Most of a draft: no case table to consult.
            if c.is_ascii_alphanumeric() || c == '\'' {
                hash = step(hash, c.to_ascii_lowercase());
                in_word = true;
                continue;
            }
        } else if c.is_alphanumeric() || c == '’' {
            hash = c.to_lowercase().fold(hash, step);
            in_word = true;
            continue;
        }
        if in_word {
            words.push(hash);
            hash = 0;
            in_word = false;
        }
    }
    if in_word {
        words.push(hash);
    }
    words
}

fn check(cx: &Context, severity: Severity) -> Vec<Finding> {
    // Each distinct wording once, with every quotation that uses it, in order.
    let mut wordings: Vec<(Vec<u64>, Vec<usize>)> = Vec::new();
    let mut seen: HashMap<Vec<u64>, usize, FastBuildHasher> = HashMap::default();
    for (i, quote) in cx.quotes.iter().enumerate() {
        if quote.kind == QuoteKind::Title {
            continue;
        }
        let w = words(&cx.text[quote.content.clone()]);
        if w.len() < MIN_WORDS {
            continue;
        }
        match seen.get(&w) {
            Some(&at) => wordings[at].1.push(i),
            None => {
                seen.insert(w.clone(), wordings.len());
                wordings.push((w, vec![i]));
            }
        }
    }
    // Only wordings that share a run of three words are compared: a reworded quote
    // keeps most of its words in order, so it shares such a run with the original.
    // Every (run, wording) pair sorted once, rather than a map of lists per keystroke:
    // a wording's candidates are the earlier wordings in each of its runs' groups.
    let mut runs: Vec<(u64, usize)> = wordings
        .iter()
        .enumerate()
        .flat_map(|(i, (words, _))| words.windows(3).map(move |run| (run_hash(run), i)))
        .collect();
    runs.sort_unstable();
    runs.dedup();
    let mut candidates: Vec<Vec<usize>> = vec![Vec::new(); wordings.len()];
    for group in runs.chunk_by(|a, b| a.0 == b.0) {
        for (k, &(_, later)) in group.iter().enumerate().skip(1) {
            candidates[later].extend(group[..k].iter().map(|&(_, earlier)| earlier));
        }
    }
    let mut findings = Vec::new();
    for ((later_words, occurrences), candidates) in wordings.iter().zip(&mut candidates) {
        candidates.sort_unstable();
        candidates.dedup();
        let earlier = candidates
            .iter()
            .copied()
            .find(|&e| differs_in_wording(&wordings[e].0, later_words));
        let Some(earlier) = earlier else { continue };
        let first = &cx.quotes[wordings[earlier].1[0]];
        for &index in occurrences {
            let second = &cx.quotes[index];
            if second.range.start < first.range.start {
                continue;
            }
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
    }
    findings
}

/// Three words' hashes as one.
fn run_hash(run: &[u64]) -> u64 {
    run.iter().fold(0u64, |hash, &word| {
        (hash.rotate_left(23) ^ word).wrapping_mul(0x9e37_79b9_7f4a_7c15)
    })
}

/// Mostly the same words in the same order, but not the same sequence, and neither a
/// verbatim fragment of the other.
fn differs_in_wording(a: &[u64], b: &[u64]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if (short.len() as f64) < 0.6 * long.len() as f64
        || long.windows(short.len()).any(|w| w == short)
    {
        return false;
    }
    let common = lcs(short, long);
    common as f64 >= MIN_OVERLAP * short.len() as f64
        && (short.len() as f64) >= 0.6 * long.len() as f64
}

fn lcs(a: &[u64], b: &[u64]) -> usize {
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

    fn w(text: &str) -> Vec<u64> {
        words(text)
    }

    #[test]
    fn words_ignore_case_and_apostrophe_style() {
        assert_eq!(w("Don’t STOP, ISTANBUL—now"), w("don't stop istanbul now"));
        assert_eq!(w("  «twenty-one»  "), w("twenty one"));
        assert_eq!(w("Ünal said 3"), w("ünal said 3"));
        assert_ne!(w("form"), w("from"));
        assert!(w(" … — ").is_empty());
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
