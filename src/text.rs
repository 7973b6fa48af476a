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

/// Lines and columns of many offsets in one text, each in logarithmic time plus at most
/// `CHUNK` bytes counted: `line_column` per finding rescans the text before it, which is
/// quadratic on a draft with thousands of findings. Gives exactly what `line_column` gives.
pub struct LineIndex<'a> {
    text: &'a str,
    /// The offset after every `\n` and `\r`, with the number of line ends up to it (a
    /// `\n` closing a `\r\n` adds none).
    breaks: Vec<(usize, usize)>,
    /// Characters before each multiple of `CHUNK` bytes.
    chars: Vec<usize>,
}

const CHUNK: usize = 1024;

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        let mut breaks = Vec::new();
        let mut lines = 0;
        for (i, &b) in bytes.iter().enumerate() {
            if b == b'\r' || b == b'\n' {
                if !(b == b'\n' && i > 0 && bytes[i - 1] == b'\r') {
                    lines += 1;
                }
                breaks.push((i + 1, lines));
            }
        }
        let mut chars = Vec::with_capacity(bytes.len() / CHUNK + 1);
        let mut count = 0;
        for chunk in bytes.chunks(CHUNK) {
            chars.push(count);
            count += chunk.iter().filter(|&&b| !is_continuation(b)).count();
        }
        LineIndex {
            text,
            breaks,
            chars,
        }
    }

    /// What `line_column(text, offset)` gives.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = self.text.floor_char_boundary(offset);
        let before = self.breaks.partition_point(|&(at, _)| at <= offset);
        let (line_start, lines) = match before {
            0 => (0, 0),
            k => self.breaks[k - 1],
        };
        let column = self.chars_before(offset) - self.chars_before(line_start);
        (1 + lines, column + 1)
    }

    /// The line around `offset` as `excerpt` reads it: from after the last line end
    /// before it to the first line end at or after it.
    pub fn line_bounds(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let before = self.breaks.partition_point(|&(at, _)| at <= offset);
        let start = if before == 0 {
            0
        } else {
            self.breaks[before - 1].0
        };
        let end = self
            .breaks
            .get(before)
            .map_or(self.text.len(), |&(at, _)| at - 1);
        (start, end)
    }

    /// Characters in the text before byte `offset` (a character cut by it counts).
    pub fn chars_before(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        let chunk = offset / CHUNK;
        let Some(&counted) = self.chars.get(chunk) else {
            return 0;
        };
        counted
            + self.text.as_bytes()[chunk * CHUNK..offset]
                .iter()
                .filter(|&&b| !is_continuation(b))
                .count()
    }
}

fn is_continuation(byte: u8) -> bool {
    byte & 0xC0 == 0x80
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

    #[test]
    fn the_line_index_gives_what_line_column_gives() {
        let piece = "ab\r\ncé💡\rd\n\n\r\r\nErdoğan “x” ";
        let long = piece.repeat(200) + &"z".repeat(3000) + "\r";
        for text in [
            "",
            "\n",
            "\r",
            "\r\n",
            "a\r\nb💡c\rd\ne",
            piece,
            long.as_str(),
        ] {
            let index = LineIndex::new(text);
            for offset in 0..=text.len() + 2 {
                assert_eq!(
                    index.line_column(offset),
                    line_column(text, offset),
                    "{text:?} at {offset}"
                );
                let at = offset.min(text.len());
                if !text.is_char_boundary(at) {
                    continue;
                }
                let start = text[..at].rfind(['\n', '\r']).map_or(0, |i| i + 1);
                let end = text[at..].find(['\n', '\r']).map_or(text.len(), |i| at + i);
                assert_eq!(
                    index.line_bounds(offset),
                    (start, end),
                    "{text:?} at {offset}"
                );
            }
        }
    }
}
