//! Drafts that are not UTF-8: `--encoding LABEL` and byte-order marks.
//!
//! - A file that is valid UTF-8 (and has no NUL byte) is read as UTF-8 whatever the
//!   flag says: an archive mixes old and new files, and a legacy text with any byte
//!   over 0x7F is practically never valid UTF-8 (plain ASCII reads the same either way).
//!   A UTF-8 byte-order mark stays in the text, as U+FEFF, so offsets are the file's.
//! - A UTF-16 byte-order mark decides, with or without the flag: the file is read as
//!   UTF-16 of that order, the mark left out of the text and written back by `--fix`.
//! - Any other file is decoded with the `--encoding` label (a WHATWG label, as browsers
//!   read them: `iso-8859-1` is windows-1252). Bytes that are not valid in it are
//!   refused, naming the first one: nothing is replaced by a guess.
//! - `--fix` writes the fixed text back in the encoding it was read in, or not at all:
//!   a character the encoding cannot hold is refused (never written as `&#…;`), and so
//!   is an encoding that does not give the file's bytes back unchanged (Shift_JIS's
//!   duplicate codes), which would rewrite parts no fix touched.

use encoding_rs::{DecoderResult, EncoderResult, Encoding, UTF_8, UTF_16BE, UTF_16LE};

/// A file's text as it was read: UTF-8, or decoded from another encoding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Encoded {
    /// The text is the file's bytes.
    Utf8,
    /// The text was decoded from `bytes` (kept to see whether the file changed before
    /// `--fix` writes it), which begin with a byte-order mark when `bom`.
    Decoded {
        encoding: &'static Encoding,
        bom: bool,
        bytes: Vec<u8>,
    },
}

/// `--encoding`'s value: a WHATWG label. The "replacement" encoding (labels such as
/// `iso-2022-kr`) turns a whole file into one U+FFFD, so it is refused.
pub fn parse_label(label: &str) -> Result<&'static Encoding, String> {
    match Encoding::for_label_no_replacement(label.trim().as_bytes()) {
        Some(encoding) => Ok(encoding),
        None if Encoding::for_label(label.trim().as_bytes()).is_some() => Err(format!(
            "`{label}` is an encoding copydesk cannot read (the Encoding Standard maps it \
             to \"replacement\")"
        )),
        None => Err(format!(
            "unknown encoding `{label}`; use a label such as windows-1252, iso-8859-2, \
             shift_jis, gb18030, utf-16le (https://encoding.spec.whatwg.org/#names-and-labels)"
        )),
    }
}

/// The text of a file's `bytes`, read as the module documentation says, or why not.
pub fn decode(
    bytes: Vec<u8>,
    label: Option<&'static Encoding>,
) -> Result<(String, Encoded), String> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(&bytes)
        && encoding != UTF_8
    {
        let text = strict(encoding, &bytes[bom_len..]).map_err(|offset| {
            format!(
                "not valid {} (first bad byte at offset {}) although it begins with a \
                 {0} byte-order mark; not checked",
                encoding.name(),
                offset + bom_len
            )
        })?;
        let text = not_binary(text)?;
        let encoded = Encoded::Decoded {
            encoding,
            bom: true,
            bytes,
        };
        return Ok((text, encoded));
    }
    if memchr::memchr(0, &bytes).is_none()
        && let Ok(text) = std::str::from_utf8(&bytes)
    {
        return Ok((text.to_string(), Encoded::Utf8));
    }
    let utf8_bom = bytes.starts_with(b"\xEF\xBB\xBF");
    match label {
        Some(encoding) if encoding != UTF_8 && !utf8_bom => {
            let text = strict(encoding, &bytes).map_err(|offset| {
                format!(
                    "not valid {} (first bad byte at offset {offset}); not checked",
                    encoding.name()
                )
            })?;
            let text = not_binary(text)?;
            let encoded = Encoded::Decoded {
                encoding,
                bom: false,
                bytes,
            };
            Ok((text, encoded))
        }
        _ => {
            if memchr::memchr(0, &bytes).is_some() {
                return Err("binary file (contains NUL bytes); not checked".to_string());
            }
            let offset = std::str::from_utf8(&bytes)
                .err()
                .map_or(0, |err| err.valid_up_to());
            Err(if utf8_bom {
                format!(
                    "not valid UTF-8 (first bad byte at offset {offset}) although it begins \
                     with a UTF-8 byte-order mark; not checked"
                )
            } else {
                format!(
                    "not valid UTF-8 (first bad byte at offset {offset}); save it as UTF-8 \
                     or pass its encoding (--encoding LABEL, e.g. windows-1252)"
                )
            })
        }
    }
}

