//! The writer's core (SQLite): the thread that runs a ballot writer's batches and the thread of
//! SQLite's writer connection are kept on one CPU.
//!
//! sqlx runs each SQLite connection on a thread of its own; every statement of a transaction is
//! a hand-off from the caller's thread to that thread and back. Between two CPUs each hand-off
//! wakes a sleeping CPU, which on the virtual machines Asamblea is measured on costs about
//! 60–70 µs per statement (`SELECT 1` through sqlx: 60–70 µs; with both threads on one CPU:
//! 6 µs). A ballot writer runs a dozen statements per batch, one batch after another, and is
//! the one serialized path of the server (BENCHMARKS.md, issue 15). So the writers run on a
//! thread of their own, and [`Store::pin_writer`] puts that thread and SQLite's writer thread
//! on the last CPU the process may use; the request side keeps every CPU. With one CPU, or on
//! PostgreSQL (its statements are round trips to another process), nothing is pinned.
//!
//! Both threads also run as `SCHED_BATCH` (a normal priority, no privilege needed): a thread
//! woken by the other then waits for it to block instead of taking the CPU at once. Before, each
//! row a `SELECT` returned woke the writer, which took the CPU from SQLite's thread to read it
//! and gave it back: a pair of switches per row (a batch's reads 47–65 → 34–38 µs per session
//! ballot, SQLite's thread 91–106 → 82 µs; BENCHMARKS.md).

use rustix::thread::{CpuSet, sched_getaffinity, sched_setaffinity};

use crate::{Backend, Store};

/// The name of SQLite's writer connection threads (Linux keeps 15 bytes of a thread's name).
pub(crate) fn thread_name(id: u64) -> String {
    format!("sqlite-writer-{id}")
}

const PREFIX: &str = "sqlite-writer-";

impl Store {
    /// Puts the calling thread and SQLite's writer connection thread on one CPU (the last the
    /// process may use). Returns that CPU, or `None` when nothing was pinned: PostgreSQL, a
    /// single CPU, or a system that refuses. Cheap enough to call again now and then: the
    /// writer connection may have been opened again since (its thread is then a new one).
    pub fn pin_writer(&self) -> Option<usize> {
        if self.backend() != Backend::Sqlite {
            return None;
        }
        let allowed = sched_getaffinity(None).ok()?;
        let cpus: Vec<usize> = (0..CpuSet::MAX_CPU)
            .filter(|&c| allowed.is_set(c))
            .collect();
        let &cpu = cpus.last().filter(|_| cpus.len() > 1)?;
        let mut one = CpuSet::new();
        one.set(cpu);
        sched_setaffinity(None, &one).ok()?;
        batch_scheduling(0);
        for tid in sqlite_writer_threads() {
            if let Some(pid) = rustix::thread::Pid::from_raw(tid) {
                let _ = sched_setaffinity(Some(pid), &one);
                batch_scheduling(tid);
            }
        }
        Some(cpu)
    }
}

/// Puts thread `tid` (0: the calling one) under `SCHED_BATCH`; a refusal leaves it as it was.
fn batch_scheduling(tid: i32) {
    let param = libc::sched_param { sched_priority: 0 };
    // SAFETY: `param` is a valid `sched_param` for the call's duration; the call only changes
    // the scheduling policy of a thread of this process (or fails).
    let done = unsafe { libc::sched_setscheduler(tid, libc::SCHED_BATCH, &param) };
    if done != 0 {
        tracing::debug!(tid, "SCHED_BATCH refused");
    }
}

/// The scheduling policy of thread `tid` (0: the calling one), for tests.
#[cfg(test)]
fn policy(tid: i32) -> i32 {
    // SAFETY: reads the policy of a thread of this process.
    unsafe { libc::sched_getscheduler(tid) }
}

/// The ids of this process's threads named by [`thread_name`].
fn sqlite_writer_threads() -> Vec<i32> {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return Vec::new();
    };
    tasks
        .flatten()
        .filter(|t| {
            std::fs::read_to_string(t.path().join("comm")).is_ok_and(|n| n.starts_with(PREFIX))
        })
        .filter_map(|t| t.file_name().to_str()?.parse().ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_writer_and_sqlites_writer_thread_share_one_cpu() {
        let db = crate::testing::TestDb::sqlite().await;
        let allowed = sched_getaffinity(None).unwrap();
        let n = (0..CpuSet::MAX_CPU).filter(|&c| allowed.is_set(c)).count();
        let pinned = std::thread::scope(|s| {
            s.spawn(|| {
                let cpu = db.store.pin_writer();
                let batch = policy(0) == libc::SCHED_BATCH;
                (cpu, sched_getaffinity(None).unwrap(), batch)
            })
            .join()
            .unwrap()
        });
        if n < 2 {
            // Nothing to keep apart on one CPU: the test can only check that nothing is pinned.
            assert_eq!(pinned.0, None, "one CPU: nothing pinned");
            return;
        }
        let cpu = pinned.0.expect("two CPUs or more: pinned");
        assert_eq!(pinned.1.count(), 1);
        assert!(pinned.1.is_set(cpu));
        // Neither thread takes the CPU from the other when woken by it.
        assert!(pinned.2, "the writer's thread runs as SCHED_BATCH");
        let writers = sqlite_writer_threads();
        assert!(
            !writers.is_empty(),
            "the writer connection's thread is named"
        );
        for tid in writers {
            let set = sched_getaffinity(rustix::thread::Pid::from_raw(tid)).unwrap();
            assert_eq!(set.count(), 1);
            assert!(set.is_set(cpu));
            assert_eq!(policy(tid), libc::SCHED_BATCH, "SQLite's writer thread");
        }
        assert_ne!(
            policy(0),
            libc::SCHED_BATCH,
            "the test's thread is left as it was"
        );
        // This thread (the test's) was not pinned.
        assert_eq!(sched_getaffinity(None).unwrap().count() as usize, n);
    }
}
