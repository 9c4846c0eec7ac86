//! The ballot writer of the sessions' votes: not an action, but the one queue through which the
//! server casts every ballot with the rule of `actions::sessions::cast_vote`.
//!
//! Group commit: when a hall votes at once, the ballots that are waiting together are written in
//! one transaction, so one durable commit (one fsync) serves many of them.
//!
//! One writer per server (on a thread of its own, `group_commit::start`) takes every ballot queued
//! so far (at most [`MAX_BATCH`]), opens one transaction and checks each with the rule of
//! [`cast_in_tx`], which only reads: a refused ballot (after the close, not present, ...) wrote
//! nothing and is answered with its refusal. The vote and the assembly's settings are read once per
//! batch, under the write lock (`cast_vote::Batch`), and so are the voters, set-based, before the
//! ballots are checked (`Batch::read`, one statement for the batch, `batch_voters.rs`, for the
//! ballots whose voters the writer did not keep from its earlier batches, `batch_known.rs`): each
//! voter's delegate, their standing at the vote and the mark of those who had voted: a ballot sent again after a lost answer is answered from the voter's
//! mark with the answer sealed there for its form's key, and one from a voter who had voted with
//! "already voted" and the act that recorded their participation (for a mark made before receipts
//! were sealed in marks, both are read where they were kept, `legacy_receipts.rs`). The accepted
//! ballots are then recorded, one act per vote for the batch's accepted ballots
//! (`vote.ballots_cast`: how many, how many have voted, and in an open vote who voted what), and
//! written together, set-based (`group_commit::write_together`: multi-row `INSERT`s on SQLite; on
//! PostgreSQL `UNNEST` arrays, all in one statement): the box, the votes' counts, and the marks of
//! who voted, each with its receipts sealed in it (`mark_receipts.rs`): the act's position and
//! hash and the ballot's index in it. The transaction
//! commits, and each caller is answered once the commit is durable (on SQLite the WAL is synced
//! while the writer writes the next batch, `group_commit.rs`): an acknowledged ballot is durable.
//! If the commit fails, every ballot of the batch gets the error and none was counted. An encrypted
//! vote's cryptography is done by the request before the ballot is queued
//! (`actions::boards::prepared_ballot`), so the write lock is not held for it. Under light load a
//! batch is one ballot and nothing waits: the writer never delays a ballot to fill a batch.
//!
//! Secret ballots gain from batching: the box rows carry no voter, time or order, the
//! `vote.ballots_cast` act of a secret vote names no voter (only counts), and the ballots of a
//! batch go into the box together, in a random order (`group_commit::shuffle_box`), apart from
//! the batch's marks of who voted.

use std::collections::HashSet;
use std::sync::Mutex;

use asamblea_store::Store;
use tokio::sync::mpsc;

use crate::actions::boards::prepared_ballot::{OpenVotes, Prepared, prepare};
use crate::actions::sessions::batch_known::Known;
use crate::actions::sessions::cast_vote::{
    Batch, Cast, CastInput, SecretBallot, cast_in_tx, caster, record_batch, write_casts,
};
use crate::cast_receipts::{self, Receipt};
use crate::domain::{DelegateId, VoteId};
use crate::group_commit::{
    Answer, Answered, Done, Phases, QUEUE, Written, answer_repeats, group_by, shuffle_box, submit,
};
use crate::legacy_receipts;
use crate::mark_receipts::{self, AnswerKey, Mark, ParticipationKey, Sealed};
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
    /// The ballot's idempotency key, as a digest (a second ballot of the batch with the same
    /// key gets the first one's answer), and the key that seals its answer in the mark.
    receipt_key: Option<String>,
    answer_key: Option<AnswerKey>,
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
    /// Starts the writer on a thread of its own (`group_commit::start`).
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
        let cast_key = cast_receipts::parse_key(input.cast_key.as_deref())?;
        let (receipt_key, answer_key) = match cast_key {
            Some(k) => {
                let who = caster(&actor, vote_id, &input);
                (
                    Some(cast_receipts::key_digest(&k, &who)),
                    Some(AnswerKey::derive(&k, &who)),
                )
            }
            None => (None, None),
        };
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
            answer_key,
            answer,
        })
        .await
    }
}

