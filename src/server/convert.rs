//! Every conversion between the protocol and the analysis lives here: LSP positions
//! (UTF-16 or UTF-8 columns) ⇄ byte offsets in a rope, and findings → diagnostics and
//! edits. Positions past a line's end or the document's end are clamped, never trusted.

use ropey::{Rope, RopeSlice};
use serde::ser::{Serialize, SerializeStruct, Serializer};
use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity,
    Location, NumberOrString, Position, PositionEncodingKind, Range, TextEdit, Uri, WorkspaceEdit,
};

use crate::analysis::{Finding, Fix, Related, Severity};
use crate::config::file::{Problem, ProblemLevel};

/// The unit LSP columns are counted in, negotiated at `initialize`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    Utf8,
    #[default]
    Utf16,
}

impl Encoding {
    /// UTF-8 when the client offers it, UTF-16 (the protocol's default) otherwise.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        match offered {
            Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }
    }
}

/// A byte offset found for a position, and whether the position had to be clamped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Located {
    pub byte: usize,
    pub clamped: bool,
}

pub fn position_to_byte(rope: &Rope, position: Position, encoding: Encoding) -> Located {
    let line = position.line as usize;
    if line >= rope.len_lines() {
        return Located {
            byte: rope.len_bytes(),
            clamped: true,
        };
    }
    let line_start = rope.line_to_byte(line);
    let content_end = line_start + line_content_len(rope.line(line));
    let wanted = position.character as usize;
    let (byte, clamped) = match encoding {
        Encoding::Utf8 => {
            let target = line_start.saturating_add(wanted);
            if target > content_end {
                (content_end, true)
            } else {
                let floored = rope.char_to_byte(rope.byte_to_char(target));
                (floored, floored != target)
            }
        }
        Encoding::Utf16 => {
            let line_units = rope.char_to_utf16_cu(rope.line_to_char(line));
            let end_units = rope.char_to_utf16_cu(rope.byte_to_char(content_end));
            let target = line_units.saturating_add(wanted);
            if target > end_units {
                (content_end, true)
            } else {
                let char_index = rope.utf16_cu_to_char(target);
                // Inside a surrogate pair: the character that contains it.
                let exact = rope.char_to_utf16_cu(char_index) == target;
                (rope.char_to_byte(char_index), !exact)
            }
        }
    };
    Located { byte, clamped }
}

pub fn byte_to_position(rope: &Rope, byte: usize, encoding: Encoding) -> Position {
    let byte = byte.min(rope.len_bytes());
    let char_index = rope.byte_to_char(byte);
    let line = rope.char_to_line(char_index);
    let line_char = rope.line_to_char(line);
    let character = match encoding {
        Encoding::Utf8 => rope.char_to_byte(char_index) - rope.line_to_byte(line),
        Encoding::Utf16 => rope.char_to_utf16_cu(char_index) - rope.char_to_utf16_cu(line_char),
    };
    Position::new(line as u32, character as u32)
}

pub fn byte_range_to_range(
    rope: &Rope,
    range: &std::ops::Range<usize>,
    encoding: Encoding,
) -> Range {
    rope.range(range, encoding)
}

/// Where byte offsets stand as protocol positions.
pub trait Positions {
    fn position(&self, byte: usize, encoding: Encoding) -> Position;

    fn range(&self, range: &std::ops::Range<usize>, encoding: Encoding) -> Range {
        Range::new(
            self.position(range.start, encoding),
            self.position(range.end, encoding),
        )
    }
}

impl Positions for Rope {
    fn position(&self, byte: usize, encoding: Encoding) -> Position {
        byte_to_position(self, byte, encoding)
    }
}

/// A text's line starts, found once, for converting many offsets: a long draft's
/// findings each walked the rope five times, a tenth of a keystroke at 50,000 words.
/// Lines end as the rope's do: at \n, \r\n or \r.
pub struct Lines<'t> {
    text: &'t str,
    starts: Vec<usize>,
    /// In lines longer than [`MARK_EVERY`] bytes, every [`MARK_EVERY`] bytes: the offset
    /// and the UTF-16 units from its line's start to it. A UTF-16 column is counted
    /// from the nearest mark before it, not from the line's start: a draft with no line
    /// break had each of its thousands of findings count up to 600 KB.
    marks: Vec<(usize, usize)>,
}

