//! The server's allocator, installed as this test binary's global allocator: blocks
//! keep their contents through every path (pooled or not, grown, shrunk, zeroed), a
//! freed large block serves the next request of its size class, and the pool empties
//! when rounds end without taking its blocks back.
//!
//! One test only: the pool is global, and a second test on another thread could take
//! the blocks this one expects back.

#[path = "../benches/support/draft.rs"]
mod draft;

// The allocator is the binary's, not the library's: compiled into this test too.
#[path = "../src/allocator.rs"]
mod allocator;

use allocator::Recycling;

#[global_allocator]
static ALLOCATOR: Recycling = Recycling;

/// A deterministic byte pattern for block `tag`, so a block's contents can be checked.
fn pattern(tag: usize, at: usize) -> u8 {
    (tag.wrapping_mul(31).wrapping_add(at.wrapping_mul(7)) % 251) as u8
}

fn filled(tag: usize, len: usize) -> Vec<u8> {
    (0..len).map(|at| pattern(tag, at)).collect()
}

fn assert_holds(block: &[u8], tag: usize, len: usize) {
    assert!(block.len() >= len);
    if let Some(at) = (0..len).find(|&at| block[at] != pattern(tag, at)) {
        panic!("block {tag} changed at byte {at} of {len}");
    }
}

#[test]
fn blocks_keep_their_contents_and_large_ones_are_reused_then_released() {
    // Nothing is pooled before a round has shown what it asks for.
    allocator::settle();
    allocator::settle();
    let first = vec![7u8; 300_000];
    let address = first.as_ptr();
    drop(first);
    assert_eq!(allocator::pooled_bytes(), 0);

    // A round asked for 300 kB: the next one keeps such a block and hands it back.
    allocator::settle();
    let second = vec![1u8; 300_000];
    drop(second);
    assert!(allocator::pooled_bytes() >= 300_000);
    let third: Vec<u8> = Vec::with_capacity(290_000);
    let reused = third.as_ptr();
    assert_eq!(allocator::pooled_bytes(), 0, "taken from the pool");
    drop(third);
    let _ = address; // the first block went back to jemalloc: its address may differ

    // A zeroed request served from the pool is zeroed.
    allocator::settle();
    let zeros = vec![0u8; 295_000];
    assert_eq!(
        zeros.as_ptr(),
        reused,
        "the same size class, the same block"
    );
    assert!(zeros.iter().all(|&b| b == 0));
    drop(zeros);

    // Random sizes across the small/large line, grown and shrunk through every path.
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move |below: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % below as u64) as usize
    };
    let sizes = [
        10, 5_000, 16_383, 16_384, 16_385, 40_000, 100_000, 700_000, 3_000_000,
    ];
    let mut live: Vec<(usize, Vec<u8>, usize)> = Vec::new();
    for step in 0..3_000 {
        match next(5) {
            0 | 1 => {
                let len = sizes[next(sizes.len())] + next(100);
                live.push((step, filled(step, len), len));
            }
            2 if !live.is_empty() => {
                let (tag, mut block, len) = live.swap_remove(next(live.len()));
                assert_holds(&block, tag, len);
                // Grow or shrink the allocation itself (realloc), then check and refill.
                let new_len = sizes[next(sizes.len())] + next(100);
                if new_len > block.capacity() {
                    block.reserve_exact(new_len - block.len());
                } else {
                    block.truncate(new_len);
                    block.shrink_to_fit();
                }
                assert_holds(&block, tag, len.min(new_len));
                block.clear();
                block.extend((0..new_len).map(|at| pattern(step, at)));
                live.push((step, block, new_len));
            }
            3 if !live.is_empty() => {
                let (tag, block, len) = live.swap_remove(next(live.len()));
                assert_holds(&block, tag, len);
            }
            _ => allocator::settle(),
        }
    }
    for (tag, block, len) in &live {
        assert_holds(block, *tag, *len);
    }
    drop(live);

    // Rounds that take nothing back empty the pool.
    allocator::settle();
    allocator::settle();
    assert_eq!(allocator::pooled_bytes(), 0);
    let block = vec![3u8; 50_000];
    allocator::settle();
    drop(block);
    assert!(allocator::pooled_bytes() > 0);
    allocator::settle();
    allocator::settle();
    assert_eq!(allocator::pooled_bytes(), 0);

    analyses_under_the_pool_equal_fresh_ones();
}

/// A generated draft analysed keystroke after keystroke, a round ended after each,
/// reads as a fresh analysis of it does.
fn analyses_under_the_pool_equal_fresh_ones() {
    use copydesk::analysis::{Cache, Format};
    use copydesk::config::Config;
    let config = Config::default();
    let versions = draft::keystroke_versions(&draft::generate(3_000, draft::SEED));
    let fresh = versions
        .each_ref()
        .map(|text| copydesk::check::analyze(text, Format::Markdown, &config));
    let mut cache = Cache::new();
    for turn in 0..6 {
        let analysed = copydesk::check::analyze_with(
            &versions[turn % 2],
            Format::Markdown,
            &config,
            &mut cache,
        );
        assert_eq!(analysed, fresh[turn % 2], "keystroke {turn}");
        allocator::settle();
    }
    assert!(
        allocator::pooled_bytes() > 0,
        "a keystroke's large blocks are kept"
    );
}
