//! Random edit sequences applied through `Document::apply_change` (a rope) must give
//! the same text, line structure and edit notes as the same edits applied to a plain
//! `String` model with the same clamping rules (tests/support). Positions are LSP
//! line/character pairs in UTF-16 and in UTF-8, including positions inside surrogate
//! pairs and multi-byte characters, past line ends and past the document's end.

mod support;

use copydesk::analysis::Format;
use copydesk::server::convert::{self, Encoding};
use copydesk::server::documents::{Document, EditNote};
use proptest::prelude::*;
use support::{Enc, Note, Pos};
use tower_lsp_server::ls_types::{Position, Range};

/// Pieces texts and insertions are made of: astral characters, two-byte letters,
/// combining marks (alone too), quotation marks, every line end, and characters that
/// are not line ends for LSP although Unicode calls them separators.
const PIECES: &[&str] = &[
    "a",
    "Z",
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
];

fn piece() -> impl Strategy<Value = &'static str> {
    prop::sample::select(PIECES)
}

fn text(max_pieces: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..max_pieces).prop_map(|pieces| pieces.concat())
}

fn line() -> impl Strategy<Value = u32> {
    prop_oneof![8 => 0u32..8, 1 => Just(u32::MAX), 1 => 8u32..1000]
}

fn character() -> impl Strategy<Value = u32> {
    prop_oneof![10 => 0u32..14, 1 => Just(u32::MAX), 1 => 14u32..1000]
}

fn pos() -> impl Strategy<Value = Pos> {
    (line(), character())
}

#[derive(Debug, Clone)]
struct Change {
    /// None: the whole text is replaced.
    range: Option<(Pos, Pos)>,
    text: String,
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        20 => (pos(), pos(), text(4)).prop_map(|(start, end, text)| Change {
            range: Some((start, end)),
            text,
        }),
        1 => text(12).prop_map(|text| Change { range: None, text }),
    ]
}

fn encoding(enc: Enc) -> Encoding {
    match enc {
        Enc::Utf8 => Encoding::Utf8,
        Enc::Utf16 => Encoding::Utf16,
    }
}

fn lsp_position((line, character): Pos) -> Position {
    Position::new(line, character)
}

fn expected_notes(notes: Vec<Note>) -> Vec<EditNote> {
    notes
        .into_iter()
        .map(|note| match note {
            Note::Clamped(p) => EditNote::ClampedPosition(lsp_position(p)),
            Note::Reversed(start, end) => {
                EditNote::ReversedRange(Range::new(lsp_position(start), lsp_position(end)))
            }
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn rope_edits_match_the_string_model(
        initial in text(30),
        changes in prop::collection::vec(change(), 1..20),
        utf8 in any::<bool>(),
    ) {
        let enc = if utf8 { Enc::Utf8 } else { Enc::Utf16 };
        let mut document = Document::new(&initial, 1, Format::PlainText);
        let mut model = initial.clone();
        for (step, change) in changes.iter().enumerate() {
            let range = change
                .range
                .map(|(start, end)| Range::new(lsp_position(start), lsp_position(end)));
            let notes = document.apply_change(range, &change.text, encoding(enc));
            let model_notes = support::apply_change(&mut model, change.range, &change.text, enc);
            let text = document.rope.to_string();
            prop_assert_eq!(&text, &model, "text after step {} ({:?}, {:?})", step, change, enc);
            prop_assert_eq!(
                document.rope.len_lines(),
                support::line_starts(&model).len(),
                "line count after step {} of {:?}", step, model
            );
            prop_assert_eq!(notes, expected_notes(model_notes), "notes at step {}", step);
        }
    }

    /// Every character boundary that is not inside a CRLF pair has a position, and that
    /// position leads back to it; both agree with the model.
    #[test]
    fn positions_round_trip(text in text(40), utf8 in any::<bool>()) {
        let enc = if utf8 { Enc::Utf8 } else { Enc::Utf16 };
        let rope = Document::new(&text, 1, Format::PlainText).rope;
        for (offset, _) in text.char_indices().chain([(text.len(), ' ')]) {
            if offset > 0 && text[..offset].ends_with('\r') && text[offset..].starts_with('\n') {
                continue;
            }
            let position = convert::byte_to_position(&rope, offset, encoding(enc));
            let (line, character) = support::position_of(&text, offset, enc);
            prop_assert_eq!(position, Position::new(line, character), "offset {} of {:?}", offset, text);
            let back = convert::position_to_byte(&rope, position, encoding(enc));
            prop_assert_eq!(back.byte, offset);
            prop_assert!(!back.clamped);
        }
    }
}

/// Hand-picked cases the random ones are likely but not certain to reach.
#[test]
fn known_corners() {
    let cases: &[(&str, Pos, Pos, &str, Enc, &str)] = &[
        // Inside the surrogate pair of 💡: the emoji's start.
        ("a💡b", (0, 2), (0, 2), "X", Enc::Utf16, "aX💡b"),
        // Inside ğ's two bytes: ğ's start.
        ("ağb", (0, 2), (0, 3), "", Enc::Utf8, "ab"),
        // Past the line end: before the CRLF, not between \r and \n.
        (
            "one\r\ntwo",
            (0, 99),
            (0, 99),
            "!",
            Enc::Utf16,
            "one!\r\ntwo",
        ),
        ("one\rtwo", (0, 99), (1, 0), "", Enc::Utf8, "onetwo"),
        // A line past the end: the document's end.
        ("one\ntwo", (7, 0), (9, 3), "!", Enc::Utf16, "one\ntwo!"),
        // Reversed: swapped.
        ("abcdef", (0, 4), (0, 1), "-", Enc::Utf8, "a-ef"),
        // A combining mark is a character of its own.
        ("e\u{301}x", (0, 1), (0, 2), "", Enc::Utf16, "ex"),
        // Joining \r and \n makes one line end.
        ("a\rXb\nc", (1, 0), (1, 1), "", Enc::Utf16, "a\rb\nc"),
        ("a\rXb\nc", (0, 1), (1, 0), "", Enc::Utf8, "aXb\nc"),
        ("a\rX\nc", (1, 0), (1, 1), "", Enc::Utf16, "a\r\nc"),
    ];
    for &(initial, start, end, insert, enc, expected) in cases {
        let mut document = Document::new(initial, 1, Format::PlainText);
        document.apply_change(
            Some(Range::new(lsp_position(start), lsp_position(end))),
            insert,
            encoding(enc),
        );
        let mut model = initial.to_string();
        support::apply_change(&mut model, Some((start, end)), insert, enc);
        assert_eq!(model, expected, "the model, on {initial:?}");
        assert_eq!(
            document.rope.to_string(),
            expected,
            "the rope, on {initial:?}"
        );
        assert_eq!(
            document.rope.len_lines(),
            support::line_starts(expected).len(),
            "lines of {expected:?}"
        );
    }
}
