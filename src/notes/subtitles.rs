//! WebVTT and SRT subtitle files.
//!
//! No maintained crate reads WebVTT's voice tags and SRT with the tolerance real files
//! need (the crates.io parsers are bare-bones, pre-release, or reject a file over one
//! bad cue), so this is a small reader of its own. It keeps the file's text byte for
//! byte and blanks everything that is not spoken words — the header, NOTE, STYLE and
//! REGION blocks, cue identifiers and timing lines, tags (`<v Name>`, `<i>`, `<c.x>`,
//! `<00:00:01.000>`), character references (`&amp;`), and speaker labels ("Name:",
//! ">>") — so a word's offset is its offset in the file. A cue that cannot be read
//! (no timing line) is blanked; nothing in a file makes it fail.
//!
//! Each cue starts a span with its start time and speaker: the `<v Name>` voice tag,
//! else a "Name:" at the start of the cue's text, else the previous cue's speaker
//! (captions name a speaker when the turn changes, not on every cue).

use super::labels::{is_label, label_prefix, parse_time};
use super::{Parsed, Span};

/// Which of the two formats: they differ in the header and the identifier line only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    WebVtt,
    Srt,
}

pub fn parse(text: &str, flavor: Flavor) -> Parsed {
    let mut out = Blanked::new(text);
    let mut spans = Vec::new();
    let mut speaker: Option<String> = None;
    let lines = lines_with_offsets(text);
    let mut i = 0;
    while i < lines.len() {
        // A block: non-blank lines up to a blank one.
        if lines[i].1.trim().is_empty() {
            i += 1;
            continue;
        }
        let start = i;
        while i < lines.len() && !lines[i].1.trim().is_empty() {
            i += 1;
        }
        let block = &lines[start..i];
        let first = block[0].1.trim_start_matches('\u{feff}');
        let keyword = first.split_whitespace().next().unwrap_or("");
        let skipped = flavor == Flavor::WebVtt
            && matches!(keyword, "WEBVTT" | "NOTE" | "STYLE" | "REGION")
            && !block.iter().any(|(_, line)| line.contains("-->"));
        let timing = block.iter().position(|(_, line)| line.contains("-->"));
        let Some(timing) = timing.filter(|_| !skipped) else {
            for &(at, line) in block {
                out.blank(at, at + line.len());
            }
            continue;
        };
        // Identifier lines and the timing line are not words.
        for &(at, line) in &block[..=timing] {
            out.blank(at, at + line.len());
        }
        let (timing_at, timing_line) = block[timing];
        let time = timing_line
            .split("-->")
            .next()
            .map(str::trim)
            .and_then(parse_time);
        let mut cue_speaker: Option<String> = None;
        for &(at, line) in &block[timing + 1..] {
            if line.contains("-->") {
                // A second timing line without the blank line before it.
                out.blank(at, at + line.len());
                continue;
            }
            let voice = strip_markup(line, at, &mut out);
            if cue_speaker.is_none() {
                cue_speaker = voice;
            }
            let visible = out.text_of(at, at + line.len());
            if let Some((label, taken)) = label_prefix(visible) {
                let label = label.to_string();
                out.blank(at, at + taken);
                if cue_speaker.is_none() {
                    cue_speaker = Some(label);
                }
            } else if visible.trim_start().starts_with(">>") {
                // A speaker change without a name: who speaks is unknown from here.
                let lead = visible.len() - visible.trim_start().len();
                out.blank(at + lead, at + lead + 2);
                if cue_speaker.is_none() {
                    speaker = None;
                }
            }
        }
        if cue_speaker.is_some() {
            speaker = cue_speaker;
        }
        let body_start = block
            .get(timing + 1)
            .map_or(timing_at + timing_line.len(), |&(at, _)| at);
        spans.push(Span {
            start: body_start,
            speaker: speaker.clone(),
            time,
        });
    }
    Parsed {
        text: out.finish(),
        spans,
        line_is_paragraph: false,
        paragraph_of_line: Vec::new(),
    }
}

