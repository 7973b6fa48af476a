//! Inline suppression: comments in a draft that silence findings.
//!
//! Markdown, in HTML comments (invisible when rendered):
//!
//! ```text
//! <!-- copydesk-disable-next-line unattributed-quote -->
//! <!-- copydesk-disable-line -->                  (at the end of the line it silences)
//! <!-- copydesk-disable unbalanced-quote, vague-source -->
//! ...
//! <!-- copydesk-enable unbalanced-quote, vague-source -->
//! ```
//!
//! Plain text (wire copy), a line of its own in square brackets, the way an editor's
//! note is written — or after `#`:
//!
//! ```text
//! [copydesk-disable-next-line unattributed-quote]
//! # copydesk-disable
//! [copydesk-enable]
//! ```
//!
//! No code means every rule; several codes are separated by commas or spaces. A finding
//! is silenced when it starts on a silenced line or inside a disabled region.

use std::ops::Range;

use regex::Regex;
use std::sync::LazyLock;

use super::finding::Finding;
use super::prose::Format;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    NextLine,
    Line,
    Disable,
    Enable,
}

/// One directive, where it sits, and the codes it names (empty: all rules).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Directive {
    kind: Kind,
    range: Range<usize>,
    codes: Vec<String>,
}

static MARKDOWN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<!--\s*copydesk-(disable-next-line|disable-line|disable|enable)\b([^>]*?)\s*-->")
        .expect("valid regex")
});

static PLAIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?m)^[ \t]*(?:\[\s*copydesk-(disable-next-line|disable-line|disable|enable)\b([^\]\r\n]*)\]|#[ \t]*copydesk-(disable-next-line|disable-line|disable|enable)\b([^\r\n]*))[ \t]*\r?$",
    )
    .expect("valid regex")
});

fn kind(name: &str) -> Kind {
    match name {
        "disable-next-line" => Kind::NextLine,
        "disable-line" => Kind::Line,
        "disable" => Kind::Disable,
        _ => Kind::Enable,
    }
}

fn codes(list: &str) -> Vec<String> {
    list.split([',', ' ', '\t'])
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_string)
        .collect()
}

fn directives(text: &str, format: Format) -> Vec<Directive> {
    match format {
        Format::Markdown => MARKDOWN
            .captures_iter(text)
            .map(|c| Directive {
                kind: kind(&c[1]),
                range: c.get(0).map_or(0..0, |m| m.range()),
                codes: codes(&c[2]),
            })
            .collect(),
        _ => PLAIN
            .captures_iter(text)
            .map(|c| {
                let name = c.get(1).or(c.get(3)).map_or("", |m| m.as_str());
                let list = c.get(2).or(c.get(4)).map_or("", |m| m.as_str());
                Directive {
                    kind: kind(name),
                    range: c.get(0).map_or(0..0, |m| m.range()),
                    codes: codes(list),
                }
            })
            .collect(),
    }
}

fn names(codes: &[String], code: &str) -> bool {
    codes.is_empty() || codes.iter().any(|c| c == code)
}

/// The byte range of the line holding `offset`, line end excluded.
fn line_at(text: &str, offset: usize) -> Range<usize> {
    let start = text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let end = text[offset..]
        .find(['\n', '\r'])
        .map_or(text.len(), |i| offset + i);
    start..end
}

/// The first non-blank line after the one that ends at `offset`.
fn next_line(text: &str, offset: usize) -> Option<Range<usize>> {
    let mut at = line_at(text, offset).end;
    loop {
        if at >= text.len() {
            return None;
        }
        // Step over one line end (CRLF counts once).
        at += if text[at..].starts_with("\r\n") { 2 } else { 1 };
        let line = line_at(text, at.min(text.len()));
        if !text[line.clone()].trim().is_empty() {
            return Some(line);
        }
        at = line.end;
    }
}

