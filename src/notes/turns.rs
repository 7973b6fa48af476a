//! Plain-text and Markdown transcripts with speaker turns, and plain notes.
//!
//! A turn starts at a line that names its speaker — "ARAGHCHI: …", "**Q:** …",
//! "Jane Doe  0:03" or "Speaker 1 (00:01:05):" on a line of its own (the header lines
//! transcription services export, the words on the lines after), "[00:12:30] Q: …" —
//! and runs until the next one, over blank lines. A "Name:" label counts as a speaker
//! when the file uses it for two turns or more, when it is written in capitals
//! ("MR. PRICE"), or when it is Q or A — and once one label does, so does every other
//! (a guest who speaks once); in typed notes without such a label, a one-off
//! "Reminder: …" is text. Labels that head notes ("Note", "Time", "Location") never
//! name a speaker. A file with no turns is notes: its words have no speaker.
//!
//! The labels and timestamps are blanked in a byte-for-byte copy of the text, so a
//! word's offset is its offset in the file.

use std::collections::HashMap;

use super::labels::{header_line, is_note_heading, label_prefix, leading_time};
use super::subtitles::{Blanked, lines_with_offsets};
use super::{Parsed, Span};

enum Line<'a> {
    Text,
    /// A bare timestamp (a time mark for the words after it).
    Time(u32, usize),
    Header(&'a str, u32),
    Label {
        label: &'a str,
        time: Option<u32>,
        taken: usize,
    },
}

pub fn parse(text: &str) -> Parsed {
    let lines = lines_with_offsets(text);
    let mut kinds = Vec::with_capacity(lines.len());
    let mut label_counts: HashMap<String, usize> = HashMap::new();
    for &(_, line) in &lines {
        let kind = classify(line);
        if let Line::Label { label, .. } = kind {
            *label_counts.entry(label.to_lowercase()).or_default() += 1;
        }
        kinds.push(kind);
    }
    let speaker_like = |label: &str| {
        let lower = label.to_lowercase();
        let capitals = label.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && !label.chars().any(char::is_lowercase);
        matches!(lower.as_str(), "q" | "a")
            || capitals
            || label_counts.get(&lower).is_some_and(|&n| n >= 2)
    };
    // In a file that is a transcript, a name heading one turn is a speaker too.
    let transcript = kinds.iter().any(|kind| match kind {
        Line::Label { label, .. } => speaker_like(label) && !is_note_heading(label),
        Line::Header(..) => true,
        _ => false,
    });
    let accepted = |label: &str| !is_note_heading(label) && (transcript || speaker_like(label));

    let mut out = Blanked::new(text);
    let mut spans: Vec<Span> = Vec::new();
    let mut speaker: Option<String> = None;
    for (&(at, line), kind) in lines.iter().zip(&kinds) {
        match *kind {
            Line::Text => {}
            Line::Time(millis, taken) => {
                out.blank(at, at + taken);
                spans.push(Span {
                    start: at,
                    speaker: speaker.clone(),
                    time: Some(millis),
                });
            }
            Line::Header(label, millis) => {
                out.blank(at, at + line.len());
                speaker = Some(label.to_string());
                spans.push(Span {
                    start: at,
                    speaker: speaker.clone(),
                    time: Some(millis),
                });
            }
            Line::Label { label, time, taken } => {
                if !accepted(label) {
                    // A time mark before a label that is not a speaker still counts.
                    if let Some((millis, stamp)) = leading_time(line) {
                        out.blank(at, at + stamp);
                        spans.push(Span {
                            start: at,
                            speaker: speaker.clone(),
                            time: Some(millis),
                        });
                    }
                    continue;
                }
                out.blank(at, at + taken);
                speaker = Some(label.to_string());
                spans.push(Span {
                    start: at,
                    speaker: speaker.clone(),
                    time,
                });
            }
        }
    }
    if spans.first().is_none_or(|span| span.start > 0) {
        spans.insert(
            0,
            Span {
                start: 0,
                speaker: None,
                time: None,
            },
        );
    }
    Parsed {
        text: out.finish(),
        spans,
        line_is_paragraph: false,
        paragraph_of_line: Vec::new(),
    }
}

fn classify(line: &str) -> Line<'_> {
    if let Some((label, millis)) = header_line(line) {
        return Line::Header(label, millis);
    }
    let (time, after_time) = match leading_time(line) {
        Some((millis, taken)) => (Some(millis), taken),
        None => (None, 0),
    };
    let rest = &line[after_time..];
    if let Some((label, taken)) = label_prefix(rest) {
        return Line::Label {
            label,
            time,
            taken: after_time + taken,
        };
    }
    match time {
        Some(millis) => Line::Time(millis, after_time),
        None => Line::Text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn turns(parsed: &Parsed) -> Vec<(Option<&str>, Option<u32>, String)> {
        let mut out = Vec::new();
        for (i, span) in parsed.spans.iter().enumerate() {
            let end = parsed
                .spans
                .get(i + 1)
                .map_or(parsed.text.len(), |s| s.start);
            let words = parsed.text[span.start..end]
                .split_whitespace()
                .collect::<Vec<_>>();
            out.push((span.speaker.as_deref(), span.time, words.join(" ")));
        }
        out
    }

    #[test]
    fn capitals_and_q_a_are_speakers_at_once() {
        let text = "Interview, Ankara\n\nQ: Will missiles be discussed?\n\
                    ARAGHCHI: Never. Our missile program\nis not negotiable.\n\n\
                    Time: 10:30\n";
        let parsed = parse(text);
        assert_eq!(parsed.text.len(), text.len());
        assert_eq!(
            turns(&parsed),
            [
                (None, None, "Interview, Ankara".to_string()),
                (Some("Q"), None, "Will missiles be discussed?".to_string()),
                (
                    Some("ARAGHCHI"),
                    None,
                    "Never. Our missile program is not negotiable. Time: 10:30".to_string()
                ),
            ]
        );
    }

    #[test]
    fn title_case_labels_need_two_turns() {
        let once = parse("Reminder: call Fidan back.\nHe said yes.\n");
        assert_eq!(once.spans.len(), 1);
        assert_eq!(once.spans[0].speaker, None);
        let twice =
            parse("**Hakan Fidan:** We call.\n\n**Jane Roe:** Why?\n\n**Hakan Fidan:** Peace.\n");
        let speakers: Vec<_> = turns(&twice).into_iter().map(|t| (t.0, t.2)).collect();
        assert_eq!(
            speakers,
            [
                (Some("Hakan Fidan"), "We call.".to_string()),
                (Some("Jane Roe"), "Why?".to_string()),
                (Some("Hakan Fidan"), "Peace.".to_string()),
            ]
        );
    }

    #[test]
    fn transcription_service_headers() {
        let text = "Jane Doe  0:03\nThanks for having me.\n\nSpeaker 2 (00:01:05):\nSure.\n\n[00:02:00] Still Speaker 2.\n";
        let parsed = parse(text);
        assert_eq!(
            turns(&parsed),
            [
                (
                    Some("Jane Doe"),
                    Some(3_000),
                    "Thanks for having me.".to_string()
                ),
                (Some("Speaker 2"), Some(65_000), "Sure.".to_string()),
                (
                    Some("Speaker 2"),
                    Some(120_000),
                    "Still Speaker 2.".to_string()
                ),
            ]
        );
    }
}