/// Blanks the tags and character references of one line of cue text and returns the
/// name in its first voice tag, if any.
fn strip_markup(line: &str, at: usize, out: &mut Blanked) -> Option<String> {
    let mut voice = None;
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'<' => {
                let Some(len) = line[i..].find('>') else {
                    break;
                };
                let tag = &line[i + 1..i + len];
                if voice.is_none()
                    && let Some(rest) = tag
                        .strip_prefix('v')
                        .filter(|r| r.starts_with(char::is_whitespace) || r.starts_with('.'))
                {
                    // `<v.class Name>`: the annotation follows the first whitespace.
                    let name = rest
                        .find(char::is_whitespace)
                        .map_or("", |space| rest[space..].trim());
                    if is_label(name) || !name.is_empty() && name.len() <= 60 {
                        voice = Some(name.to_string());
                    }
                }
                out.blank(at + i, at + i + len + 1);
                i += len + 1;
            }
            b'{' if line[i..].starts_with("{\\") => {
                // SRT files carry ASS override codes such as {\an8}.
                let Some(len) = line[i..].find('}') else {
                    break;
                };
                out.blank(at + i, at + i + len + 1);
                i += len + 1;
            }
            b'&' => {
                let name_len = line[i + 1..]
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
                    .unwrap_or(line.len() - i - 1);
                if name_len > 0 && line[i + 1 + name_len..].starts_with(';') {
                    out.blank(at + i, at + i + name_len + 2);
                    i += name_len + 2;
                } else {
                    i += 1;
                }
            }
            _ => i += 1,
        }
    }
    voice
}

/// Each line's offset and text, line endings excluded.
pub(super) fn lines_with_offsets(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let bare = line.trim_end_matches(['\n', '\r']);
        out.push((at, bare));
        at += line.len();
    }
    out
}

/// A copy of a text whose non-word parts are replaced by spaces, byte for byte.
pub(super) struct Blanked {
    bytes: Vec<u8>,
}

impl Blanked {
    pub(super) fn new(text: &str) -> Self {
        Blanked {
            bytes: text.as_bytes().to_vec(),
        }
    }

    /// Blanks `start..end`, which must lie on character boundaries of the original.
    pub(super) fn blank(&mut self, start: usize, end: usize) {
        let end = end.min(self.bytes.len());
        for b in &mut self.bytes[start.min(end)..end] {
            if *b != b'\n' && *b != b'\r' {
                *b = b' ';
            }
        }
    }

    pub(super) fn text_of(&self, start: usize, end: usize) -> &str {
        // Blanking whole characters keeps the buffer UTF-8 throughout.
        std::str::from_utf8(&self.bytes[start..end]).unwrap_or("")
    }

    pub(super) fn finish(self) -> String {
        String::from_utf8(self.bytes).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(parsed: &Parsed) -> String {
        parsed.text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn webvtt_voices_times_and_markup() {
        let text = "WEBVTT - briefing\n\nNOTE recorded by the desk\nsecond line\n\n\
                    intro\n00:00:01.000 --> 00:00:04.000 align:start\n\
                    <v.loud Ned Price>Good <i>afternoon</i> &amp; welcome.</v>\n\n\
                    00:05.500 --> 00:07.000\nWe will take questions.\n\n\
                    00:00:08.000 --> 00:00:09.000\n>> REPORTER: Thank you.\n";
        let parsed = parse(text, Flavor::WebVtt);
        assert_eq!(parsed.text.len(), text.len());
        assert_eq!(
            words(&parsed),
            "Good afternoon welcome. We will take questions. Thank you."
        );
        let speakers: Vec<_> = parsed
            .spans
            .iter()
            .map(|s| (s.speaker.as_deref(), s.time))
            .collect();
        assert_eq!(
            speakers,
            [
                (Some("Ned Price"), Some(1_000)),
                (Some("Ned Price"), Some(5_500)),
                (Some("REPORTER"), Some(8_000)),
            ]
        );
        let good = text.find("Good").unwrap();
        assert_eq!(&parsed.text[good..good + 4], "Good");
    }

    #[test]
    fn srt_with_index_lines_and_override_codes() {
        let text = "1\r\n00:00:01,000 --> 00:00:02,500\r\n{\\an8}ARAGHCHI: Iran has no problem\r\n\
                    with negotiations.\r\n\r\n2\r\n00:00:03,000 --> 00:00:04,000\r\n\
                    <i>But not under threats.</i>\r\n\r\nbroken block without timing\r\n";
        let parsed = parse(text, Flavor::Srt);
        assert_eq!(
            words(&parsed),
            "Iran has no problem with negotiations. But not under threats."
        );
        assert_eq!(parsed.spans.len(), 2);
        assert_eq!(parsed.spans[1].speaker.as_deref(), Some("ARAGHCHI"));
        assert_eq!(parsed.spans[1].time, Some(3_000));
    }

    #[test]
    fn garbage_never_fails() {
        for text in ["", "-->", "<v", "&", "WEBVTT\n\n-->\n<\n", "1\n\n\n{\\x"] {
            let _ = parse(text, Flavor::WebVtt);
            let _ = parse(text, Flavor::Srt);
        }
    }
}