fn write<'a>(store: &'a Store, known: &'a mut Known, jobs: &'a [Job]) -> Written<'a> {
    Box::pin(write_batch(store, known, jobs))
}

/// Checks each job (reads only), writes the accepted ballots together (the box in a random
/// order), records them (one act per vote for the batch), writes their marks with their
/// receipts sealed in them and commits. `Err` means nothing of the batch was written.
async fn write_batch(store: &Store, known: &mut Known, jobs: &[Job]) -> Result<Done, AppError> {
    let mut phases = Phases::start(WRITER);
    let mut tx = store.begin().await?;
    phases.done("begin");
    // The instance's key seals the participations (none on a store opened without it).
    let instance = store.instance_key().ok();
    let participation_key = instance.as_ref().map(ParticipationKey::derive);
    let mut results = Vec::with_capacity(jobs.len());
    let mut accepted: Vec<usize> = Vec::new();
    let mut casts: Vec<Cast> = Vec::new();
    // The voters' delegates and their standing, for the whole batch (not two reads per ballot).
    let ballots: Vec<_> = jobs
        .iter()
        .map(|j| (&j.actor, j.vote_id, j.input.delegate_id))
        .collect();
    let mut batch = Batch::read(&mut tx, known, &ballots).await?;
    // The marks of those of them who had voted, with the receipts sealed in them (read with
    // the voters): under the write lock, so nobody marks them meanwhile.
    let mut marks = batch.take_marks();
    let delegates: Vec<Option<DelegateId>> = jobs
        .iter()
        .map(|j| batch.delegate_of(&j.actor, j.vote_id, j.input.delegate_id))
        .collect();
    let read: HashSet<(VoteId, DelegateId)> = jobs
        .iter()
        .zip(&delegates)
        .filter_map(|(j, d)| d.map(|d| (j.vote_id, d)))
        .collect();
    // Marks made before the receipts were sealed in them (a vote open across the upgrade) kept
    // their receipts outside: read those too (one statement, only when there are such marks).
    let asked: Vec<_> = jobs
        .iter()
        .zip(&delegates)
        .filter_map(|(j, d)| d.map(|d| (j.vote_id, d, j.receipt_key.as_deref())))
        .collect();
    legacy_receipts::find(&mut tx, instance.as_ref(), &asked, &mut marks).await?;
    phases.done("read");
    for (i, job) in jobs.iter().enumerate() {
        // Sent again after a lost answer (the same form's key): the same answer, even after
        // the close. Any other ballot of a voter who had voted is checked first, as before
        // (after the close it hears that, not "already voted").
        if let Some(d) = delegates[i]
            && let Some(mark) = marks.get(&(job.vote_id, d))
            && let Some(again) = sent_again(job, d, mark)
        {
            results.push(Ok(again));
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
                let pair = (cast.vote_id, cast.delegate_id);
                // A delegate the batch did not read (a substitute's seat): their mark alone.
                if !read.contains(&pair) {
                    marks.extend(mark_receipts::marks(&mut tx, &[pair]).await?);
                    let asked = [(pair.0, pair.1, job.receipt_key.as_deref())];
                    legacy_receipts::find(&mut tx, instance.as_ref(), &asked, &mut marks).await?;
                }
                if let Some(mark) = marks.get(&pair) {
                    // Already voted (another form, another server, or a teller): the receipt
                    // of the act that recorded their participation, never their choice.
                    results.push(Ok(answer_from(&participation_key, job, pair.1, mark)));
                    continue;
                }
                accepted.push(i);
                casts.push(cast);
                results.push(Ok(Receipt::default()));
            }
            Err(refused) => results.push(Err(refused)),
        }
    }
    phases.done("check");
    // The box gets the batch's secret ballots together, in a random order: even where the
    // database keeps rows in insertion order (a PostgreSQL heap), the ballots of one batch do
    // not line up with their voters' marks, written with them after the act.
    let mut ballots: Vec<SecretBallot> = casts.iter_mut().filter_map(|c| c.ballot.take()).collect();
    shuffle_box(&mut ballots);
    let boxed = SecretBallot::into_box(&mut tx, &ballots).await?;
    phases.done("box");
    // One act per vote for the batch; each receipt is that act and the ballot's place in it,
    // sealed in the voter's mark: for the form that sent it (its key), and for the server (the
    // participation, `mark_receipts.rs`).
    let mut sealed = vec![Sealed::default(); casts.len()];
    // The batch's last act, where the writer leaves the record's head (`batch_known.rs`).
    let mut last: Option<(i64, String)> = None;
    for (vote_id, members) in group_by(casts.iter().map(|c| c.vote_id)) {
        let assembly_id = casts[members[0]].assembly_id;
        let lines = members
            .iter()
            .filter_map(|&m| casts[m].line.take())
            .collect();
        let codes = members
            .iter()
            .flat_map(|&m| casts[m].tracking_codes.clone())
            .collect();
        let n = members.len();
        let voted = batch.voted_with(vote_id, n)?;
        let entry = record_batch(&mut tx, vote_id, assembly_id, n, voted, lines, codes).await?;
        last = Some((entry.position, entry.hash.clone()));
        for (index, &m) in members.iter().enumerate() {
            let i = accepted[m];
            let delegate = casts[m].delegate_id;
            let receipt = Receipt {
                vote_id: Some(vote_id),
                voted: Some(voted),
                position: Some(entry.position),
                hash: Some(entry.hash.clone()),
                index: Some(index as i64),
                tracking_codes: casts[m].tracking_codes.clone(),
                ..Receipt::default()
            };
            sealed[m] = Sealed {
                answer: jobs[i]
                    .answer_key
                    .as_ref()
                    .map(|k| k.seal(vote_id, delegate, &receipt)),
                participation: participation_key
                    .as_ref()
                    .map(|k| k.seal(vote_id, delegate, &receipt)),
            };
            results[i] = Ok(receipt);
        }
    }
    phases.done("record");
    // The box, the votes' counts and the marks of who voted, each with its receipts (one
    // statement on PostgreSQL).
    write_casts(&mut tx, &casts, sealed, boxed).await?;
    answer_repeats(jobs.iter().map(|j| j.receipt_key.as_deref()), &mut results);
    phases.done("voters");
    let committed = tx.commit_visible().await?;
    known.committed(last, casts.iter().map(|c| (c.vote_id, c.delegate_id)));
    phases.done("commit");
    Ok(Done {
        answers: results,
        committed,
    })
}

/// The answer to a ballot whose voter has a mark: the same answer again if it was sealed for
/// this ballot's key, else "already voted" with the act that recorded their participation.
fn answer_from(
    participation_key: &Option<ParticipationKey>,
    job: &Job,
    delegate: DelegateId,
    mark: &Mark,
) -> Receipt {
    sent_again(job, delegate, mark).unwrap_or_else(|| {
        ParticipationKey::already(participation_key.as_ref(), job.vote_id, delegate, mark)
    })
}

/// The answer to a ballot sent again with its form's key: sealed in the mark for that key, or
/// kept under its digest before receipts were sealed in marks (`legacy_receipts.rs`).
fn sent_again(job: &Job, delegate: DelegateId, mark: &Mark) -> Option<Receipt> {
    let sealed = job.answer_key.as_ref()?.open(job.vote_id, delegate, mark);
    sealed.or_else(|| {
        let kept = mark.kept_outside.as_ref()?;
        kept.answer(job.receipt_key.as_deref())
    })
}
