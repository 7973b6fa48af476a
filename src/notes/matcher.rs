//! A quotation looked up in the sources.
//!
//! **The quotation's words.** The draft's quotation is read by the same tokenizer as
//! the sources (case, punctuation, curly or straight marks and diacritics are free). An
//! ellipsis ("…", "...", ". . .") stands for up to 200 omitted words; words in
//! [brackets] are the writer's and stand for up to two more source words than they
//! hold (at most six), "[sic]" for none; fillers in the quotation ("uh") may be absent
//! from the source.
//!
//! **Candidates.** Every pair of consecutive quotation words and every uncommon word
//! is looked up in each file's key table; the rarest of these keys (the four rarest,
//! then more while their places in all files add up to 20,000) vote, each hit for the
//! place where the quotation would start if it were there (in buckets of 16 words,
//! pairs counting twice). The eight best-voted places, widened by the quotation's length (and the
//! span an ellipsis may stand for), are aligned.
//!
//! **Alignment.** The quotation against the window's words, free to start and end
//! anywhere in the window, by edit distance over words: a changed, dropped or added
//! word costs 1; the source's fillers, "you know" and false starts cost nothing to
//! leave out, and so do the words an ellipsis or brackets stand for. The passage with
//! the lowest cost wins; on a tie, the one spoken by the person the draft names, then
//! the one with more words in common.
//!
//! **Verdict.** Cost 0 is verbatim. Otherwise the similarity — words in common over
//! the longer of the quotation and the passage — decides: at least `ALTERED_MIN`, the
//! quotation is the passage altered, and the differences are listed; below, it is not
//! in the sources, and the closest passage is named with its similarity.

use std::ops::Range;

use rustc_hash::FxHashMap;

use super::index::{FileIndex, Index, WordLists, pair_key, single_key};
use super::labels::{format_time, is_generic_speaker};
use super::text::tokens;

/// Words an ellipsis may stand for.
const ELLIPSIS_SPAN: usize = 200;
/// Width of the start-position buckets votes go to.
const BUCKET: i64 = 16;
/// A key found more often than this in one file says nothing about where a quotation is.
const MAX_POSTINGS: usize = 2_000;
/// Votes a lookup casts, at most, beyond those of its `MIN_KEYS` rarest keys: keys are
/// taken rarest first until their places in all files add up to this. A word pair said
/// thousands of times across a hundred hours of interviews says little about where a
/// quotation is, and costs a vote for each place (linear in the sources' size).
const MAX_VOTES: usize = 20_000;
/// Keys always voted with, however common: a quotation of common words still finds its
/// passage.
const MIN_KEYS: usize = 4;
/// Places aligned per lookup.
const CANDIDATES: usize = 8;
/// The similarity from which a differing passage is the quotation altered rather than
/// something else.
pub const ALTERED_MIN: f32 = 0.66;

/// What the sources say of a quotation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Word for word, within the conventions of quoting.
    Verbatim,
    /// The closest passage differs in wording.
    Altered,
    /// Nothing close enough.
    NotFound,
}

/// Whether the passage's speaker is the person the draft gives the quotation to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpeakerCheck {
    Same,
    Different,
    /// No speaker on one side, or a role ("Q", "Speaker 2") that names no one.
    Unknown,
}

/// A stretch of a source file.
#[derive(Debug, Clone, PartialEq)]
pub struct Passage {
    pub path: String,
    /// The source's words from the first aligned one to the last, whitespace collapsed.
    pub text: String,
    /// Byte range in the indexed text (the decoded file for text formats).
    pub range: Range<usize>,
    /// 0-based line and byte column of the start.
    pub line: u32,
    pub column: u32,
    /// 1-based line, or paragraph of a Word document, for messages.
    pub place: u32,
    pub place_is_paragraph: bool,
    /// Milliseconds into the recording.
    pub time: Option<u32>,
    pub speaker: Option<String>,
}

impl Passage {
    /// "transcripts/briefing.vtt at 1:02:03", "notes/call.md line 12",
    /// "notes/interview.docx paragraph 4".
    pub fn location(&self) -> String {
        match self.time {
            Some(time) => format!("{} at {}", self.path, format_time(time)),
            None if self.place_is_paragraph => format!("{} paragraph {}", self.path, self.place),
            None => format!("{} line {}", self.path, self.place),
        }
    }
}

/// One difference in wording between the passage and the quotation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    /// The source's words, with a word of context on each side where there is one.
    pub notes: String,
    /// The quotation's words, with the same context.
    pub draft: String,
    /// Bytes of the quotation text that differ (empty where the draft left words out).
    pub range: Range<usize>,
    /// What puts the source's words in place of `range`.
    pub replacement: String,
}

impl Difference {
    /// "notes: *will never be* · draft: *will not be*".
    pub fn message(&self) -> String {
        format!("notes: *{}* · draft: *{}*", self.notes, self.draft)
    }
}