/// `bytes` decoded with `encoding`, or the offset of the first byte that is not valid
/// in it.
fn strict(encoding: &'static Encoding, bytes: &[u8]) -> Result<String, usize> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len());
    let mut text = String::with_capacity(capacity);
    let mut done = 0;
    loop {
        let (result, read) =
            decoder.decode_to_string_without_replacement(&bytes[done..], &mut text, true);
        done += read;
        match result {
            DecoderResult::InputEmpty => return Ok(text),
            // At most three bytes of UTF-8 for each byte left.
            DecoderResult::OutputFull => text.reserve((bytes.len() - done) * 3 + 16),
            DecoderResult::Malformed(bad, after) => {
                return Err(done.saturating_sub(usize::from(bad) + usize::from(after)));
            }
        }
    }
}

/// A decoded text with a NUL in it is a binary file, as a UTF-8 one is.
fn not_binary(text: String) -> Result<String, String> {
    if text.contains('\0') {
        Err("binary file (contains NUL characters); not checked".to_string())
    } else {
        Ok(text)
    }
}

impl Encoded {
    /// The encoding's name for messages and JSON, `None` for UTF-8.
    pub fn name(&self) -> Option<&'static str> {
        match self {
            Encoded::Utf8 => None,
            Encoded::Decoded { encoding, .. } => Some(encoding.name()),
        }
    }

    /// The bytes the file held when it was read, given its text `read`.
    pub fn original<'a>(&'a self, read: &'a str) -> &'a [u8] {
        match self {
            Encoded::Utf8 => read.as_bytes(),
            Encoded::Decoded { bytes, .. } => bytes,
        }
    }

    /// `text` as the file's bytes, in the encoding it was read in (`read` is the text it
    /// was read as), or why it cannot be written.
    pub fn encode(&self, read: &str, text: &str) -> Result<Vec<u8>, String> {
        let Encoded::Decoded {
            encoding,
            bom,
            bytes,
        } = self
        else {
            return Ok(text.as_bytes().to_vec());
        };
        let encoding = *encoding;
        // encoding_rs writes no UTF-16 (its output encoding is UTF-8): done here.
        if encoding == UTF_16LE || encoding == UTF_16BE {
            let unit_bytes = |unit: u16| {
                if encoding == UTF_16BE {
                    unit.to_be_bytes()
                } else {
                    unit.to_le_bytes()
                }
            };
            let mut out = Vec::with_capacity(text.len() * 2 + 2);
            if *bom {
                out.extend(unit_bytes(0xFEFF));
            }
            for unit in text.encode_utf16() {
                out.extend(unit_bytes(unit));
            }
            return Ok(out);
        }
        // Every character of the text as read came from the file: an encoding that does
        // not give its bytes back would change what no fix touched.
        if legacy(encoding, read).ok().as_deref() != Some(bytes.as_slice()) {
            return Err(format!(
                "{} does not give this file's bytes back unchanged, so fixing it would \
                 rewrite more than the fixes; not written",
                encoding.name()
            ));
        }
        legacy(encoding, text).map_err(|c| {
            format!(
                "the fixed text needs “{c}” (U+{:04X}), which {} cannot hold; not written \
                 (save the file as UTF-8 to apply this fix)",
                u32::from(c),
                encoding.name()
            )
        })
    }
}

