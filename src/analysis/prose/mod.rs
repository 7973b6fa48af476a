//! Text → prose blocks. Markdown structure, code, front matter, HTML comments, link
//! destinations and bare URLs are blanked out of a copy of the text ("masked" text) so
//! that every later phase reads prose only, at the exact byte offsets of the original.

use std::ops::Range;
use std::sync::LazyLock;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};
use regex::Regex;

use super::memo::{self, Memo};

mod headline;
use headline::mark_headline;

/// How the draft is written; decides how structure is recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    Markdown,
    #[default]
    PlainText,
}

impl Format {
    /// Chooses the format from a file name or path (`.md`, `.markdown` are Markdown).
    pub fn from_path(path: &str) -> Format {
        let lower = path.to_ascii_lowercase();
        if lower.ends_with(".md") || lower.ends_with(".markdown") || lower.ends_with(".mdx") {
            Format::Markdown
        } else {
            Format::PlainText
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Paragraph,
    Heading,
}

/// A paragraph or heading: the byte range from its first to its last prose byte.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    pub range: Range<usize>,
}

#[derive(Debug, Clone)]
pub struct Prose {
    /// The text with every non-prose byte replaced by a space (line ends kept), so
    /// offsets into it are offsets into the original.
    pub masked: String,
    pub blocks: Vec<Block>,
}

pub fn extract(text: &str, format: Format) -> Prose {
    let mut prose = extract_stretch(text, format);
    mark_headline(&prose.masked, &mut prose.blocks);
    prose
}

/// The prose of a whole draft or of one stretch of it, before the headline is found.
fn extract_stretch(text: &str, format: Format) -> Prose {
    let mut prose = match format {
        Format::Markdown => extract_markdown(text),
        Format::PlainText => extract_plain(text),
    };
    blank_bare_urls(&mut prose);
    prose
}

/// [`extract`], each stretch of a Markdown draft between blank lines remembered by its
/// text: a keystroke re-reads one paragraph, not the whole draft. Read apart or
/// together, the stretches give the same prose (see [`independent_stretches`]); a
/// draft where that may not hold is read whole.
pub fn extract_with(text: &str, format: Format, memo: &mut Memo<Stretch>) -> Prose {
    let stretches = match format {
        Format::Markdown if memo.is_enabled() => independent_stretches(text),
        _ => None,
    };
    let Some(stretches) = stretches else {
        return extract(text, format);
    };
    let pieces: Vec<(&str, [u32; 0])> = stretches.iter().map(|s| (&text[s.clone()], [])).collect();
    let parts = memo.get_all(&pieces, |i| Stretch::of(pieces[i].0, format));
    let mut masked = String::with_capacity(text.len());
    let mut blocks = Vec::with_capacity(parts.iter().map(|part| part.blocks.len()).sum());
    for (stretch, part) in stretches.iter().zip(&parts) {
        masked.push_str(&text[stretch.clone()]);
        for blank in &part.blanks {
            blank_out(&mut masked, memo::absolute(blank, stretch.start));
        }
        blocks.extend(part.blocks.iter().map(|block| Block {
            kind: block.kind,
            range: block.range.start + stretch.start..block.range.end + stretch.start,
        }));
    }
    mark_headline(&masked, &mut blocks);
    Prose { masked, blocks }
}

/// A stretch's prose as the memo keeps it: where its text is blanked, not the masked
/// text itself (the copies made a second masked draft, kept for the session).
pub struct Stretch {
    /// The stretch's runs of blanked bytes: masking only ever replaces bytes with
    /// spaces, and never a space, so each run starts and ends at a character boundary.
    blanks: Vec<Range<u32>>,
    blocks: Vec<Block>,
}

impl Stretch {
    fn of(text: &str, format: Format) -> Stretch {
        let Prose { masked, mut blocks } = extract_stretch(text, format);
        // Remembered as long as the stretch stands: no room to grow.
        blocks.shrink_to_fit();
        let mut blanks: Vec<Range<u32>> = Vec::new();
        let changed = text.bytes().zip(masked.bytes()).enumerate();
        for (at, _) in changed.filter(|(_, (before, after))| before != after) {
            let at = at as u32;
            match blanks.last_mut() {
                Some(run) if run.end == at => run.end = at + 1,
                _ => blanks.push(at..at + 1),
            }
        }
        blanks.shrink_to_fit();
        Stretch { blanks, blocks }
    }
}

/// Replaces a run of bytes, whole characters, with spaces.
fn blank_out(text: &mut String, run: Range<usize>) {
    const SPACES: &str = "                                                                ";
    let mut at = run.start;
    while at < run.end {
        let len = (run.end - at).min(SPACES.len());
        // Spaces are single bytes: every chunk boundary is a character boundary.
        text.replace_range(at..at + len, &SPACES[..len]);
        at += len;
    }
}

/// Where a Markdown draft splits into stretches that CommonMark reads the same apart
/// as together: before each unindented line that follows a blank line and opens with a
/// letter, a quotation mark, a parenthesis, `#` or any non-ASCII character. Every
/// block before such a line has ended (a paragraph, list, quotation or indented code
/// cannot run on past it), and inline markup stays inside its paragraph. `None` when
/// the draft holds what can reach across a blank line or from one part of the draft to
/// another: fenced code, HTML blocks other than one-line comments, front matter (`---`
/// or `+++` lines), link reference and footnote definitions (`]:`), and lines ended by a
/// lone carriage return (pulldown-cmark runs an indented code block on past them).
fn independent_stretches(text: &str) -> Option<Vec<Range<usize>>> {
    let bytes = text.as_bytes();
    let finds = |needle: &[u8]| memchr::memmem::find(bytes, needle).is_some();
    if finds(b"```") || finds(b"~~~") || finds(b"]:") {
        return None;
    }
    if memchr::memchr_iter(b'\r', bytes).any(|i| bytes.get(i + 1) != Some(&b'\n')) {
        return None;
    }
    let mut starts = vec![0];
    let mut after_blank = false;
    let mut next_start = 0;
    // Every line ends in \n (a \r before it, if any, is dropped): lone \r is out above.
    // The line ends are found with memchr: splitting on a closure read the draft a
    // byte at a time, a sixtieth of a keystroke.
    let line_ends = memchr::memchr_iter(b'\n', bytes).chain(std::iter::once(bytes.len()));
    for end in line_ends {
        let line_start = next_start;
        next_start = end + 1;
        let line = &bytes[line_start..end];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.starts_with(b"---") || line.starts_with(b"+++") {
            return None;
        }
        let indent = line
            .iter()
            .take_while(|&&b| b == b' ' || b == b'\t')
            .count();
        let content = &line[indent..];
        if content.first() == Some(&b'<')
            && !(content.starts_with(b"<!--") && memchr::memmem::find(content, b"-->").is_some())
        {
            return None;
        }
        let opens_stretch = indent == 0
            && content.first().is_some_and(|&b| {
                b.is_ascii_alphabetic() || matches!(b, b'"' | b'\'' | b'(' | b'#') || b >= 0x80
            });
        if after_blank && opens_stretch && line_start > 0 {
            starts.push(line_start);
        }
        after_blank = content.is_empty();
    }
    starts.push(text.len());
    Some(starts.windows(2).map(|pair| pair[0]..pair[1]).collect())
}

/// A buffer of blanks (line ends kept) that prose ranges are copied into.
struct Mask {
    bytes: Vec<u8>,
}

impl Mask {
    fn blank(text: &str) -> Mask {
        let bytes = text
            .bytes()
            .map(|b| if b == b'\n' || b == b'\r' { b } else { b' ' })
            .collect();
        Mask { bytes }
    }

