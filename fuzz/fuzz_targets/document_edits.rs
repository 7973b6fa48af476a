//! The document store on arbitrary edit sequences: `Document::apply_change` with UTF-16
//! and UTF-8 positions, positions past line ends and past the document's end, inside
//! surrogate pairs and multi-byte characters, reversed ranges and whole-text
//! replacements. After every edit the rope must be internally valid and equal to a plain
//! `String` model with the server's clamping rules (the same model as
//! tests/support/mod.rs and tests/document_edits.rs), line count included; the edit
//! notes must match what the model noticed.

#![no_main]

use arbitrary::Arbitrary;
use copydesk::analysis::Format;
use copydesk::server::convert::{self, Encoding};
use copydesk::server::documents::{Document, EditNote};
use libfuzzer_sys::fuzz_target;
use tower_lsp_server::ls_types::{Position, Range};

/// Pieces texts are mostly made of, so that short inputs reach the interesting
/// characters: astral, two-byte, combining, quotation marks, every line end, and
/// characters that Unicode but not LSP calls line separators.
const PIECES: &[&str] = &[
    "a",
    " ",
    "💡",
    "ğ",
    "e\u{301}",
    "\u{301}",
    "“",
    "\"",
    "👩‍👩‍👧",
    "\r\n",
    "\n",
    "\r",
    "\u{2028}",
    "\u{85}",
    "\u{feff}",
    "\0",
];

#[derive(Arbitrary, Debug)]
enum Piece {
    Known(u8),
    Any(char),
}

#[derive(Arbitrary, Debug)]
struct Text(Vec<Piece>);

impl Text {
    fn build(&self) -> String {
        self.0
            .iter()
            .map(|piece| match piece {
                Piece::Known(i) => PIECES[*i as usize % PIECES.len()].to_string(),
                Piece::Any(c) => c.to_string(),
            })
            .collect()
    }
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Coord {
    Small(u8),
    Any(u32),
}

impl Coord {
    fn value(self) -> u32 {
        match self {
            Coord::Small(n) => u32::from(n % 16),
            Coord::Any(n) => n,
        }
    }
}

#[derive(Arbitrary, Debug)]
struct Change {
    /// None: the whole text is replaced.
    range: Option<((Coord, Coord), (Coord, Coord))>,
    text: Text,
}

#[derive(Arbitrary, Debug)]
struct Input {
    utf8: bool,
    initial: Text,
    changes: Vec<Change>,
}

// ---- the String model (mirrors tests/support/mod.rs) ------------------------------

fn line_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut starts = vec![0];
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => starts.push(i + 1),
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                i += 1;
                starts.push(i + 1);
            }
            b'\r' => starts.push(i + 1),
            _ => {}
        }
        i += 1;
    }
    starts
}

fn width(c: char, utf8: bool) -> usize {
    if utf8 { c.len_utf8() } else { c.len_utf16() }
}

fn offset_of(text: &str, line: u32, character: u32, utf8: bool) -> (usize, bool) {
    let starts = line_starts(text);
    let Some(&start) = starts.get(line as usize) else {
        return (text.len(), true);
    };
    let end = text[start..]
        .find(['\r', '\n'])
        .map_or(text.len(), |at| start + at);
    let wanted = character as usize;
    let mut units = 0;
    for (i, c) in text[start..end].char_indices() {
        if units == wanted {
            return (start + i, false);
        }
        let w = width(c, utf8);
        if wanted < units + w {
            return (start + i, true);
        }
        units += w;
    }
    (end, units != wanted)
}

fn model_apply(
    text: &mut String,
    range: Option<Range>,
    new_text: &str,
    utf8: bool,
) -> Vec<EditNote> {
    let Some(range) = range else {
        *text = new_text.to_string();
        return Vec::new();
    };
    let mut notes = Vec::new();
    let (mut start, start_clamped) = offset_of(text, range.start.line, range.start.character, utf8);
    let (mut end, end_clamped) = offset_of(text, range.end.line, range.end.character, utf8);
    if start_clamped {
        notes.push(EditNote::ClampedPosition(range.start));
    }
    if end_clamped {
        notes.push(EditNote::ClampedPosition(range.end));
    }
    if start > end {
        notes.push(EditNote::ReversedRange(range));
        std::mem::swap(&mut start, &mut end);
    }
    text.replace_range(start..end, new_text);
    notes
}

fuzz_target!(|input: Input| {
    let encoding = if input.utf8 {
        Encoding::Utf8
    } else {
        Encoding::Utf16
    };
    let initial = input.initial.build();
    let mut document = Document::new(&initial, 1, Format::PlainText);
    let mut model = initial;
    for (step, change) in input.changes.iter().take(64).enumerate() {
        let range = change.range.map(|((sl, sc), (el, ec))| {
            Range::new(
                Position::new(sl.value(), sc.value()),
                Position::new(el.value(), ec.value()),
            )
        });
        let text = change.text.build();
        let notes = document.apply_change(range, &text, encoding);
        let model_notes = model_apply(&mut model, range, &text, input.utf8);
        document.rope.assert_integrity();
        document.rope.assert_invariants();
        assert_eq!(document.rope.to_string(), model, "text after step {step}");
        assert_eq!(
            document.rope.len_lines(),
            line_starts(&model).len(),
            "line count after step {step}"
        );
        assert_eq!(notes, model_notes, "notes at step {step}");
    }
    // Every boundary's position leads back to it (except between \r and \n).
    let rope = &document.rope;
    for (offset, _) in model.char_indices().chain([(model.len(), ' ')]).take(256) {
        if model[..offset].ends_with('\r') && model[offset..].starts_with('\n') {
            continue;
        }
        let position = convert::byte_to_position(rope, offset, encoding);
        let back = convert::position_to_byte(rope, position, encoding);
        assert_eq!(back.byte, offset, "round trip of byte {offset}");
        assert!(!back.clamped);
    }
});