/// `text` in an encoding encoding_rs writes, or the first character it cannot hold.
fn legacy(encoding: &'static Encoding, text: &str) -> Result<Vec<u8>, char> {
    let mut encoder = encoding.new_encoder();
    let mut out = Vec::with_capacity(text.len() + 16);
    let mut rest = text;
    loop {
        let (result, read) =
            encoder.encode_from_utf8_to_vec_without_replacement(rest, &mut out, true);
        rest = &rest[read..];
        match result {
            EncoderResult::InputEmpty => return Ok(out),
            EncoderResult::OutputFull => out.reserve(rest.len() * 2 + 16),
            EncoderResult::Unmappable(c) => return Err(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::{SHIFT_JIS, WINDOWS_1252};

    #[test]
    fn labels_are_whatwg_labels_and_replacement_is_refused() {
        assert_eq!(parse_label("windows-1252"), Ok(WINDOWS_1252));
        assert_eq!(parse_label("ISO-8859-1"), Ok(WINDOWS_1252));
        assert_eq!(parse_label("utf-16"), Ok(UTF_16LE));
        assert!(
            parse_label("latin-9000")
                .unwrap_err()
                .contains("unknown encoding")
        );
        assert!(
            parse_label("iso-2022-kr")
                .unwrap_err()
                .contains("cannot read")
        );
    }

    #[test]
    fn utf8_wins_over_the_label_and_keeps_its_bom() {
        let bytes = "\u{FEFF}Café “yes”".as_bytes().to_vec();
        let (text, encoded) = decode(bytes, Some(WINDOWS_1252)).unwrap();
        assert_eq!(text, "\u{FEFF}Café “yes”");
        assert_eq!(encoded, Encoded::Utf8);
    }

    #[test]
    fn windows_1252_round_trips_and_refuses_what_it_cannot_hold() {
        let bytes = b"Caf\xe9 \x93yes\x94 \x81".to_vec();
        let (text, encoded) = decode(bytes.clone(), Some(WINDOWS_1252)).unwrap();
        assert_eq!(text, "Café “yes” \u{81}");
        assert_eq!(encoded.encode(&text, &text).unwrap(), bytes);
        let fixed = text.replace("Café", "Caféé");
        assert_eq!(
            encoded.encode(&text, &fixed).unwrap(),
            b"Caf\xe9\xe9 \x93yes\x94 \x81"
        );
        let err = encoded
            .encode(&text, &text.replace("Café", "Erdoğan"))
            .unwrap_err();
        assert!(
            err.contains("“ğ” (U+011F), which windows-1252 cannot hold"),
            "{err}"
        );
    }

    #[test]
    fn without_a_label_a_legacy_file_is_refused_with_the_offset() {
        let err = decode(b"ab\xe9".to_vec(), None).unwrap_err();
        assert!(
            err.starts_with("not valid UTF-8 (first bad byte at offset 2)"),
            "{err}"
        );
        assert!(err.contains("--encoding"), "{err}");
        let err = decode(b"a\0\xe9".to_vec(), Some(WINDOWS_1252)).unwrap_err();
        assert!(err.starts_with("binary file"), "{err}");
    }

    #[test]
    fn invalid_bytes_under_the_label_are_named() {
        // 0x82 0xA0 is a valid Shift_JIS pair (あ); 0xA0 alone is not a character.
        let (text, _) = decode(b"\x82\xa0".to_vec(), Some(SHIFT_JIS)).unwrap();
        assert_eq!(text, "あ");
        let err = decode(b"ok \x82\xa0 \xa0".to_vec(), Some(SHIFT_JIS)).unwrap_err();
        assert_eq!(
            err,
            "not valid Shift_JIS (first bad byte at offset 6); not checked"
        );
    }

    #[test]
    fn an_encoding_that_does_not_give_the_bytes_back_is_not_written() {
        // 0xED 0x40 (an NEC-selected IBM extension) decodes to a character that the
        // Shift_JIS encoder writes as its IBM code, 0xFA 0x5C.
        let bytes = b"a\xed\x40".to_vec();
        let (text, encoded) = decode(bytes, Some(SHIFT_JIS)).unwrap();
        assert_eq!(legacy(SHIFT_JIS, &text).unwrap(), b"a\xfa\x5c");
        let err = encoded.encode(&text, &text).unwrap_err();
        assert!(
            err.contains("does not give this file's bytes back"),
            "{err}"
        );
    }

    #[test]
    fn a_utf16_label_reads_a_file_without_a_byte_order_mark() {
        let bytes: Vec<u8> = "Kiev\n".encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert!(
            decode(bytes.clone(), None)
                .unwrap_err()
                .starts_with("binary file")
        );
        let (text, encoded) = decode(bytes.clone(), Some(UTF_16BE)).unwrap();
        assert_eq!(text, "Kiev\n");
        assert_eq!(encoded.encode(&text, &text).unwrap(), bytes);
    }

    #[test]
    fn a_utf16_bom_decides_and_is_written_back() {
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend("Kiev “é”".encode_utf16().flat_map(u16::to_le_bytes));
        let (text, encoded) = decode(bytes.clone(), None).unwrap();
        assert_eq!(text, "Kiev “é”");
        assert_eq!(encoded.name(), Some("UTF-16LE"));
        assert_eq!(encoded.encode(&text, &text).unwrap(), bytes);
        let mut big = vec![0xFE, 0xFF];
        big.extend("Kyiv".encode_utf16().flat_map(u16::to_be_bytes));
        let (text, encoded) = decode(big.clone(), Some(WINDOWS_1252)).unwrap();
        assert_eq!(
            (text.as_str(), encoded.encode(&text, "Kyiv").unwrap()),
            ("Kyiv", big)
        );
        // An odd byte at the end is half a code unit.
        let err = decode(vec![0xFF, 0xFE, b'a', 0, b'b'], None).unwrap_err();
        assert!(
            err.starts_with("not valid UTF-16LE (first bad byte at offset 4)"),
            "{err}"
        );
    }
}
