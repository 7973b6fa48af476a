//! The reporter's sources: interview transcripts, subtitle files of a press conference,
//! typed notes, Word documents kept beside a draft, and the lookup of a draft's
//! quotations in them.
//!
//! Pure functions over bytes and strings and one index type; no protocol types, no
//! file system walking, no analysis types: a quotation comes in as its text and the
//! name of the person the draft gives it to.
//!
//! - `text.rs` decodes bytes and splits text into words (the identity two wordings
//!   are compared by);
//! - `labels.rs` speaker labels and timestamps as transcripts write them;
//! - `subtitles.rs` WebVTT and SRT, `turns.rs` plain-text and Markdown transcripts and
//!   notes, `docx.rs` Word documents: each gives the file's words with the spans
//!   (speaker, time) they belong to;
//! - `index.rs` the words of many files, with an inverted index of word pairs and
//!   uncommon words, updated one file at a time;
//! - `matcher.rs` finds a quotation's closest passage and aligns the two by words with
//!   the conventions of quoting.

pub mod docx;
pub mod index;
pub mod labels;
pub mod matcher;
pub mod subtitles;
pub mod text;
pub mod turns;

pub use index::{FileIndex, Index};
pub use matcher::{Difference, Lookup, Passage, SpeakerCheck, Verdict};

/// Source files larger than this are skipped (with a note) rather than read.
pub const MAX_SOURCE_BYTES: u64 = crate::config::sources::MAX_FILE_BYTES;

/// A file's readable words, as one of the parsers gives them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    /// The text, with everything that is not spoken or written words (labels,
    /// timestamps, markup) replaced by spaces. For text formats a word's offset here is
    /// its offset in the decoded file.
    pub text: String,
    /// Where each speaker turn or cue starts, in order of `start`.
    pub spans: Vec<Span>,
    /// Lines are paragraphs of a Word document rather than lines of a file.
    pub line_is_paragraph: bool,
    /// For a Word document, the paragraph (1-based) each line of `text` is in.
    pub paragraph_of_line: Vec<u32>,
}

/// A stretch of a source with one speaker and, for recordings, a start time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// Byte offset into `Parsed::text`.
    pub start: usize,
    pub speaker: Option<String>,
    /// Milliseconds from the start of the recording.
    pub time: Option<u32>,
}

/// The kinds of source file, by extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    WebVtt,
    Srt,
    /// Plain text or Markdown, with or without speaker turns.
    Text,
    Docx,
}

impl Format {
    /// The format a file name's extension names; `None` for files that are not
    /// sources (images, audio, spreadsheets).
    pub fn of(path: &str) -> Option<Format> {
        let ext = path.rsplit_once('.')?.1.to_ascii_lowercase();
        match ext.as_str() {
            "vtt" | "webvtt" => Some(Format::WebVtt),
            "srt" => Some(Format::Srt),
            "txt" | "text" | "md" | "markdown" => Some(Format::Text),
            "docx" => Some(Format::Docx),
            _ => None,
        }
    }
}

/// Why a source file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// Not a kind of file the sources are read from.
    Unsupported,
    /// Over `MAX_SOURCE_BYTES`.
    TooLarge(u64),
    /// Binary content in a text format.
    Binary,
    /// A .docx that is not a readable Word document.
    Docx(String),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Unsupported => {
                f.write_str("not a source format (.txt, .md, .vtt, .srt, .docx)")
            }
            ReadError::TooLarge(size) => write!(
                f,
                "{} MB, over the {} MB limit for a source file",
                size >> 20,
                MAX_SOURCE_BYTES >> 20
            ),
            ReadError::Binary => f.write_str("binary content, not text"),
            ReadError::Docx(why) => f.write_str(why),
        }
    }
}

impl std::error::Error for ReadError {}

