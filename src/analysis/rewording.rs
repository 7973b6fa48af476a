//! Quotations given twice in different words: the same remark quoted once as "We will
//! not negotiate" and later as "We will never negotiate". Wordings are compared when
//! they share a run of three words, by the longest common subsequence of their words.
//!
//! Each keystroke re-reads every quotation of a long draft, so a quotation's words are
//! remembered by its text, the comparison of two wordings by the two wordings, and the
//! pairs found by all of the draft's wordings in order: typing outside a quotation
//! compares nothing.
//!
//! The cost stays linear in the draft whatever it holds: a wording is compared with at
//! most [`MAX_CANDIDATES`] earlier wordings (the earliest that share a run with it),
//! and a comparison counts the common subsequence 64 words at a time (bit-parallel),
//! so a draft that gives one remark a thousand times in slightly different words does
//! not compare every quotation with every other.

use std::collections::HashMap;
use std::sync::Arc;

use super::memo::{FastBuildHasher, Memo};
use super::{Quote, QuoteKind};

/// Quotations shorter than this share words by chance.
const MIN_WORDS: usize = 6;
/// Share of the shorter quotation's words that must recur, in order, in the other.
const MIN_OVERLAP: f64 = 0.75;
/// How many earlier wordings, the earliest first, a wording is compared with: a draft
/// rarely gives one remark more than a few times, and the first giving is the one a
/// finding points to.
const MAX_CANDIDATES: usize = 16;

/// A quotation's words as hashes: cheap to compare, no allocation per comparison.
/// Words are runs of letters, digits and apostrophes, compared in lower case with
/// curly apostrophes straight; a multiply-rotate hash, as only equality matters.
fn words(text: &str) -> Vec<u64> {
    fn step(hash: u64, c: char) -> u64 {
        let c = if c == '’' { '\'' } else { c };
        (hash.rotate_left(5) ^ u64::from(c)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95)
    }
    let mut words = Vec::new();
    let mut hash = 0u64;
    let mut in_word = false;
    for c in text.chars() {
        if c.is_ascii() {
            // Most of a draft: no case table to consult.
            if c.is_ascii_alphanumeric() || c == '\'' {
                hash = step(hash, c.to_ascii_lowercase());
                in_word = true;
                continue;
            }
        } else if c.is_alphanumeric() || c == '’' {
            hash = c.to_lowercase().fold(hash, step);
            in_word = true;
            continue;
        }
        if in_word {
            words.push(hash);
            hash = 0;
            in_word = false;
        }
    }
    if in_word {
        words.push(hash);
    }
    words
}

/// A wording's words, with the quotations (indices) that use it, in order.
type Wording = (Arc<Vec<u64>>, Vec<usize>);

/// A quotation that gives an earlier one in other words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rewording {
    /// Index in the quotations of the first quotation with the earlier wording.
    pub earlier: usize,
    /// Index of the later quotation.
    pub later: usize,
}

/// What the reworded-quotation pass remembers from one analysis to the next.
pub struct Memos {
    /// A quotation's words, by its text.
    pub words: Memo<Vec<u64>>,
    /// Whether two wordings differ only in wording, by the two wordings.
    pub compared: Memo<bool>,
    /// The reworded pairs among a draft's wordings, by all of its wordings in order.
    pub pairs: Memo<Vec<(usize, usize)>>,
}

impl Memos {
    pub fn new(enabled: bool) -> Memos {
        Memos {
            words: Memo::new(enabled),
            compared: Memo::new(enabled),
            pairs: Memo::new(enabled),
        }
    }

    pub fn clear(&mut self) {
        self.words.clear();
        self.compared.clear();
        self.pairs.clear();
    }

    pub fn finish(&mut self) {
        self.words.finish();
        self.compared.finish();
        self.pairs.finish();
    }
}

/// Every quotation whose wording differs from an earlier quotation's only in wording,
/// in order; titles and quotations shorter than six words are left out.
pub fn rewordings(text: &str, quotes: &[Quote], memos: &mut Memos) -> Vec<Rewording> {
    // Each distinct wording once, with every quotation that uses it, in order.
    let mut wordings: Vec<Wording> = Vec::new();
    let mut seen: HashMap<&[u64], usize, FastBuildHasher> = HashMap::default();
    let all: Vec<Option<Arc<Vec<u64>>>> = quotes
        .iter()
        .map(|quote| {
            (quote.kind != QuoteKind::Title).then(|| {
                let content = &text[quote.content.clone()];
                memos.words.get_or(content, &[], || words(content))
            })
        })
        .collect();
    for (i, w) in all.iter().enumerate() {
        let Some(w) = w else { continue };
        if w.len() < MIN_WORDS {
            continue;
        }
        match seen.get(w.as_slice()) {
            Some(&at) => wordings[at].1.push(i),
            None => {
                seen.insert(w.as_slice(), wordings.len());
                wordings.push((w.clone(), vec![i]));
            }
        }
    }
    // Most keystrokes change no quotation: the pairs found among the same wordings,
    // in the same order, are remembered whole.
    let mut key: Vec<u32> = Vec::new();
    for (words, _) in &wordings {
        push_words(&mut key, words);
    }
    let pairs = memos
        .pairs
        .get_or("", &key, || reworded_pairs(&wordings, &mut memos.compared));
    let mut found = Vec::new();
    for &(earlier, later) in pairs.iter() {
        let first = wordings[earlier].1[0];
        for &index in &wordings[later].1 {
            if quotes[index].range.start >= quotes[first].range.start {
                found.push(Rewording {
                    earlier: first,
                    later: index,
                });
            }
        }
    }
    found
}

