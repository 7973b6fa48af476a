//! Speaker labels and timestamps as transcripts write them: "ARAGHCHI: …",
//! "**Q:** …", ">> Mr. Price: …", the "Jane Doe  0:03" and "Speaker 1 (00:01:05):"
//! header lines of transcription services, and "[00:12:30]" marks.

/// A timestamp "m:ss", "mm:ss", "h:mm:ss" or "hh:mm:ss", with an optional fraction
/// after "." or "," (milliseconds), as milliseconds. `None` when `text` is not one.
pub fn parse_time(text: &str) -> Option<u32> {
    let (clock, fraction) = match text.find(['.', ',']) {
        Some(at) => (&text[..at], Some(&text[at + 1..])),
        None => (text, None),
    };
    let parts: Vec<&str> = clock.split(':').collect();
    if !(2..=3).contains(&parts.len()) {
        return None;
    }
    let mut total: u64 = 0;
    for (i, part) in parts.iter().enumerate() {
        if part.is_empty() || part.len() > 2 && i > 0 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let value: u64 = part.parse().ok()?;
        if i > 0 && value >= 60 {
            return None;
        }
        total = total * 60 + value;
    }
    let mut millis = total.checked_mul(1000)?;
    if let Some(fraction) = fraction {
        if fraction.is_empty()
            || fraction.len() > 3
            || !fraction.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let value: u64 = fraction.parse().ok()?;
        millis += value * 10u64.pow(3 - fraction.len() as u32);
    }
    u32::try_from(millis).ok()
}

/// "01:02:03" for a place in a recording.
pub fn format_time(millis: u32) -> String {
    let seconds = millis / 1000;
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// A timestamp at the start of `line`, bare or in brackets or parentheses, followed
/// by whitespace or the end: its value and the bytes it takes (with the space after).
pub fn leading_time(line: &str) -> Option<(u32, usize)> {
    let trimmed = line.trim_start();
    let indent = line.len() - trimmed.len();
    let (inner, close) = match trimmed.as_bytes().first()? {
        b'[' => (&trimmed[1..], Some(']')),
        b'(' => (&trimmed[1..], Some(')')),
        _ => (trimmed, None),
    };
    let end = inner
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, ':' | '.' | ',')))
        .unwrap_or(inner.len());
    let millis = parse_time(inner[..end].trim_end_matches([',', '.']))?;
    let mut taken = indent + (trimmed.len() - inner.len()) + end;
    if let Some(close) = close {
        if !inner[end..].starts_with(close) {
            return None;
        }
        taken += 1;
    }
    let rest = &line[taken..];
    if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) {
        return None;
    }
    let spaces = rest.len() - rest.trim_start().len();
    Some((millis, taken + spaces))
}

/// Whether `label` reads as a speaker's name or role: one to five words, each starting
/// with a capital or a digit ("Speaker 2"), made of letters, digits and the marks names
/// use, at most 40 bytes.
pub fn is_label(label: &str) -> bool {
    if label.is_empty() || label.len() > 40 {
        return false;
    }
    let words: Vec<&str> = label.split_whitespace().collect();
    if words.is_empty() || words.len() > 5 {
        return false;
    }
    let lower_particles = [
        "de", "van", "von", "der", "da", "al", "bin", "la", "le", "du",
    ];
    words.iter().all(|word| {
        let first = word.chars().next().unwrap_or(' ');
        let shaped = word
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '\'' | '’' | '-' | '(' | ')'));
        shaped && (first.is_uppercase() || first.is_ascii_digit() || lower_particles.contains(word))
    }) && label.chars().any(char::is_alphabetic)
}

/// A "Name:" turn at the start of `line`, after optional ">>", "-", "*" or "_": the
/// label as written (emphasis trimmed) and the bytes the label takes, colon, closing
/// emphasis and the space after included.
pub fn label_prefix(line: &str) -> Option<(&str, usize)> {
    let lead = line.len()
        - line
            .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '>' | '-' | '*' | '_'))
            .len();
    let rest = &line[lead..];
    let colon = rest.find(':')?;
    let label = rest[..colon].trim_end_matches(['*', '_']).trim();
    if !is_label(label) {
        return None;
    }
    let after = &rest[colon + 1..];
    let after_emphasis = after.trim_start_matches(['*', '_']);
    if !(after_emphasis.is_empty() || after_emphasis.starts_with(char::is_whitespace)) {
        // "10:30", "http://", "Note:this"
        return None;
    }
    let spaces = after_emphasis.len() - after_emphasis.trim_start().len();
    let taken = lead + colon + 1 + (after.len() - after_emphasis.len()) + spaces;
    Some((label, taken))
}