    fn reveal(&mut self, text: &str, range: Range<usize>) {
        self.bytes[range.clone()].copy_from_slice(&text.as_bytes()[range]);
    }

    fn into_string(self) -> String {
        // Whole characters are either copied or replaced byte for byte by ASCII blanks,
        // so the buffer stays valid UTF-8; the check is cheap insurance.
        String::from_utf8(self.bytes)
            .unwrap_or_else(|err| String::from_utf8_lossy(err.as_bytes()).into_owned())
    }
}

fn extract_markdown(text: &str) -> Prose {
    let mut mask = Mask::blank(text);
    let mut blocks = Vec::new();
    // Open containers that can hold prose; text goes to the innermost one.
    let mut open: Vec<(BlockKind, Option<Range<usize>>)> = Vec::new();
    let mut hidden_depth = 0usize; // inside code blocks, metadata, autolinks, images

    let options = Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
        | Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH;
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        match event {
            Event::Start(tag) => match tag {
                Tag::Paragraph | Tag::Item | Tag::TableCell => {
                    open.push((BlockKind::Paragraph, None))
                }
                Tag::Heading { .. } => open.push((BlockKind::Heading, None)),
                Tag::CodeBlock(_) | Tag::MetadataBlock(_) | Tag::Image { .. } => hidden_depth += 1,
                Tag::Link {
                    link_type: LinkType::Autolink | LinkType::Email,
                    ..
                } => hidden_depth += 1,
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::Heading(_) => {
                    if let Some((kind, Some(extent))) = open.pop() {
                        blocks.push(Block {
                            kind,
                            range: extent,
                        });
                    }
                }
                TagEnd::CodeBlock | TagEnd::MetadataBlock(_) | TagEnd::Image => {
                    hidden_depth = hidden_depth.saturating_sub(1)
                }
                TagEnd::Link if hidden_depth > 0 && is_autolink(text, &range) => hidden_depth -= 1,
                _ => {}
            },
            Event::Text(_) if hidden_depth == 0 => {
                if let Some((_, extent)) = open.last_mut() {
                    mask.reveal(text, range.clone());
                    *extent = Some(match extent.take() {
                        Some(e) => e.start.min(range.start)..e.end.max(range.end),
                        None => range,
                    });
                }
            }
            _ => {}
        }
    }
    // A tight list item holding a nested list ends after its child paragraphs.
    blocks.sort_by_key(|b| b.range.start);
    Prose {
        masked: mask.into_string(),
        blocks,
    }
}

