//! The words of many source files, found by word pairs and uncommon words.
//!
//! Each file is indexed on its own (`FileIndex`): its words in order, each with its
//! identity, its place and its span (speaker, time); the words a quotation may leave
//! out without saying so (fillers, "you know", the first of a repeated word or word
//! pair — a false start); and a sorted table of keys — every pair of consecutive
//! words that are not left out, and every such word that is not a stop word — with
//! the word each key starts at. A lookup binary-searches each file's table. A changed
//! file replaces its own entry; nothing else is rebuilt. `Index::build` reads many
//! files on every core.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::text::{FILLERS, STOP_WORDS, tokens, word_key};
use super::{Parsed, ReadError, Span};

/// One word of a source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word {
    pub key: u64,
    /// Byte range in `FileIndex::text`.
    pub start: u32,
    pub end: u32,
    /// Index into `FileIndex::spans`.
    pub span: u32,
    /// A filler or a false start that a quotation may drop.
    pub skippable: bool,
}

/// One source file, read and indexed.
#[derive(Debug, Clone)]
pub struct FileIndex {
    pub path: String,
    /// The file's words with labels and markup blanked (see `Parsed::text`).
    pub text: String,
    pub words: Vec<Word>,
    pub spans: Vec<Span>,
    line_starts: Vec<u32>,
    line_is_paragraph: bool,
    paragraph_of_line: Vec<u32>,
    /// Sorted; `positions[i]` is the word `keys[i]` starts at.
    keys: Vec<u64>,
    positions: Vec<u32>,
    /// Where the keys whose top bits are `b` start in `keys`: `directory[b]` (one more
    /// entry at the end). Keys are hashes, spread evenly, so a bucket holds about eight
    /// and a lookup reads two cache lines where a binary search over a hundred files'
    /// tables missed the cache fifteen times each.
    directory: Vec<u32>,
    /// The bits of a key below its bucket number (64 for a single bucket).
    shift: u32,
}

/// Mixes a word pair into one key.
pub(super) fn pair_key(a: u64, b: u64) -> u64 {
    (a ^ b.rotate_left(29) ^ 0x5bd1_e995_3c6e_f372).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// A single word's key in the table, distinct from any pair's.
pub(super) fn single_key(a: u64) -> u64 {
    (a ^ 0xa076_1d64_78bd_642f).wrapping_mul(0xe703_7ed1_a0b4_28db)
}

/// The keys of the words that find nothing on their own.
pub(super) struct WordLists {
    pub fillers: Vec<u64>,
    pub stop: Vec<u64>,
    pub you: u64,
    pub know: u64,
}

impl WordLists {
    pub fn get() -> &'static WordLists {
        static LISTS: std::sync::OnceLock<WordLists> = std::sync::OnceLock::new();
        LISTS.get_or_init(|| {
            let mut fillers: Vec<u64> = FILLERS.iter().map(|w| word_key(w)).collect();
            let mut stop: Vec<u64> = STOP_WORDS.iter().map(|w| word_key(w)).collect();
            fillers.sort_unstable();
            stop.sort_unstable();
            WordLists {
                fillers,
                stop,
                you: word_key("you"),
                know: word_key("know"),
            }
        })
    }

    pub fn is_filler(&self, key: u64) -> bool {
        self.fillers.binary_search(&key).is_ok()
    }

    pub fn is_stop(&self, key: u64) -> bool {
        self.stop.binary_search(&key).is_ok()
    }
}

impl FileIndex {
    /// Reads and indexes one file's bytes.
    pub fn read(path: &str, bytes: &[u8]) -> Result<FileIndex, ReadError> {
        Ok(FileIndex::new(path, super::parse(path, bytes)?))
    }