/// How far apart the marks of a long line are.
const MARK_EVERY: usize = 1024;

/// UTF-16 units of a run of bytes: one per character, two for those beyond the BMP
/// (4-byte ones). Counted by byte, so a run may start or end inside a character.
fn utf16_units(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .map(|&b| usize::from(b & 0xC0 != 0x80) + usize::from(b >= 0xF0))
        .sum()
}

impl<'t> Lines<'t> {
    pub fn new(text: &'t str) -> Lines<'t> {
        let bytes = text.as_bytes();
        // Grown as lines are found: counting the line ends first read every byte of
        // the draft once more on every keystroke, for a handful of reallocations.
        let mut starts = Vec::with_capacity(1 + bytes.len() / 64);
        starts.push(0);
        let mut at = 0;
        while let Some(found) = memchr::memchr2(b'\n', b'\r', &bytes[at..]) {
            let end = at + found;
            let crlf = bytes[end] == b'\r' && bytes.get(end + 1) == Some(&b'\n');
            at = end + if crlf { 2 } else { 1 };
            starts.push(at);
        }
        let mut marks = Vec::new();
        let ends = starts.iter().skip(1).copied().chain([bytes.len()]);
        for (start, end) in starts.iter().copied().zip(ends) {
            let mut units = 0;
            let mut mark = start;
            while end - mark > MARK_EVERY {
                units += utf16_units(&bytes[mark..mark + MARK_EVERY]);
                mark += MARK_EVERY;
                marks.push((mark, units));
            }
        }
        Lines {
            text,
            starts,
            marks,
        }
    }
}

impl Positions for Lines<'_> {
    fn position(&self, byte: usize, encoding: Encoding) -> Position {
        let mut byte = byte.min(self.text.len());
        // Inside a character, the rope counts the character it is in.
        while !self.text.is_char_boundary(byte) {
            byte -= 1;
        }
        let line = self.starts.partition_point(|&start| start <= byte) - 1;
        let start = self.starts[line];
        let character = match encoding {
            Encoding::Utf8 => byte - start,
            Encoding::Utf16 => {
                // The nearest mark at or before the offset, if it is in this line.
                let (from, units) = match self.marks.partition_point(|&(at, _)| at <= byte) {
                    0 => (start, 0),
                    i => Some(self.marks[i - 1])
                        .filter(|&(at, _)| at > start)
                        .unwrap_or((start, 0)),
                };
                units + utf16_units(&self.text.as_bytes()[from..byte])
            }
        };
        Position::new(line as u32, character as u32)
    }
}

/// Bytes of a line without its line end (\n, \r\n or \r).
fn line_content_len(line: RopeSlice) -> usize {
    let len = line.len_bytes();
    let ending = match (
        len.checked_sub(2).map(|i| line.byte(i)),
        len.checked_sub(1).map(|i| line.byte(i)),
    ) {
        (Some(b'\r'), Some(b'\n')) => 2,
        (_, Some(b'\n' | b'\r')) => 1,
        _ => 0,
    };
    len - ending
}

fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Information => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

pub fn diagnostic(
    uri: &Uri,
    positions: &impl Positions,
    finding: &Finding,
    encoding: Encoding,
) -> Diagnostic {
    let related: Vec<DiagnosticRelatedInformation> = finding
        .related
        .iter()
        .map(|related| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), positions.range(&related.range, encoding)),
            message: related.message.clone(),
        })
        .collect();
    Diagnostic {
        range: positions.range(&finding.range, encoding),
        severity: Some(severity(finding.severity)),
        code: Some(NumberOrString::String(finding.code.to_string())),
        source: Some("copydesk".to_string()),
        message: finding.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        ..Diagnostic::default()
    }
}

/// A finding written as its diagnostic's JSON, the same as [`diagnostic`]'s, straight
/// from the finding's own strings: building the diagnostics first copied every
/// finding's code, source, message and related locations on every keystroke, only to
/// write them out and free them.
pub struct DiagnosticJson<'a, P> {
    pub uri: &'a Uri,
    pub positions: &'a P,
    pub finding: &'a Finding,
    pub encoding: Encoding,
}

