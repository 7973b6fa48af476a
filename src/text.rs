//! Offsets in text: the line and column people read. A leaf: every layer may use it.

/// 1-based line and character column of a byte offset, for people and the CLI. Lines
/// end at `\n`, `\r\n` or a lone `\r`; an offset inside a character counts from its start.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = text.floor_char_boundary(offset);
    let before = &text[..offset];
    let line_start = before.rfind(['\n', '\r']).map(|i| i + 1).unwrap_or(0);
    let line = 1 + count_line_ends(before);
    (line, before[line_start..].chars().count() + 1)
}

fn count_line_ends(text: &str) -> usize {
    let bytes = text.as_bytes();
    // Plain byte counts vectorise; only text with carriage returns needs the slow walk.
    let newlines = bytes.iter().filter(|&&b| b == b'\n').count();
    if !bytes.contains(&b'\r') {
        return newlines;
    }
    let lone_returns = bytes
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
        .count();
    newlines + lone_returns
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_characters_and_all_line_ends() {
        let text = "a\r\nb💡c\rd\ne";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 3), (2, 1));
        let c = text.find('c').unwrap();
        assert_eq!(line_column(text, c), (2, 3));
        assert_eq!(line_column(text, text.find('d').unwrap()), (3, 1));
        assert_eq!(line_column(text, text.len()), (4, 2));
        // Inside the emoji: its own column; past the end: the last one.
        assert_eq!(line_column(text, text.find('💡').unwrap() + 2), (2, 2));
        assert_eq!(line_column(text, text.len() + 10), (4, 2));
    }
}