fn push_words(key: &mut Vec<u32>, words: &[u64]) {
    key.push(words.len() as u32);
    key.extend(words.iter().flat_map(|&w| [w as u32, (w >> 32) as u32]));
}

/// Each wording that rewords an earlier one, with the first such earlier wording:
/// (earlier, later) as indices into `wordings`.
fn reworded_pairs(wordings: &[Wording], compared: &mut Memo<bool>) -> Vec<(usize, usize)> {
    // Only wordings that share a run of three words are compared: a reworded quote
    // keeps most of its words in order, so it shares such a run with the original.
    // Every (run, wording) pair sorted once: a wording's candidates are the earlier
    // wordings in each of its runs' groups.
    let mut runs: Vec<(u64, usize)> = wordings
        .iter()
        .enumerate()
        .flat_map(|(i, (words, _))| words.windows(3).map(move |run| (run_hash(run), i)))
        .collect();
    runs.sort_unstable();
    runs.dedup();
    // A group lists its wordings in order. Only the first MAX_CANDIDATES earlier ones
    // of each group can be among the first MAX_CANDIDATES of a wording's candidates
    // (any other has that many earlier ones before it in the same group), so a run
    // that a thousand wordings share adds at most that many to each, not a thousand.
    let mut candidates: Vec<Vec<usize>> = vec![Vec::new(); wordings.len()];
    for group in runs.chunk_by(|a, b| a.0 == b.0) {
        for (k, &(_, later)) in group.iter().enumerate().skip(1) {
            let earlier = &group[..k.min(MAX_CANDIDATES)];
            candidates[later].extend(earlier.iter().map(|&(_, earlier)| earlier));
        }
    }
    let mut pairs = Vec::new();
    let mut key: Vec<u32> = Vec::new();
    for (later, candidates) in candidates.iter_mut().enumerate() {
        candidates.sort_unstable();
        candidates.dedup();
        candidates.truncate(MAX_CANDIDATES);
        let earlier = candidates.iter().copied().find(|&e| {
            // The comparison is remembered by both wordings, word for word.
            key.clear();
            push_words(&mut key, &wordings[e].0);
            push_words(&mut key, &wordings[later].0);
            *compared.get_or("", &key, || {
                differs_in_wording(&wordings[e].0, &wordings[later].0)
            })
        });
        if let Some(earlier) = earlier {
            pairs.push((earlier, later));
        }
    }
    pairs
}

/// Three words' hashes as one.
fn run_hash(run: &[u64]) -> u64 {
    run.iter().fold(0u64, |hash, &word| {
        (hash.rotate_left(23) ^ word).wrapping_mul(0x9e37_79b9_7f4a_7c15)
    })
}

/// Mostly the same words in the same order, but not the same sequence, and neither a
/// verbatim fragment of the other.
fn differs_in_wording(a: &[u64], b: &[u64]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if (short.len() as f64) < 0.6 * long.len() as f64
        || long.windows(short.len()).any(|w| w == short)
    {
        return false;
    }
    let common = lcs(short, long);
    common as f64 >= MIN_OVERLAP * short.len() as f64
        && (short.len() as f64) >= 0.6 * long.len() as f64
}