impl<P: Positions> Serialize for DiagnosticJson<'_, P> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let finding = self.finding;
        let related = !finding.related.is_empty();
        // The fields, and their order, of ls_types' `Diagnostic`.
        let mut json = serializer.serialize_struct("Diagnostic", 5 + usize::from(related))?;
        json.serialize_field(
            "range",
            &self.positions.range(&finding.range, self.encoding),
        )?;
        json.serialize_field("severity", &severity(finding.severity))?;
        json.serialize_field("code", finding.code)?;
        json.serialize_field("source", "copydesk")?;
        json.serialize_field("message", &finding.message)?;
        if related {
            json.serialize_field(
                "relatedInformation",
                &RelatedJson {
                    of: self,
                    related: &finding.related,
                },
            )?;
        }
        json.end()
    }
}

struct RelatedJson<'a, P> {
    of: &'a DiagnosticJson<'a, P>,
    related: &'a [Related],
}

impl<P: Positions> Serialize for RelatedJson<'_, P> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(serde::Serialize)]
        struct Location<'a> {
            uri: &'a Uri,
            range: Range,
        }
        #[derive(serde::Serialize)]
        struct Information<'a> {
            location: Location<'a>,
            message: &'a str,
        }
        let DiagnosticJson {
            uri,
            positions,
            encoding,
            ..
        } = *self.of;
        serializer.collect_seq(self.related.iter().map(|related| Information {
            location: Location {
                uri,
                range: positions.range(&related.range, encoding),
            },
            message: &related.message,
        }))
    }
}

pub fn quick_fix(
    uri: &Uri,
    rope: &Rope,
    fix: &Fix,
    diagnostic: Diagnostic,
    encoding: Encoding,
) -> CodeAction {
    let edits: Vec<TextEdit> = fix
        .edits
        .iter()
        .map(|edit| {
            TextEdit::new(
                byte_range_to_range(rope, &edit.range, encoding),
                edit.replacement.clone(),
            )
        })
        .collect();
    CodeAction {
        title: fix.title.clone(),
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diagnostic]),
        edit: Some(WorkspaceEdit {
            changes: Some([(uri.clone(), edits)].into_iter().collect()),
            ..WorkspaceEdit::default()
        }),
        ..CodeAction::default()
    }
}

/// Problems in a copydesk.toml as diagnostics on that file.
pub(super) fn config_diagnostics(
    rope: &Rope,
    problems: &[Problem],
    encoding: Encoding,
) -> Vec<Diagnostic> {
    problems
        .iter()
        .map(|problem| Diagnostic {
            range: byte_range_to_range(rope, &problem.range, encoding),
            severity: Some(match problem.level {
                ProblemLevel::Error => DiagnosticSeverity::ERROR,
                ProblemLevel::Warning => DiagnosticSeverity::WARNING,
            }),
            source: Some("copydesk".to_string()),
            message: problem.message.clone(),
            ..Diagnostic::default()
        })
        .collect()
}

/// The one diagnostic a draft above the size limit gets, at its start.
pub(super) fn too_large_diagnostic(bytes: usize, limit: usize) -> Diagnostic {
    Diagnostic {
        range: tower_lsp_server::ls_types::Range::default(),
        severity: Some(DiagnosticSeverity::INFORMATION),
        source: Some("copydesk".to_string()),
        message: format!(
            "draft is larger than {} ({}); copydesk does not analyse it (the limit is the `copydesk.maxDocumentBytes` setting)",
            megabytes(limit),
            megabytes(bytes)
        ),
        ..Diagnostic::default()
    }
}