/// Whether the directives silence a finding of `code` starting at `offset`.
fn silenced(text: &str, directives: &[Directive], code: &str, offset: usize) -> bool {
    let mut all_off = false;
    let mut exceptions: Vec<&str> = Vec::new();
    let mut off: Vec<&str> = Vec::new();
    for directive in directives {
        match directive.kind {
            Kind::NextLine if names(&directive.codes, code) => {
                let on_next_line = next_line(text, directive.range.end)
                    .is_some_and(|line| line.contains(&offset) || line.start == offset);
                if on_next_line {
                    return true;
                }
            }
            Kind::Line if names(&directive.codes, code) => {
                let line = line_at(text, directive.range.start);
                if offset >= line.start && offset <= line.end {
                    return true;
                }
            }
            Kind::Disable if directive.range.end <= offset => {
                if directive.codes.is_empty() {
                    all_off = true;
                    exceptions.clear();
                    off.clear();
                } else {
                    for c in &directive.codes {
                        off.push(c);
                        exceptions.retain(|e| e != c);
                    }
                }
            }
            Kind::Enable if directive.range.start <= offset => {
                if directive.codes.is_empty() {
                    all_off = false;
                    exceptions.clear();
                    off.clear();
                } else {
                    for c in &directive.codes {
                        off.retain(|o| o != c);
                        if all_off {
                            exceptions.push(c);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    (all_off && !exceptions.contains(&code)) || off.contains(&code)
}

/// Drops the findings that the draft's suppression comments silence.
pub fn apply(text: &str, format: Format, findings: &mut Vec<Finding>) {
    if !text.contains("copydesk-") {
        return;
    }
    let directives = directives(text, format);
    if directives.is_empty() {
        return;
    }
    findings.retain(|f| !silenced(text, &directives, f.code, f.range.start.min(text.len())));
}

/// The line to insert above a finding's line to silence it there ("Ignore on this
/// line"), with the line's indentation and the given line end.
pub fn disable_next_line(format: Format, code: &str, indent: &str, line_end: &str) -> String {
    match format {
        Format::Markdown => {
            format!("{indent}<!-- copydesk-disable-next-line {code} -->{line_end}")
        }
        _ => format!("{indent}[copydesk-disable-next-line {code}]{line_end}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::finding::Severity;

    fn finding(code: &'static str, at: usize) -> Finding {
        Finding {
            code,
            severity: Severity::Warning,
            range: at..at + 1,
            message: String::new(),
            related: Vec::new(),
            fixes: Vec::new(),
        }
    }

    fn kept(text: &str, format: Format, found: &[(&'static str, &str)]) -> Vec<&'static str> {
        let mut findings: Vec<Finding> = found
            .iter()
            .map(|(code, at)| finding(code, text.find(at).unwrap()))
            .collect();
        apply(text, format, &mut findings);
        findings.iter().map(|f| f.code).collect()
    }

    #[test]
    fn next_line_silences_only_the_named_code_on_the_next_line() {
        let text = "<!-- copydesk-disable-next-line a -->\nAAA\n\nBBB\n";
        assert_eq!(
            kept(
                text,
                Format::Markdown,
                &[("a", "AAA"), ("b", "AAA"), ("a", "BBB")]
            ),
            vec!["b", "a"]
        );
        let text = "<!-- copydesk-disable-next-line -->\r\n\r\nAAA\r\nBBB";
        assert_eq!(
            kept(text, Format::Markdown, &[("a", "AAA"), ("b", "BBB")]),
            vec!["b"]
        );
    }

    #[test]
    fn regions_open_and_close_per_code() {
        let text = "X1\n<!-- copydesk-disable a, b -->\nX2\n<!-- copydesk-enable a -->\nX3\n<!-- copydesk-enable -->\nX4\n";
        let found = [
            ("a", "X1"),
            ("a", "X2"),
            ("b", "X2"),
            ("a", "X3"),
            ("b", "X3"),
            ("b", "X4"),
        ];
        assert_eq!(kept(text, Format::Markdown, &found), vec!["a", "a", "b"]);
        let text = "<!-- copydesk-disable -->\nX1\n<!-- copydesk-enable a -->\nX2\n";
        assert_eq!(
            kept(
                text,
                Format::Markdown,
                &[("a", "X1"), ("a", "X2"), ("b", "X2")]
            ),
            vec!["a"]
        );
    }

    #[test]
    fn plain_text_uses_bracketed_or_hash_lines() {
        let text = "[copydesk-disable-next-line a]\nAAA\n# copydesk-disable b\nBBB\n[ copydesk-enable ]\nCCC\nsee [copydesk-disable] inline\nDDD";
        let found = [("a", "AAA"), ("b", "BBB"), ("b", "CCC"), ("b", "DDD")];
        assert_eq!(kept(text, Format::PlainText, &found), vec!["b", "b"]);
        // Markdown syntax means nothing in plain text, and the other way round.
        let text = "<!-- copydesk-disable-next-line -->\nAAA";
        assert_eq!(kept(text, Format::PlainText, &[("a", "AAA")]), vec!["a"]);
    }

    #[test]
    fn disable_line_silences_its_own_line() {
        let text = "AAA <!-- copydesk-disable-line a -->\nBBB";
        assert_eq!(
            kept(text, Format::Markdown, &[("a", "AAA"), ("a", "BBB")]),
            vec!["a"]
        );
    }
}
