//! Prose blocks → sentences. The splitter (sentencex) knows most news abbreviations;
//! a small repair pass rejoins the splits it still makes after titles ("Dr. No") and
//! after a time before a weekday ("3 p.m. Monday", as AP style writes it).

use std::ops::Range;

use super::memo::{self, Key, Memo, TextPrint};
use super::prose::{Block, BlockKind};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Byte range, trimmed of surrounding white space.
    pub range: Range<usize>,
    /// Index of the block (paragraph or heading) that holds it.
    pub block: usize,
}

/// Each sentence's text print, for the memos keyed by sentence (names, figures, vague
/// sources): a sentence's text is hashed once for all of them.
pub fn prints(masked: &str, sentences: &[Sentence]) -> Vec<TextPrint> {
    sentences
        .iter()
        .map(|s| TextPrint::of(&masked[s.range.clone()]))
        .collect()
}

const TITLES: &[&str] = &[
    "Mr.", "Mrs.", "Ms.", "Dr.", "Prof.", "Sen.", "Rep.", "Gov.", "Gen.", "Lt.", "Col.", "Capt.",
    "Sgt.", "Adm.", "Cmdr.", "Maj.", "Rev.", "St.", "Sr.", "Jr.", "Lt.Gov.", "Atty.", "Supt.",
    "Amb.", "Pres.", "No.", "Nos.", "Vol.", "Ft.", "Mt.",
];

const WEEKDAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "today",
    "tomorrow",
    "yesterday",
];

pub fn split(masked: &str, blocks: &[Block]) -> Vec<Sentence> {
    split_with(masked, blocks, None, &mut Memo::new(false)).sentences
}

/// A draft's sentences with each one's text print, for the memos keyed by sentence
/// (names, figures, vague sources).
pub struct Split {
    pub sentences: Vec<Sentence>,
    pub prints: Vec<TextPrint>,
}

/// A paragraph's sentences, relative to its start, each with its text print: a
/// paragraph read before gives its sentences' prints without hashing them again.
pub type ParagraphSentences = Vec<(Range<u32>, TextPrint)>;

/// [`split`], each paragraph's sentences remembered by its text. `block_prints`, the
/// blocks' text prints when another pass made them already, spare hashing the blocks.
pub fn split_with(
    masked: &str,
    blocks: &[Block],
    block_prints: Option<&[TextPrint]>,
    memo: &mut Memo<ParagraphSentences>,
) -> Split {
    let paragraphs: Vec<usize> = (0..blocks.len())
        .filter(|&i| blocks[i].kind != BlockKind::Heading)
        .collect();
    let compute = |i: usize| {
        let text = &masked[blocks[paragraphs[i]].range.clone()];
        in_paragraph(text)
            .into_iter()
            .map(|r| {
                let print = TextPrint::of(&text[r.start as usize..r.end as usize]);
                (r, print)
            })
            .collect()
    };
    let found = if memo.is_enabled() {
        let keys: Vec<Key> = paragraphs
            .iter()
            .map(|&i| match block_prints {
                Some(prints) => prints[i].key(&[]),
                None => Key::of(&masked[blocks[i].range.clone()], &[]),
            })
            .collect();
        memo.get_keyed(&keys, compute)
    } else {
        (0..paragraphs.len())
            .map(|i| std::sync::Arc::new(compute(i)))
            .collect()
    };
    let count =
        found.iter().map(|pieces| pieces.len()).sum::<usize>() + blocks.len() - paragraphs.len();
    let mut split = found.into_iter();
    let mut sentences = Vec::with_capacity(count);
    let mut prints = Vec::with_capacity(count);
    for (index, block) in blocks.iter().enumerate() {
        if block.kind == BlockKind::Heading {
            sentences.push(Sentence {
                range: block.range.clone(),
                block: index,
            });
            prints.push(TextPrint::of(&masked[block.range.clone()]));
            continue;
        }
        let Some(pieces) = split.next() else { break };
        for (range, print) in pieces.iter() {
            sentences.push(Sentence {
                range: memo::absolute(range, block.range.start),
                block: index,
            });
            prints.push(*print);
        }
    }
    Split { sentences, prints }
}