/// The answer for one quotation.
#[derive(Debug, Clone, PartialEq)]
pub struct Lookup {
    pub verdict: Verdict,
    /// Words in common over the longer of the quotation and the passage, 0–1.
    pub similarity: f32,
    /// The closest passage, if any passage shares a word pair or an uncommon word.
    pub passage: Option<Passage>,
    /// For an altered quotation, each change of wording in order.
    pub differences: Vec<Difference>,
    pub speaker: SpeakerCheck,
}

#[derive(Debug, Clone, Copy)]
enum Item {
    Word {
        key: u64,
        start: usize,
        end: usize,
        filler: bool,
    },
    /// Up to `max` source words the quotation leaves out on purpose.
    Gap { max: usize },
}

struct QuoteWords {
    items: Vec<Item>,
    /// Words that are not fillers.
    words: usize,
    gap_words: usize,
}

fn read_quote(text: &str) -> QuoteWords {
    let lists = WordLists::get();
    let mut items = Vec::new();
    let flush = |items: &mut Vec<Item>, range: Range<usize>| {
        tokens(&text[range.clone()], |t| {
            items.push(Item::Word {
                key: t.key,
                start: range.start + t.start,
                end: range.start + t.end,
                filler: lists.is_filler(t.key),
            })
        });
    };
    let push_gap = |items: &mut Vec<Item>, max: usize| match items.last_mut() {
        Some(Item::Gap { max: previous }) => *previous = (*previous + max).min(ELLIPSIS_SPAN * 2),
        _ => items.push(Item::Gap { max }),
    };
    let mut segment = 0;
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        if rest.starts_with('…') || rest.starts_with("...") || rest.starts_with(". . .") {
            flush(&mut items, segment..i);
            let tail = rest.trim_start_matches(['.', '…', ' ']);
            // Give back a space that separates the ellipsis from the next word.
            i = text.len() - tail.len();
            push_gap(&mut items, ELLIPSIS_SPAN);
            segment = i;
            continue;
        }
        if rest.starts_with('[')
            && let Some(close) = rest.find(']')
        {
            flush(&mut items, segment..i);
            let inner = &rest[1..close];
            if !inner.trim().eq_ignore_ascii_case("sic") {
                let mut held = 0;
                tokens(inner, |_| held += 1);
                push_gap(&mut items, (held + 2).min(6));
            }
            i += close + 1;
            segment = i;
            continue;
        }
        i += rest.chars().next().map_or(1, char::len_utf8);
    }
    flush(&mut items, segment..text.len());
    let words = items
        .iter()
        .filter(|item| matches!(item, Item::Word { filler: false, .. }))
        .count();
    let gap_words = items
        .iter()
        .map(|item| match item {
            Item::Gap { max } => *max,
            Item::Word { .. } => 0,
        })
        .sum();
    QuoteWords {
        items,
        words,
        gap_words,
    }
}

/// The keys a quotation is looked up by, each with its position among the
/// quotation's words and its weight.
fn quote_keys(quote: &QuoteWords) -> Vec<(u64, i64, u32)> {
    let lists = WordLists::get();
    let mut out = Vec::new();
    let mut previous: Option<u64> = None;
    let mut position: i64 = 0;
    for item in &quote.items {
        match *item {
            Item::Gap { .. } => previous = None,
            Item::Word { filler: true, .. } => {}
            Item::Word { key, .. } => {
                if let Some(before) = previous {
                    out.push((pair_key(before, key), position - 1, 2));
                }
                if !lists.is_stop(key) {
                    out.push((single_key(key), position, 1));
                }
                previous = Some(key);
                position += 1;
            }
        }
    }
    out
}

/// A key that votes: its place in the quotation, its weight, and its places in each file.
type Voter<'f> = ((i64, u32), Vec<&'f [u32]>);

/// The quotation's keys that vote, each with its places in every file (empty where
/// the file has it more than `MAX_POSTINGS` times): the rarest first by their places in
/// all files, the `MIN_KEYS` rarest always, the rest while their places add up to
/// `MAX_VOTES`.
fn selective_keys<'f>(files: &[&'f FileIndex], keys: Vec<(u64, i64, u32)>) -> Vec<Voter<'f>> {
    let mut counted: Vec<(usize, usize, Vec<&'f [u32]>)> = keys
        .iter()
        .enumerate()
        .map(|(k, &(key, _, _))| {
            let postings: Vec<&[u32]> = files
                .iter()
                .map(|file| file.postings(key))
                .map(|p| if p.len() > MAX_POSTINGS { &p[..0] } else { p })
                .collect();
            (postings.iter().map(|p| p.len()).sum(), k, postings)
        })
        .filter(|(places, _, _)| *places > 0)
        .collect();
    counted.sort_unstable_by_key(|&(places, k, _)| (places, k));
    let mut votes = 0;
    let mut chosen = Vec::new();
    for (i, (places, k, postings)) in counted.into_iter().enumerate() {
        if i >= MIN_KEYS && votes + places > MAX_VOTES {
            break;
        }
        votes += places;
        chosen.push((k, postings));
    }
    chosen.sort_unstable_by_key(|(k, _)| *k);
    chosen
        .into_iter()
        .map(|(k, postings)| ((keys[k].1, keys[k].2), postings))
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Match(usize, usize),
    Sub(usize, usize),
    /// A quotation word with no source word (a filler costs nothing).
    QuoteOnly(usize),
    /// A source word with no quotation word (a skippable one costs nothing).
    SourceOnly(usize),
    /// Source words a gap stands for.
    Gap,
}