/// A transcription service's header line: a label, then a timestamp (bare, in brackets
/// or parentheses), then at most a colon — "Jane Doe  0:03", "Speaker 1 (00:01:05):".
pub fn header_line(line: &str) -> Option<(&str, u32)> {
    let line = line.trim().trim_end_matches(':').trim_end();
    let cut = line.rfind(char::is_whitespace)?;
    let (label, stamp) = (line[..cut].trim(), line[cut..].trim());
    let stamp = stamp
        .strip_prefix(['(', '['])
        .and_then(|s| s.strip_suffix([')', ']']))
        .unwrap_or(stamp);
    let millis = parse_time(stamp)?;
    let label = label.trim_end_matches(['-', '–', '|', ',']).trim_end();
    is_label(label).then_some((label, millis))
}

/// Labels that head a line of notes without naming who speaks.
pub fn is_note_heading(label: &str) -> bool {
    const HEADINGS: &[&str] = &[
        "note",
        "notes",
        "update",
        "time",
        "date",
        "location",
        "place",
        "subject",
        "re",
        "source",
        "sources",
        "tags",
        "title",
        "summary",
        "edit",
        "todo",
        "ps",
        "link",
        "url",
        "topic",
        "background",
        "context",
        "contact",
        "phone",
        "email",
        "where",
        "when",
        "attendees",
        "present",
        "agenda",
        "slug",
        "headline",
        "byline",
        "caption",
    ];
    HEADINGS.contains(&label.to_lowercase().as_str())
}

/// Whether a label names a role rather than a person, so it says nothing about who
/// said a passage ("Q", "A", "Speaker 2", "Interviewer", "Unknown").
pub fn is_generic_speaker(label: &str) -> bool {
    let lower = label.to_lowercase();
    let first = lower.split_whitespace().next().unwrap_or("");
    matches!(
        lower.as_str(),
        "q" | "a"
            | "question"
            | "answer"
            | "interviewer"
            | "interviewee"
            | "unknown"
            | "unidentified"
            | "audience"
            | "audience member"
            | "crowd"
            | "moderator"
            | "reporter"
            | "narrator"
            | "voice"
            | "male"
            | "female"
            | "man"
            | "woman"
    ) || (matches!(
        first,
        "speaker" | "spk" | "participant" | "guest" | "caller"
    ) && lower.split_whitespace().count() <= 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times() {
        assert_eq!(parse_time("0:03"), Some(3_000));
        assert_eq!(parse_time("01:02:03.5"), Some(3_723_500));
        assert_eq!(parse_time("00:00:01,250"), Some(1_250));
        assert_eq!(parse_time("1:75"), None);
        assert_eq!(parse_time("10"), None);
        assert_eq!(parse_time("a:03"), None);
        assert_eq!(format_time(3_723_500), "1:02:03");
        assert_eq!(format_time(63_000), "1:03");
    }

    #[test]
    fn leading_times() {
        assert_eq!(leading_time("[00:12:30] Q: hi"), Some((750_000, 11)));
        assert_eq!(leading_time("0:03 text"), Some((3_000, 5)));
        assert_eq!(leading_time("10:30am meeting"), None);
        assert_eq!(leading_time("(1:00"), None);
    }

    #[test]
    fn labels() {
        assert_eq!(label_prefix("ARAGHCHI: We are"), Some(("ARAGHCHI", 10)));
        assert_eq!(label_prefix("**Q:** And then?"), Some(("Q", 7)));
        assert_eq!(
            label_prefix(">> MR. PRICE: Thanks"),
            Some(("MR. PRICE", 14))
        );
        assert_eq!(
            label_prefix("Ursula von der Leyen: yes"),
            Some(("Ursula von der Leyen", 22))
        );
        assert_eq!(label_prefix("Meeting at 10:30 with"), None);
        assert_eq!(label_prefix("he said: fine"), None);
        assert_eq!(label_prefix("See http://x"), None);
        assert_eq!(
            label_prefix("A very long line that goes on and on: x"),
            None
        );
    }

    #[test]
    fn headers() {
        assert_eq!(header_line("Jane Doe  0:03"), Some(("Jane Doe", 3_000)));
        assert_eq!(
            header_line("Speaker 1 (00:01:05):"),
            Some(("Speaker 1", 65_000))
        );
        assert_eq!(
            header_line("Abbas Araghchi [1:02:03]"),
            Some(("Abbas Araghchi", 3_723_000))
        );
        assert_eq!(header_line("we met at 0:03"), None);
        assert_eq!(header_line("0:03"), None);
    }

    #[test]
    fn generic_speakers() {
        assert!(is_generic_speaker("Q"));
        assert!(is_generic_speaker("Speaker 2"));
        assert!(!is_generic_speaker("ARAGHCHI"));
        assert!(!is_generic_speaker("Speaker Pelosi Aide Jones"));
    }
}