/// The sentences of one paragraph, relative to its start.
fn in_paragraph(text: &str) -> Vec<Range<u32>> {
    let mut pieces: Vec<Range<usize>> = Vec::new();
    let masked = mask_unclosable_marks(text);
    let split = masked.as_deref().unwrap_or(text);
    for boundary in sentencex::get_sentence_boundaries("en", split) {
        let Some(range) = trim(text, boundary.start_byte..boundary.end_byte) else {
            continue;
        };
        match pieces.last_mut() {
            Some(previous) if should_join(&text[previous.clone()], &text[range.clone()]) => {
                previous.end = range.end;
            }
            _ => pieces.push(range),
        }
    }
    pieces.iter().map(|r| memo::relative(r, 0)).collect()
}

/// A paragraph is given to the splitter as written while its unclosable quotation
/// marks cost it no more than this many searches to the paragraph's end.
const UNCLOSABLE_SEARCHES: usize = 32;

/// The splitter (sentencex) pairs quotation marks with a search that, from an opening
/// mark nothing after it can close, runs to the paragraph's end before it settles for
/// a later pair: a paragraph of a thousand unclosed marks costs it the square of its
/// length. A mark that cannot open a quotation there can be replaced, byte for byte,
/// by a sign the splitter ignores. Only a paragraph over [`UNCLOSABLE_SEARCHES`] gets
/// that copy (None otherwise): ordinary copy is split exactly as written, and the
/// splitter's cost stays linear in the paragraph.
fn mask_unclosable_marks(text: &str) -> Option<String> {
    // The splitter's pairs of one-character marks: (opening, closing). `"`, `'` and
    // the backtick close themselves; `“`, `«` and `»` both open and close.
    const PAIRS: &[(char, char)] = &[
        ('“', '”'),
        ('‘', '’'),
        ('«', '»'),
        ('»', '«'),
        ('„', '“'),
        ('‹', '›'),
        ('《', '》'),
        ('「', '」'),
        ('"', '"'),
        ('\'', '\''),
        ('`', '`'),
        ('`', '\''),
        ('‚', '‚'),
        ('‛', '‛'),
        ('‟', '‟'),
    ];
    if !text.contains(|c: char| PAIRS.iter().any(|&(open, _)| open == c)) {
        return None;
    }
    let is_word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    // `'` and the backtick are quotation marks only beside a word's edge (the splitter's
    // guards): opening before a word, closing after one.
    let ambiguous = |c: char| matches!(c, '\'' | '`');
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut closers_after: Vec<char> = Vec::new();
    let mut unclosable: Vec<(usize, char)> = Vec::new();
    let mut cost = 0usize;
    for (k, &(at, c)) in chars.iter().enumerate().rev() {
        if c.is_ascii() && !matches!(c, '"' | '\'' | '`')
            || !PAIRS.iter().any(|&(open, close)| open == c || close == c)
        {
            continue;
        }
        let before = k.checked_sub(1).map(|j| chars[j].1);
        let after = chars.get(k + 1).map(|&(_, c)| c);
        let edge_opens = !is_word(before) && is_word(after);
        let edge_closes = before.is_some_and(|b| !b.is_whitespace() && b != c) && !is_word(after);
        let opens = PAIRS.iter().any(|&(open, _)| open == c) && (!ambiguous(c) || edge_opens);
        let closes = PAIRS.iter().any(|&(_, close)| close == c) && (!ambiguous(c) || edge_closes);
        let closable = PAIRS
            .iter()
            .any(|&(open, close)| open == c && closers_after.contains(&close));
        // A mark that closes itself is most often the close of the one before it.
        let symmetric = matches!(c, '"' | '‚' | '‛' | '‟');
        if opens && !closable && !symmetric {
            cost += text.len() - at;
            unclosable.push((at, c));
            continue; // masked, it closes nothing either
        }
        if closes && !closers_after.contains(&c) {
            closers_after.push(c);
        }
    }
    if cost <= UNCLOSABLE_SEARCHES * text.len() {
        return None;
    }
    let mut masked = text.as_bytes().to_vec();
    for (at, c) in unclosable {
        let sign = match c.len_utf8() {
            1 => "#",
            2 => "¤",
            _ => "†",
        };
        masked[at..at + sign.len()].copy_from_slice(sign.as_bytes());
    }
    // One whole character for another of the same length: still UTF-8.
    String::from_utf8(masked).ok()
}

fn should_join(previous: &str, next: &str) -> bool {
    // From the end: `previous` grows with every sentence joined to it.
    let last_word = previous.split_whitespace().next_back().unwrap_or("");
    let last_word = last_word.trim_start_matches(['(', '“', '"', '‘']);
    if TITLES.contains(&last_word) {
        return true;
    }
    let next_word = next
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_end_matches(|c: char| !c.is_alphanumeric());
    matches!(last_word, "a.m." | "p.m.") && WEEKDAYS.contains(&next_word)
}

