//! The ballot writer of the sessions' votes: not an action, but the one queue through which the
//! server casts every ballot with the rule of `actions::sessions::cast_vote`.
//!
//! Group commit: when a hall votes at once, the ballots that are waiting together are written in
//! one transaction, so one durable commit (one fsync) serves many of them.
//!
//! One writer task per server takes every ballot queued so far (at most [`MAX_BATCH`]), opens
//! one transaction and checks each with the rule of [`cast_in_tx`], which only reads: a refused
//! ballot (after the close, not present, ...) wrote nothing and is answered with its refusal.
//! The vote and the assembly's settings are read once per batch, under the write lock
//! (`cast_vote::Batch`), and so are the voters' delegates (one statement per assembly) and
//! their standing at the vote (one per vote), set-based, before the ballots are checked
//! (`Batch::read`). The accepted ballots are then written together, set-based
//! (`group_commit::insert_rows`: multi-row `INSERT`s on SQLite, `UNNEST` arrays on PostgreSQL):
//! first the marks of who voted, whose key (vote, delegate) refuses a delegate who voted before
//! (on this server or another) — that ballot is answered "already voted" and nothing else of it
//! is written — then the box. One act per vote records the batch's accepted ballots
//! (`vote.ballots_cast`: how many, how many have voted, and in an open vote who voted what);
//! each receipt is that act's position and hash and the ballot's index in it. The transaction
//! commits, and each caller is answered once the commit is durable (on SQLite the WAL is synced
//! while the writer writes the next batch, `group_commit.rs`): an acknowledged ballot is
//! durable. If the
//! commit fails, every ballot of the batch gets the error and none was counted. The receipts
//! of the batch (under the ballots' idempotency keys, and the participations') are read in one
//! statement and kept in one (`cast_receipts::find_all`, `keep_all`), not one per ballot. An
//! encrypted vote's cryptography is done by the request before the ballot is queued
//! (`actions::boards::prepared_ballot`), so the write lock is not held for it. Under light
//! load a batch is one ballot and nothing waits: the writer never delays a ballot to fill a
//! batch.
//!
//! Secret ballots gain from batching: the box rows carry no voter, time or order, the
//! `vote.ballots_cast` act of a secret vote names no voter (only counts), and the ballots of a
//! batch go into the box together, in a random order (`group_commit::shuffle_box`), after the
//! whole batch's list of who voted.

use std::sync::Mutex;

use asamblea_store::Store;
use tokio::sync::mpsc;

use crate::actions::boards::prepared_ballot::{OpenVotes, Prepared, prepare};
use crate::actions::sessions::cast_vote::{
    Batch, Cast, CastInput, SecretBallot, cast_in_tx, caster, record_batch, write_casts,
};
use crate::cast_receipts::{self, Receipt};
use crate::domain::VoteId;
use crate::group_commit::{
    Answer, Answered, Done, Phases, QUEUE, Written, answer_repeats, group_by, shuffle_box, submit,
};
use crate::{Actor, AppError};

pub use crate::group_commit::MAX_BATCH;

/// The writer's name on `/metrics`.
const WRITER: &str = "sessions' ballots";

struct Job {
    actor: Actor,
    vote_id: VoteId,
    input: CastInput,
    /// An encrypted vote's ballot checked or made by the request (taken by the writer).
    prepared: Mutex<Option<Prepared>>,
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
    store: Store,
    votes: OpenVotes,
}

impl BallotWriter {
    /// Starts the writer task on the current tokio runtime.
    pub fn start(store: Store) -> Self {
        let (jobs, rx) = mpsc::channel(QUEUE);
        crate::group_commit::start(store.clone(), rx, write, WRITER);
        BallotWriter {
            jobs,
            store,
            votes: OpenVotes::default(),
        }
    }

    /// The open votes seen so far (their boards' manifests), which the hall's device shares
    /// (`hall/cast_hall_ballot.rs`).
    pub(crate) fn open_votes(&self) -> &OpenVotes {
        &self.votes
    }

    /// Casts the ballot in vote `vote_id`; answers once it is committed (its receipt), or with
    /// the refusal. A ballot whose idempotency key (`input.cast_key`) was already answered
    /// gets that answer again (`again`), and nothing is cast. In an encrypted vote the ballot's
    /// cryptography is done here, before it is queued (`prepared_ballot.rs`).
    pub async fn cast(
        &self,
        actor: Actor,
        vote_id: VoteId,
        input: CastInput,
    ) -> Result<Receipt, AppError> {
        let receipt_key = cast_receipts::parse_key(input.cast_key.as_deref())?
            .map(|k| cast_receipts::key_digest(&k, &caster(&actor, vote_id, &input)));
        let prepared = prepare(
            &self.store,
            &self.votes,
            vote_id,
            input.ballot_json.as_deref(),
            &input.choice,
        )
        .await;
        submit(&self.jobs, |answer| Job {
            actor,
            vote_id,
            input,
            prepared: Mutex::new(prepared),
            receipt_key,
            answer,
        })
        .await
    }
}

fn write<'a>(store: &'a Store, jobs: &'a [Job]) -> Written<'a> {
    Box::pin(write_batch(store, jobs))
}

