//! Bytes to text, and text to words.
//!
//! Both sides of a comparison — a source file and a quotation — are read by the same
//! tokenizer, so the conventions that make two wordings "the same" live here: case,
//! curly or straight apostrophes, diacritics, punctuation and hyphens are not part of a
//! word's identity. A word is a run of letters and digits; an apostrophe between two
//! letters stays inside it ("don't", "Iran’s"), a period or comma between two digits
//! too ("3.5", "1,000"; the comma is dropped from the identity). A hyphen or a dash
//! separates words, so "follow-up" and "follow up" read alike.

use std::borrow::Cow;

/// Why a source file's bytes are not text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// NUL bytes in something that claims to be text.
    Binary,
}

/// The file's text: UTF-8 (a byte-order mark dropped), UTF-16 with a byte-order mark,
/// or, when neither, Windows-1252 (what Word's "plain text" export and older Windows
/// transcription tools write). Offsets into the result are offsets into the file only
/// for UTF-8 input.
pub fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, DecodeError> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return decode_utf8_or_legacy(rest);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return Ok(Cow::Owned(utf16(rest, u16::from_le_bytes)));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return Ok(Cow::Owned(utf16(rest, u16::from_be_bytes)));
    }
    decode_utf8_or_legacy(bytes)
}

fn decode_utf8_or_legacy(bytes: &[u8]) -> Result<Cow<'_, str>, DecodeError> {
    if memchr::memchr(0, bytes).is_some() {
        return Err(DecodeError::Binary);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Cow::Borrowed(text)),
        Err(_) => Ok(Cow::Owned(bytes.iter().map(|&b| windows_1252(b)).collect())),
    }
}

fn utf16(bytes: &[u8], word: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks_exact(2).map(|pair| word([pair[0], pair[1]]));
    char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

/// Windows-1252: Latin-1 with typographic marks in 0x80–0x9F.
fn windows_1252(byte: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž',
        '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}',
        'ž', 'Ÿ',
    ];
    match byte {
        0x80..=0x9F => HIGH[usize::from(byte - 0x80)],
        _ => char::from(byte),
    }
}

/// A word of a text: where it stands and its identity (a hash of its normalised form).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub key: u64,
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ' | '‘')
}

/// Calls `each` with every word of `text`, in order.
pub fn tokens(text: &str, mut each: impl FnMut(Token)) {
    let bytes = text.as_bytes();
    let mut iter = text.char_indices().peekable();
    while let Some((start, c)) = iter.next() {
        if !c.is_alphanumeric() {
            continue;
        }
        let mut hash = Fnv::new();
        hash.push(c);
        let mut end = start + c.len_utf8();
        let mut last = c;
        while let Some(&(at, next)) = iter.peek() {
            if next.is_alphanumeric() {
                hash.push(next);
                end = at + next.len_utf8();
                last = next;
                iter.next();
                continue;
            }
            // A joiner belongs to the word only with a letter or digit right after it.
            let after = text[at + next.len_utf8()..].chars().next();
            let joins = match (next, after) {
                (c, Some(a)) if is_apostrophe(c) => last.is_alphabetic() && a.is_alphabetic(),
                ('.' | ',', Some(a)) => last.is_ascii_digit() && a.is_ascii_digit(),
                _ => false,
            };
            if !joins {
                break;
            }
            match next {
                ',' => {}
                c if is_apostrophe(c) => hash.push('\''),
                c => hash.push(c),
            }
            iter.next();
            last = next;
            end = at + next.len_utf8();
        }
        debug_assert!(end <= bytes.len());
        each(Token {
            start,
            end,
            key: hash.finish(),
        });
    }
}

/// The identity of one word written on its own (a filler, a stop word).
pub fn word_key(word: &str) -> u64 {
    let mut hash = Fnv::new();
    for c in word.chars() {
        hash.push(c);
    }
    hash.finish()
}

/// FNV-1a over the word's lower-cased, diacritic-free characters.
struct Fnv(u64);

impl Fnv {
    fn new() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    fn push(&mut self, c: char) {
        for lower in c.to_lowercase() {
            let folded = fold(lower);
            let mut buf = [0u8; 4];
            for &b in folded.encode_utf8(&mut buf).as_bytes() {
                self.0 ^= u64::from(b);
                self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
            }
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A lower-case Latin letter without its diacritic ("é" → "e", "ğ" → "g"), so a
/// transcript typed without accents matches a draft that has them. Letters outside
/// Latin-1 and Latin Extended-A stay as they are.
fn fold(c: char) -> char {
    match c {
        'à'..='å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => 'c',
        'ď' | 'đ' => 'd',
        'è'..='ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => 'e',
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => 'g',
        'ĥ' | 'ħ' => 'h',
        'ì'..='ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => 'i',
        'ĵ' => 'j',
        'ķ' => 'k',
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => 'l',
        'ñ' | 'ń' | 'ņ' | 'ň' => 'n',
        'ò'..='ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => 'o',
        'ŕ' | 'ŗ' | 'ř' => 'r',
        'ś' | 'ŝ' | 'ş' | 'š' => 's',
        'ţ' | 'ť' | 'ŧ' => 't',
        'ù'..='ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => 'u',
        'ŵ' => 'w',
        'ý' | 'ÿ' | 'ŷ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        other => other,
    }
}

/// Sounds a speaker makes while thinking, which a quotation leaves out without saying
/// so. "You know" is handled beside them (two words).
pub const FILLERS: &[&str] = &[
    "um", "umm", "uh", "uhh", "uhm", "er", "erm", "ah", "eh", "hmm", "mm", "mhm",
];

/// Words too common to find a passage by on their own.
pub const STOP_WORDS: &[&str] = &[
    "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "because",
    "been", "but", "by", "can", "could", "did", "do", "does", "for", "from", "had", "has", "have",
    "he", "her", "him", "his", "how", "i", "if", "in", "into", "is", "it", "it's", "its", "just",
    "know", "like", "me", "more", "my", "no", "not", "now", "of", "on", "one", "or", "our", "out",
    "she", "so", "some", "that", "that's", "the", "their", "them", "then", "there", "these",
    "they", "this", "those", "to", "up", "us", "very", "was", "we", "we're", "well", "were",
    "what", "when", "which", "who", "will", "with", "would", "yeah", "yes", "you", "your",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        tokens(text, |t| out.push(&text[t.start..t.end]));
        out
    }

    fn keys(text: &str) -> Vec<u64> {
        let mut out = Vec::new();
        tokens(text, |t| out.push(t.key));
        out
    }

    #[test]
    fn words_keep_inner_apostrophes_and_numbers() {
        assert_eq!(
            words("“Iran’s program,” he said — it's 3.5% of 1,000 follow-up 'tests'."),
            [
                "Iran’s", "program", "he", "said", "it's", "3.5", "of", "1,000", "follow", "up",
                "tests"
            ]
        );
    }

    #[test]
    fn identity_ignores_case_marks_and_accents() {
        assert_eq!(keys("Iran’s ERDOĞAN 1,000"), keys("iran's Erdogan 1000"));
        assert_ne!(keys("never"), keys("not"));
        assert_eq!(word_key("Um"), keys("um")[0]);
    }

    #[test]
    fn decoding_falls_back_to_windows_1252() {
        assert_eq!(decode(b"caf\xe9 \x93hi\x94").unwrap(), "café “hi”");
        assert_eq!(decode(b"\xEF\xBB\xBFok").unwrap(), "ok");
        assert_eq!(decode(b"\xFF\xFEh\0i\0").unwrap(), "hi");
        assert_eq!(decode(b"a\0b"), Err(DecodeError::Binary));
    }
}
