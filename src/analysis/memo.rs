//! Results of pure, local computations remembered from one analysis of a draft to the
//! next. A keystroke changes one sentence of one paragraph; every other paragraph and
//! sentence reads the same as before, so what was computed from it alone is looked up
//! by its content instead of computed again.
//!
//! A memo holds only what the latest analysis used: entries for text that was edited
//! away are dropped at the end of each analysis, so memory follows the draft's size.
//! Keys are compared in full (a hash collision costs a recomputation, never a wrong
//! answer).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hash, Hasher};
use std::sync::Arc;

struct Entry<V> {
    text: Box<str>,
    extra: Box<[u32]>,
    value: Arc<V>,
}

pub struct Memo<V> {
    /// Entries of the previous analysis not yet used by this one.
    previous: HashMap<u64, Entry<V>, Words>,
    /// Entries used by the analysis under way.
    current: HashMap<u64, Entry<V>, Words>,
    /// Off for one-shot analyses (the CLI): nothing is stored.
    enabled: bool,
}

impl<V> Memo<V> {
    pub fn new(enabled: bool) -> Memo<V> {
        Memo {
            previous: HashMap::default(),
            current: HashMap::default(),
            enabled,
        }
    }

    /// The value for a piece of text and the facts around it that the computation
    /// reads (`extra`: relative offsets, flags), computed only if no analysis since the
    /// last [`Memo::finish`] or the one before it has seen the same key.
    pub fn get_or(&mut self, text: &str, extra: &[u32], compute: impl FnOnce() -> V) -> Arc<V> {
        if !self.enabled {
            return Arc::new(compute());
        }
        let hash = key_hash(text, extra);
        let matches = |e: &Entry<V>| &*e.text == text && &*e.extra == extra;
        if let Some(entry) = self.current.get(&hash).filter(|e| matches(e)) {
            return entry.value.clone();
        }
        let entry = match self.previous.remove(&hash).filter(|e| matches(e)) {
            Some(entry) => entry,
            None => Entry {
                text: text.into(),
                extra: extra.into(),
                value: Arc::new(compute()),
            },
        };
        let value = entry.value.clone();
        // On a collision within one analysis the first key keeps the slot.
        self.current.entry(hash).or_insert(entry);
        value
    }

    /// Ends an analysis: what it did not use is forgotten.
    pub fn finish(&mut self) {
        self.previous = std::mem::take(&mut self.current);
    }

    pub fn clear(&mut self) {
        self.previous.clear();
        self.current.clear();
    }

    pub fn len(&self) -> usize {
        self.previous.len() + self.current.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

fn key_hash(text: &str, extra: &[u32]) -> u64 {
    let mut hasher = WordHasher::default();
    text.hash(&mut hasher);
    extra.hash(&mut hasher);
    hasher.finish()
}

/// The maps' keys are hashes already.
type Words = BuildHasherDefault<WordHasher>;

/// A hash that takes eight bytes a step (the multiply-rotate of rustc's FxHash): keys
/// are compared in full on a hit, so speed matters here more than resistance to
/// chosen collisions, and the whole draft is hashed on every keystroke.
#[derive(Default)]
struct WordHasher {
    hash: u64,
}

impl WordHasher {
    const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(Self::SEED);
    }
}

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.add(u64::from_le_bytes(chunk.try_into().expect("eight bytes")));
        }
        let mut last = [0u8; 8];
        let rest = chunks.remainder();
        last[..rest.len()].copy_from_slice(rest);
        self.add(u64::from_le_bytes(last) ^ rest.len() as u64);
    }

    fn finish(&self) -> u64 {
        self.hash
    }
}

/// Offsets relative to a piece's start, as memo keys and cached values store them.
pub fn relative(range: &std::ops::Range<usize>, base: usize) -> std::ops::Range<u32> {
    (range.start - base) as u32..(range.end - base) as u32
}

/// A relative range placed back at a piece's start.
pub fn absolute(range: &std::ops::Range<u32>, base: usize) -> std::ops::Range<usize> {
    base + range.start as usize..base + range.end as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_computed_once_per_key_and_forgotten_when_unused() {
        let mut memo: Memo<usize> = Memo::new(true);
        let calls = std::cell::Cell::new(0);
        let get = |memo: &mut Memo<usize>, text: &str, extra: &[u32]| {
            *memo.get_or(text, extra, || {
                calls.set(calls.get() + 1);
                text.len()
            })
        };
        assert_eq!(get(&mut memo, "alpha", &[]), 5);
        assert_eq!(get(&mut memo, "alpha", &[]), 5);
        assert_eq!(get(&mut memo, "alpha", &[1]), 5);
        memo.finish();
        assert_eq!(get(&mut memo, "alpha", &[]), 5);
        memo.finish(); // "alpha" [1] was not used by the second analysis
        memo.finish(); // nor "alpha" [] by the third
        assert!(memo.is_empty());
        assert_eq!(get(&mut memo, "alpha", &[]), 5);
        assert_eq!(calls.get(), 3);
    }

    #[test]
    fn a_disabled_memo_stores_nothing() {
        let mut memo: Memo<usize> = Memo::new(false);
        assert_eq!(*memo.get_or("beta", &[], || 4), 4);
        assert!(memo.is_empty());
    }
}
