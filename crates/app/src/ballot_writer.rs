//! The ballot writer of the sessions' votes: not an action, but the one queue through which the
//! server casts every ballot with the rule of `actions::sessions::cast_vote`.
//!
//! Group commit: when a hall votes at once, the ballots that are waiting together are written in
//! one transaction, so one durable commit (one fsync) serves many of them.
//!
//! One writer task per server takes every ballot queued so far (at most [`MAX_BATCH`]), opens
//! one transaction and runs the rule of [`cast_in_tx`] for each inside its own savepoint: a
//! refused ballot (voting twice, after the close, ...) is rolled back to its savepoint and
//! answered with its refusal, without touching the others. One act per vote records the batch's
//! accepted ballots (`vote.ballots_cast`: how many, how many have voted, and in an open vote who
//! voted what); each receipt is that act's position and hash and the ballot's index in it. The
//! transaction commits, and only then is each caller answered: an acknowledged ballot is durable. If the commit fails, every ballot of the batch
//! gets the error and none was counted. Under light load a batch is one ballot and nothing
//! waits: the writer never delays a ballot to fill a batch.
//!
//! Secret ballots gain from batching: the box rows carry no voter, time or order, the
//! `vote.ballots_cast` act of a secret vote names no voter (only counts), and the ballots of a
//! batch go into the box together, in a random order (`group_commit::shuffle_box`), after the
//! whole batch's list of who voted.

use asamblea_store::Store;
use tokio::sync::mpsc;

use crate::actions::sessions::cast_vote::{
    Cast, CastInput, SecretBallot, cast_in_tx, caster, record_batch,
};
use crate::cast_receipts::{self, Receipt};
use crate::domain::VoteId;
use crate::group_commit::{
    Answer, Answered, QUEUE, Written, answer_repeats, group_by, run, savepoint, shuffle_box, submit,
};
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

/// Runs each job in its own savepoint, records the accepted ballots (one act per vote for the
/// batch), keeps their receipts and commits. `Err` means nothing of the batch was written.
async fn write_batch(
    store: &Store,
    jobs: &[Job],
) -> Result<Vec<Result<Receipt, AppError>>, AppError> {
    let mut tx = store.begin().await?;
    let mut results = Vec::with_capacity(jobs.len());
    let mut accepted: Vec<(usize, Cast)> = Vec::new();
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
            Ok(mut cast) => {
                savepoint(&mut tx, "RELEASE SAVEPOINT ballot").await?;
                ballots.extend(cast.ballot.take());
                accepted.push((i, cast));
                results.push(Ok(Receipt::default()));
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
    shuffle_box(&mut ballots);
    for ballot in &ballots {
        ballot.insert(&mut tx).await?;
    }
    // One act per vote for the batch; each receipt is that act and the ballot's place in it.
    for (vote_id, members) in group_by(accepted.iter().map(|(_, c)| c.vote_id)) {
        let assembly_id = accepted[members[0]].1.assembly_id;
        let lines = members
            .iter()
            .filter_map(|&m| accepted[m].1.line.take())
            .collect();
        let (voted, entry) =
            record_batch(&mut tx, vote_id, assembly_id, members.len(), lines).await?;
        for (index, &m) in members.iter().enumerate() {
            let i = accepted[m].0;
            let receipt = Receipt {
                vote_id: Some(vote_id),
                voted: Some(voted),
                position: Some(entry.position),
                hash: Some(entry.hash.clone()),
                index: Some(index as i64),
                ..Receipt::default()
            };
            if let Some(key) = &jobs[i].receipt_key {
                cast_receipts::keep(&mut tx, key, &receipt).await?;
            }
            results[i] = Ok(receipt);
        }
    }
    answer_repeats(jobs.iter().map(|j| j.receipt_key.as_deref()), &mut results);
    tx.commit().await?;
    Ok(results)
}
