//! How findings and analyses are written out: compiler-style lines for people, JSON
//! Lines for machines (the contract in docs/cli.md).

use std::io::{self, Write};
use std::ops::Range;

use serde_json::{Value, json};

use super::files::{Draft, FileError};
use crate::analysis::{Analysis, Finding, line_column};

/// How many characters of a long line (a paragraph in plain text) to show.
const WINDOW: usize = 100;

pub fn human(out: &mut impl Write, draft: &Draft, findings: &[Finding]) -> io::Result<()> {
    let path = draft.path.display();
    for finding in findings {
        let (line, column) = line_column(&draft.text, finding.range.start);
        writeln!(
            out,
            "{path}:{line}:{column}: {}[{}]: {}",
            finding.severity.as_str(),
            finding.code,
            finding.message
        )?;
        let (source, caret_at, caret_len) = excerpt(&draft.text, &finding.range);
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
            let (line, column) = line_column(&draft.text, related.range.start);
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
/// and width in characters within what is shown.
fn excerpt(text: &str, range: &Range<usize>) -> (String, usize, usize) {
    let start = range.start.min(text.len());
    let line_start = text[..start].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let line_end = text[start..]
        .find(['\n', '\r'])
        .map_or(text.len(), |i| start + i);
    let line: Vec<char> = text[line_start..line_end].chars().collect();
    let caret_at = text[line_start..start].chars().count();
    let caret_len = text[start..range.end.clamp(start, line_end)]
        .chars()
        .count();
    if line.len() <= WINDOW {
        let shown: String = line
            .iter()
            .map(|&c| if c == '\t' { ' ' } else { c })
            .collect();
        return (shown, caret_at, caret_len);
    }
    let from = caret_at.saturating_sub(WINDOW / 3);
    let to = (from + WINDOW).min(line.len());
    let mut shown = String::new();
    if from > 0 {
        shown.push('…');
    }
    shown.extend(
        line[from..to]
            .iter()
            .map(|&c| if c == '\t' { ' ' } else { c }),
    );
    if to < line.len() {
        shown.push('…');
    }
    let offset = usize::from(from > 0);
    (
        shown,
        caret_at - from + offset,
        caret_len.min(to.saturating_sub(caret_at)),
    )
}

fn span(text: &str, range: &Range<usize>) -> Value {
    json!({"start": range.start, "end": range.end, "text": text.get(range.clone()).unwrap_or("")})
}

pub fn diagnostic_json(text: &str, finding: &Finding) -> Value {
    let (line, column) = line_column(text, finding.range.start);
    let related: Vec<Value> = finding
        .related
        .iter()
        .map(|related| {
            let (line, column) = line_column(text, related.range.start);
            json!({
                "start": related.range.start,
                "end": related.range.end,
                "line": line,
                "column": column,
                "message": related.message,
            })
        })
        .collect();
    let fixes: Vec<Value> = finding
        .fixes
        .iter()
        .map(|fix| {
            let edits: Vec<Value> = fix
                .edits
                .iter()
                .map(|e| json!({"start": e.range.start, "end": e.range.end, "replacement": e.replacement}))
                .collect();
            json!({"title": fix.title, "edits": edits})
        })
        .collect();
    json!({
        "code": finding.code,
        "severity": finding.severity.as_str(),
        "start": finding.range.start,
        "end": finding.range.end,
        "line": line,
        "column": column,
        "message": finding.message,
        "related": related,
        "fixes": fixes,
    })
}

fn diagnostics_json(text: &str, analysis: &Analysis) -> Vec<Value> {
    analysis
        .findings
        .iter()
        .map(|f| diagnostic_json(text, f))
        .collect()
}

pub fn check_json(draft: &Draft, analysis: &Analysis) -> Value {
    json!({
        "path": draft.path.to_string_lossy(),
        "diagnostics": diagnostics_json(&draft.text, analysis),
    })
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
    json!({
        "path": draft.path.to_string_lossy(),
        "quotes": quotes,
        "entities": entities,
        "diagnostics": diagnostics_json(text, analysis),
    })
}

pub fn error_json(error: &FileError) -> Value {
    json!({"path": error.path.to_string_lossy(), "error": error.reason})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_are_windowed_around_the_caret() {
        let text = format!("{}“open{}", "a".repeat(300), "b".repeat(300));
        let at = text.find('“').unwrap();
        let (shown, caret, len) = excerpt(&text, &(at..at + 3));
        assert!(shown.starts_with('…') && shown.ends_with('…'));
        assert_eq!(shown.chars().nth(caret), Some('“'));
        assert_eq!(len, 1);
    }
}
