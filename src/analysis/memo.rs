//! Results of pure, local computations remembered from one analysis of a draft to the
//! next. A keystroke changes one sentence of one paragraph; every other paragraph and
//! sentence reads the same as before, so what was computed from it alone is looked up
//! by its content instead of computed again.
//!
//! A memo holds only what the latest analysis used: entries for text that was edited
//! away are dropped at the end of each analysis, so memory follows the draft's size.
//! A key is known by a 128-bit fingerprint of its text, its extra facts and its
//! length, not by a copy of it: comparing stored copies cost more than the lookups
//! saved (the copies are cold in memory by the next keystroke), and they doubled the
//! memory a draft takes. Two different pieces of one draft share a fingerprint with a
//! probability around n²/2¹²⁹ — for a 50,000-word draft, below 10⁻³⁰.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use xxhash_rust::xxh3::xxh3_128;

use crate::parallel;

pub struct Memo<V> {
    /// Each entry with the number of the last analysis that used it.
    entries: HashMap<Fingerprint, Entry<V>, Words>,
    /// The number of the analysis under way.
    analysis: u32,
    /// Off for one-shot analyses (the CLI): nothing is stored.
    enabled: bool,
    /// How many pieces the last lookup computed (it did not remember).
    computed: usize,
}

struct Entry<V> {
    value: Arc<V>,
    used_by: u32,
}

impl<V> Memo<V> {
    pub fn new(enabled: bool) -> Memo<V> {
        Memo {
            entries: HashMap::default(),
            analysis: 0,
            enabled,
            computed: 0,
        }
    }

    /// The value for a piece of text and the facts around it that the computation
    /// reads (`extra`: relative offsets, flags), computed only if no analysis since the
    /// last [`Memo::finish`] or the one before it has seen the same key.
    pub fn get_or(&mut self, text: &str, extra: &[u32], compute: impl FnOnce() -> V) -> Arc<V> {
        if !self.enabled {
            return Arc::new(compute());
        }
        self.get_or_keyed(Key::of(text, extra), compute)
    }

    /// [`Memo::get_or`] for a key made already (from a [`TextPrint`] shared by passes).
    pub fn get_or_keyed(&mut self, key: Key, compute: impl FnOnce() -> V) -> Arc<V> {
        if !self.enabled {
            return Arc::new(compute());
        }
        let key = key.0;
        let analysis = self.analysis;
        let entry = self.entries.entry(key).or_insert_with(|| Entry {
            value: Arc::new(compute()),
            used_by: analysis,
        });
        entry.used_by = analysis;
        entry.value.clone()
    }

    /// The values for many pieces at once: `pieces[i]` is a piece's text and extra
    /// facts, `compute(i)` its value. What is not remembered is computed on every core
    /// when there is enough of it (a draft just opened), in one thread otherwise (a
    /// keystroke). A one-shot memo (the CLI, which spreads files over the cores
    /// instead) computes in one thread.
    pub fn get_all<K: AsRef<[u32]>>(
        &mut self,
        pieces: &[(&str, K)],
        compute: impl Fn(usize) -> V + Sync,
    ) -> Vec<Arc<V>>
    where
        V: Send + Sync,
    {
        if !self.enabled {
            return (0..pieces.len()).map(|i| Arc::new(compute(i))).collect();
        }
        let keys: Vec<Key> = pieces
            .iter()
            .map(|(text, extra)| Key::of(text, extra.as_ref()))
            .collect();
        self.get_keyed(&keys, compute)
    }

    /// [`Memo::get_all`] for pieces whose keys are made already: passes over the same
    /// pieces (a draft's sentences) hash each text once.
    pub fn get_keyed(&mut self, keys: &[Key], compute: impl Fn(usize) -> V + Sync) -> Vec<Arc<V>>
    where
        V: Send + Sync,
    {
        if !self.enabled {
            return (0..keys.len()).map(|i| Arc::new(compute(i))).collect();
        }
        let analysis = self.analysis;
        let mut found: Vec<Option<Arc<V>>> = Vec::with_capacity(keys.len());
        // The first piece with each missing key is computed; later ones share it.
        let mut missing: HashSet<Fingerprint, Words> = HashSet::default();
        let mut to_compute = Vec::new();
        for (i, Key(key)) in keys.iter().enumerate() {
            let value = self.entries.get_mut(key).map(|entry| {
                entry.used_by = analysis;
                entry.value.clone()
            });
            if value.is_none() && missing.insert(*key) {
                to_compute.push(i);
            }
            found.push(value);
        }
        self.computed = to_compute.len();
        for (i, value) in in_parallel(&to_compute, &compute) {
            let value = Arc::new(value);
            self.entries.insert(
                keys[i].0,
                Entry {
                    value: value.clone(),
                    used_by: analysis,
                },
            );
            found[i] = Some(value);
        }
        found
            .into_iter()
            .enumerate()
            .map(|(i, value)| match value {
                Some(value) => value,
                None => self.entries[&keys[i].0].value.clone(),
            })
            .collect()
    }

