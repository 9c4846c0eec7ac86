//! Members' imports running on this server, by the token of their staged file, for their
//! progress page. Memory only: what is durable is the import itself (one transaction, one act)
//! and the staged file until then; a server that stops loses only the progress figures.

use std::collections::HashMap;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use asamblea_app::actions::registry::import_members::ImportProgress;

/// How an import ended.
#[derive(Debug, Clone, Copy)]
pub enum Outcome {
    /// Written: this many members.
    Imported(usize),
    /// Not written: the file no longer passes (this many problems).
    Problems(usize),
    /// Not written: refused with this message key.
    Refused(&'static str),
}

/// One import.
#[derive(Debug, Default)]
pub struct Job {
    pub progress: ImportProgress,
    outcome: Mutex<Option<(Outcome, Instant)>>,
}

impl Job {
    pub fn written(&self) -> usize {
        self.progress.written.load(Ordering::Relaxed)
    }
    pub fn total(&self) -> usize {
        self.progress.total.load(Ordering::Relaxed)
    }
    pub fn outcome(&self) -> Option<Outcome> {
        self.outcome
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .map(|(o, _)| o)
    }
    pub fn finish(&self, outcome: Outcome) {
        *self
            .outcome
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some((outcome, Instant::now()));
    }
    fn ended_before(&self, at: Instant) -> bool {
        self.outcome
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .is_some_and(|(_, ended)| ended < at)
    }
}

/// The imports of this server; an ended one is forgotten after an hour.
#[derive(Debug, Clone, Default)]
pub struct ImportJobs(Arc<Mutex<HashMap<String, Arc<Job>>>>);

const FORGET_AFTER: Duration = Duration::from_secs(60 * 60);

impl ImportJobs {
    /// A new job for the staged file `token` (replacing an ended one of the same token).
    pub fn start(&self, token: &str) -> Arc<Job> {
        let mut jobs = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(cutoff) = Instant::now().checked_sub(FORGET_AFTER) {
            jobs.retain(|_, j| !j.ended_before(cutoff));
        }
        let job = Arc::new(Job::default());
        jobs.insert(token.to_string(), Arc::clone(&job));
        job
    }

    pub fn get(&self, token: &str) -> Option<Arc<Job>> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(token)
            .cloned()
    }
}