/// Reads one source file's bytes, by the format its name gives.
pub fn parse(path: &str, bytes: &[u8]) -> Result<Parsed, ReadError> {
    let format = Format::of(path).ok_or(ReadError::Unsupported)?;
    if bytes.len() as u64 > MAX_SOURCE_BYTES {
        return Err(ReadError::TooLarge(bytes.len() as u64));
    }
    if format == Format::Docx {
        return docx::parse(bytes).map_err(|e| ReadError::Docx(e.0));
    }
    let text = text::decode(bytes).map_err(|_| ReadError::Binary)?;
    Ok(match format {
        Format::WebVtt => subtitles::parse(&text, subtitles::Flavor::WebVtt),
        Format::Srt => subtitles::parse(&text, subtitles::Flavor::Srt),
        _ => turns::parse(&text),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_extension() {
        assert_eq!(Format::of("notes/a.VTT"), Some(Format::WebVtt));
        assert_eq!(Format::of("a.md"), Some(Format::Text));
        assert_eq!(Format::of("a.docx"), Some(Format::Docx));
        assert_eq!(Format::of("a.mp3"), None);
        assert_eq!(Format::of("README"), None);
    }

    #[test]
    fn unreadable_files_are_errors_not_panics() {
        assert_eq!(parse("a.mp3", b"x"), Err(ReadError::Unsupported));
        assert_eq!(parse("a.txt", b"\0\0"), Err(ReadError::Binary));
        assert!(matches!(parse("a.docx", b"x"), Err(ReadError::Docx(_))));
    }
}

/// The fixture workspace `tests/notes-workspaces/harbour`: a draft's quotations against
/// notes and transcripts in every format.
#[cfg(test)]
mod fixture_tests {
    use super::*;

    fn harbour() -> Index {
        let root =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/notes-workspaces/harbour");
        let mut inputs = Vec::new();
        for dir in ["notes", "transcripts", "interviews"] {
            let mut names: Vec<_> = std::fs::read_dir(root.join(dir))
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            names.sort();
            for name in names {
                let bytes = std::fs::read(root.join(dir).join(&name)).unwrap();
                inputs.push((format!("{dir}/{name}"), bytes));
            }
        }
        let (index, errors) = Index::build(&inputs, 2);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(index.len(), 5);
        index
    }

    fn check(
        index: &Index,
        quote: &str,
        speaker: &str,
    ) -> (Verdict, SpeakerCheck, String, Vec<String>) {
        let found = index.lookup(quote, Some(speaker)).unwrap();
        let place = found
            .passage
            .as_ref()
            .map_or(String::new(), Passage::location);
        let messages = found.differences.iter().map(Difference::message).collect();
        (found.verdict, found.speaker, place, messages)
    }

    /// A quotation, its speaker, and the verdict, speaker check, place and differences
    /// expected for it.
    type Case<'a> = (
        &'a str,
        &'a str,
        Verdict,
        SpeakerCheck,
        &'a str,
        &'a [&'a str],
    );

    #[test]
    fn every_format_answers_for_its_quotations() {
        let index = harbour();
        let cases: &[Case] = &[
            (
                "We will not load a single ship until the contract is signed,",
                "Maria Okafor",
                Verdict::Verbatim,
                SpeakerCheck::Same,
                "notes/okafor-call.txt line 4",
                &[],
            ),
            (
                "can hold out for about a week … before the warehouses fill up.",
                "Tom Reyes",
                Verdict::Verbatim,
                SpeakerCheck::Same,
                "transcripts/briefing.vtt at 0:05",
                &[],
            ),
            (
                "[The union] has been very clear with us from the start,",
                "Reyes",
                Verdict::Verbatim,
                SpeakerCheck::Same,
                "transcripts/briefing.vtt at 0:14",
                &[],
            ),
            (
                "The mayor has never returned our calls,",
                "Okafor",
                Verdict::Altered,
                SpeakerCheck::Same,
                "notes/okafor-call.txt line 8",
                &["notes: *has not returned* · draft: *has never returned*"],
            ),
            (
                "Nobody wants a long strike in this city.",
                "Councillor Dana Whitfield",
                Verdict::Verbatim,
                SpeakerCheck::Same,
                "transcripts/council.srt at 1:02",
                &[],
            ),
            (
                "Shipping lines are already sending vessels to Westhaven,",
                "Okafor",
                Verdict::Altered,
                SpeakerCheck::Same,
                "interviews/okafor-followup.md at 0:00",
                &["notes: *to Northport* · draft: *to Westhaven*"],
            ),
            (
                "We expect a deal by Friday,",
                "Reyes",
                Verdict::Verbatim,
                SpeakerCheck::Same,
                "notes/reyes-phone.docx paragraph 2",
                &[],
            ),
            (
                "The union has been very clear with us from the start",
                "Maria Okafor",
                Verdict::Verbatim,
                SpeakerCheck::Different,
                "transcripts/briefing.vtt at 0:14",
                &[],
            ),
            (
                "We will meet both sides on Wednesday",
                "Whitfield",
                Verdict::Verbatim,
                SpeakerCheck::Same,
                "transcripts/council.srt at 1:06",
                &[],
            ),
        ];
        for &(quote, speaker, verdict, same, place, messages) in cases {
            assert_eq!(
                check(&index, quote, speaker),
                (
                    verdict,
                    same,
                    place.to_string(),
                    messages.iter().map(|m| m.to_string()).collect::<Vec<_>>()
                ),
                "{quote}"
            );
        }
        let invented = index
            .lookup(
                "The strike will cost the city millions of dollars",
                Some("Okafor"),
            )
            .unwrap();
        assert_eq!(invented.verdict, Verdict::NotFound);
    }
}
