//! Quotation marks → quote spans. Each mark is classified from its neighbours and the
//! marks still open in its paragraph: “ ” " ‘ ’ ' « » „ are told apart from apostrophes
//! (Iran’s, ’90s, rock ’n’ roll, the Smiths’) and from primes (6'2"). A paragraph that
//! ends inside a quotation continues it when the next paragraph opens with a mark of the
//! same kind, the news convention for a quotation running over several paragraphs (in
//! British copy, whose quotations are in single marks, with ‘).

use std::ops::Range;

use super::memo::{Memo, TextPrint};
use super::prose::{Block, BlockKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuoteLevel {
    /// “…”, "…", «…», „…“
    Double,
    /// ‘…’ or '…', usually a quotation inside a quotation.
    Single,
}

/// A quotation as written: its span includes the marks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteSpan {
    pub range: Range<usize>,
    /// The words inside the marks.
    pub content: Range<usize>,
    pub level: QuoteLevel,
    /// Index of the paragraph that holds it.
    pub block: usize,
    /// How many quotations enclose this one (0 for a top-level quote).
    pub depth: usize,
    /// The closing mark is missing: the span runs to the end of the paragraph.
    pub closed: bool,
    /// It reopens a quotation left open at the end of the previous paragraph.
    pub continues_previous: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkProblem {
    /// An opening mark with no closing mark in its paragraph.
    NeverCloses,
    /// A closing mark with no opening mark before it in its paragraph.
    NeverOpened,
    /// A mark typed the wrong way round where it plainly opens or closes a quotation
    /// (”Mr. Trump …” or “… False.“): read as the mark it stands for, so the quotation
    /// pairs up and the slip is reported once, not as two unbalanced marks.
    Reversed,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnbalancedMark {
    pub range: Range<usize>,
    pub mark: char,
    pub problem: MarkProblem,
    pub block: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QuoteScan {
    pub quotes: Vec<QuoteSpan>,
    pub unbalanced: Vec<UnbalancedMark>,
}

#[derive(Debug, Clone, Copy)]
struct OpenMark {
    at: usize,
    mark: char,
    level: QuoteLevel,
    continues_previous: bool,
}

impl OpenMark {
    /// Straight single quotes that never close were apostrophes ('em, 'til) all along.
    fn is_tentative(&self) -> bool {
        self.mark == '\''
    }
}

/// Whether a quotation that ends a sentence is closed and a new one opens at once after
/// it, nothing but spaces between: “We will stay.” “The rest is theirs.” Writers break
/// a quotation to attribute it, so a break with nothing in it is an attribution missing
/// (or cut), and the two are one voice. Each quotation is given as its span (marks
/// included) and its words.
pub fn reopened_at_once(
    text: &str,
    first: (&Range<usize>, &Range<usize>),
    next: (&Range<usize>, &Range<usize>),
) -> bool {
    let ((range, content), (next_range, next_content)) = (first, next);
    let closed = content.end < range.end;
    let ends_sentence = text[content.clone()].trim_end().ends_with(['.', '?', '!']);
    let opens_sentence = text[next_content.clone()]
        .trim_start()
        .chars()
        .next()
        .is_some_and(char::is_uppercase);
    closed
        && ends_sentence
        && opens_sentence
        && range.end <= next_range.start
        && text[range.end..next_range.start]
            .chars()
            .all(|c| c == ' ' || c == '\t' || c == '\u{a0}')
}

pub fn scan(masked: &str, blocks: &[Block]) -> QuoteScan {
    scan_with(masked, blocks, None, &mut Memo::new(false))
}

/// One paragraph's quotations and stray marks, at offsets from its start, and whether
/// a quotation runs on into the next paragraph.
pub struct BlockQuotes {
    scan: QuoteScan,
    runs_on: bool,
}

/// [`scan`], with each paragraph's marks remembered by its text and the two facts
/// from outside it that its reading depends on: whether a quotation runs on into it
/// and whether the next paragraph opens with a mark.
/// `block_prints`, the blocks' text prints when another pass made them already, spare
/// hashing the blocks.
pub fn scan_with(
    masked: &str,
    blocks: &[Block],
    block_prints: Option<&[TextPrint]>,
    memo: &mut Memo<BlockQuotes>,
) -> QuoteScan {
    let mut scan = QuoteScan::default();
    let mut continuing = false;
    for (index, block) in blocks.iter().enumerate() {
        if block.kind == BlockKind::Heading {
            continuing = false;
        }
        let next_opens_with = blocks
            .get(index + 1)
            .filter(|next| next.kind == BlockKind::Paragraph)
            .and_then(|next| opening_mark(&masked[next.range.clone()]));
        let text = &masked[block.range.clone()];
        let flags = [
            u32::from(continuing),
            match next_opens_with {
                None => 0,
                Some(QuoteLevel::Double) => 1,
                Some(QuoteLevel::Single) => 2,
            },
        ];
        let compute = || {
            let mut scan = QuoteScan::default();
            let runs_on = scan_block(text, continuing, next_opens_with, &mut scan);
            // Sorted here, once per paragraph read: the paragraphs do not overlap, so
            // their sorted quotations placed one after another are the draft's sorted.
            if !scan.quotes.is_sorted_by_key(|q| (q.range.start, q.depth)) {
                scan.quotes.sort_by_key(|q| (q.range.start, q.depth));
            }
            // Remembered as long as the paragraph stands: no room to grow.
            scan.quotes.shrink_to_fit();
            scan.unbalanced.shrink_to_fit();
            BlockQuotes { scan, runs_on }
        };
        // Most paragraphs have neither fact: keyed by their text alone, not hashed again.
        let facts: &[u32] = if flags == [0, 0] { &[] } else { &flags };
        let found = match block_prints {
            Some(prints) => memo.get_or_keyed(prints[index].key(facts), compute),
            None => memo.get_or(text, facts, compute),
        };
        let base = block.range.start;
        let place = |range: &Range<usize>| base + range.start..base + range.end;
        scan.quotes
            .extend(found.scan.quotes.iter().map(|quote| QuoteSpan {
                range: place(&quote.range),
                content: place(&quote.content),
                block: index,
                ..quote.clone()
            }));
        scan.unbalanced
            .extend(found.scan.unbalanced.iter().map(|mark| UnbalancedMark {
                range: place(&mark.range),
                block: index,
                ..mark.clone()
            }));
        continuing = found.runs_on;
    }
    // Each paragraph's were sorted when it was read; blocks in order keep them so.
    if !scan.quotes.is_sorted_by_key(|q| (q.range.start, q.depth)) {
        scan.quotes.sort_by_key(|q| (q.range.start, q.depth));
    }
    scan
}

/// The kind of mark a paragraph opens with: double, or a curly single opening mark (a
/// straight ' opens a quotation only tentatively: it may be an apostrophe, '90s).
fn opening_mark(paragraph: &str) -> Option<QuoteLevel> {
    let start = paragraph.trim_start();
    if start.starts_with(['“', '"', '«', '„']) {
        Some(QuoteLevel::Double)
    } else if start.starts_with('‘') {
        Some(QuoteLevel::Single)
    } else if start
        .strip_prefix('\'')
        .is_some_and(|rest| rest.starts_with(|c: char| c.is_alphabetic()))
    {
        // A straight single mark before a word: British copy typed without curly
        // marks ('I heard the shots …'), tentatively a quotation.
        Some(QuoteLevel::Single)
    } else {
        None
    }
}

/// Scans one paragraph; returns whether a quotation runs on into the next one.
/// Offsets are from the paragraph's start and block indices 0: the caller places them.
fn scan_block(
    text: &str,
    continues_previous: bool,
    next_opens_with: Option<QuoteLevel>,
    scan: &mut QuoteScan,
) -> bool {
    let base = 0;
    let index = 0;
    let mut stack: Vec<OpenMark> = Vec::new();
    let mut first_mark = true;
    let chars = mark_chars(text);
    for (i, &(offset, c)) in chars.iter().enumerate() {
        if !is_quote_char(c) {
            continue;
        }
        let before = i.checked_sub(1).map(|j| chars[j].1);
        let after = chars.get(i + 1).map(|&(_, c)| c);
        let at = base + offset;
        let opening_context = is_opening_context(before, after);
        let closing_context = is_closing_context(before, after);
        let open = |level| OpenMark {
            at,
            mark: c,
            level,
            continues_previous: false,
        };
        let action = match c {
            // „…“ (German) closes with the mark English opens with.
            '“' if stack.iter().any(|m| m.mark == '„') => Action::Close(QuoteLevel::Double),
            '‘' if stack.iter().any(|m| m.mark == '‚') => Action::Close(QuoteLevel::Single),
            '‚' if after.is_some_and(|a| !a.is_whitespace()) => {
                Action::Open(open(QuoteLevel::Single))
            }
            // “ typed for ”: it ends a quotation that is open, before a space or the end.
            '“' if reversed_closer(&stack, before, after) => {
                reversed(scan, at, c, index);
                Action::Close(QuoteLevel::Double)
            }
            '“' | '„' | '«' | BACKTICKS => Action::Open(open(QuoteLevel::Double)),
            // ” typed for “: it starts a quotation, none being open, before a word.
            '”' if reversed_opener(&stack, before, after) => {
                reversed(scan, at, c, index);
                Action::Open(open(QuoteLevel::Double))
            }
            '”' | '»' => Action::Close(QuoteLevel::Double),
            '"' | TWO_APOSTROPHES => {
                let double_open = stack.iter().any(|m| m.level == QuoteLevel::Double);
                if double_open && (closing_context || !opening_context) {
                    Action::Close(QuoteLevel::Double)
                } else if opening_context || (!closing_context && !double_open) {
                    Action::Open(open(QuoteLevel::Double))
                } else {
                    Action::Ignore // a prime: 6'2"
                }
            }
            '‘' if after.is_some_and(|a| a.is_ascii_digit()) => Action::Ignore, // ‘90s
            '‘' => Action::Open(open(QuoteLevel::Single)),
            '’' | '\'' => {
                classify_single_closer(c, &chars, i, &stack, opening_context, closing_context, open)
            }
            _ => Action::Ignore,
        };
        match action {
            Action::Ignore => {}
            Action::Open(mut mark) => {
                // The paragraph before ran on only when this one opens with a mark of
                // its quotation's kind: the first mark is that mark.
                mark.continues_previous = first_mark && continues_previous;
                first_mark = false;
                stack.push(mark);
            }
            Action::Close(level) => {
                first_mark = false;
                close(&mut stack, level, at, c, index, scan);
            }
        }
    }
    let end = text.len();
    // A double mark left open runs on into a paragraph that opens with one; a single
    // mark only when it is the outermost (British primary marks), into one opening ‘.
    let runs_on = match next_opens_with {
        Some(QuoteLevel::Double) => stack.iter().any(|m| m.level == QuoteLevel::Double),
        Some(QuoteLevel::Single) => {
            stack
                .iter()
                .find(|m| !m.is_tentative())
                .is_some_and(|m| m.level == QuoteLevel::Single)
                || tentative_runs_on(&stack)
        }
        None => false,
    };
    let tentative_outermost = runs_on && tentative_runs_on(&stack);
    while let Some(open) = stack.pop() {
        // A straight single mark left open is an apostrophe, unless it is the outermost
        // mark and the next paragraph opens with one: a quotation in straight single
        // marks running over paragraphs.
        if open.is_tentative() && !(tentative_outermost && stack.is_empty()) {
            continue;
        }
        if !runs_on {
            scan.unbalanced.push(UnbalancedMark {
                range: open.at..open.at + mark_len(open.mark),
                mark: open.mark,
                problem: MarkProblem::NeverCloses,
                block: index,
            });
        }
        scan.quotes.push(QuoteSpan {
            range: open.at..end,
            content: open.at + mark_len(open.mark)..end,
            level: open.level,
            block: index,
            depth: stack.len(),
            closed: false,
            continues_previous: open.continues_previous,
        });
    }
    runs_on
}

/// Whether “ here closes the open double quotation: it follows a word or its final
/// punctuation and is followed by a space, punctuation or the paragraph's end.
fn reversed_closer(stack: &[OpenMark], before: Option<char>, after: Option<char>) -> bool {
    stack.iter().any(|m| m.level == QuoteLevel::Double)
        && before.is_some_and(|b| b.is_alphanumeric() || matches!(b, '.' | ',' | '?' | '!'))
        && after.is_none_or(|a| a.is_whitespace() || matches!(a, '.' | ',' | ';' | ':' | ')'))
}

/// Whether ” here opens a quotation: no double quotation is open, and it stands at
/// the paragraph's start or after a space and before a letter or digit.
fn reversed_opener(stack: &[OpenMark], before: Option<char>, after: Option<char>) -> bool {
    !stack.iter().any(|m| m.level == QuoteLevel::Double)
        && before.is_none_or(char::is_whitespace)
        && after.is_some_and(char::is_alphanumeric)
}

fn reversed(scan: &mut QuoteScan, at: usize, mark: char, index: usize) {
    scan.unbalanced.push(UnbalancedMark {
        range: at..at + mark.len_utf8(),
        mark,
        problem: MarkProblem::Reversed,
        block: index,
    });
}

/// Whether the outermost mark left open is a straight single mark that opened a
/// quotation (after a space, a colon or at the start, before a word) with no other
/// quotation open after it: the paragraph's quotation in straight single marks.
fn tentative_runs_on(stack: &[OpenMark]) -> bool {
    matches!(stack, [only] if only.is_tentative())
}

enum Action {
    Open(OpenMark),
    Close(QuoteLevel),
    Ignore,
}

/// ’ and ' close a single quotation only when one is open; otherwise, and whenever a
/// letter follows, they are apostrophes.
fn classify_single_closer(
    c: char,
    chars: &[(usize, char)],
    i: usize,
    stack: &[OpenMark],
    opening_context: bool,
    closing_context: bool,
    open: impl Fn(QuoteLevel) -> OpenMark,
) -> Action {
    let before = i.checked_sub(1).map(|j| chars[j].1);
    let after = chars.get(i + 1).map(|&(_, c)| c);
    let letter_after = after.is_some_and(|a| a.is_alphanumeric());
    let letter_before = before.is_some_and(|b| b.is_alphanumeric());
    // rock ’n’ roll: the second mark of ’n’ is an apostrophe too.
    let n_contraction = before == Some('n')
        && i >= 2
        && matches!(chars[i - 2].1, '’' | '\'')
        && (i < 3 || chars[i - 3].1.is_whitespace());
    // 'n' opening rock 'n' roll is an apostrophe, not a quotation.
    let opens_n_contraction = after == Some('n')
        && chars
            .get(i + 2)
            .is_some_and(|&(_, c)| matches!(c, '’' | '\''))
        && chars.get(i + 3).is_none_or(|&(_, c)| c.is_whitespace());
    if letter_after && letter_before || n_contraction || opens_n_contraction {
        return Action::Ignore;
    }
    let single_open = stack.iter().any(|m| m.level == QuoteLevel::Single);
    if single_open && closing_context {
        return Action::Close(QuoteLevel::Single);
    }
    if c == '\'' && opening_context && after.is_some_and(|a| a.is_alphabetic()) {
        return Action::Open(open(QuoteLevel::Single));
    }
    Action::Ignore
}

fn close(
    stack: &mut Vec<OpenMark>,
    level: QuoteLevel,
    at: usize,
    mark: char,
    index: usize,
    scan: &mut QuoteScan,
) {
    let Some(position) = stack.iter().rposition(|m| m.level == level) else {
        if !matches!(mark, '"' | '\'' | TWO_APOSTROPHES) {
            scan.unbalanced.push(UnbalancedMark {
                range: at..at + mark_len(mark),
                mark,
                problem: MarkProblem::NeverOpened,
                block: index,
            });
        }
        return;
    };
    // Marks opened inside this quotation and never closed.
    for inner in stack.drain(position + 1..).rev() {
        if !inner.is_tentative() {
            scan.unbalanced.push(UnbalancedMark {
                range: inner.at..inner.at + mark_len(inner.mark),
                mark: inner.mark,
                problem: MarkProblem::NeverCloses,
                block: index,
            });
        }
    }
    let open = stack.pop().expect("position is within the stack");
    scan.quotes.push(QuoteSpan {
        range: open.at..at + mark_len(mark),
        content: open.at + mark_len(open.mark)..at,
        level,
        block: index,
        depth: stack.len(),
        closed: true,
        continues_previous: open.continues_previous,
    });
}

/// Archive copy writes a double quotation mark as two apostrophes (''…'') and opens
/// some with two backticks (``…''); each pair stands for one two-byte mark here.
const TWO_APOSTROPHES: char = '\u{E000}';
const BACKTICKS: char = '\u{E001}';

fn mark_len(mark: char) -> usize {
    match mark {
        TWO_APOSTROPHES | BACKTICKS => 2,
        other => other.len_utf8(),
    }
}

/// The paragraph's characters with their offsets, each pair of archive marks folded
/// into one character.
fn mark_chars(text: &str) -> Vec<(usize, char)> {
    let mut chars = Vec::with_capacity(text.len());
    let mut iter = text.char_indices().peekable();
    while let Some((offset, c)) = iter.next() {
        let pair = match c {
            '\'' => TWO_APOSTROPHES,
            '`' => BACKTICKS,
            // The stand-ins themselves, written in the draft (private-use characters
            // turn up in pasted copy): a symbol like any other, never a mark.
            TWO_APOSTROPHES | BACKTICKS => {
                chars.push((offset, char::REPLACEMENT_CHARACTER));
                continue;
            }
            _ => {
                chars.push((offset, c));
                continue;
            }
        };
        if iter.peek().is_some_and(|&(_, next)| next == c) {
            iter.next();
            chars.push((offset, pair));
        } else {
            chars.push((offset, c));
        }
    }
    chars
}

fn is_quote_char(c: char) -> bool {
    matches!(
        c,
        '“' | '”' | '"' | '‘' | '’' | '\'' | '«' | '»' | '„' | '‚' | TWO_APOSTROPHES | BACKTICKS
    )
}

fn is_opening_context(before: Option<char>, after: Option<char>) -> bool {
    let before_ok = before.is_none_or(|b| {
        b.is_whitespace()
            || matches!(
                b,
                '(' | '[' | '{' | '—' | '–' | '-' | '/' | '“' | '‘' | '"' | '«' | '„' | ':'
            )
    });
    before_ok && after.is_some_and(|a| !a.is_whitespace())
}

fn is_closing_context(before: Option<char>, after: Option<char>) -> bool {
    before.is_some_and(|b| !b.is_whitespace())
        && after.is_none_or(|a| {
            a.is_whitespace()
                || (a.is_ascii_punctuation() && a != '\'' && a != '"')
                || matches!(a, '—' | '–' | '”' | '’' | '…' | '»')
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::prose::{Format, extract};

    fn scan_text(text: &str) -> QuoteScan {
        let prose = extract(text, Format::PlainText);
        scan(&prose.masked, &prose.blocks)
    }

    fn quotes(text: &str) -> Vec<&str> {
        scan_text(text)
            .quotes
            .iter()
            .map(|q| &text[q.range.clone()])
            .collect()
    }

    #[test]
    fn private_use_characters_in_the_draft_are_not_archive_marks() {
        // U+E000 and U+E001 stand for '' and `` inside the scanner; written in the
        // draft they once became marks with a two-byte length and split a character.
        let text = " \u{E000}z \u{E001}. ''Archive copy,'' he said.";
        assert_eq!(quotes(text), vec!["''Archive copy,''"]);
        let analysis = crate::analysis::read(
            text,
            Format::PlainText,
            &crate::config::Config::default(),
            crate::analysis::Passes::ALL,
        );
        assert_eq!(analysis.quotes.len(), 1);
    }

    #[test]
    fn curly_and_straight_doubles_pair() {
        let text =
            "“Iran’s position is clear,” he said, “and it will not change.” She said \"no\" twice.";
        assert_eq!(
            quotes(text),
            vec![
                "“Iran’s position is clear,”",
                "“and it will not change.”",
                "\"no\""
            ]
        );
        assert!(scan_text(text).unbalanced.is_empty());
    }

    #[test]
    fn apostrophes_are_not_quotes() {
        let text = "The Smiths’ house, rock ’n’ roll in the ’90s, and Iran’s ‘defensive’ stance.";
        assert_eq!(quotes(text), vec!["‘defensive’"]);
        assert!(scan_text(text).unbalanced.is_empty());
    }

    #[test]
    fn nested_single_quotes_inside_doubles() {
        let text = "“He told me ‘never again,’ and left,” she said.";
        let scan = scan_text(text);
        assert!(scan.unbalanced.is_empty());
        let nested: Vec<(&str, usize)> = scan
            .quotes
            .iter()
            .map(|q| (&text[q.range.clone()], q.depth))
            .collect();
        assert_eq!(
            nested,
            vec![
                ("“He told me ‘never again,’ and left,”", 0),
                ("‘never again,’", 1)
            ]
        );
    }

    #[test]
    fn guillemets_and_low_nine_quotes() {
        let text = "Er sagte „nein“ und sie sagte «oui».";
        assert_eq!(quotes(text), vec!["„nein“", "«oui»"]);
    }

    #[test]
    fn archive_two_apostrophe_quotes_pair() {
        let text = "''That is not reform,'' said Ana Ruiz, who called it ''a tax lawyer's dream.''";
        assert_eq!(
            quotes(text),
            vec!["''That is not reform,''", "''a tax lawyer's dream.''"]
        );
        assert!(scan_text(text).unbalanced.is_empty());
    }

    #[test]
    fn primes_are_ignored() {
        assert!(
            scan_text("He is 6'2\" tall and weighs 90 kilos.")
                .unbalanced
                .is_empty()
        );
    }

    #[test]
    fn unclosed_mark_is_reported() {
        let text = "“We will stay, she said.\nThe talks ended.";
        let scan = scan_text(text);
        assert_eq!(scan.unbalanced.len(), 1);
        assert_eq!(scan.unbalanced[0].problem, MarkProblem::NeverCloses);
        assert_eq!(&text[scan.unbalanced[0].range.clone()], "“");
    }

    #[test]
    fn quotation_running_over_paragraphs_is_not_reported() {
        let text = "“We came to talk,” she said. “We stayed because it mattered.\n“And we will come back next year.”\n";
        let scan = scan_text(text);
        assert!(scan.unbalanced.is_empty(), "{:?}", scan.unbalanced);
        assert!(scan.quotes.iter().any(|q| q.continues_previous));
    }

    #[test]
    fn british_quotation_running_over_paragraphs_is_not_reported() {
        let text = "‘We came to talk,’ she said. ‘We stayed because it mattered.\n‘And we will come back next year.’\n";
        let scan = scan_text(text);
        assert!(scan.unbalanced.is_empty(), "{:?}", scan.unbalanced);
        assert!(scan.quotes.iter().any(|q| q.continues_previous));
        // Left open before a paragraph that does not open with a mark, it is reported.
        let text = "‘We stayed because it mattered.\nThe talks ended.\n";
        assert_eq!(scan_text(text).unbalanced.len(), 1);
    }

    #[test]
    fn stray_closing_mark_is_reported() {
        let text = "He said we will win.” The end.";
        let scan = scan_text(text);
        assert_eq!(scan.unbalanced.len(), 1);
        assert_eq!(scan.unbalanced[0].problem, MarkProblem::NeverOpened);
    }
}