struct Alignment {
    file: usize,
    cost: u32,
    ops: Vec<Op>,
    matched: usize,
    source_words: usize,
    speaker: Option<String>,
    speaker_check: SpeakerCheck,
}

/// Aligns the quotation against `words[from..to]` of `file`.
fn align(quote: &QuoteWords, file: &FileIndex, from: usize, to: usize) -> (u32, Vec<Op>) {
    let words = &file.words[from..to];
    let (m, n) = (quote.items.len(), words.len());
    let width = n + 1;
    let mut cost = vec![0u32; (m + 1) * width];
    // 1 diagonal, 2 up (quotation item without source word), 3 left, 4 gap.
    let mut back = vec![0u8; (m + 1) * width];
    let mut window = std::collections::VecDeque::new();
    for i in 1..=m {
        let row = i * width;
        let above = (i - 1) * width;
        match quote.items[i - 1] {
            Item::Gap { max } => {
                // The minimum of the row above over the last `max + 1` columns, by a
                // queue of columns with increasing costs.
                window.clear();
                for j in 0..=n {
                    let here = cost[above + j];
                    while window.back().is_some_and(|&k| cost[above + k] >= here) {
                        window.pop_back();
                    }
                    window.push_back(j);
                    while window.front().is_some_and(|&k| k + max < j) {
                        window.pop_front();
                    }
                    cost[row + j] = cost[above + window[0]];
                    back[row + j] = 4;
                }
            }
            Item::Word { key, filler, .. } => {
                let up_cost = u32::from(!filler);
                cost[row] = cost[above] + up_cost;
                back[row] = 2;
                for j in 1..=n {
                    let word = &words[j - 1];
                    let same = word.key == key;
                    let diagonal = cost[above + j - 1] + u32::from(!same);
                    let left = cost[row + j - 1] + u32::from(!word.skippable);
                    let up = cost[above + j] + up_cost;
                    let (mut best, mut how) = (diagonal, 1);
                    if !same || filler {
                        if left < best {
                            (best, how) = (left, 3);
                        }
                        if up < best {
                            (best, how) = (up, 2);
                        }
                    } else if left < best {
                        (best, how) = (left, 3);
                    }
                    cost[row + j] = best;
                    back[row + j] = how;
                }
            }
        }
    }
    let last = m * width;
    let (mut j, total) = (0..=n)
        .map(|j| (j, cost[last + j]))
        .min_by_key(|&(j, c)| (c, j))
        .unwrap_or((0, 0));
    let mut ops = Vec::new();
    let mut i = m;
    while i > 0 {
        let here = cost[i * width + j];
        match back[i * width + j] {
            1 => {
                let (q, s) = (i - 1, from + j - 1);
                let same =
                    matches!(quote.items[q], Item::Word { key, .. } if key == file.words[s].key);
                ops.push(if same { Op::Match(q, s) } else { Op::Sub(q, s) });
                i -= 1;
                j -= 1;
            }
            2 => {
                ops.push(Op::QuoteOnly(i - 1));
                i -= 1;
            }
            3 => {
                ops.push(Op::SourceOnly(from + j - 1));
                j -= 1;
            }
            _ => {
                let Item::Gap { max } = quote.items[i - 1] else {
                    unreachable!("only gap rows go back by gap");
                };
                let above = (i - 1) * width;
                let k = (j.saturating_sub(max)..=j)
                    .rev()
                    .find(|&k| cost[above + k] == here)
                    .unwrap_or(j);
                ops.push(Op::Gap);
                i -= 1;
                j = k;
            }
        }
    }
    ops.reverse();
    (total, ops)
}