    pub fn new(path: &str, parsed: Parsed) -> FileIndex {
        let Parsed {
            text,
            spans,
            line_is_paragraph,
            paragraph_of_line,
        } = parsed;
        let mut words = Vec::with_capacity(text.len() / 6);
        let mut span = 0usize;
        tokens(&text, |t| {
            while span + 1 < spans.len() && spans[span + 1].start <= t.start {
                span += 1;
            }
            words.push(Word {
                key: t.key,
                start: t.start as u32,
                end: t.end as u32,
                span: span as u32,
                skippable: false,
            });
        });
        mark_skippable(&mut words);
        let mut line_starts = vec![0u32];
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|at| at as u32 + 1));
        let (keys, positions) = key_table(&words);
        let (directory, shift) = directory(&keys);
        FileIndex {
            path: path.to_string(),
            text,
            words,
            spans,
            line_starts,
            line_is_paragraph,
            paragraph_of_line,
            keys,
            positions,
            directory,
            shift,
        }
    }

    /// The words a key starts at.
    pub(super) fn postings(&self, key: u64) -> &[u32] {
        let bucket = bucket_of(key, self.shift);
        let (lo, hi) = (
            self.directory[bucket] as usize,
            self.directory[bucket + 1] as usize,
        );
        let bucket_keys = &self.keys[lo..hi];
        let from = lo + bucket_keys.partition_point(|&k| k < key);
        let to = from + self.keys[from..hi].partition_point(|&k| k == key);
        &self.positions[from..to]
    }

    /// The 0-based line and byte column of an offset into `text`.
    pub fn line_col(&self, offset: usize) -> (u32, u32) {
        let line = self.line_starts.partition_point(|&s| s as usize <= offset) - 1;
        (
            line as u32,
            (offset - self.line_starts[line] as usize) as u32,
        )
    }

    /// The 1-based line, or paragraph for a Word document, of an offset.
    pub fn place(&self, offset: usize) -> u32 {
        let (line, _) = self.line_col(offset);
        if self.line_is_paragraph {
            self.paragraph_of_line
                .get(line as usize)
                .copied()
                .unwrap_or(line + 1)
        } else {
            line + 1
        }
    }

    /// Whether places in this file are paragraphs (a Word document) rather than lines.
    pub fn places_are_paragraphs(&self) -> bool {
        self.line_is_paragraph
    }

    /// The word's text as the source writes it.
    pub fn word_text(&self, word: &Word) -> &str {
        &self.text[word.start as usize..word.end as usize]
    }

    /// Bytes held, roughly: what the index costs in memory.
    pub fn heap_bytes(&self) -> usize {
        self.text.capacity()
            + self.words.capacity() * std::mem::size_of::<Word>()
            + self.keys.capacity() * 8
            + self.positions.capacity() * 4
            + self.directory.capacity() * 4
            + self.line_starts.capacity() * 4
            + self.paragraph_of_line.capacity() * 4
            + self
                .spans
                .iter()
                .map(|s| 48 + s.speaker.as_ref().map_or(0, String::capacity))
                .sum::<usize>()
    }
}

/// Fillers, "you know", and the first of a word or word pair said twice in a row.
fn mark_skippable(words: &mut [Word]) {
    let lists = WordLists::get();
    for i in 0..words.len() {
        let key = words[i].key;
        if lists.is_filler(key) {
            words[i].skippable = true;
        } else if key == lists.you && words.get(i + 1).is_some_and(|w| w.key == lists.know) {
            words[i].skippable = true;
            words[i + 1].skippable = true;
        }
    }
    // False starts, looking past fillers: "we — we were", "I, uh, I think", "we were,
    // we were going".
    let spoken: Vec<usize> = (0..words.len()).filter(|&i| !words[i].skippable).collect();
    for w in 0..spoken.len() {
        let key = |k: usize| spoken.get(w + k).map(|&i| words[i].key);
        if key(0) == key(1) {
            words[spoken[w]].skippable = true;
        } else if key(2).is_some() && key(0) == key(2) && key(1) == key(3) {
            words[spoken[w]].skippable = true;
            words[spoken[w + 1]].skippable = true;
        }
    }
}

fn bucket_of(key: u64, shift: u32) -> usize {
    key.checked_shr(shift).unwrap_or(0) as usize
}

/// The bucket directory of a sorted key table: about eight keys a bucket.
fn directory(keys: &[u64]) -> (Vec<u32>, u32) {
    let buckets = (keys.len() / 8).max(1).next_power_of_two();
    let shift = 64 - buckets.trailing_zeros();
    let mut directory = Vec::with_capacity(buckets + 1);
    let mut at = 0;
    for bucket in 0..buckets {
        while at < keys.len() && bucket_of(keys[at], shift) < bucket {
            at += 1;
        }
        directory.push(at as u32);
    }
    directory.push(keys.len() as u32);
    (directory, shift)
}

fn key_table(words: &[Word]) -> (Vec<u64>, Vec<u32>) {
    let lists = WordLists::get();
    let mut table: Vec<(u64, u32)> = Vec::with_capacity(words.len() * 2);
    let mut previous: Option<(u64, u32)> = None;
    for (i, word) in words.iter().enumerate() {
        if word.skippable {
            continue;
        }
        if let Some((key, at)) = previous {
            table.push((pair_key(key, word.key), at));
        }
        if !lists.is_stop(word.key) {
            table.push((single_key(word.key), i as u32));
        }
        previous = Some((word.key, i as u32));
    }
    table.sort_unstable();
    table.into_iter().unzip()
}

/// The indexed sources, by path.
#[derive(Debug, Clone, Default)]
pub struct Index {
    files: BTreeMap<String, Arc<FileIndex>>,
}

impl Index {
    pub fn new() -> Index {
        Index::default()
    }

