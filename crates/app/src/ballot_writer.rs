//! The ballot writer of the sessions' votes: not an action, but the one queue through which the
//! server casts every ballot with the rule of `actions::sessions::cast_vote`.
//!
//! Group commit: when a hall votes at once, the ballots that are waiting together are written in
//! one transaction, so one durable commit (one fsync) serves many of them.
//!
//! One writer task per server takes every ballot queued so far (at most [`MAX_BATCH`]), opens
//! one transaction and runs the rule of [`cast_in_tx`] for each inside its own savepoint: a
//! refused ballot (voting twice, after the close, ...) is rolled back to its savepoint and
//! answered with its refusal, without touching the others. The acts of the accepted ballots are
//! appended, the transaction commits, and only then is each caller answered: an acknowledged
//! ballot is durable. If the commit fails, every ballot of the batch
//! gets the error and none was counted. Under light load a batch is one ballot and nothing
//! waits: the writer never delays a ballot to fill a batch.
//!
//! Secret ballots gain from batching: the box rows carry no voter, time or order, the
//! `vote.ballot_cast` acts of a secret vote name no voter, and the ballots of a batch go into the
//! box together, in a random order, after the whole batch's list of who voted.

use asamblea_record::NewAct;
use asamblea_store::{Store, Tx, on_tx};
use tokio::sync::{mpsc, oneshot};

use rand::rngs::OsRng;
use rand::seq::SliceRandom;

use crate::actions::sessions::cast_vote::{CastInput, SecretBallot, cast_in_tx};
use crate::domain::VoteId;
use crate::{Actor, AppError};

/// Most ballots committed together.
pub const MAX_BATCH: usize = 500;
/// Ballots that may wait for the writer before callers wait to enqueue.
const QUEUE: usize = 10_000;

struct Job {
    actor: Actor,
    vote_id: VoteId,
    input: CastInput,
    answer: oneshot::Sender<Result<i64, AppError>>,
}

/// The server's ballot writer (cheap to clone).
#[derive(Clone)]
pub struct BallotWriter {
    jobs: mpsc::Sender<Job>,
}

impl BallotWriter {
    /// Starts the writer task on the current tokio runtime.
    pub fn start(store: Store) -> Self {
        let (jobs, rx) = mpsc::channel(QUEUE);
        tokio::spawn(writer(store, rx));
        BallotWriter { jobs }
    }

    /// Casts the ballot in vote `vote_id`; answers once it is committed (how many have voted),
    /// or with the refusal.
    pub async fn cast(
        &self,
        actor: Actor,
        vote_id: VoteId,
        input: CastInput,
    ) -> Result<i64, AppError> {
        let (answer, answered) = oneshot::channel();
        self.jobs
            .send(Job {
                actor,
                vote_id,
                input,
                answer,
            })
            .await
            .map_err(|_| AppError::Internal("the ballot writer has stopped".into()))?;
        answered
            .await
            .map_err(|_| AppError::Internal("the ballot writer has stopped".into()))?
    }
}

async fn writer(store: Store, mut rx: mpsc::Receiver<Job>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while rx.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let jobs = std::mem::take(&mut batch);
        match write_batch(&store, &jobs).await {
            Ok(results) => {
                for (job, result) in jobs.into_iter().zip(results) {
                    let _ = job.answer.send(result);
                }
            }
            Err(e) => {
                tracing::warn!(error = %e, ballots = jobs.len(), "a batch of ballots failed");
                let message = e.to_string();
                for job in jobs {
                    let _ = job.answer.send(Err(AppError::Internal(message.clone())));
                }
            }
        }
    }
}

/// Runs each job in its own savepoint, appends the accepted ballots' acts and commits. `Err`
/// means nothing of the batch was written.
async fn write_batch(store: &Store, jobs: &[Job]) -> Result<Vec<Result<i64, AppError>>, AppError> {
    let mut tx = store.begin().await?;
    let mut results = Vec::with_capacity(jobs.len());
    let mut acts: Vec<NewAct> = Vec::new();
    let mut ballots: Vec<SecretBallot> = Vec::new();
    for job in jobs {
        savepoint(&mut tx, "SAVEPOINT ballot").await?;
        match cast_in_tx(&mut tx, &job.actor, job.vote_id, &job.input).await {
            Ok(cast) => {
                savepoint(&mut tx, "RELEASE SAVEPOINT ballot").await?;
                acts.push(cast.act);
                ballots.extend(cast.ballot);
                results.push(Ok(cast.voted));
            }
            Err(refused) => {
                savepoint(&mut tx, "ROLLBACK TO SAVEPOINT ballot").await?;
                savepoint(&mut tx, "RELEASE SAVEPOINT ballot").await?;
                results.push(Err(refused));
            }
        }
    }
    // The box gets the batch's secret ballots in a random order, apart from the list of who
    // voted: even where the database keeps rows in insertion order (a PostgreSQL heap), the
    // ballots of one batch do not line up with their voters.
    ballots.shuffle(&mut OsRng);
    for ballot in &ballots {
        ballot.insert(&mut tx).await?;
    }
    for act in acts {
        tx.append(act).await?;
    }
    tx.commit().await?;
    Ok(results)
}

async fn savepoint(tx: &mut Tx, sql: &'static str) -> Result<(), AppError> {
    on_tx!(tx, c => sqlx::query(sql).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    Ok(())
}