impl Index {
    /// Looks a quotation up in every file; `speaker` is whom the draft gives it to.
    /// `None` when the quotation has no words.
    pub fn lookup(&self, quotation: &str, speaker: Option<&str>) -> Option<Lookup> {
        let quote = read_quote(quotation);
        if quote.words == 0 {
            return None;
        }
        let files: Vec<&FileIndex> = self.files().collect();
        let keys = selective_keys(&files, quote_keys(&quote));
        let places: usize = keys
            .iter()
            .flat_map(|(_, postings)| postings.iter().map(|p| p.len()))
            .sum();
        let mut votes: FxHashMap<(usize, i64), u32> =
            FxHashMap::with_capacity_and_hasher(places, Default::default());
        for ((position, weight), postings) in &keys {
            for (f, postings) in postings.iter().enumerate() {
                for &at in *postings {
                    let start = i64::from(at) - position;
                    *votes.entry((f, start.div_euclid(BUCKET))).or_default() += weight;
                }
            }
        }
        let mut ranked: Vec<((usize, i64), u32)> = votes.into_iter().collect();
        let order =
            |a: &((usize, i64), u32), b: &((usize, i64), u32)| b.1.cmp(&a.1).then(a.0.cmp(&b.0));
        // Only the best few are wanted: partitioned, not sorted (thousands of places).
        if ranked.len() > CANDIDATES {
            ranked.select_nth_unstable_by(CANDIDATES - 1, order);
            ranked.truncate(CANDIDATES);
        }
        ranked.sort_unstable_by(order);
        // Windows around each place, merged where they overlap.
        let span = quote.items.len() + quote.gap_words;
        let mut windows: Vec<(usize, usize, usize)> = ranked
            .iter()
            .map(|&((f, bucket), _)| {
                let start = bucket * BUCKET;
                let from = (start - 8 - span.min(ELLIPSIS_SPAN) as i64).max(0) as usize;
                let to = (start + BUCKET + 8 + (quote.items.len() + span) as i64).max(0) as usize;
                (
                    f,
                    from.min(files[f].words.len()),
                    to.min(files[f].words.len()),
                )
            })
            .collect();
        windows.sort_unstable();
        let mut merged: Vec<(usize, usize, usize)> = Vec::new();
        for window in windows {
            match merged.last_mut() {
                Some(last) if last.0 == window.0 && window.1 <= last.2 => {
                    last.2 = last.2.max(window.2)
                }
                _ => merged.push(window),
            }
        }
        let mut best: Option<Alignment> = None;
        for (f, from, to) in merged {
            if from >= to {
                continue;
            }
            let file = files[f];
            let (_, mut ops) = align(&quote, file, from, to);
            reanchor_tail(&quote, file, &mut ops);
            reanchor_head(&quote, file, &mut ops);
            let alignment = summarise(f, &quote, file, ops, speaker);
            let key = |a: &Alignment| {
                (
                    a.cost,
                    a.speaker_check == SpeakerCheck::Different,
                    std::cmp::Reverse(a.matched),
                )
            };
            if best.as_ref().is_none_or(|b| key(&alignment) < key(b)) {
                best = Some(alignment);
            }
        }
        let Some(best) = best.filter(|b| b.matched > 0) else {
            return Some(Lookup {
                verdict: Verdict::NotFound,
                similarity: 0.0,
                passage: None,
                differences: Vec::new(),
                speaker: SpeakerCheck::Unknown,
            });
        };
        let file = files[best.file];
        let similarity = best.matched as f32 / quote.words.max(best.source_words) as f32;
        let verdict = if best.cost == 0 {
            Verdict::Verbatim
        } else if similarity >= ALTERED_MIN {
            Verdict::Altered
        } else {
            Verdict::NotFound
        };
        let differences = if verdict == Verdict::Altered {
            differences(quotation, &quote, file, &best.ops)
        } else {
            Vec::new()
        };
        Some(Lookup {
            verdict,
            similarity,
            passage: passage(file, &best),
            differences,
            speaker: best.speaker_check,
        })
    }
}

/// Words at the end of a quotation that the alignment left unmatched because the
/// passage has a few more words before them there (dropping one quotation word costs
/// less than skipping three source words): matched where they are, so the difference
/// says which words the draft left out.
fn reanchor_tail(quote: &QuoteWords, file: &FileIndex, ops: &mut Vec<Op>) {
    let keep = ops.len()
        - ops
            .iter()
            .rev()
            .take_while(|op| matches!(op, Op::QuoteOnly(_)))
            .count();
    if keep == ops.len() {
        return;
    }
    let Some(last) = ops[..keep].iter().rev().find_map(source_of) else {
        return;
    };
    let tail: Vec<usize> = ops[keep..]
        .iter()
        .filter_map(|op| match *op {
            Op::QuoteOnly(q) => Some(q),
            _ => None,
        })
        .collect();
    for start in last + 1..=(last + 1 + MAX_SHIFT).min(file.words.len()) {
        if let Some(matched) = match_run(quote, file, &tail, start) {
            ops.truncate(keep);
            ops.extend((last + 1..start).map(Op::SourceOnly));
            ops.extend(matched);
            return;
        }
    }
    // A changed last word or two: the words the passage goes on with replace them
    // (the same cost; the difference then says what the source had).
    if tail.len() <= 2 {
        let mut s = last + 1;
        let mut changed = Vec::new();
        for &q in &tail {
            if matches!(quote.items[q], Item::Word { filler: true, .. }) {
                changed.push(Op::QuoteOnly(q));
                continue;
            }
            while file.words.get(s).is_some_and(|w| w.skippable) {
                changed.push(Op::SourceOnly(s));
                s += 1;
            }
            if s >= file.words.len() || file.words[s].span != file.words[last].span {
                return;
            }
            changed.push(Op::Sub(q, s));
            s += 1;
        }
        ops.truncate(keep);
        ops.extend(changed);
    }
}