    /// Reads and indexes many files on `threads` threads (every core when 0); the
    /// files that could not be read come back with the reason, in input order.
    pub fn build(
        inputs: &[(String, Vec<u8>)],
        threads: usize,
    ) -> (Index, Vec<(String, ReadError)>) {
        let threads = if threads == 0 {
            std::thread::available_parallelism().map_or(1, |n| n.get())
        } else {
            threads
        }
        .min(inputs.len().max(1));
        let next = AtomicUsize::new(0);
        let work = || {
            let mut done = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some((path, bytes)) = inputs.get(i) else {
                    break;
                };
                done.push((i, FileIndex::read(path, bytes)));
            }
            done
        };
        let mut results: Vec<(usize, Result<FileIndex, ReadError>)> = std::thread::scope(|scope| {
            let others: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
            let mut all = work();
            for handle in others {
                all.extend(handle.join().unwrap_or_default());
            }
            all
        });
        results.sort_by_key(|(i, _)| *i);
        let mut index = Index::new();
        let mut errors = Vec::new();
        for (i, result) in results {
            match result {
                Ok(file) => index.insert(file),
                Err(e) => errors.push((inputs[i].0.clone(), e)),
            }
        }
        (index, errors)
    }

    /// Adds a file, replacing the one at the same path.
    pub fn insert(&mut self, file: FileIndex) {
        self.files.insert(file.path.clone(), Arc::new(file));
    }

    /// Re-reads one file; on an error the old entry is dropped.
    pub fn update(&mut self, path: &str, bytes: &[u8]) -> Result<(), ReadError> {
        match FileIndex::read(path, bytes) {
            Ok(file) => {
                self.insert(file);
                Ok(())
            }
            Err(e) => {
                self.remove(path);
                Err(e)
            }
        }
    }

    pub fn remove(&mut self, path: &str) -> bool {
        self.files.remove(path).is_some()
    }

    pub fn get(&self, path: &str) -> Option<&FileIndex> {
        self.files.get(path).map(|f| &**f)
    }

    pub fn files(&self) -> impl Iterator<Item = &FileIndex> {
        self.files.values().map(|f| &**f)
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Words indexed in all files.
    pub fn word_count(&self) -> usize {
        self.files.values().map(|f| f.words.len()).sum()
    }

    pub fn heap_bytes(&self) -> usize {
        self.files
            .values()
            .map(|f| f.heap_bytes() + f.path.capacity() + 64)
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn skipped(text: &str) -> Vec<String> {
        let file = FileIndex::read("a.txt", text.as_bytes()).unwrap();
        file.words
            .iter()
            .filter(|w| w.skippable)
            .map(|w| file.word_text(w).to_string())
            .collect()
    }

    #[test]
    fn fillers_and_false_starts_are_skippable() {
        assert_eq!(
            skipped("We, um, we were, you know, going"),
            ["We", "um", "you", "know"]
        );
        assert_eq!(skipped("we were, we were going to go"), ["we", "were"]);
        assert_eq!(skipped("I — uh — I think"), ["I", "uh"]);
        assert!(skipped("the government said").is_empty());
    }

    #[test]
    fn postings_find_pairs_and_uncommon_words() {
        let file = FileIndex::read("a.txt", b"Iran has no problem with negotiations").unwrap();
        let key = |w: &str| word_key(w);
        assert_eq!(file.postings(pair_key(key("no"), key("problem"))), [2]);
        assert_eq!(file.postings(single_key(key("negotiations"))), [5]);
        assert!(file.postings(single_key(key("with"))).is_empty());
    }

    #[test]
    fn the_directory_finds_what_a_binary_search_of_the_whole_table_finds() {
        let text: String = (0..3_000).map(|i| format!("w{} ", i % 700)).collect();
        let file = FileIndex::read("a.txt", text.as_bytes()).unwrap();
        assert!(file.directory.len() > 100);
        let whole = |key: u64| {
            let from = file.keys.partition_point(|&k| k < key);
            let to = file.keys.partition_point(|&k| k <= key);
            &file.positions[from..to]
        };
        let probes = file
            .keys
            .iter()
            .flat_map(|&k| [k, k.wrapping_add(1), k.wrapping_sub(1)])
            .chain([0, u64::MAX]);
        for key in probes {
            assert_eq!(file.postings(key), whole(key), "{key:x}");
        }
        let empty = FileIndex::read("b.txt", b"").unwrap();
        assert!(empty.postings(12345).is_empty());
    }

    #[test]
    fn lines_and_paragraphs() {
        let file = FileIndex::read("a.md", b"one\ntwo three\n").unwrap();
        assert_eq!(file.line_col(8), (1, 4));
        assert_eq!(file.place(8), 2);
    }

    #[test]
    fn build_reports_unreadable_files_and_update_replaces() {
        let inputs = vec![
            ("a.txt".to_string(), b"first words".to_vec()),
            ("b.bin".to_string(), b"x".to_vec()),
            (
                "c.vtt".to_string(),
                b"WEBVTT\n\n00:01.000 --> 00:02.000\nhello\n".to_vec(),
            ),
        ];
        let (mut index, errors) = Index::build(&inputs, 2);
        assert_eq!(index.len(), 2);
        assert_eq!(errors, [("b.bin".to_string(), ReadError::Unsupported)]);
        assert_eq!(index.word_count(), 3);
        index.update("a.txt", b"now three words").unwrap();
        assert_eq!(index.word_count(), 4);
        assert!(index.update("a.txt", b"\0").is_err());
        assert_eq!(index.len(), 1);
    }
}
