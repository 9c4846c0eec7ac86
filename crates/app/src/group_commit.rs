//! The loop of a group-commit writer (`ballot_writer.rs` for sessions' votes,
//! `member_ballot_writer.rs` for members' elections): take every job queued so far (at most
//! [`MAX_BATCH`]), write them in one transaction, answer each only after the commit. Under light
//! load a batch is one job and nothing waits: the writer never delays a job to fill a batch.

use std::future::Future;
use std::pin::Pin;

use asamblea_store::{Store, Tx, on_tx};
use tokio::sync::{mpsc, oneshot};

use crate::AppError;
use crate::cast_receipts::Receipt;

/// Most jobs committed together.
pub const MAX_BATCH: usize = 500;
/// Jobs that may wait for the writer before callers wait to enqueue.
pub(crate) const QUEUE: usize = 10_000;

/// Where a job's answer goes.
pub(crate) type Answer = oneshot::Sender<Result<Receipt, AppError>>;

/// A queued job that can be answered.
pub(crate) trait Answered: Send + 'static {
    fn answer(self) -> Answer;
}

/// What a batch's writing returns: each job's answer, or `Err` if nothing was written.
pub(crate) type Written<'a> =
    Pin<Box<dyn Future<Output = Result<Vec<Result<Receipt, AppError>>, AppError>> + Send + 'a>>;

/// Runs until every sender is dropped.
pub(crate) async fn run<J: Answered>(
    store: Store,
    mut rx: mpsc::Receiver<J>,
    write: for<'a> fn(&'a Store, &'a [J]) -> Written<'a>,
    what: &'static str,
) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while rx.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let jobs = std::mem::take(&mut batch);
        match write(&store, &jobs).await {
            Ok(results) => {
                for (job, result) in jobs.into_iter().zip(results) {
                    let _ = job.answer().send(result);
                }
            }
            Err(e) => {
                tracing::warn!(error = %e, jobs = jobs.len(), what, "a batch failed");
                let message = e.to_string();
                for job in jobs {
                    let _ = job.answer().send(Err(AppError::Internal(message.clone())));
                }
            }
        }
    }
}

/// Sends `job` to the writer and waits for its answer.
pub(crate) async fn submit<J: Answered>(
    jobs: &mpsc::Sender<J>,
    make: impl FnOnce(Answer) -> J,
) -> Result<Receipt, AppError> {
    let (answer, answered) = oneshot::channel();
    let stopped = || AppError::Internal("the ballot writer has stopped".into());
    jobs.send(make(answer)).await.map_err(|_| stopped())?;
    answered.await.map_err(|_| stopped())?
}

/// Runs a savepoint statement (`SAVEPOINT ballot`, `RELEASE …`, `ROLLBACK TO …`) in `tx`.
pub(crate) async fn savepoint(tx: &mut Tx, sql: &'static str) -> Result<(), AppError> {
    on_tx!(tx, c => sqlx::query(sql).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    Ok(())
}
