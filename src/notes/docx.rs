//! Word documents (.docx): the text of `word/document.xml` (zip + quick-xml), one line
//! per paragraph or line break, then read as a transcript (`turns`), so "Q:" and
//! "ARAGHCHI:" paragraphs are turns as in a text file. Deleted text of tracked changes
//! (`w:delText`) and field codes (`w:instrText`) are not words; tabs are spaces.
//! A place in a Word document is given as its paragraph number.

use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::Event;

use super::{Parsed, turns};

/// The most `word/document.xml` may inflate to (a zip bomb stops here).
const MAX_XML_BYTES: u64 = 64 << 20;

/// Why a .docx could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocxError(pub String);

pub fn parse(bytes: &[u8]) -> Result<Parsed, DocxError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| DocxError(format!("not a Word document (zip: {e})")))?;
    let mut entry = archive
        .by_name("word/document.xml")
        .map_err(|_| DocxError("not a Word document (no word/document.xml)".into()))?;
    let mut xml = String::new();
    (&mut entry)
        .take(MAX_XML_BYTES + 1)
        .read_to_string(&mut xml)
        .map_err(|e| DocxError(format!("word/document.xml: {e}")))?;
    if xml.len() as u64 > MAX_XML_BYTES {
        return Err(DocxError("word/document.xml inflates past 64 MiB".into()));
    }
    let (text, paragraph_of_line) = document_text(&xml)?;
    let mut parsed = turns::parse(&text);
    parsed.line_is_paragraph = true;
    parsed.paragraph_of_line = paragraph_of_line;
    Ok(parsed)
}

/// The document's text and, for each of its lines, the paragraph (1-based) it is in.
fn document_text(xml: &str) -> Result<(String, Vec<u32>), DocxError> {
    let mut reader = Reader::from_str(xml);
    let mut text = String::new();
    let mut paragraph_of_line = Vec::new();
    let mut paragraph: u32 = 0;
    let mut in_text = false;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| DocxError(format!("word/document.xml: {e}")))?;
        match event {
            Event::Start(e) => match e.local_name().as_ref() {
                "t" => in_text = true,
                "p" => paragraph += 1,
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                "tab" if paragraph > 0 => text.push(' '),
                "br" | "cr" if paragraph > 0 => {
                    text.push('\n');
                    paragraph_of_line.push(paragraph);
                }
                "p" => {
                    paragraph += 1;
                    text.push('\n');
                    paragraph_of_line.push(paragraph);
                }
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_text = false,
                "p" => {
                    text.push('\n');
                    paragraph_of_line.push(paragraph);
                }
                _ => {}
            },
            Event::Text(e) if in_text => text.push_str(&e.xml10_content()),
            Event::CData(e) if in_text => text.push_str(&e.xml10_content()),
            Event::GeneralRef(r) if in_text => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    text.push(c);
                } else {
                    text.push(match r.as_ref() {
                        "amp" => '&',
                        "lt" => '<',
                        "gt" => '>',
                        "quot" => '"',
                        "apos" => '\'',
                        _ => ' ',
                    });
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok((text, paragraph_of_line))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_runs_and_entities() {
        let xml = r#"<?xml version="1.0"?><w:document xmlns:w="x"><w:body>
            <w:p><w:r><w:t>Q: Will you </w:t></w:r><w:r><w:t xml:space="preserve">talk?</w:t></w:r></w:p>
            <w:p><w:r><w:t>ARAGHCHI: Yes &amp; no</w:t><w:tab/><w:t>&#8212;</w:t><w:delText>gone</w:delText></w:r></w:p>
            <w:p/><w:p><w:r><w:t>Line</w:t><w:br/><w:t>two</w:t></w:r></w:p>
            </w:body></w:document>"#;
        let (text, lines) = document_text(xml).unwrap();
        assert_eq!(
            text,
            "Q: Will you talk?\nARAGHCHI: Yes & no —\n\nLine\ntwo\n"
        );
        assert_eq!(lines, [1, 2, 3, 4, 4]);
    }

    #[test]
    fn not_a_docx() {
        assert!(parse(b"plain text").is_err());
        assert!(parse(b"PK\x03\x04garbage").is_err());
    }
}