fn trim(text: &str, range: Range<usize>) -> Option<Range<usize>> {
    let range = range.start.min(text.len())..range.end.min(text.len());
    let slice = text.get(range.clone())?;
    let start = range.start + (slice.len() - slice.trim_start().len());
    let end = range.start + slice.trim_end().len();
    (end > start).then_some(start..end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::prose::{Format, extract};

    #[test]
    fn remembered_sentences_and_prints_equal_fresh_ones() {
        let text =
            "# Talks\n\nDr. Ruiz spoke. She left at 3 p.m. Monday.\n\nA second one. And more.\n";
        let prose = extract(text, Format::Markdown);
        let fresh = split_with(&prose.masked, &prose.blocks, None, &mut Memo::new(false));
        let block_prints: Vec<TextPrint> = prose
            .blocks
            .iter()
            .map(|b| TextPrint::of(&prose.masked[b.range.clone()]))
            .collect();
        let mut memo = Memo::new(true);
        for prints in [None, Some(&block_prints[..]), None] {
            let split = split_with(&prose.masked, &prose.blocks, prints, &mut memo);
            assert_eq!(split.sentences, fresh.sentences);
            let keys = |s: &Split| s.prints.iter().map(|p| p.key(&[])).collect::<Vec<_>>();
            assert_eq!(keys(&split), keys(&fresh));
            // The two paragraphs are remembered, with or without prints given.
            assert_eq!(memo.len(), 2);
            memo.finish();
        }
    }

    fn sentences(text: &str) -> Vec<&str> {
        let prose = extract(text, Format::PlainText);
        split(&prose.masked, &prose.blocks)
            .into_iter()
            .map(|s| &text[s.range])
            .collect()
    }

    #[test]
    fn survives_news_abbreviations() {
        let text = "Sen. Elizabeth Warren, D-Mass., told the U.S. Senate on Jan. 5 that Mr. Smith had left. Dr. Ruth Han arrived at 3 p.m. Monday with Gov. Abbott. They spoke briefly.";
        assert_eq!(
            sentences(text),
            vec![
                "Sen. Elizabeth Warren, D-Mass., told the U.S. Senate on Jan. 5 that Mr. Smith had left.",
                "Dr. Ruth Han arrived at 3 p.m. Monday with Gov. Abbott.",
                "They spoke briefly."
            ]
        );
    }

    #[test]
    fn ordinary_paragraphs_go_to_the_splitter_as_written() {
        for text in [
            "“We will not move,” she said. “Not now. ‘Never,’ he said.” The crowd left.",
            "“It went on,” she said. ‘A mark left open. And another “one. The players' union said 'no.",
            "Nothing quoted here at all, don't you think? No.",
        ] {
            assert_eq!(mask_unclosable_marks(text), None, "{text}");
        }
    }

    #[test]
    fn a_thousand_unclosed_marks_are_masked_and_pairs_kept() {
        let mut text = String::from("“We will not move. Not now,” she said. ");
        for i in 0..1_000 {
            text.push_str(["‹word ", "‘word ", "«word ", "'word "][i % 4]);
        }
        text.push_str("End. Then “a quote. Closed.” Done.");
        let masked = mask_unclosable_marks(&text).expect("over the budget");
        assert_eq!(masked.len(), text.len());
        // The marks that open nothing are gone; the quotations that close are kept.
        let filler = &masked[masked.find("she said. ").unwrap()..masked.rfind("End.").unwrap()];
        assert!(!filler.contains(['‹', '‘', '«', '\'']), "{filler}");
        assert!(masked.starts_with("“We will not move. Not now,” she said. "));
        assert!(masked.ends_with("End. Then “a quote. Closed.” Done."));
        // Split from the masked copy, a closed quotation's full stops split nothing.
        let found = sentences(&text);
        assert_eq!(found[0], "“We will not move. Not now,” she said.");
        assert_eq!(found.last(), Some(&"Done."));
        assert!(found.contains(&"Then “a quote. Closed.”"), "{found:?}");
    }

    #[test]
    fn quotes_end_sentences() {
        let text = "“We will not move,” she said. “Not now.” The crowd left.";
        assert_eq!(
            sentences(text),
            vec![
                "“We will not move,” she said.",
                "“Not now.”",
                "The crowd left."
            ]
        );
    }
}
