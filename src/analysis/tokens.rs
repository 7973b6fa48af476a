//! Words and punctuation with byte ranges, for the phrase-level phases (attribution,
//! names). Abbreviations keep their periods ("U.S.", "Mr."); a sentence's final period
//! is its own token.

use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    Punct,
    /// A whole quotation standing in a sentence's frame (see attribution).
    Quote,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token<'a> {
    pub kind: TokenKind,
    pub range: Range<usize>,
    pub text: &'a str,
}

impl Token<'_> {
    pub fn is_word(&self) -> bool {
        self.kind == TokenKind::Word
    }

    pub fn is_capitalised(&self) -> bool {
        self.kind == TokenKind::Word && self.text.chars().next().is_some_and(char::is_uppercase)
    }

    pub fn lower(&self) -> String {
        self.text.to_lowercase()
    }

    /// Whether the token, lower-cased, is `lower` (itself lower case). An ASCII token
    /// is compared without making its lower-cased copy.
    pub fn lower_is(&self, lower: &str) -> bool {
        if self.text.is_ascii() {
            self.text.eq_ignore_ascii_case(lower)
        } else {
            self.lower() == lower
        }
    }

    pub fn is(&self, text: &str) -> bool {
        self.text == text
    }
}

/// Abbreviations whose final period is part of the word.
const ABBREVIATIONS: &[&str] = &[
    "Mr.", "Mrs.", "Ms.", "Dr.", "Prof.", "Sen.", "Rep.", "Gov.", "Gen.", "Lt.", "Col.", "Capt.",
    "Sgt.", "Adm.", "Maj.", "Rev.", "St.", "Sr.", "Jr.", "Jan.", "Feb.", "Aug.", "Sept.", "Sep.",
    "Oct.", "Nov.", "Dec.", "No.", "Inc.", "Corp.", "Ltd.", "Co.", "vs.", "etc.", "Ave.", "Blvd.",
];

/// Tokenizes `text[range]`, returning tokens with offsets into `text`.
pub fn tokenize(text: &str, range: Range<usize>) -> Vec<Token<'_>> {
    // News copy runs about one token to five bytes: sized for that, the list is rarely
    // grown (growing it from empty was a tenth of tokenizing).
    let mut tokens = Vec::with_capacity(range.len() / 4 + 1);
    let slice = &text[range.clone()];
    let base = range.start;
    let mut chars = slice.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        if is_word_char(c) {
            let mut end = start + c.len_utf8();
            while let Some(&(i, next)) = chars.peek() {
                let joins = is_word_char(next)
                    || (matches!(next, '\'' | '’' | '-' | '.' | '&')
                        && slice[i + next.len_utf8()..]
                            .chars()
                            .next()
                            .is_some_and(is_word_char));
                if !joins {
                    break;
                }
                end = i + next.len_utf8();
                chars.next();
            }
            // A period right after a word belongs to it only for abbreviations.
            if let Some(&(i, '.')) = chars.peek() {
                let with_period = &slice[start..i + 1];
                if ABBREVIATIONS.contains(&with_period)
                    || with_period[..with_period.len() - 1].contains('.')
                {
                    end = i + 1;
                    chars.next();
                }
            }
            tokens.push(Token {
                kind: TokenKind::Word,
                range: base + start..base + end,
                text: &slice[start..end],
            });
        } else {
            let end = start + c.len_utf8();
            tokens.push(Token {
                kind: TokenKind::Punct,
                range: base + start..base + end,
                text: &slice[start..end],
            });
        }
    }
    tokens
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining(c)
}

fn is_combining(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text, 0..text.len())
            .iter()
            .map(|t| t.text)
            .collect()
    }

    #[test]
    fn lower_is_compares_as_lower_casing_would() {
        let text = "Known AS Été \u{212A}nown";
        let tokens = tokenize(text, 0..text.len());
        let matches =
            |lower: &str| -> Vec<bool> { tokens.iter().map(|t| t.lower_is(lower)).collect() };
        assert_eq!(matches("known"), vec![true, false, false, true]);
        assert_eq!(matches("as"), vec![false, true, false, false]);
        assert_eq!(matches("été"), vec![false, false, true, false]);
    }

    #[test]
    fn keeps_abbreviations_and_apostrophes() {
        assert_eq!(
            words("Mr. Erdoğan’s U.S. visit, al-Sisi said."),
            vec![
                "Mr.",
                "Erdoğan’s",
                "U.S.",
                "visit",
                ",",
                "al-Sisi",
                "said",
                "."
            ]
        );
    }
}