/// The same at the start of a quotation.
fn reanchor_head(quote: &QuoteWords, file: &FileIndex, ops: &mut Vec<Op>) {
    let lead = ops
        .iter()
        .take_while(|op| matches!(op, Op::QuoteOnly(_)))
        .count();
    if lead == 0 {
        return;
    }
    let Some(first) = ops[lead..].iter().find_map(source_of) else {
        return;
    };
    let head: Vec<usize> = ops[..lead]
        .iter()
        .filter_map(|op| match *op {
            Op::QuoteOnly(q) => Some(q),
            _ => None,
        })
        .collect();
    for start in (first.saturating_sub(MAX_SHIFT + head.len() * 2)..first).rev() {
        if let Some(matched) = match_run(quote, file, &head, start) {
            let end = matched
                .iter()
                .rev()
                .find_map(source_of)
                .map_or(start, |s| s + 1);
            if end > first {
                continue;
            }
            let mut new = matched;
            new.extend((end..first).map(Op::SourceOnly));
            new.extend_from_slice(&ops[lead..]);
            *ops = new;
            return;
        }
    }
}

/// Source words a re-anchored run may pass over.
const MAX_SHIFT: usize = 8;

fn source_of(op: &Op) -> Option<usize> {
    match *op {
        Op::Match(_, s) | Op::Sub(_, s) | Op::SourceOnly(s) => Some(s),
        _ => None,
    }
}

/// The quotation items `run` matched word for word from source word `start` on
/// (skippable source words and quotation fillers passed over), as operations.
fn match_run(quote: &QuoteWords, file: &FileIndex, run: &[usize], start: usize) -> Option<Vec<Op>> {
    let mut ops = Vec::new();
    let mut s = start;
    let mut any = false;
    for &q in run {
        let Item::Word { key, filler, .. } = quote.items[q] else {
            return None;
        };
        if filler {
            ops.push(Op::QuoteOnly(q));
            continue;
        }
        while file
            .words
            .get(s)
            .is_some_and(|w| w.skippable && w.key != key)
        {
            ops.push(Op::SourceOnly(s));
            s += 1;
        }
        if file.words.get(s)?.key != key {
            return None;
        }
        ops.push(Op::Match(q, s));
        s += 1;
        any = true;
    }
    any.then_some(ops)
}

fn summarise(
    f: usize,
    quote: &QuoteWords,
    file: &FileIndex,
    ops: Vec<Op>,
    draft_speaker: Option<&str>,
) -> Alignment {
    let cost = ops
        .iter()
        .filter(|op| match **op {
            Op::Sub(..) => true,
            Op::QuoteOnly(q) => matches!(quote.items[q], Item::Word { filler: false, .. }),
            Op::SourceOnly(s) => !file.words[s].skippable,
            _ => false,
        })
        .count() as u32;
    let mut matched = 0;
    let mut source_words = 0;
    let mut speakers: Vec<(u32, usize)> = Vec::new();
    for op in &ops {
        let s = match *op {
            Op::Match(_, s) => {
                matched += 1;
                s
            }
            Op::Sub(_, s) => s,
            Op::SourceOnly(s) if !file.words[s].skippable => s,
            _ => continue,
        };
        source_words += 1;
        let span = file.words[s].span;
        match speakers.iter_mut().find(|(sp, _)| *sp == span) {
            Some(entry) => entry.1 += 1,
            None => speakers.push((span, 1)),
        }
    }
    // The speaker of most of the passage's words (spans of one speaker pooled).
    let mut by_name: Vec<(Option<&str>, usize)> = Vec::new();
    for (span, count) in speakers {
        let name = file
            .spans
            .get(span as usize)
            .and_then(|s| s.speaker.as_deref());
        match by_name.iter_mut().find(|(n, _)| *n == name) {
            Some(entry) => entry.1 += count,
            None => by_name.push((name, count)),
        }
    }
    let speaker = by_name
        .iter()
        .max_by_key(|(_, count)| *count)
        .and_then(|(name, _)| *name)
        .map(str::to_string);
    let speaker_check = match (speaker.as_deref(), draft_speaker) {
        (Some(passage), Some(draft)) => compare_speakers(file, passage, draft),
        _ => SpeakerCheck::Unknown,
    };
    Alignment {
        file: f,
        cost,
        ops,
        matched,
        source_words,
        speaker,
        speaker_check,
    }
}

fn passage(file: &FileIndex, alignment: &Alignment) -> Option<Passage> {
    let aligned = || {
        alignment.ops.iter().filter_map(|op| match *op {
            Op::Match(_, s) | Op::Sub(_, s) | Op::SourceOnly(s) => Some(s),
            _ => None,
        })
    };
    let first = &file.words[aligned().min()?];
    let last = &file.words[aligned().max()?];
    let range = first.start as usize..last.end as usize;
    let text = file.text[range.clone()]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let (line, column) = file.line_col(range.start);
    // The time of the cue the passage starts in, or of the latest mark before it.
    let time = file.spans[..=first.span as usize]
        .iter()
        .rev()
        .find_map(|s| s.time);
    Some(Passage {
        path: file.path.clone(),
        text,
        range: range.clone(),
        line,
        column,
        place: file.place(range.start),
        place_is_paragraph: file.places_are_paragraphs(),
        time,
        speaker: alignment.speaker.clone(),
    })
}

