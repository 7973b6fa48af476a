//! How findings and analyses are written out: compiler-style lines for people, JSON
//! Lines for machines (the contract in docs/cli.md).

use std::io::{self, Write};
use std::ops::Range;
use std::path::Path;

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Value, json};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::files::{Draft, FileError};
use crate::analysis::{Analysis, Edit, Finding, Fix, Related, Severity};
use crate::rules;
use crate::text::LineIndex;

/// How many characters of a long line (a paragraph in plain text) to show.
const WINDOW: usize = 100;

pub fn human(out: &mut impl Write, draft: &Draft, findings: &[Finding]) -> io::Result<()> {
    let path = draft.path.display();
    let lines = LineIndex::new(&draft.text);
    for finding in findings {
        let (line, column) = lines.line_column(finding.range.start);
        writeln!(
            out,
            "{path}:{line}:{column}: {}[{}]: {}",
            finding.severity.as_str(),
            finding.code,
            finding.message
        )?;
        let (source, caret_at, caret_len) = excerpt(&draft.text, &lines, &finding.range);
        let gutter = line.to_string().len();
        writeln!(out, "{:gutter$} |", "")?;
        writeln!(out, "{line} | {source}")?;
        writeln!(
            out,
            "{:gutter$} | {}{}",
            "",
            " ".repeat(caret_at),
            "^".repeat(caret_len.max(1))
        )?;
        for related in &finding.related {
            let (line, column) = lines.line_column(related.range.start);
            writeln!(
                out,
                "{:gutter$} = note: {path}:{line}:{column}: {}",
                "", related.message
            )?;
        }
    }
    Ok(())
}

/// The finding's line, cut to a window around it when long, with the caret's column
/// and width in characters within what is shown. Reads only the window: a draft with no
/// line breaks and thousands of findings would otherwise copy the whole line each time.
fn excerpt(text: &str, lines: &LineIndex, range: &Range<usize>) -> (String, usize, usize) {
    let start = range.start.min(text.len());
    let (line_start, line_end) = lines.line_bounds(start);
    let chars_to = |offset: usize| lines.chars_before(offset) - lines.chars_before(line_start);
    let line_len = chars_to(line_end);
    let caret_at = chars_to(start);
    let caret_len = chars_to(range.end.clamp(start, line_end)) - caret_at;
    // A window of the line around the caret, moved left at the line's end.
    let (from, to) = if line_len <= WINDOW {
        (0, line_len)
    } else {
        let to = (caret_at.saturating_sub(WINDOW / 3) + WINDOW).min(line_len);
        (to - WINDOW, to)
    };
    let before: Vec<char> = text[line_start..start]
        .chars()
        .rev()
        .take(caret_at - from)
        .collect();
    let window: Vec<char> = before
        .into_iter()
        .rev()
        .chain(text[start..line_end].chars().take(to - caret_at))
        .map(|c| if c == '\t' { ' ' } else { c })
        .collect();
    let lead = if from > 0 { "…" } else { "" };
    let mut shown: String = lead.to_string();
    shown.extend(&window);
    if to < line_len {
        shown.push('…');
    }
    // The caret line is padded in terminal cells: 💡 takes two, a combining accent none.
    let cells = |chars: &[char]| chars.iter().map(|c| c.width().unwrap_or(0)).sum::<usize>();
    let caret = caret_at.min(to) - from;
    let caret_cells = lead.width() + cells(&window[..caret]);
    let caret_width = cells(&window[caret..(caret_at + caret_len).min(to) - from]);
    (shown, caret_cells, caret_width)
}

fn span(text: &str, range: &Range<usize>) -> Value {
    json!({"start": range.start, "end": range.end, "text": text.get(range.clone()).unwrap_or("")})
}

/// A finding as JSON, serialised as it is written out: a file's findings were built as
/// one `Value` tree first, which took 400 MB for a draft whose spelling fixes carry
/// hundreds of thousands of edits. Keys in the order a `Value` object keeps them
/// (sorted), so the bytes are the same.
struct DiagnosticOut<'a> {
    lines: &'a LineIndex<'a>,
    finding: &'a Finding,
}

impl Serialize for DiagnosticOut<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (lines, finding) = (self.lines, self.finding);
        let (line, column) = lines.line_column(finding.range.start);
        let mut map = serializer.serialize_map(Some(9))?;
        map.serialize_entry("code", finding.code)?;
        map.serialize_entry("column", &column)?;
        map.serialize_entry("end", &finding.range.end)?;
        map.serialize_entry("fixes", &Many(&finding.fixes, FixOut))?;
        map.serialize_entry("line", &line)?;
        map.serialize_entry("message", &finding.message)?;
        let related = Many(&finding.related, |related| RelatedOut(lines, related));
        map.serialize_entry("related", &related)?;
        map.serialize_entry("severity", finding.severity.as_str())?;
        map.serialize_entry("start", &finding.range.start)?;
        map.end()
    }
}