fn is_autolink(text: &str, range: &Range<usize>) -> bool {
    text.as_bytes().get(range.start) == Some(&b'<')
}

fn extract_plain(text: &str) -> Prose {
    let lines = line_ranges(text);
    let mut chunks: Vec<Vec<Range<usize>>> = vec![Vec::new()];
    for line in lines {
        if text[line.clone()].trim().is_empty() {
            if chunks.last().is_some_and(|c| !c.is_empty()) {
                chunks.push(Vec::new());
            }
        } else if let Some(chunk) = chunks.last_mut() {
            chunk.push(trimmed(text, line));
        }
    }
    chunks.retain(|c| !c.is_empty());
    let wrapped = is_hard_wrapped(text, &chunks);
    let mut blocks = Vec::new();
    for chunk in &chunks {
        push_plain_chunk(text, chunk, wrapped, &mut blocks);
    }
    Prose {
        masked: text.to_string(),
        blocks,
    }
}

/// Hard-wrapped text keeps every line short and separates paragraphs with blank lines;
/// wire copy writes one paragraph per line, however long.
fn is_hard_wrapped(text: &str, chunks: &[Vec<Range<usize>>]) -> bool {
    let lines: usize = chunks.iter().map(Vec::len).sum();
    let longest = chunks
        .iter()
        .flatten()
        .map(|r| text[r.clone()].chars().count())
        .max()
        .unwrap_or(0);
    chunks.len() > 1 && lines * 2 > chunks.len() * 3 && longest <= 100
}