/// Checks each job (reads only), writes the accepted ballots together (their marks, then the
/// box in a random order), records them (one act per vote for the batch), keeps their receipts
/// and commits. `Err` means nothing of the batch was written.
async fn write_batch(store: &Store, jobs: &[Job]) -> Result<Done, AppError> {
    let mut phases = Phases::start(WRITER);
    let mut tx = store.begin().await?;
    phases.done("begin");
    // The instance's key keys the participation receipts (none on a store opened without it).
    let instance_key = store.instance_key().ok();
    let mut results = Vec::with_capacity(jobs.len());
    let mut accepted: Vec<usize> = Vec::new();
    let mut casts: Vec<Cast> = Vec::new();
    // Sent again after a lost answer: the same answer, read under the write lock (the whole
    // batch's keys in one statement).
    let keys: Vec<&str> = jobs
        .iter()
        .filter_map(|j| j.receipt_key.as_deref())
        .collect();
    let answered = cast_receipts::find_all(&mut tx, &keys).await?;
    // The voters' delegates and their standing, for the whole batch (not two reads per ballot).
    let ballots: Vec<_> = jobs
        .iter()
        .filter(|j| {
            !j.receipt_key
                .as_ref()
                .is_some_and(|k| answered.contains_key(k))
        })
        .map(|j| (&j.actor, j.vote_id, j.input.delegate_id))
        .collect();
    let mut batch = Batch::read(&mut tx, &ballots).await?;
    phases.done("read");
    for (i, job) in jobs.iter().enumerate() {
        if let Some(receipt) = job.receipt_key.as_ref().and_then(|k| answered.get(k)) {
            results.push(Ok(receipt.clone()));
            continue;
        }
        let prepared = job.prepared.lock().ok().and_then(|mut p| p.take());
        match cast_in_tx(
            &mut tx,
            &mut batch,
            &job.actor,
            job.vote_id,
            &job.input,
            prepared,
        )
        .await
        {
            Ok(cast) => {
                accepted.push(i);
                casts.push(cast);
                results.push(Ok(Receipt::default()));
            }
            Err(refused) => results.push(Err(refused)),
        }
    }
    phases.done("check");
    // The marks first; a delegate who had voted before the batch is refused here.
    let written = write_casts(&mut tx, &casts).await?;
    let mut kept = Vec::with_capacity(casts.len());
    for ((i, cast), written) in accepted.into_iter().zip(casts).zip(written) {
        if written {
            kept.push((i, cast));
            continue;
        }
        // Already voted (another form, another server, or a teller): the receipt of the act
        // that recorded their participation, never their choice.
        let participation = match &instance_key {
            Some(k) => {
                let digest =
                    cast_receipts::participation_digest(k, jobs[i].vote_id, cast.delegate_id)?;
                cast_receipts::find_in(&mut tx, &digest).await?
            }
            None => None,
        };
        results[i] = Ok(Receipt {
            vote_id: Some(jobs[i].vote_id),
            already: true,
            again: false,
            voted: None,
            ..participation.unwrap_or_default()
        });
    }
    // The box gets the batch's secret ballots in a random order, apart from the list of who
    // voted: even where the database keeps rows in insertion order (a PostgreSQL heap), the
    // ballots of one batch do not line up with their voters.
    let mut ballots: Vec<SecretBallot> = kept
        .iter_mut()
        .filter_map(|(_, c)| c.ballot.take())
        .collect();
    phases.done("voters");
    shuffle_box(&mut ballots);
    SecretBallot::insert_all(&mut tx, &ballots).await?;
    phases.done("box");
    // One act per vote for the batch; each receipt is that act and the ballot's place in it
    // (kept together after the acts: `receipts`).
    let mut receipts: Vec<(String, Receipt)> = Vec::with_capacity(2 * kept.len());
    for (vote_id, members) in group_by(kept.iter().map(|(_, c)| c.vote_id)) {
        let assembly_id = kept[members[0]].1.assembly_id;
        let lines = members
            .iter()
            .filter_map(|&m| kept[m].1.line.take())
            .collect();
        let codes = members
            .iter()
            .flat_map(|&m| kept[m].1.tracking_codes.clone())
            .collect();
        let (voted, entry) =
            record_batch(&mut tx, vote_id, assembly_id, members.len(), lines, codes).await?;
        for (index, &m) in members.iter().enumerate() {
            let i = kept[m].0;
            let receipt = Receipt {
                vote_id: Some(vote_id),
                voted: Some(voted),
                position: Some(entry.position),
                hash: Some(entry.hash.clone()),
                index: Some(index as i64),
                tracking_codes: kept[m].1.tracking_codes.clone(),
                ..Receipt::default()
            };
            if let Some(key) = &jobs[i].receipt_key {
                receipts.push((key.clone(), receipt.clone()));
            }
            // The participation's receipt: the act and the place in it (not how many had voted).
            if let Some(k) = &instance_key {
                let digest =
                    cast_receipts::participation_digest(k, vote_id, kept[m].1.delegate_id)?;
                // Nor the tracking codes: this row, keyed by the voter, must not lead to their
                // ballot on the board.
                let participation = Receipt {
                    voted: None,
                    tracking_codes: Vec::new(),
                    ..receipt.clone()
                };
                receipts.push((digest, participation));
            }
            results[i] = Ok(receipt);
        }
    }
    phases.done("record");
    cast_receipts::keep_all(&mut tx, &receipts).await?;
    answer_repeats(jobs.iter().map(|j| j.receipt_key.as_deref()), &mut results);
    phases.done("receipts");
    let committed = tx.commit_visible().await?;
    phases.done("commit");
    Ok(Done {
        answers: results,
        committed,
    })
}
