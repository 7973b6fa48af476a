//! The server's allocator: jemalloc, with the large blocks one keystroke frees kept
//! for the next keystroke instead of going back to the system.
//!
//! jemalloc is configured (in `main.rs`) to hand freed pages back at once: that keeps
//! a long draft's peak memory low. But every keystroke frees its document-sized
//! buffers (the text, the masked text, the sentence, unit, quotation and finding lists,
//! the diagnostics and their JSON), and the next keystroke would fault them all back
//! in, page by page, a large share of its time. The next keystroke asks for the same sizes
//! again, so a large block freed here waits for a request of its size class instead.
//!
//! The pool is bounded by what the previous round of work asked for (a round ends
//! when the server calls [`settle`], after each analysis, published or not), so a draft's
//! first analysis, which has no round before it, keeps nothing and its peak is as
//! before; and what a whole round did not take back goes to jemalloc at its end, so
//! memory follows the draft. Size classes are four to a power of two, jemalloc's own
//! for large blocks: a block is at most a quarter larger than the request it serves.

use std::alloc::{GlobalAlloc, Layout};
use std::sync::{Mutex, MutexGuard};

use tikv_jemallocator::Jemalloc;

/// Blocks from this size up are pooled: jemalloc's large size classes start here, and
/// below it jemalloc's own thread caches recycle.
const SMALLEST: usize = 16 * 1024;

/// The most the pool holds, and so the largest block it takes: about twice what a
/// keystroke in a 50,000-word draft asks for in large blocks.
const MOST_BYTES: usize = 8 * 1024 * 1024;

/// The most free blocks the pool holds (more than a 50,000-word keystroke frees);
/// past it, a freed block goes straight back to jemalloc.
const SLOTS: usize = 64;

/// The global allocator: `#[global_allocator] static A: Recycling = Recycling;`.
pub struct Recycling;

#[derive(Clone, Copy)]
struct Slot {
    address: usize,
    class: usize,
    /// The round in which the block was freed.
    round: u32,
}

struct Pool {
    slots: [Slot; SLOTS],
    len: usize,
    /// The bytes the free blocks hold.
    bytes: usize,
    round: u32,
    /// The bytes of large blocks asked for this round, pooled or not.
    demand: usize,
    /// The most `bytes` may reach this round: the previous round's demand.
    budget: usize,
}

static POOL: Mutex<Pool> = Mutex::new(Pool {
    slots: [Slot {
        address: 0,
        class: 0,
        round: 0,
    }; SLOTS],
    len: 0,
    bytes: 0,
    round: 0,
    demand: 0,
    budget: 0,
});

/// The pool, even if a thread panicked holding it: no change to it can be left half
/// made, each is a few plain stores.
fn pool() -> MutexGuard<'static, Pool> {
    POOL.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The size class of a pooled request: rounded up to a quarter of its power of two.
fn class_of(size: usize) -> usize {
    let power = usize::BITS - 1 - (size - 1).leading_zeros();
    let step = 1usize << (power - 2);
    (size + step - 1) & !(step - 1)
}

fn pooled(layout: &Layout) -> bool {
    (SMALLEST..=MOST_BYTES).contains(&layout.size()) && layout.align() <= 16
}

/// The layout jemalloc sees for a class's blocks: an alignment of 16 serves every
/// request the pool takes.
fn class_layout(class: usize) -> Layout {
    // SAFETY: a class is a multiple of 4 KiB, at most 8 MiB.
    unsafe { Layout::from_size_align_unchecked(class, 16) }
}

impl Pool {
    fn take(&mut self, class: usize) -> Option<*mut u8> {
        self.demand += class;
        let found = self.slots[..self.len]
            .iter()
            .position(|slot| slot.class == class)?;
        let slot = self.slots[found];
        self.remove(found);
        Some(slot.address as *mut u8)
    }

    fn keep(&mut self, block: *mut u8, class: usize) -> bool {
        if self.len == SLOTS || self.bytes + class > self.budget {
            return false;
        }
        self.slots[self.len] = Slot {
            address: block as usize,
            class,
            round: self.round,
        };
        self.len += 1;
        self.bytes += class;
        true
    }

    fn remove(&mut self, index: usize) {
        self.bytes -= self.slots[index].class;
        self.len -= 1;
        self.slots[index] = self.slots[self.len];
    }

    /// Takes out the blocks `stale` picks, for freeing once the lock is let go.
    fn drain(&mut self, stale: impl Fn(&Slot) -> bool) -> ([Slot; SLOTS], usize) {
        let mut drained = [self.slots[0]; SLOTS];
        let mut count = 0;
        let mut i = 0;
        while i < self.len {
            if stale(&self.slots[i]) {
                drained[count] = self.slots[i];
                count += 1;
                self.remove(i);
            } else {
                i += 1;
            }
        }
        (drained, count)
    }
}

fn free_all(blocks: &[Slot]) {
    for slot in blocks {
        // SAFETY: the block came from jemalloc with its class's layout (see
        // `alloc_pooled`), and the pool held the only pointer to it.
        unsafe { Jemalloc.dealloc(slot.address as *mut u8, class_layout(slot.class)) };
    }
}

