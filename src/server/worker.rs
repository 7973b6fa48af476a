//! The thread that analyses drafts too long to analyse inline.
//!
//! One thread that lives as long as the session, not tokio's blocking pool: a pool
//! thread that sat idle ten seconds is replaced by a new one, and each new thread
//! starts a heap of its own in the allocator. With a 50,000-word draft open that cost
//! about ten megabytes a replacement, kept for the rest of the session. Long drafts
//! are analysed one at a time, and a job checks when its turn comes whether a newer
//! edit has made it pointless (`backend/jobs.rs`); short ones never come here.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc;

use super::requests::panic_message;

type Job = Box<dyn FnOnce() + Send>;

pub struct Worker {
    jobs: Option<mpsc::Sender<Job>>,
}

impl Worker {
    /// Starts the thread; it ends when the worker is dropped. If the system refuses a
    /// thread, jobs go to tokio's blocking pool instead.
    pub fn start() -> Worker {
        let (jobs, queue) = mpsc::channel::<Job>();
        let started = std::thread::Builder::new()
            .name("copydesk-analysis".to_string())
            .spawn(move || {
                for job in queue {
                    job();
                }
            });
        if let Err(err) = &started {
            tracing::warn!("no analysis thread ({err}); using the blocking pool");
        }
        Worker {
            jobs: started.is_ok().then_some(jobs),
        }
    }

    /// Runs `work` on the thread when it is free, without waiting for it; a panic in
    /// it is logged.
    pub fn spawn(&self, work: impl FnOnce() + Send + 'static) {
        let job: Job = Box::new(move || {
            if let Err(payload) = catch_unwind(AssertUnwindSafe(work)) {
                tracing::error!(
                    "background work failed: {}",
                    panic_message(payload.as_ref())
                );
            }
        });
        let job = match &self.jobs {
            Some(jobs) => match jobs.send(job) {
                Ok(()) => return,
                Err(mpsc::SendError(job)) => job,
            },
            None => job,
        };
        // No analysis thread: a thread of its own, or not at all if that too is refused.
        let _ = std::thread::Builder::new().spawn(job);
    }

    /// Runs `work` on the thread and waits for it without blocking the async thread.
    /// A panic in `work` comes back as its message.
    pub async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, String> {
        let Some(jobs) = &self.jobs else {
            return tokio::task::spawn_blocking(work).await.map_err(|err| {
                match err.try_into_panic() {
                    Ok(payload) => panic_message(payload.as_ref()),
                    Err(err) => err.to_string(),
                }
            });
        };
        let (done, result) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            let outcome = catch_unwind(AssertUnwindSafe(work))
                .map_err(|payload| panic_message(payload.as_ref()));
            // The waiter may be gone (the session ended): nothing to tell.
            let _ = done.send(outcome);
        });
        jobs.send(job)
            .map_err(|_| "the analysis thread has stopped".to_string())?;
        result
            .await
            .map_err(|_| "the analysis thread dropped the draft".to_string())?
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn runs_work_on_one_thread_and_reports_panics() {
        let worker = Worker::start();
        let first = worker.run(|| std::thread::current().id()).await.unwrap();
        let second = worker.run(|| std::thread::current().id()).await.unwrap();
        assert_eq!(first, second);
        assert_ne!(first, std::thread::current().id());
        let failed = worker.run(|| -> u8 { panic!("bad draft") }).await;
        assert_eq!(failed, Err("bad draft".to_string()));
        // The thread survives a panic, in work waited for or not.
        worker.spawn(|| panic!("warm-up failed"));
        assert_eq!(worker.run(|| 7).await, Ok(7));
    }
}