struct RelatedOut<'a>(&'a LineIndex<'a>, &'a Related);

impl Serialize for RelatedOut<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let RelatedOut(lines, related) = self;
        let (line, column) = lines.line_column(related.range.start);
        let mut map = serializer.serialize_map(Some(5))?;
        map.serialize_entry("column", &column)?;
        map.serialize_entry("end", &related.range.end)?;
        map.serialize_entry("line", &line)?;
        map.serialize_entry("message", &related.message)?;
        map.serialize_entry("start", &related.range.start)?;
        map.end()
    }
}

struct FixOut<'a>(&'a Fix);

impl Serialize for FixOut<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("edits", &Many(&self.0.edits, EditOut))?;
        map.serialize_entry("title", &self.0.title)?;
        map.end()
    }
}

struct EditOut<'a>(&'a Edit);

impl Serialize for EditOut<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(3))?;
        map.serialize_entry("end", &self.0.range.end)?;
        map.serialize_entry("replacement", &self.0.replacement)?;
        map.serialize_entry("start", &self.0.range.start)?;
        map.end()
    }
}

/// A list serialised item by item through `F`.
struct Many<'a, T, F>(&'a [T], F);

impl<'a, T, F, O> Serialize for Many<'a, T, F>
where
    F: Fn(&'a T) -> O,
    O: Serialize,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(&self.1))
    }
}

pub fn diagnostic_json(lines: &LineIndex, finding: &Finding) -> Value {
    serde_json::to_value(DiagnosticOut { lines, finding }).unwrap_or(Value::Null)
}

fn diagnostics_json(text: &str, analysis: &Analysis) -> Vec<Value> {
    let lines = LineIndex::new(text);
    analysis
        .findings
        .iter()
        .map(|f| diagnostic_json(&lines, f))
        .collect()
}

/// A file's line of `check --format json`, written as it is serialised.
struct CheckJson<'a> {
    draft: &'a Draft,
    analysis: &'a Analysis,
}

fn check_json<'a>(draft: &'a Draft, analysis: &'a Analysis) -> CheckJson<'a> {
    CheckJson { draft, analysis }
}

impl Serialize for CheckJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let lines = LineIndex::new(&self.draft.text);
        let diagnostics = Many(&self.analysis.findings, |finding| DiagnosticOut {
            lines: &lines,
            finding,
        });
        let encoding = self.draft.encoded.name();
        let mut map = serializer.serialize_map(Some(2 + usize::from(encoding.is_some())))?;
        map.serialize_entry("diagnostics", &diagnostics)?;
        // Only for a file not read as UTF-8: its offsets are into the decoded text.
        if let Some(encoding) = encoding {
            map.serialize_entry("encoding", encoding)?;
        }
        map.serialize_entry("path", &self.draft.path.to_string_lossy())?;
        map.end()
    }
}

/// Writes one file's `check --format json` line. Serialised into a buffer of its own:
/// through `Display`, every small piece serde writes went through the formatting
/// machinery and the standard output's line buffer one at a time.
pub fn write_check_json(
    out: &mut impl Write,
    draft: &Draft,
    analysis: &Analysis,
) -> io::Result<()> {
    let mut buffered = io::BufWriter::with_capacity(1 << 16, out);
    serde_json::to_writer(&mut buffered, &check_json(draft, analysis))?;
    buffered.write_all(b"\n")?;
    buffered.flush()
}

pub fn analysis_json(draft: &Draft, analysis: &Analysis) -> Value {
    let text = &draft.text;
    let quotes: Vec<Value> = analysis
        .quotes
        .iter()
        .map(|quote| {
            let speaker = quote.speaker.as_ref().map_or(Value::Null, |speaker| {
                let mut value = span(text, &speaker.range);
                value["name"] = json!(speaker.name);
                value
            });
            let cue = quote
                .cue
                .as_ref()
                .map_or(Value::Null, |cue| span(text, cue));
            json!({
                "start": quote.range.start,
                "end": quote.range.end,
                "text": text.get(quote.range.clone()).unwrap_or(""),
                "speaker": speaker,
                "cue": cue,
            })
        })
        .collect();
    let entities: Vec<Value> = analysis
        .entities
        .iter()
        .map(|entity| {
            let mentions: Vec<Value> = entity.mentions.iter().map(|m| span(text, m)).collect();
            json!({"name": entity.name, "kind": entity.kind.as_str(), "mentions": mentions})
        })
        .collect();
    let mut value = json!({
        "path": draft.path.to_string_lossy(),
        "quotes": quotes,
        "entities": entities,
        "diagnostics": diagnostics_json(text, analysis),
    });
    if let Some(encoding) = draft.encoded.name() {
        value["encoding"] = json!(encoding);
    }
    value
}

