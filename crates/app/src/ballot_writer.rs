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
use asamblea_store::Store;
use tokio::sync::mpsc;

use rand::rngs::OsRng;
use rand::seq::SliceRandom;

use crate::actions::sessions::cast_vote::{CastInput, Casting, SecretBallot, cast_in_tx, caster};
use crate::cast_receipts::{self, Receipt};
use crate::domain::{DelegateId, VoteId};
use crate::group_commit::{Answer, Answered, QUEUE, Written, run, savepoint, submit};
use crate::{Actor, AppError};

pub use crate::group_commit::MAX_BATCH;

struct Job {
    actor: Actor,
    vote_id: VoteId,
    input: CastInput,
    /// Where the receipt is kept, if the ballot came with an idempotency key.
    receipt_key: Option<String>,
    answer: Answer,
}

impl Answered for Job {
    fn answer(self) -> Answer {
        self.answer
    }
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
        tokio::spawn(run(store, rx, write, "sessions' ballots"));
        BallotWriter { jobs }
    }

    /// Casts the ballot in vote `vote_id`; answers once it is committed (its receipt), or with
    /// the refusal. A ballot whose idempotency key (`input.cast_key`) was already answered
    /// gets that answer again (`again`), and nothing is cast.
    pub async fn cast(
        &self,
        actor: Actor,
        vote_id: VoteId,
        input: CastInput,
    ) -> Result<Receipt, AppError> {
        let receipt_key = cast_receipts::parse_key(input.cast_key.as_deref())?
            .map(|k| cast_receipts::key_digest(&k, &caster(&actor, vote_id, &input)));
        submit(&self.jobs, |answer| Job {
            actor,
            vote_id,
            input,
            receipt_key,
            answer,
        })
        .await
    }
}

fn write<'a>(store: &'a Store, jobs: &'a [Job]) -> Written<'a> {
    Box::pin(write_batch(store, jobs))
}

/// Runs each job in its own savepoint, appends the accepted ballots' acts, keeps their
/// receipts and commits. `Err` means nothing of the batch was written.
async fn write_batch(
    store: &Store,
    jobs: &[Job],
) -> Result<Vec<Result<Receipt, AppError>>, AppError> {
    let mut tx = store.begin().await?;
    let mut results = Vec::with_capacity(jobs.len());
    let mut acts: Vec<(usize, NewAct, DelegateId)> = Vec::new();
    // The instance's key keys the participation receipts (none on a store opened without it).
    let instance_key = store.instance_key().ok();
    let mut ballots: Vec<SecretBallot> = Vec::new();
    for (i, job) in jobs.iter().enumerate() {
        // Sent again after a lost answer: the same answer, read under the write lock.
        if let Some(key) = &job.receipt_key
            && let Some(receipt) = cast_receipts::find_in(&mut tx, key).await?
        {
            results.push(Ok(receipt));
            continue;
        }
        savepoint(&mut tx, "SAVEPOINT ballot").await?;
        match cast_in_tx(&mut tx, &job.actor, job.vote_id, &job.input).await {
            Ok(Casting::Cast(cast)) => {
                savepoint(&mut tx, "RELEASE SAVEPOINT ballot").await?;
                acts.push((i, cast.act, cast.delegate_id));
                ballots.extend(cast.ballot);
                results.push(Ok(Receipt {
                    vote_id: Some(job.vote_id),
                    voted: Some(cast.voted),
                    tracking_codes: cast.tracking_codes,
                    ..Receipt::default()
                }));
            }
            Ok(Casting::Already { delegate_id }) => {
                savepoint(&mut tx, "RELEASE SAVEPOINT ballot").await?;
                let kept = match &instance_key {
                    Some(k) => {
                        let digest =
                            cast_receipts::participation_digest(k, job.vote_id, delegate_id)?;
                        cast_receipts::find_in(&mut tx, &digest).await?
                    }
                    None => None,
                };
                results.push(Ok(Receipt {
                    vote_id: Some(job.vote_id),
                    already: true,
                    again: false,
                    voted: None,
                    ..kept.unwrap_or_default()
                }));
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
    for (i, act, delegate_id) in acts {
        let entry = tx.append(act).await?;
        if let Some(Ok(receipt)) = results.get_mut(i) {
            receipt.position = Some(entry.position);
            receipt.hash = Some(entry.hash);
            if let Some(key) = &jobs[i].receipt_key {
                cast_receipts::keep(&mut tx, key, receipt).await?;
            }
            // The participation's receipt: the act only (not how many had voted).
            if let Some(k) = &instance_key {
                let digest = cast_receipts::participation_digest(k, jobs[i].vote_id, delegate_id)?;
                let participation = Receipt {
                    voted: None,
                    ..receipt.clone()
                };
                cast_receipts::keep(&mut tx, &digest, &participation).await?;
            }
        }
    }
    // The same key twice in one batch: the second hears the first's answer.
    for i in 0..jobs.len() {
        let Some(key) = &jobs[i].receipt_key else {
            continue;
        };
        if results[i].is_ok() {
            continue;
        }
        let first = (0..i).find_map(|j| match (&jobs[j].receipt_key, &results[j]) {
            (Some(k), Ok(r)) if k == key => Some(Receipt {
                again: true,
                ..r.clone()
            }),
            _ => None,
        });
        if let Some(receipt) = first {
            results[i] = Ok(receipt);
        }
    }
    tx.commit().await?;
    Ok(results)
}