/// Groups the alignment's changes into differences with a word of context.
fn differences(
    quotation: &str,
    quote: &QuoteWords,
    file: &FileIndex,
    ops: &[Op],
) -> Vec<Difference> {
    struct Hunk {
        quote: Vec<usize>,
        source: Vec<usize>,
        before: Option<(usize, usize)>,
        after: Option<(usize, usize)>,
    }
    let mut hunks: Vec<Hunk> = Vec::new();
    let mut open: Option<Hunk> = None;
    let mut last_match: Option<(usize, usize)> = None;
    for op in ops {
        match *op {
            Op::Match(q, s) => {
                if let Some(mut hunk) = open.take() {
                    hunk.after = Some((q, s));
                    hunks.push(hunk);
                }
                last_match = Some((q, s));
            }
            Op::Sub(q, s) => {
                let hunk = open.get_or_insert_with(|| new_hunk(last_match));
                hunk.quote.push(q);
                hunk.source.push(s);
            }
            Op::QuoteOnly(q) if matches!(quote.items[q], Item::Word { filler: false, .. }) => {
                open.get_or_insert_with(|| new_hunk(last_match))
                    .quote
                    .push(q);
            }
            Op::SourceOnly(s) if !file.words[s].skippable => {
                open.get_or_insert_with(|| new_hunk(last_match))
                    .source
                    .push(s);
            }
            _ => {
                if let Some(hunk) = open.take() {
                    hunks.push(hunk);
                }
                last_match = None;
            }
        }
    }
    hunks.extend(open);
    fn new_hunk(before: Option<(usize, usize)>) -> Hunk {
        Hunk {
            quote: Vec::new(),
            source: Vec::new(),
            before,
            after: None,
        }
    }

    let quote_word = |q: usize| match quote.items[q] {
        Item::Word { start, end, .. } => (start, end),
        Item::Gap { .. } => (0, 0),
    };
    let source_text = |s: usize| file.word_text(&file.words[s]);
    hunks
        .into_iter()
        .map(|hunk| {
            let context = |inner: Vec<&str>, before: Option<&str>, after: Option<&str>| {
                before
                    .into_iter()
                    .chain(inner)
                    .chain(after)
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            let notes = context(
                hunk.source.iter().map(|&s| source_text(s)).collect(),
                hunk.before.map(|(_, s)| source_text(s)),
                hunk.after.map(|(_, s)| source_text(s)),
            );
            let draft_word = |q: usize| {
                let (start, end) = quote_word(q);
                &quotation[start..end]
            };
            let draft = context(
                hunk.quote.iter().map(|&q| draft_word(q)).collect(),
                hunk.before.map(|(q, _)| draft_word(q)),
                hunk.after.map(|(q, _)| draft_word(q)),
            );
            let words: Vec<&str> = hunk.source.iter().map(|&s| source_text(s)).collect();
            let source_words = words.join(" ");
            let (range, replacement) = match (hunk.quote.first(), hunk.quote.last()) {
                (Some(&first), Some(&last)) => {
                    let range = quote_word(first).0..quote_word(last).1;
                    if source_words.is_empty() {
                        // Words the draft added: take the space after them (or before).
                        let after = quotation[range.end..].len()
                            - quotation[range.end..].trim_start().len();
                        if after > 0 && range.end + after < quotation.len() {
                            (range.start..range.end + after, String::new())
                        } else {
                            let before = quotation[..range.start].len()
                                - quotation[..range.start].trim_end().len();
                            (range.start - before..range.end, String::new())
                        }
                    } else {
                        (range, source_words)
                    }
                }
                _ => match (hunk.after, hunk.before) {
                    (Some((q, _)), _) => {
                        let at = quote_word(q).0;
                        (at..at, format!("{source_words} "))
                    }
                    (None, Some((q, _))) => {
                        let at = quote_word(q).1;
                        (at..at, format!(" {source_words}"))
                    }
                    (None, None) => (0..0, source_words),
                },
            };
            Difference {
                notes,
                draft,
                range,
                replacement,
            }
        })
        .collect()
}

/// The passage's speaker against the draft's. A label that names someone is compared
/// by name words; a role ("THE PRESIDENT") is different from the draft's speaker when
/// that person has turns of their own under a name in the same file; otherwise the
/// same when the draft gives the same role ("President Trump"), different when it
/// gives another ("Vice President Pence"), unknown when it gives none.
fn compare_speakers(file: &FileIndex, passage: &str, draft: &str) -> SpeakerCheck {
    if is_generic_speaker(passage) {
        return SpeakerCheck::Unknown;
    }
    let (names, roles) = name_words(passage);
    if !names.is_empty() {
        return if same_person(passage, draft) {
            SpeakerCheck::Same
        } else {
            SpeakerCheck::Different
        };
    }
    let mut seen: Vec<&str> = Vec::new();
    for other in file.spans.iter().filter_map(|s| s.speaker.as_deref()) {
        if seen.contains(&other) {
            continue;
        }
        seen.push(other);
        if !name_words(other).0.is_empty() && same_person(other, draft) {
            return SpeakerCheck::Different;
        }
    }
    let (_, mut draft_roles) = name_words(draft);
    let mut roles = roles;
    roles.sort_unstable();
    draft_roles.sort_unstable();
    if roles.is_empty() || draft_roles.is_empty() {
        SpeakerCheck::Unknown
    } else if roles == draft_roles {
        SpeakerCheck::Same
    } else {
        SpeakerCheck::Different
    }
}

/// The keys of a speaker label's name words and of its title and role words.
fn name_words(label: &str) -> (Vec<u64>, Vec<u64>) {
    const TITLES: &[&str] = &[
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "sir",
        "dame",
        "prof",
        "professor",
        "president",
        "vice",
        "prime",
        "minister",
        "foreign",
        "secretary",
        "senator",
        "sen",
        "rep",
        "representative",
        "gov",
        "governor",
        "mayor",
        "general",
        "gen",
        "admiral",
        "rear",
        "ambassador",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "deputy",
        "chairman",
        "chairwoman",
        "chair",
        "judge",
        "justice",
        "the",
        "of",
        "and",
        "de",
        "van",
        "von",
        "al",
        "el",
        "moderator",
        "press",
        "attorney",
        "speaker",
        "leader",
        "chief",
    ];
    let (mut names, mut roles) = (Vec::new(), Vec::new());
    tokens(label, |t| {
        let word = label[t.start..t.end].to_lowercase();
        if TITLES.contains(&word.as_str()) {
            if !matches!(word.as_str(), "the" | "of" | "and") {
                roles.push(t.key);
            }
        } else if word.chars().count() > 1 {
            names.push(t.key);
        }
    });
    (names, roles)
}

/// Whether two ways of naming a speaker name the same person: they share a name
/// word, titles and roles aside ("ARAGHCHI" and "Abbas Araghchi", "MR. PRICE" and
/// "Ned Price").
pub fn same_person(a: &str, b: &str) -> bool {
    let (a, _) = name_words(a);
    let (b, _) = name_words(b);
    a.iter().any(|k| b.contains(k))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(files: &[(&str, &str)]) -> Index {
        let mut index = Index::new();
        for (path, text) in files {
            index.insert(FileIndex::read(path, text.as_bytes()).unwrap());
        }
        index
    }

    const TRANSCRIPT: &str = "Q: Will the missiles be part of the talks?\n\
        ARAGHCHI: Iran's defensive and missile capabilities will never be the subject of \
        negotiations. Um, we — we have said this many times, you know.\n\
        Q: And the Americans?\n\
        ARAGHCHI: Iran has no problem with negotiations, but negotiations cannot take place \
        under the shadow of threats.\n\
        FIDAN: We call the parties back to the negotiating table.\n";

    fn look(quote: &str, speaker: Option<&str>) -> Lookup {
        index(&[("notes/araghchi.txt", TRANSCRIPT)])
            .lookup(quote, speaker)
            .unwrap()
    }

    #[test]
    fn verbatim_within_the_conventions() {
        for quote in [
            "Iran’s defensive and missile capabilities will never be the subject of negotiations,",
            "iran has no problem with negotiations … under the shadow of threats",
            "[Iran has] said this many times",
            "We have said this many times",
            "We call the parties back to the negotiating table.",
            "Iran has no problem with negotiations. . . but negotiations cannot take place",
        ] {
            let found = look(quote, Some("Abbas Araghchi"));
            assert_eq!(found.verdict, Verdict::Verbatim, "{quote}: {found:?}");
            assert!(found.differences.is_empty());
        }
    }

    #[test]
    fn one_word_changed() {
        let quote =
            "Iran’s defensive and missile capabilities will not be the subject of negotiations";
        let found = look(quote, Some("Araghchi"));
        assert_eq!(found.verdict, Verdict::Altered);
        assert_eq!(found.speaker, SpeakerCheck::Same);
        assert_eq!(found.differences.len(), 1);
        let difference = &found.differences[0];
        assert_eq!(
            difference.message(),
            "notes: *will never be* · draft: *will not be*"
        );
        assert_eq!(&quote[difference.range.clone()], "not");
        assert_eq!(difference.replacement, "never");
        let passage = found.passage.unwrap();
        assert_eq!(passage.speaker.as_deref(), Some("ARAGHCHI"));
        assert_eq!(passage.location(), "notes/araghchi.txt line 2");
        assert!(passage.text.starts_with("Iran's defensive"));
    }

    #[test]
    fn dropped_added_and_swapped_words() {
        let dropped = look(
            "Iran has no problem with negotiations, but negotiations cannot take place under threats",
            None,
        );
        assert_eq!(dropped.verdict, Verdict::Altered);
        assert_eq!(
            dropped.differences[0].message(),
            "notes: *under the shadow of threats* · draft: *under threats*"
        );
        let fixed = apply(
            "Iran has no problem with negotiations, but negotiations cannot take place under threats",
            &dropped.differences,
        );
        assert_eq!(
            fixed,
            "Iran has no problem with negotiations, but negotiations cannot take place under the shadow of threats"
        );

        let added = "We call all the parties back to the negotiating table";
        let found = look(added, Some("Hakan Fidan"));
        assert_eq!(found.verdict, Verdict::Altered);
        assert_eq!(
            found.differences[0].message(),
            "notes: *call the* · draft: *call all the*"
        );
        assert_eq!(
            apply(added, &found.differences),
            "We call the parties back to the negotiating table"
        );

        let swapped = look(
            "We call the parties to the back negotiating table",
            Some("Fidan"),
        );
        assert_eq!(swapped.verdict, Verdict::Altered);
    }

    fn apply(text: &str, differences: &[Difference]) -> String {
        let mut out = text.to_string();
        for d in differences.iter().rev() {
            out.replace_range(d.range.clone(), &d.replacement);
        }
        out
    }

    #[test]
    fn speaker_swapped() {
        let found = look(
            "We call the parties back to the negotiating table",
            Some("Abbas Araghchi"),
        );
        assert_eq!(found.verdict, Verdict::Verbatim);
        assert_eq!(found.speaker, SpeakerCheck::Different);
        assert_eq!(found.passage.unwrap().speaker.as_deref(), Some("FIDAN"));
        // Q is the interviewer: no one to compare with.
        assert_eq!(
            look("And the Americans?", Some("Fidan")).speaker,
            SpeakerCheck::Unknown
        );
    }

    #[test]
    fn invented_quotations_are_not_found() {
        let found = look(
            "The sanctions have destroyed our economy and our people are suffering",
            Some("Araghchi"),
        );
        assert_eq!(found.verdict, Verdict::NotFound);
        assert!(found.similarity < ALTERED_MIN);
        let none = look("Completely unrelated words here", None);
        assert_eq!(none.verdict, Verdict::NotFound);
        assert_eq!(none.passage, None);
        assert!(
            index(&[])
                .lookup("anything at all", None)
                .unwrap()
                .passage
                .is_none()
        );
        assert!(index(&[]).lookup("“ … ”", None).is_none());
    }

    #[test]
    fn roles_are_compared_through_the_file() {
        let briefing = "THE PRESIDENT: We are doing very well.\nDR. FAUCI: The data look better today.\n\
                        Q: Mr. President, a question.\nTHE PRESIDENT: Go ahead, please.\n";
        let index = index(&[("transcripts/briefing.txt", briefing)]);
        let check = |quote: &str, who: &str| index.lookup(quote, Some(who)).unwrap().speaker;
        assert_eq!(
            check("We are doing very well", "Anthony Fauci"),
            SpeakerCheck::Different
        );
        assert_eq!(
            check("We are doing very well", "President Trump"),
            SpeakerCheck::Same
        );
        assert_eq!(
            check("We are doing very well", "Donald Trump"),
            SpeakerCheck::Unknown
        );
        assert_eq!(
            check("The data look better today", "Dr. Anthony Fauci"),
            SpeakerCheck::Same
        );
        assert_eq!(
            check("The data look better today", "Trump"),
            SpeakerCheck::Different
        );
    }

    #[test]
    fn names_compare_by_name_words() {
        assert!(same_person("ARAGHCHI", "Abbas Araghchi"));
        assert!(same_person("MR. PRICE", "Ned Price"));
        assert!(same_person("Erdoğan", "Recep Tayyip Erdogan"));
        assert!(!same_person(
            "Foreign Minister Fidan",
            "Foreign Minister Araghchi"
        ));
    }

    #[test]
    fn subtitle_passages_carry_their_time() {
        let vtt = "WEBVTT\n\n00:01:02.000 --> 00:01:05.000\n<v Ned Price>We will not comment\n\n\
                   00:01:05.000 --> 00:01:07.000\n<v Ned Price>on private diplomatic conversations.\n";
        let found = index(&[("transcripts/briefing.vtt", vtt)])
            .lookup(
                "We will not comment on private diplomatic conversations",
                Some("Price"),
            )
            .unwrap();
        assert_eq!(found.verdict, Verdict::Verbatim);
        assert_eq!(found.speaker, SpeakerCheck::Same);
        let passage = found.passage.unwrap();
        assert_eq!(passage.location(), "transcripts/briefing.vtt at 1:02");
        assert_eq!(
            passage.text,
            "We will not comment on private diplomatic conversations"
        );
        assert_eq!((passage.line, passage.column), (3, 13));
    }
}
