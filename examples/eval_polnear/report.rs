//! Small helpers for printing metrics and error samples.

use std::fmt;
use std::ops::Range;

/// hits / total, printed with its target.
#[derive(Debug, Clone, Copy, Default)]
pub struct Ratio {
    pub hits: usize,
    pub total: usize,
}

impl Ratio {
    pub fn add(&mut self, hit: bool) {
        self.total += 1;
        if hit {
            self.hits += 1;
        }
    }

    pub fn value(self) -> Option<f64> {
        (self.total > 0).then(|| self.hits as f64 / self.total as f64)
    }
}

impl fmt::Display for Ratio {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.value() {
            Some(v) => write!(f, "{v:.3} ({}/{})", self.hits, self.total),
            None => write!(f, "n/a (0/0)"),
        }
    }
}

pub enum Target {
    AtLeast(f64),
    AtMost(f64),
    None,
}

/// One metric line: `name ........ 0.812 (406/500)   target ≥ 0.97  MISS`.
pub fn metric(name: &str, ratio: Ratio, target: Target) {
    let verdict = match (target, ratio.value()) {
        (Target::AtLeast(t), Some(v)) => format!("target ≥ {t:.2}  {}", ok(v >= t)),
        (Target::AtMost(t), Some(v)) => format!("target ≤ {t:.2}  {}", ok(v <= t)),
        (Target::AtLeast(t), None) => format!("target ≥ {t:.2}"),
        (Target::AtMost(t), None) => format!("target ≤ {t:.2}"),
        (Target::None, _) => String::new(),
    };
    println!("  {name:<58} {:<20} {verdict}", ratio.to_string());
}

fn ok(pass: bool) -> &'static str {
    if pass { "ok" } else { "MISS" }
}

/// Up to `n` items spread evenly over `items` (deterministic; different articles
/// rather than the first article's errors).
pub fn spread<T>(items: &[T], n: usize) -> Vec<&T> {
    if items.len() <= n {
        return items.iter().collect();
    }
    (0..n).map(|i| &items[i * items.len() / n]).collect()
}

/// A one-line excerpt of `range` with a little context, the span in ⟦ ⟧, long middles
/// elided, line breaks shown as ⏎.
pub fn excerpt(text: &str, range: Range<usize>, context: usize, max_span: usize) -> String {
    let before_start = back_chars(text, range.start, context);
    let after_end = forward_chars(text, range.end, context);
    let span = &text[range.clone()];
    let span = if span.chars().count() > max_span {
        let head_end = forward_chars(span, 0, max_span / 2);
        let tail_start = back_chars(span, span.len(), max_span / 2);
        format!("{} … {}", &span[..head_end], &span[tail_start..])
    } else {
        span.to_string()
    };
    let line = format!(
        "{}⟦{}⟧{}",
        &text[before_start..range.start],
        span,
        &text[range.end..after_end]
    );
    line.replace("\r\n", "⏎").replace(['\n', '\r'], "⏎")
}

fn back_chars(text: &str, from: usize, n: usize) -> usize {
    text[..from]
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i)
}

fn forward_chars(text: &str, from: usize, n: usize) -> usize {
    text[from..]
        .char_indices()
        .nth(n)
        .map_or(text.len(), |(i, _)| from + i)
}

pub fn overlap(a: &Range<usize>, b: &Range<usize>) -> usize {
    a.end.min(b.end).saturating_sub(a.start.max(b.start))
}