/// In hard-wrapped text a run of lines is one paragraph (title lines apart); otherwise
/// each line is its own paragraph.
fn push_plain_chunk(text: &str, chunk: &[Range<usize>], wrapped: bool, blocks: &mut Vec<Block>) {
    let has_title = chunk.iter().any(|r| is_title_line(&text[r.clone()]));
    if wrapped && chunk.len() > 1 && !has_title {
        blocks.push(Block {
            kind: BlockKind::Paragraph,
            range: chunk[0].start..chunk[chunk.len() - 1].end,
        });
        return;
    }
    for line in chunk {
        let kind = if is_title_line(&text[line.clone()]) {
            BlockKind::Heading
        } else {
            BlockKind::Paragraph
        };
        blocks.push(Block {
            kind,
            range: line.clone(),
        });
    }
}

/// A bare heading in plain text: short, no closing punctuation, most words capitalised.
pub fn is_title_line(line: &str) -> bool {
    let line = line.trim();
    let words: Vec<&str> = line.split_whitespace().collect();
    if words.is_empty() || words.len() > 12 || line.chars().count() > 90 {
        return false;
    }
    let last = line.chars().last().unwrap_or(' ');
    if matches!(
        last,
        '.' | '!' | '?' | ':' | ';' | ',' | '”' | '"' | '’' | '\'' | '…'
    ) {
        return false;
    }
    let first_letter = line.chars().find(|c| c.is_alphabetic());
    if !first_letter.is_some_and(|c| c.is_uppercase()) {
        return false;
    }
    // Short function words stay lower case in title case.
    let content: Vec<&str> = words
        .iter()
        .copied()
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() > 3)
        .collect();
    if content.is_empty() {
        return true;
    }
    let capitalised = content
        .iter()
        .filter(|w| {
            w.chars()
                .find(|c| c.is_alphabetic())
                .is_some_and(|c| c.is_uppercase())
        })
        .count();
    capitalised * 10 >= content.len() * 7
}

/// Byte ranges of the lines of `text`, without their line ends (\n, \r\n or \r).
pub fn line_ranges(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut lines = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                lines.push(start..i);
                start = i + 1;
            }
            b'\r' => {
                lines.push(start..i);
                if bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    if start < bytes.len() {
        lines.push(start..bytes.len());
    }
    lines
}

fn trimmed(text: &str, range: Range<usize>) -> Range<usize> {
    let slice = &text[range.clone()];
    let start = range.start + (slice.len() - slice.trim_start().len());
    let end = range.start + slice.trim_end().len();
    start..end.max(start)
}

static BARE_URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:https?://|www\.)[^\s<>“”«»]+").expect("valid regex")
});

fn blank_bare_urls(prose: &mut Prose) {
    let found: Vec<Range<usize>> = BARE_URL
        .find_iter(&prose.masked)
        .map(|m| {
            // Sentence punctuation after a URL belongs to the sentence.
            let trimmed = m
                .as_str()
                .trim_end_matches(['.', ',', ';', ':', ')', '"', '\'', '’', '!', '?', '»']);
            m.start()..m.start() + trimmed.len()
        })
        .collect();
    if found.is_empty() {
        return;
    }
    let mut bytes = std::mem::take(&mut prose.masked).into_bytes();
    for range in found {
        bytes[range].fill(b' ');
    }
    prose.masked = String::from_utf8(bytes).unwrap_or_default();
}

#[cfg(test)]
mod tests {
    use super::headline::{has_sentence_break, is_title_case};
    use super::*;