pub(super) fn megabytes(bytes: usize) -> String {
    let mb = bytes as f64 / (1024.0 * 1024.0);
    if mb >= 1.0 {
        format!("{mb:.1} MB")
    } else {
        format!("{bytes} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn findings_written_as_json_read_as_their_diagnostics_do() {
        use crate::analysis::Format;
        use crate::check::analyze;
        let text = "# Talks 🇮🇷\r\n\r\nPresident Volodymyr Zelensky spoke in Kyiv. \
            “We will not yield,” he said.\r\n\r\nThe talks ended at noon.\r\n\r\n\
            “Nobody asked us, and nobody will.”\r\n\r\n\
            Officials say 40 percent of 😀 voters agreed. Zelenskyy left, and Zelenskiy \
            wrote later that Erdogan and Erdoğan met.\n";
        let analysis = analyze(text, Format::Markdown, &crate::config::Config::default());
        assert!(analysis.findings.len() >= 4, "{:?}", analysis.findings);
        assert!(
            analysis.findings.iter().any(|f| !f.related.is_empty()),
            "related locations are covered"
        );
        let uri: Uri = "file:///drafts/talks.md".parse().unwrap();
        let lines = Lines::new(text);
        for encoding in [Encoding::Utf8, Encoding::Utf16] {
            for finding in &analysis.findings {
                let made = serde_json::to_string(&diagnostic(&uri, &lines, finding, encoding));
                let written = serde_json::to_string(&DiagnosticJson {
                    uri: &uri,
                    positions: &lines,
                    finding,
                    encoding,
                });
                assert_eq!(written.unwrap(), made.unwrap());
            }
        }
    }

    fn byte(text: &str, line: u32, character: u32, encoding: Encoding) -> Located {
        position_to_byte(
            &Rope::from_str(text),
            Position::new(line, character),
            encoding,
        )
    }

    #[test]
    fn utf16_columns_count_surrogate_pairs() {
        let text = "a💡b\r\nErdoğan";
        assert_eq!(
            byte(text, 0, 3, Encoding::Utf16).byte,
            text.find('b').unwrap()
        );
        assert_eq!(
            byte(text, 0, 5, Encoding::Utf8).byte,
            text.find('b').unwrap()
        );
        // Inside the surrogate pair: the emoji's start, flagged as clamped.
        let inside = byte(text, 0, 2, Encoding::Utf16);
        assert_eq!(
            inside,
            Located {
                byte: 1,
                clamped: true
            }
        );
        let rope = Rope::from_str(text);
        let g = text.find('ğ').unwrap();
        assert_eq!(
            byte_to_position(&rope, g, Encoding::Utf16),
            Position::new(1, 4)
        );
        assert_eq!(
            byte_to_position(&rope, g + 2, Encoding::Utf8),
            Position::new(1, 6)
        );
    }

    #[test]
    fn positions_past_line_or_document_end_are_clamped() {
        let text = "one\r\ntwo\rthree";
        assert_eq!(
            byte(text, 0, 99, Encoding::Utf16),
            Located {
                byte: 3,
                clamped: true
            }
        );
        assert_eq!(
            byte(text, 1, 99, Encoding::Utf8),
            Located {
                byte: 8,
                clamped: true
            }
        );
        assert_eq!(
            byte(text, 2, 2, Encoding::Utf16),
            Located {
                byte: 11,
                clamped: false
            }
        );
        assert_eq!(
            byte(text, 40, 0, Encoding::Utf16),
            Located {
                byte: text.len(),
                clamped: true
            }
        );
    }

    #[test]
    fn line_index_places_offsets_as_the_rope_does() {
        let texts = [
            "",
            "one line",
            "a\nb\r\nc\rd\n\n",
            "\r\n\r\r\n\n",
            "Zelenskyy 😀 said “yes”\r\nÉcole\u{2028}next\rend",
            "tail\r",
        ];
        // Lines longer than the marks' spacing, with characters of every width across
        // the marks, and short lines between them.
        let long = "Zelenskyy 😀 said “yes”, Érdoğan said no. ".repeat(3 * MARK_EVERY / 40);
        let long = [long.clone(), format!("{long}\nshort\r\n{long}\r{long}")];
        for text in texts.iter().copied().chain(long.iter().map(String::as_str)) {
            let rope = Rope::from_str(text);
            let lines = Lines::new(text);
            for byte in 0..=text.len() + 2 {
                for encoding in [Encoding::Utf8, Encoding::Utf16] {
                    assert_eq!(
                        lines.position(byte, encoding),
                        byte_to_position(&rope, byte, encoding),
                        "{text:?} at byte {byte}, {encoding:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn combining_marks_are_characters_of_their_own() {
        let text = "e\u{301}x";
        assert_eq!(byte(text, 0, 2, Encoding::Utf16).byte, 3);
        assert_eq!(
            byte_to_position(&Rope::from_str(text), 3, Encoding::Utf16),
            Position::new(0, 2)
        );
    }
}
