#![doc = include_str!("inconsistent_spelling.md")]

use std::ops::Range;

use crate::analysis::Quote;
use crate::analysis::finding::{Finding, Fix, Related, Severity};

use super::spelling::{CHANGE_ALL_ON_EACH, preferred_form, unify};
use super::{Context, Rule};

pub const RULE: Rule = Rule {
    code: "inconsistent-spelling",
    default_severity: Severity::Hint,
    summary: "one entity written two ways in the draft",
    doc: include_str!("inconsistent_spelling.md"),
    check,
};

/// At most this many of the other spelling's places are a finding's related
/// information: the ones nearest the finding, the last saying how many more there are.
const RELATED_PLACES: usize = 5;

/// A form written this many times or more gets one finding, not one per occurrence.
const ONE_FINDING_FROM: usize = 3;

/// Of the related places of such a finding, how many are the form's own other places.
const OWN_PLACES: usize = 2;

fn check(cx: &Context, severity: Severity) -> Vec<Finding> {
    let mut findings = Vec::new();
    for group in cx.spellings {
        if preferred_form(cx, group).is_some() {
            continue; // the stylebook decides, and says so
        }
        let (majority, majority_ranges) = &group.forms[0];
        // Made once per group and form, not per occurrence.
        let here = format!("“{majority}” here");
        // A form the paper writes only in a quotation marked [sic] keeps that source's
        // spelling, when the paper's own text spells the name otherwise.
        let paper_writes_majority = majority_ranges
            .iter()
            .any(|r| !quoted_with_sic(cx.text, cx.quotes, r));
        for (minority, ranges) in &group.forms[1..] {
            if paper_writes_majority
                && ranges
                    .iter()
                    .all(|r| quoted_with_sic(cx.text, cx.quotes, r))
            {
                continue;
            }
            // Written as often as the other: either may be the slip, so both are offered.
            let tie = ranges.len() == majority_ranges.len();
            let message = if tie {
                format!(
                    "“{minority}” is also written “{majority}” in this draft ({} each); use one spelling",
                    times(ranges.len())
                )
            } else {
                format!(
                    "“{minority}” is also written “{majority}” in this draft ({majority} {}×, {minority} {}×); use one spelling",
                    majority_ranges.len(),
                    ranges.len()
                )
            };
            // A form written a few times is a second spelling in use, not a slip here
            // and there: one finding, on its first occurrence, says so for all of them.
            let once_for_all = ranges.len() >= ONE_FINDING_FROM;
            let flagged = if once_for_all {
                &ranges[..1]
            } else {
                &ranges[..]
            };
            // Room is kept for the form's own other places when they are listed too.
            let shown = if once_for_all {
                RELATED_PLACES - OWN_PLACES
            } else {
                RELATED_PLACES
            };
            for range in flagged {
                let nearest = nearest(majority_ranges, range.start, shown);
                let more = majority_ranges.len() - nearest.len();
                let last_here = match more {
                    0 => here.clone(),
                    n => format!("{here} (and {n} more in this draft)"),
                };
                let mut related: Vec<Related> = nearest
                    .iter()
                    .enumerate()
                    .map(|(i, r)| Related {
                        range: r.clone(),
                        message: if i + 1 == nearest.len() {
                            last_here.clone()
                        } else {
                            here.clone()
                        },
                    })
                    .collect();
                if once_for_all {
                    related.extend(also_here(minority, &ranges[1..]));
                }
                findings.push(Finding {
                    code: RULE.code,
                    severity,
                    range: range.clone(),
                    message: message.clone(),
                    related,
                    fixes: {
                        let mut fixes = unify(cx.text, range, ranges, majority);
                        // Like "Change all", offered on the first occurrence only of a
                        // form written more than a handful of times.
                        if tie
                            && (ranges.len() <= CHANGE_ALL_ON_EACH || ranges.first() == Some(range))
                        {
                            fixes.extend(keep_this(cx.text, majority_ranges, minority));
                        }
                        fixes
                    },
                });
            }
        }
    }
    findings
}

/// The other places of a form flagged once for all of them: the first
/// [`OWN_PLACES`], the last saying how many more there are.
fn also_here(form: &str, places: &[Range<usize>]) -> Vec<Related> {
    let shown = &places[..places.len().min(OWN_PLACES)];
    let more = places.len() - shown.len();
    shown
        .iter()
        .enumerate()
        .map(|(i, r)| Related {
            range: r.clone(),
            message: match more {
                n if n > 0 && i + 1 == shown.len() => {
                    format!("“{form}” also here (and {n} more in this draft)")
                }
                _ => format!("“{form}” also here"),
            },
        })
        .collect()
}

/// Whether `range` lies inside a quotation marked [sic]: copied as the source wrote
/// it, spelling and all, which the paper keeps.
fn quoted_with_sic(text: &str, quotes: &[Quote], range: &Range<usize>) -> bool {
    let after = quotes.partition_point(|q| q.content.start <= range.start);
    after
        .checked_sub(1)
        .map(|i| &quotes[i])
        .is_some_and(|q| range.end <= q.content.end && text[q.content.clone()].contains("[sic]"))
}

fn times(n: usize) -> String {
    match n {
        1 => "once".to_string(),
        2 => "twice".to_string(),
        n => format!("{n}×"),
    }
}

/// On a tie, the other way round: every occurrence of the other form changed to this
/// one ("Keep Cotterill: change Cotterell").
fn keep_this(text: &str, others: &[Range<usize>], this: &str) -> Option<Fix> {
    let first = others.first()?;
    let mut fix = unify(text, first, others, this).pop()?;
    fix.title = format!("Keep {this}: change {} to {this}", &text[first.clone()]);
    // Two fixes undo each other: `--fix` applies neither unattended.
    fix.safe = false;
    Some(fix)
}

/// The `n` places nearest `at`, in order (all of them when there are no more).
fn nearest(places: &[Range<usize>], at: usize, n: usize) -> &[Range<usize>] {
    if places.len() <= n {
        return places;
    }
    let after = places.partition_point(|r| r.start < at);
    let start = after.saturating_sub(n / 2).min(places.len() - n);
    &places[start..start + n]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn related_places_are_the_nearest_handful() {
        let places: Vec<Range<usize>> = (0..20).map(|i| i * 10..i * 10 + 3).collect();
        assert_eq!(nearest(&places[..4], 95, 5), &places[..4]);
        assert_eq!(nearest(&places, 0, 5), &places[..5]);
        assert_eq!(nearest(&places, 95, 5), &places[8..13]);
        assert_eq!(nearest(&places, 1_000, 5), &places[15..]);
        assert_eq!(nearest(&places, 95, 3), &places[9..12]);
    }
}