    fn prose_of(text: &str, format: Format) -> Vec<String> {
        let prose = extract(text, format);
        prose
            .blocks
            .iter()
            .map(|b| {
                prose.masked[b.range.clone()]
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    #[test]
    fn markdown_hides_code_front_matter_comments_and_links() {
        let text = "---\ntitle: \"Draft\"\n---\n\n# Talks resume\n\nShe said `code \"here` and <!-- \"note --> went to [the site](http://x.org/\"a).\n\n```\n\"unclosed\n```\n\n    indented \"code\n\nSee https://example.com/\"q now.\n";
        let blocks = prose_of(text, Format::Markdown);
        assert_eq!(
            blocks,
            vec![
                "Talks resume",
                "She said and went to the site .",
                "See now."
            ]
        );
        let prose = extract(text, Format::Markdown);
        assert_eq!(prose.masked.len(), text.len());
        assert_eq!(prose.blocks[0].kind, BlockKind::Heading);
        assert!(!prose.masked.contains("title"));
    }

    #[test]
    fn plain_text_lines_are_paragraphs_and_title_lines_are_headings() {
        let text = "Officials met on Monday to discuss the next round of talks, which had stalled for weeks over a single disputed clause.\r\nTalks Resume in Geneva\r\nThe delegates said little.";
        let prose = extract(text, Format::PlainText);
        let kinds: Vec<BlockKind> = prose.blocks.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            vec![
                BlockKind::Paragraph,
                BlockKind::Heading,
                BlockKind::Paragraph
            ]
        );
        assert_eq!(
            &text[prose.blocks[1].range.clone()],
            "Talks Resume in Geneva"
        );
    }

    #[test]
    fn hard_wrapped_plain_text_is_one_paragraph() {
        let text = "The council voted on Tuesday to close the old bridge to\ntraffic, a decision that residents of both banks had\nopposed for years.\n\nA second paragraph that runs on\nto a second line.";
        let blocks = prose_of(text, Format::PlainText);
        assert_eq!(blocks.len(), 2);
        assert!(blocks[0].ends_with("opposed for years."));
    }

    fn kinds(text: &str) -> Vec<BlockKind> {
        extract(text, Format::PlainText)
            .blocks
            .iter()
            .map(|b| b.kind)
            .collect()
    }

    #[test]
    fn first_lines_in_title_case_or_an_archive_style_are_headlines() {
        use BlockKind::{Heading, Paragraph};
        let body = "Grace Okafor, who has led the board since 2019, won its backing on Monday.";
        // Title case, a full stop, single marks and more than twelve words.
        let title = format!(
            "Okafor Calls Merger ‘A Fair Deal for Every Crew,’ Promises a Vote on Pay in June.\n\n{body}\n\nShe left."
        );
        assert_eq!(kinds(&title), vec![Heading, Paragraph, Paragraph]);
        // A headline ending in a semicolon with its deck on the next line.
        let archive =
            format!("Board backs merger as crews return;\nVote splits the union.\n\n{body}");
        assert_eq!(kinds(&archive), vec![Heading, Heading, Paragraph]);
        // A label line between the headline and the body.
        let labelled = format!("Okafor wins the harbour vote.\n\nSUMMARY.\n\n{body}");
        assert_eq!(kinds(&labelled), vec![Heading, Paragraph, Paragraph]);
        // A short lede in sentence case that quotes someone in double marks stays a lede.
        let lede = format!("“We won,” Okafor said on Monday.\n\n{body}");
        assert_eq!(kinds(&lede), vec![Paragraph, Paragraph]);
        // A semicolon line followed by a blank line is a sentence left open, not a headline.
        let open = format!("The board met on Monday;\n\n{body}\n\nShe left.");
        assert_eq!(kinds(&open), vec![Paragraph, Paragraph, Paragraph]);
    }

    #[test]
    fn title_case_and_sentence_breaks() {
        assert!(is_title_case(
            "Guns Are ‘The Ultimate Crisis,’ Dean Tells the Convention."
        ));
        assert!(!is_title_case(
            "Clinton faces tight primary with Sanders in California."
        ));
        assert!(!is_title_case("Rates Up"));
        assert!(has_sentence_break("He won. She lost"));
        assert!(has_sentence_break("Who won? She did."));
        assert!(!has_sentence_break(
            "E.U. leaders meet Sen. Cruz and Donald J. Trump."
        ));
    }

    #[test]
    fn title_lines() {
        assert!(is_title_line("Missile Program Off the Table"));
        assert!(is_title_line("Recommended Stories"));
        assert!(!is_title_line("He left."));
        assert!(!is_title_line("the minister was not there"));
        assert!(!is_title_line("💡 You may also want to read:"));
    }

    /// Pieces of Markdown that close, continue or reach across the blocks around them.
    const MARKDOWN: &[&str] = &[
        "The minister said the talks would resume.",
        "“We will not leave,” she said.",
        "# Talks resume",
        "Talks resume\n============",
        "Talks resume\n---",
        "- first item\n- second item",
        "1. first\n2. second",
        "  continued item text",
        "    indented code",
        "> a quotation\ncontinued lazily",
        "| a | b |\n|---|---|\n| 1 | 2 |",
        "*emphasis that\nruns on*",
        "A [link](http://example.com/x) and <http://example.com>.",
        "See https://example.com/page now.",
        "<!-- copydesk-disable-next-line -->",
        "<!-- a comment\nover lines -->",
        "<div>\nhtml</div>",
        "```\nfenced\n\ncode\n```",
        "[ref]: http://example.com",
        "A [ref] link and a note[^1].",
        "[^1]: the note",
        "---\ntitle: x\n---",
        "***",
        "(In parentheses.) 🇺🇦 Émile said so.",
        "'Single' and \"double\" quotes.",
        "\tTabbed",
        "",
        "   ",
    ];

    proptest::proptest! {
        #[test]
        fn stretches_read_apart_equal_the_draft_read_whole(
            versions in proptest::collection::vec(
                (proptest::collection::vec((0..MARKDOWN.len(), 0..3usize), 1..14), 0..3usize),
                1..4,
            )
        ) {
            let mut memo = Memo::new(true);
            for (pieces, line_end) in versions {
                let separators = ["\n", "\n\n", "\n\n\n"];
                let text: String = pieces
                    .iter()
                    .map(|&(piece, gap)| format!("{}{}", MARKDOWN[piece], separators[gap]))
                    .collect();
                let text = text.replace('\n', ["\n", "\r\n", "\r"][line_end]);
                let whole = extract(&text, Format::Markdown);
                let apart = extract_with(&text, Format::Markdown, &mut memo);
                memo.finish();
                proptest::prop_assert_eq!(&apart.masked, &whole.masked, "{:?}", text);
                proptest::prop_assert_eq!(&apart.blocks, &whole.blocks, "{:?}", text);
            }
        }
    }

    #[test]
    fn a_plain_draft_is_read_in_stretches_and_a_fenced_one_whole() {
        let plain =
            "# Talks\n\nThe minister spoke.\n\n“We stay,” she said.\n\n- a list\n\nAfter it.\n";
        let stretches = independent_stretches(plain).expect("splits");
        let texts: Vec<&str> = stretches.iter().map(|s| &plain[s.clone()]).collect();
        assert_eq!(
            texts,
            vec![
                "# Talks\n\n",
                "The minister spoke.\n\n",
                "“We stay,” she said.\n\n- a list\n\n",
                "After it.\n"
            ]
        );
        assert!(independent_stretches("A\n\n```\ncode\n\nmore\n```\n").is_none());
        assert!(independent_stretches("A [x].\n\n[x]: http://example.com\n").is_none());
    }

    /// Found by the `analyze` fuzz target: pulldown-cmark runs the indented code block
    /// on past lines ended by a lone carriage return, over the next paragraph.
    #[test]
    fn lone_carriage_returns_are_read_whole() {
        let text = "\r\t\u{8}\rS\r\rAS=\t\u{8}";
        let whole = extract(text, Format::Markdown);
        let apart = extract_with(text, Format::Markdown, &mut Memo::new(true));
        assert_eq!(apart.masked, whole.masked);
        assert_eq!(apart.blocks, whole.blocks);
        assert!(independent_stretches(text).is_none());
    }
}