/// Ends a round of work: the blocks freed before this round began and not taken since
/// go back to jemalloc, and the next round may keep as much as this one asked for.
/// The server ends a round after each analysis (`server::set_after_analysis`); where
/// no round ever ends (the CLI), the pool keeps nothing.
pub fn settle() {
    let (stale, count) = {
        let mut pool = pool();
        let round = pool.round;
        let drained = pool.drain(|slot| slot.round != round);
        pool.budget = pool.demand.min(MOST_BYTES);
        pool.demand = 0;
        pool.round = round.wrapping_add(1);
        drained
    };
    free_all(&stale[..count]);
}

/// The bytes the pool holds, for tests and measurements.
#[allow(dead_code)] // read by tests/allocator.rs
pub fn pooled_bytes() -> usize {
    pool().bytes
}

// SAFETY: every block handed out is either jemalloc's own answer to the caller's
// layout, or a block of at least the request's size and alignment 16 that no one else
// holds (jemalloc's, allocated with its class's layout, or taken from the pool, which
// held the only pointer to it); a freed block is given back with the layout it was
// allocated with.
unsafe impl GlobalAlloc for Recycling {
    // Each method is one call, not inlined: inlined (as jemalloc's own methods are),
    // the allocator is copied into every allocation site, more code resident for few
    // instructions saved. The pool's paths are calls of their own, so the small
    // blocks' path stays short.
    #[inline(never)]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if pooled(&layout) {
            // SAFETY: a pooled layout.
            return unsafe { alloc_pooled(layout, false) };
        }
        // SAFETY: the caller's layout, passed on.
        unsafe { Jemalloc.alloc(layout) }
    }

    #[inline(never)]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if pooled(&layout) {
            // SAFETY: a pooled layout.
            return unsafe { alloc_pooled(layout, true) };
        }
        // SAFETY: the caller's layout, passed on.
        unsafe { Jemalloc.alloc_zeroed(layout) }
    }

    #[inline(never)]
    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        if pooled(&layout) {
            // SAFETY: allocated by `alloc_pooled` with this layout.
            return unsafe { dealloc_pooled(block, layout) };
        }
        // SAFETY: jemalloc allocated it with this layout (see `alloc`).
        unsafe { Jemalloc.dealloc(block, layout) }
    }

    #[inline(never)]
    unsafe fn realloc(&self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller promises the new size is valid for this alignment.
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        if !pooled(&layout) && !pooled(&new_layout) {
            // SAFETY: jemalloc's block, resized by jemalloc.
            return unsafe { Jemalloc.realloc(block, layout, new_size) };
        }
        // SAFETY: the caller's block and layouts, passed on.
        unsafe { realloc_pooled(block, layout, new_layout) }
    }
}

/// # Safety
/// `layout` is pooled.
#[inline(never)]
unsafe fn alloc_pooled(layout: Layout, zeroed: bool) -> *mut u8 {
    let class = class_of(layout.size());
    // The lock is let go before the block is zeroed: a block may be megabytes.
    let taken = pool().take(class);
    if let Some(block) = taken {
        if zeroed {
            // SAFETY: the block holds `class` bytes, at least the request.
            unsafe { block.write_bytes(0, layout.size()) };
        }
        return block;
    }
    // SAFETY: a nonzero size.
    unsafe {
        if zeroed {
            Jemalloc.alloc_zeroed(class_layout(class))
        } else {
            Jemalloc.alloc(class_layout(class))
        }
    }
}

/// # Safety
/// `block` came from `alloc_pooled` (or `realloc_pooled`) with this pooled layout.
#[inline(never)]
unsafe fn dealloc_pooled(block: *mut u8, layout: Layout) {
    let class = class_of(layout.size());
    if !pool().keep(block, class) {
        // SAFETY: allocated with the class's layout.
        unsafe { Jemalloc.dealloc(block, class_layout(class)) }
    }
}

/// # Safety
/// `block` was allocated by this allocator with `layout`; one of the layouts is pooled.
#[inline(never)]
unsafe fn realloc_pooled(block: *mut u8, layout: Layout, new_layout: Layout) -> *mut u8 {
    let new_size = new_layout.size();
    if pooled(&layout) && pooled(&new_layout) {
        let (class, new_class) = (class_of(layout.size()), class_of(new_size));
        if class == new_class {
            return block; // the block's class holds the new size too
        }
        // With the pool off (a draft's first analysis, the CLI), jemalloc resizes the
        // block, in place when it can: there is no next round to keep the old one for.
        if pool().budget == 0 {
            // SAFETY: allocated with the class's layout; the result has the new one's.
            return unsafe { Jemalloc.realloc(block, class_layout(class), new_class) };
        }
    }
    // SAFETY: valid layouts; the old block is copied before it is freed, and kept if no
    // new one could be had.
    unsafe {
        let moved = Recycling.alloc(new_layout);
        if !moved.is_null() {
            std::ptr::copy_nonoverlapping(block, moved, layout.size().min(new_size));
            Recycling.dealloc(block, layout);
        }
        moved
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_are_four_to_a_power_of_two_and_hold_their_requests() {
        assert_eq!(class_of(16 * 1024), 16 * 1024);
        assert_eq!(class_of(16 * 1024 + 1), 20 * 1024);
        assert_eq!(class_of(300_000), 327_680);
        assert_eq!(class_of(1 << 20), 1 << 20);
        assert_eq!(class_of((1 << 20) + 1), 1_310_720);
        for size in (SMALLEST..=MOST_BYTES).step_by(997) {
            let class = class_of(size);
            assert!(
                class >= size && class - size <= size / 4,
                "{size} → {class}"
            );
            assert_eq!(class % 4096, 0);
            assert_eq!(class_of(class), class);
        }
    }
}
