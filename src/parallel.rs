//! The one executor: scoped threads over the cores this process may use. The CLI maps
//! files over it, the analysis the pieces of a draft it has not seen. A leaf module.

use std::cell::Cell;
use std::sync::Mutex;

/// The cores this process may use.
pub fn cores() -> usize {
    // Asking the system reads cgroup files: once is enough.
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

thread_local! {
    /// The cores this thread's maps may use while it runs one of two branches of
    /// [`join`]; all of them otherwise.
    static SHARE: Cell<Option<usize>> = const { Cell::new(None) };
}

/// Whether this thread runs a branch of [`join`] (its maps use a share of the cores).
pub fn in_branch() -> bool {
    SHARE.get().is_some()
}

/// Runs `here` on this thread and `there` on another, at once, each with half of the
/// cores for its own maps. A panic in either branch is resumed here once both are done.
pub fn join<A: Send, B: Send>(
    here: impl FnOnce() -> A + Send,
    there: impl FnOnce() -> B + Send,
) -> (A, B) {
    let share = (cores() / 2).max(1);
    std::thread::scope(|scope| {
        let other = scope.spawn(move || with_share(share, there));
        let a = with_share(share, here);
        match other.join() {
            Ok(b) => (a, b),
            Err(payload) => std::panic::resume_unwind(payload),
        }
    })
}

/// Runs `work` with this thread's maps limited to `share` cores.
fn with_share<T>(share: usize, work: impl FnOnce() -> T) -> T {
    /// Puts the share back however `work` ends: the analysis thread outlives a panic.
    struct Restore(Option<usize>);
    impl Drop for Restore {
        fn drop(&mut self) {
            SHARE.set(self.0);
        }
    }
    let _restore = Restore(SHARE.replace(Some(share)));
    work()
}

/// `work` applied to every item, in the items' order, on up to `threads` threads (at
/// most this thread's share of the cores). The calling thread works too: every thread
/// started is a fresh allocator heap and fresh search caches. Threads take items one at
/// a time, so a long item does not hold up a whole chunk. A panic in `work` is resumed
/// on the caller.
pub fn map<T: Send, R: Send>(
    items: Vec<T>,
    threads: usize,
    work: impl Fn(T) -> R + Sync,
) -> Vec<R> {
    let threads = threads
        .min(SHARE.get().unwrap_or_else(cores))
        .min(items.len());
    if threads <= 1 {
        return items.into_iter().map(work).collect();
    }
    let queue = Mutex::new(items.into_iter().enumerate());
    let take = || queue.lock().unwrap_or_else(|e| e.into_inner()).next();
    let drain = || {
        let mut done = Vec::new();
        while let Some((index, item)) = take() {
            done.push((index, work(item)));
        }
        done
    };
    let mut results: Vec<(usize, R)> = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(drain)).collect();
        let mut results = drain();
        for helper in helpers {
            match helper.join() {
                Ok(done) => results.extend(done),
                Err(payload) => std::panic::resume_unwind(payload),
            }
        }
        results
    });
    results.sort_unstable_by_key(|(index, _)| *index);
    results.into_iter().map(|(_, result)| result).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn map_keeps_the_order_on_any_number_of_threads() {
        let items: Vec<u32> = (0..1000).collect();
        for threads in [1, 2, 8] {
            let squares = map(items.clone(), threads, |n| n * n);
            assert_eq!(squares, items.iter().map(|n| n * n).collect::<Vec<_>>());
        }
    }

    #[test]
    fn a_branch_of_join_maps_on_its_share_and_gives_it_back() {
        let (inside, other) = join(|| (in_branch(), SHARE.get()), in_branch);
        assert!(inside.0 && other);
        assert_eq!(inside.1, Some((cores() / 2).max(1)));
        assert!(!in_branch());
    }

    #[test]
    fn a_panic_in_work_reaches_the_caller() {
        let caught = std::panic::catch_unwind(|| {
            map((0..100).collect::<Vec<u32>>(), 4, |n| {
                assert!(n != 57, "piece 57");
                n
            })
        });
        assert!(caught.is_err());
    }
}