/// The length of the longest common subsequence of two word lists, the words of `a`
/// a bit each (Allison and Dix's bit-parallel count, as Hyyrö states it): for each
/// word of `b`, V ← (V + (V & M)) | (V & !M), where M marks where that word stands in
/// `a`; the zeros of V are the common subsequence. 64 of `a`'s words a step, not one.
fn lcs(a: &[u64], b: &[u64]) -> usize {
    if a.is_empty() || b.is_empty() {
        return 0;
    }
    let blocks = a.len().div_ceil(64);
    // Each distinct word of `a` with the bits of its places, in one flat table.
    let mut index: HashMap<u64, usize, FastBuildHasher> = HashMap::default();
    let mut masks: Vec<u64> = Vec::new();
    for (i, word) in a.iter().enumerate() {
        let at = *index.entry(*word).or_insert_with(|| {
            masks.resize(masks.len() + blocks, 0);
            masks.len() / blocks - 1
        });
        masks[at * blocks + i / 64] |= 1 << (i % 64);
    }
    let mut v = vec![u64::MAX; blocks];
    for word in b {
        let Some(&at) = index.get(word) else {
            continue; // M is empty: V stays as it is
        };
        let m = &masks[at * blocks..(at + 1) * blocks];
        let mut carry = false;
        for (v, &m) in v.iter_mut().zip(m) {
            let u = *v & m;
            let (sum, over) = v.overflowing_add(u);
            let (sum, over_carry) = sum.overflowing_add(u64::from(carry));
            carry = over || over_carry;
            *v = sum | (*v & !m);
        }
    }
    let tail = a.len() % 64;
    v.iter()
        .enumerate()
        .map(|(k, &v)| {
            let valid = if k + 1 == blocks && tail != 0 {
                (1u64 << tail) - 1
            } else {
                u64::MAX
            };
            (!v & valid).count_ones() as usize
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(text: &str) -> Vec<u64> {
        words(text)
    }

    fn found(text: &str, memos: &mut Memos) -> Vec<Rewording> {
        let analysis = crate::analysis::read(
            text,
            crate::analysis::Format::PlainText,
            &crate::config::Config::default(),
            crate::analysis::Passes::ALL,
        );
        let found = rewordings(text, &analysis.quotes, memos);
        memos.finish();
        found
    }

    #[test]
    fn remembered_comparisons_give_what_fresh_ones_do() {
        let drafts = [
            "“We will not negotiate under threats of any kind,” Ruiz said.\n\nLater: “We will never negotiate under threats of any kind,” she said.\n",
            "“We will not negotiate under threats of any kind,” Ruiz said.\n\nLater: “We will not negotiate under threats of any kind,” she said.\n",
            "“We will not negotiate under threats of any kind,” Ruiz said.\n\nLater: “We shall never negotiate under threats of any kind,” she said.\n",
            "“We will not negotiate under threats of any kind,” Ruiz said.\n\nA short aside: “no”.\n\nLater: “We will never negotiate under threats of any kind,” she said.\n",
        ];
        let mut memos = Memos::new(true);
        for _ in 0..2 {
            for draft in drafts {
                let fresh = found(draft, &mut Memos::new(false));
                assert_eq!(found(draft, &mut memos), fresh, "{draft}");
            }
        }
        assert_eq!(found(drafts[0], &mut memos).len(), 1);
        assert!(found(drafts[1], &mut memos).is_empty());
        assert_eq!(
            found(drafts[3], &mut memos)[0],
            Rewording {
                earlier: 0,
                later: 2
            }
        );
    }

    /// The textbook dynamic programme, row by row.
    fn lcs_by_rows(a: &[u64], b: &[u64]) -> usize {
        let mut row = vec![0usize; b.len() + 1];
        for x in a {
            let mut diagonal = 0;
            for (j, y) in b.iter().enumerate() {
                let above = row[j + 1];
                row[j + 1] = if x == y {
                    diagonal + 1
                } else {
                    above.max(row[j])
                };
                diagonal = above;
            }
        }
        row[b.len()]
    }

    #[test]
    fn bit_parallel_lcs_counts_what_the_table_does() {
        // Small alphabets (many repeats) and lengths on both sides of 64 and 128.
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        };
        for round in 0..400 {
            let alphabet = [2, 3, 5, 40][round % 4];
            let a: Vec<u64> = (0..next(150)).map(|_| next(alphabet)).collect();
            let b: Vec<u64> = (0..next(150)).map(|_| next(alphabet)).collect();
            assert_eq!(lcs(&a, &b), lcs_by_rows(&a, &b), "{a:?} / {b:?}");
            assert_eq!(lcs(&b, &a), lcs_by_rows(&a, &b), "{b:?} / {a:?}");
        }
        assert_eq!(lcs(&[], &[1, 2]), 0);
        let long: Vec<u64> = (0..200).collect();
        assert_eq!(lcs(&long, &long), 200);
    }

    #[test]
    fn a_remark_given_many_times_is_compared_with_a_few_earlier_givings() {
        // A thousand near-identical quotations: each is paired with the first giving,
        // and no wording is compared with more than MAX_CANDIDATES earlier ones.
        let mut text = String::new();
        for n in 0..1000 {
            text.push_str(&format!(
                "“We will not reopen the port until the government meets our {n} demands,” Ruiz said.\n\n"
            ));
        }
        let mut memos = Memos::new(true);
        let found = found(&text, &mut memos);
        assert_eq!(found.len(), 999);
        assert!(found.iter().all(|r| r.earlier == 0));
        assert!(memos.compared.len() <= 999 * MAX_CANDIDATES);
    }

    #[test]
    fn words_ignore_case_and_apostrophe_style() {
        assert_eq!(w("Don’t STOP, ISTANBUL—now"), w("don't stop istanbul now"));
        assert_eq!(w("  «twenty-one»  "), w("twenty one"));
        assert_eq!(w("Ünal said 3"), w("ünal said 3"));
        assert_ne!(w("form"), w("from"));
        assert!(w(" … — ").is_empty());
    }

    #[test]
    fn reworded_quotes_differ_and_fragments_do_not() {
        assert!(differs_in_wording(
            &w("We will not negotiate under threats of any kind"),
            &w("We will never negotiate under threats of any kind")
        ));
        assert!(!differs_in_wording(
            &w("not negotiate under threats of any kind"),
            &w("We will not negotiate under threats of any kind, ever")
        ));
        assert!(!differs_in_wording(
            &w("The harbor will reopen on Monday morning"),
            &w("Our members will stay out until the contract is signed")
        ));
    }
}