pub fn error_json(error: &FileError) -> Value {
    json!({"path": error.path.to_string_lossy(), "error": error.reason})
}

/// A SARIF 2.1.0 log for one run, built file by file (docs/cli.md).
#[derive(Default)]
pub struct Sarif {
    results: Vec<Value>,
    notifications: Vec<Value>,
}

fn sarif_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Information | Severity::Hint => "note",
    }
}

/// A path as a SARIF artifact URI: forward slashes, relative paths against the
/// repository root (`%SRCROOT%`).
fn artifact_location(path: &Path) -> Value {
    let text = path.to_string_lossy().replace('\\', "/");
    let text = text.strip_prefix("./").unwrap_or(&text);
    let mut uri = String::new();
    for c in text.chars() {
        match c {
            ' ' => uri.push_str("%20"),
            '%' => uri.push_str("%25"),
            '#' => uri.push_str("%23"),
            '?' => uri.push_str("%3F"),
            c => uri.push(c),
        }
    }
    if path.is_absolute() {
        json!({"uri": format!("file://{uri}")})
    } else {
        json!({"uri": uri, "uriBaseId": "%SRCROOT%"})
    }
}

/// 1-based lines and columns (columns in characters, end exclusive).
fn region(lines: &LineIndex, range: &Range<usize>) -> Value {
    let (start_line, start_column) = lines.line_column(range.start);
    let (end_line, end_column) = lines.line_column(range.end.max(range.start));
    json!({
        "startLine": start_line,
        "startColumn": start_column,
        "endLine": end_line,
        "endColumn": end_column,
    })
}

impl Sarif {
    pub fn add(&mut self, draft: &Draft, analysis: &Analysis) {
        let location = artifact_location(&draft.path);
        let lines = LineIndex::new(&draft.text);
        for finding in &analysis.findings {
            let mut result = json!({
                "ruleId": finding.code,
                "level": sarif_level(finding.severity),
                "message": {"text": finding.message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": location,
                        "region": region(&lines, &finding.range),
                    }
                }],
            });
            if let Some(index) = rules::RULES.iter().position(|r| r.code == finding.code) {
                result["ruleIndex"] = json!(index);
            }
            if !finding.related.is_empty() {
                result["relatedLocations"] = finding
                    .related
                    .iter()
                    .enumerate()
                    .map(|(id, related)| {
                        json!({
                            "id": id,
                            "message": {"text": related.message},
                            "physicalLocation": {
                                "artifactLocation": location,
                                "region": region(&lines, &related.range),
                            }
                        })
                    })
                    .collect();
            }
            if !finding.fixes.is_empty() {
                result["fixes"] = finding
                    .fixes
                    .iter()
                    .map(|fix| {
                        let replacements: Vec<Value> = fix
                            .edits
                            .iter()
                            .map(|edit| {
                                json!({
                                    "deletedRegion": region(&lines, &edit.range),
                                    "insertedContent": {"text": edit.replacement},
                                })
                            })
                            .collect();
                        json!({
                            "description": {"text": fix.title},
                            "artifactChanges": [{
                                "artifactLocation": location,
                                "replacements": replacements,
                            }],
                        })
                    })
                    .collect();
            }
            self.results.push(result);
        }
    }

    /// A file that could not be checked, as a tool execution notification.
    pub fn error(&mut self, error: &FileError) {
        self.notifications.push(json!({
            "level": "error",
            "message": {"text": error.reason},
            "locations": [{"physicalLocation": {"artifactLocation": artifact_location(&error.path)}}],
        }));
    }

    pub fn finish(self, successful: bool) -> Value {
        let rules: Vec<Value> = rules::RULES
            .iter()
            .map(|rule| {
                json!({
                    "id": rule.code,
                    "shortDescription": {"text": rule.summary},
                    "fullDescription": {"text": rule.summary},
                    "help": {"text": rule.doc, "markdown": rule.doc},
                    "defaultConfiguration": {"level": sarif_level(rule.default_severity)},
                })
            })
            .collect();
        json!({
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {
                    "name": "copydesk",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }},
                "columnKind": "unicodeCodePoints",
                "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "The directory copydesk ran in."}}},
                "invocations": [{
                    "executionSuccessful": successful,
                    "toolExecutionNotifications": self.notifications,
                }],
                "results": self.results,
            }],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_are_windowed_around_the_caret() {
        let text = format!("{}“open{}", "a".repeat(300), "b".repeat(300));
        let at = text.find('“').unwrap();
        let (shown, caret, len) = excerpt(&text, &LineIndex::new(&text), &(at..at + 3));
        assert!(shown.starts_with('…') && shown.ends_with('…'));
        assert_eq!(shown.chars().nth(caret), Some('“'));
        assert_eq!(len, 1);
    }
}