    /// Ends an analysis: what it did not use is forgotten.
    pub fn finish(&mut self) {
        let analysis = self.analysis;
        self.entries.retain(|_, entry| entry.used_by == analysis);
        self.analysis = analysis.wrapping_add(1);
    }

    /// How many pieces the last [`Memo::get_keyed`] or [`Memo::get_all`] computed: all
    /// of a draft just opened, a keystroke's one or two; none when the memo is off.
    pub fn computed_last(&self) -> usize {
        self.computed
    }

    /// Whether this memo remembers (an open draft's) or computes every piece afresh
    /// (a one-shot analysis's).
    pub fn is_enabled(&self) -> bool {
        self.enabled
    }

    pub fn clear(&mut self) {
        self.entries.clear();
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Below this many pieces to compute, one thread does them all: starting threads
/// costs more than a keystroke's few pieces.
pub const PARALLEL_FROM: usize = 64;

/// Runs `here` and `there` at once, each with half of the cores for its own parallel
/// passes: two passes that do not need each other's results (attribution and the
/// sourcing passes, on a draft just opened). Each pattern is then searched, and its
/// lazily built automaton grown, by fewer threads than when every pass splits its
/// pieces over all the cores in turn, and one branch's serial work overlaps the other's.
pub fn join<A: Send, B: Send>(
    here: impl FnOnce() -> A + Send,
    there: impl FnOnce() -> B + Send,
) -> (A, B) {
    let joined = parallel::join(here, there);
    // As after any parallel pass: the caches warmed over the whole draft need not stay.
    super::pattern::shed_idle_caches();
    joined
}

fn in_parallel<V: Send>(
    indices: &[usize],
    compute: &(impl Fn(usize) -> V + Sync),
) -> Vec<(usize, V)> {
    let threads = if indices.len() < PARALLEL_FROM {
        1
    } else {
        parallel::cores()
    };
    let computed = parallel::map(indices.to_vec(), threads, |i| (i, compute(i)));
    // The threads are gone; the search caches warmed over the whole draft need not stay
    // (in a branch of `join`, not until the other branch is done with its own).
    if threads > 1 && !parallel::in_branch() {
        super::pattern::shed_idle_caches();
    }
    computed
}

/// A 128-bit hash of a key: XXH3 of the text, then of that hash and the extra facts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Fingerprint(u128);

#[cfg(test)]
impl Fingerprint {
    fn of(text: &str, extra: &[u32]) -> Fingerprint {
        TextPrint::of(text).key(extra).0
    }
}

/// A memo key made ahead of the lookup: a piece's text and its extra facts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key(Fingerprint);

impl Key {
    pub fn of(text: &str, extra: &[u32]) -> Key {
        TextPrint::of(text).key(extra)
    }
}

/// A text hashed, not yet finished into a [`Key`]: one text, several keys (each pass
/// over a draft's sentences adds its own facts).
#[derive(Debug, Clone, Copy)]
pub struct TextPrint(u128);

impl TextPrint {
    pub fn of(text: &str) -> TextPrint {
        TextPrint(xxh3_128(text.as_bytes()))
    }

    pub fn key(&self, extra: &[u32]) -> Key {
        // No facts: the text's hash is the key (most sentences' keys, every keystroke).
        // A key with facts is a hash of this one, so the two collide no more often
        // than any two keys do.
        if extra.is_empty() {
            return Key(Fingerprint(self.0));
        }
        // The text's hash, the number of facts and the facts, hashed again: short, so
        // this costs little. Longer fact lists (rare) are folded in sixteen at a time.
        let mut bytes = [0u8; 16 + 4 + 4 * 16];
        bytes[..16].copy_from_slice(&self.0.to_le_bytes());
        bytes[16..20].copy_from_slice(&(extra.len() as u32).to_le_bytes());
        let mut hash = self.0;
        let mut rest = extra;
        while !rest.is_empty() {
            let take = rest.len().min(16);
            bytes[..16].copy_from_slice(&hash.to_le_bytes());
            for (slot, fact) in bytes[20..].chunks_exact_mut(4).zip(&rest[..take]) {
                slot.copy_from_slice(&fact.to_le_bytes());
            }
            hash = xxh3_128(&bytes[..20 + 4 * take]);
            rest = &rest[take..];
        }
        Key(Fingerprint(hash))
    }
}

/// The maps' keys are fingerprints already, or offsets and short words.
type Words = FastBuildHasher;

/// rustc's Fx hash: several times faster than the standard SipHash, with no defence
/// against keys chosen to collide, which drafts are not.
pub type FastBuildHasher = rustc_hash::FxBuildHasher;

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
    fn a_pass_in_a_branch_of_join_takes_the_branch_share_of_threads() {
        let half = (parallel::cores() / 2).max(1);
        let pieces: Vec<usize> = (0..PARALLEL_FROM * 2).collect();
        let (threads, _) = join(
            || {
                let mut ids: Vec<_> = in_parallel(&pieces, &|_| {
                    // Long enough that every thread started takes a piece.
                    std::thread::sleep(std::time::Duration::from_millis(1));
                    std::thread::current().id()
                })
                .into_iter()
                .map(|(_, id)| id)
                .collect();
                ids.sort_by_key(|id| format!("{id:?}"));
                ids.dedup();
                ids.len()
            },
            || (),
        );
        assert_eq!(threads, half);
    }

    #[test]
    fn facts_and_their_number_change_the_key() {
        let print = TextPrint::of("The minister said so.");
        let many: Vec<u32> = (0..40).collect();
        let keys = [
            print.key(&[]),
            print.key(&[0]),
            print.key(&[0, 0]),
            print.key(&many[..16]),
            print.key(&many[..17]),
            print.key(&many),
        ];
        for (i, a) in keys.iter().enumerate() {
            for b in &keys[i + 1..] {
                assert_ne!(a, b);
            }
        }
        assert_eq!(
            print.key(&many),
            TextPrint::of("The minister said so.").key(&many)
        );
    }

    #[test]
    fn texts_one_edit_apart_have_different_fingerprints() {
        let base: Vec<u8> = (0..100).map(|i| b'a' + (i % 26) as u8).collect();
        let mut seen = std::collections::HashSet::new();
        for len in 0..=base.len() {
            assert!(seen.insert(Fingerprint::of(
                std::str::from_utf8(&base[..len]).unwrap(),
                &[]
            )));
        }
        for at in 0..base.len() {
            for with in [b'A', b'z', b' '] {
                let mut edited = base.clone();
                edited[at] = with;
                if edited != base {
                    let text = std::str::from_utf8(&edited).unwrap();
                    assert!(seen.insert(Fingerprint::of(text, &[])), "{text}");
                }
            }
        }
        assert_ne!(Fingerprint::of("a", &[1]), Fingerprint::of("a", &[2]));
        assert_ne!(Fingerprint::of("a", &[]), Fingerprint::of("a", &[0]));
    }

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
    fn many_pieces_at_once_are_computed_once_each_on_every_core_and_then_remembered() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let texts: Vec<String> = (0..200).map(|i| format!("sentence {}", i % 150)).collect();
        let pieces: Vec<(&str, [u32; 1])> = texts.iter().map(|t| (t.as_str(), [7])).collect();
        let calls = AtomicUsize::new(0);
        let threads = std::sync::Mutex::new(HashSet::new());
        let compute = |i: usize| {
            calls.fetch_add(1, Ordering::Relaxed);
            threads.lock().unwrap().insert(std::thread::current().id());
            // Long enough that every thread started takes a piece.
            std::thread::sleep(std::time::Duration::from_micros(200));
            pieces[i].0["sentence ".len()..].parse::<usize>().unwrap()
        };
        let mut memo: Memo<usize> = Memo::new(true);
        let first = memo.get_all(&pieces, compute);
        // 150 distinct texts: the 50 repeats share their first occurrence's value.
        assert_eq!(calls.load(Ordering::Relaxed), 150);
        assert_eq!(
            first.iter().map(|v| **v).collect::<Vec<_>>(),
            (0..200).map(|i| i % 150).collect::<Vec<_>>()
        );
        // The calling thread takes a share rather than waiting on started ones.
        let threads = threads.lock().unwrap().clone();
        assert!(threads.contains(&std::thread::current().id()));
        assert_eq!(threads.len() > 1, parallel::cores() > 1);
        memo.finish();
        let again = memo.get_all(&pieces, compute);
        assert_eq!(calls.load(Ordering::Relaxed), 150, "all remembered");
        assert!(first.iter().zip(&again).all(|(a, b)| Arc::ptr_eq(a, b)));
    }

    #[test]
    fn a_disabled_memo_stores_nothing() {
        let mut memo: Memo<usize> = Memo::new(false);
        assert_eq!(*memo.get_or("beta", &[], || 4), 4);
        assert!(memo.is_empty());
    }
}
