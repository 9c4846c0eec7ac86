//! The ballot writer of members' elections (voting codes): the one queue through which the
//! server casts every member's ballot with the rule of `actions::delegates::cast_ballot`, with
//! group commit (`group_commit.rs`): the ballots waiting together are written in one
//! transaction, so one durable commit serves many.
//!
//! In an election through a board, the ballot's cryptography (a device's ballot checked, or the
//! choices encrypted) is done by the request before it is queued
//! (`actions::delegates::prepared_member_ballot`), never under the write lock. The batch's
//! transaction reads set-based what its ballots need: one statement for all their codes, one
//! for the receipts kept under their idempotency keys, one for their addresses' failures (the
//! throttle), and each election and its candidates once. Each ballot is then
//! checked by reading only; a refused ballot wrote nothing and is answered with its refusal; a
//! wrong code is counted against its address (the throttle), as when cast alone. The accepted ballots' voters are
//! then marked in one set-based `INSERT` whose key (election, member) refuses a member who voted
//! before (answered "already voted", nothing else of it written). One act per election
//! records the batch (`election.ballots_cast`: how many, nothing else); each receipt is that
//! act's position and hash and the ballot's index in the batch, kept under its idempotency key
//! with the batch's others (`cast_receipts::kept`). The batch's ballots go into the box after all
//! their voters' marks, in a random order (`group_commit::shuffle_box`), with the receipts (one
//! statement on PostgreSQL, `group_commit::write_together`): the box rows carry no voter, time
//! or order, and one batch's ballots do not line up with its voters.

use std::sync::Arc;
use std::time::Duration;

use asamblea_store::Store;
use tokio::sync::mpsc;

use crate::AppError;
use crate::actions::boards::prepared_ballot::is_not_prepared;
use crate::actions::delegates::batch_known::KnownElections;
use crate::actions::delegates::cast_ballot::{
    Batch, Cast, CastBallot, MemberBallot, PendingBallot, cast_in_tx, is_wrong_code, record_batch,
    write_voters,
};
use crate::actions::delegates::prepared_member_ballot::{
    BoardsInVoting, LOOK_EVERY, VotingElections,
};
use crate::cast_receipts::{self, Receipt};
use crate::group_commit::{
    Answer, Answered, Done, Phases, QUEUE, Written, answer_repeats, group_by, shuffle_box, submit,
    write_together,
};
use crate::throttle::Subject;

/// The writer's name on `/metrics`.
const WRITER: &str = "members' ballots";

struct Job {
    ballot: Arc<MemberBallot>,
    answer: Answer,
}

impl Answered for Job {
    fn answer(self) -> Answer {
        self.answer
    }
}

/// The server's writer of members' ballots (cheap to clone).
#[derive(Clone)]
pub struct MemberBallotWriter {
    jobs: mpsc::Sender<Job>,
    store: Store,
    elections: VotingElections,
    boards: BoardsInVoting,
}

impl MemberBallotWriter {
    /// Starts the writer on a thread of its own (`group_commit::start`).
    pub fn start(store: Store) -> Self {
        Self::looking_every(store, LOOK_EVERY)
    }

    /// [`MemberBallotWriter::start`], looking whether an election through a board is in voting
    /// at most once per `every` (tests: a flag that stays behind).
    #[doc(hidden)]
    pub fn looking_every(store: Store, every: Duration) -> Self {
        let (jobs, rx) = mpsc::channel(QUEUE);
        crate::group_commit::start(store.clone(), rx, write, WRITER);
        MemberBallotWriter {
            jobs,
            store,
            elections: VotingElections::default(),
            boards: BoardsInVoting::every(every),
        }
    }

    /// Casts the ballot; answers once it is committed (its receipt), or with the refusal. In an
    /// election through a board the ballot's cryptography is done here, before it is queued
    /// (`prepared_member_ballot.rs`); a ballot queued unprepared because this server did not
    /// know such an election was in voting comes back refused as not prepared, having written
    /// nothing, and is prepared and queued once more.
    pub async fn cast(&self, input: CastBallot, address: &str) -> Result<Receipt, AppError> {
        let (store, elections) = (&self.store, &self.elections);
        let ballot = Arc::new(
            MemberBallot::prepare(store, elections, Some(&self.boards), input, address).await?,
        );
        let first = Arc::clone(&ballot);
        let answer = submit(&self.jobs, |answer| Job {
            ballot: first,
            answer,
        })
        .await;
        if !matches!(&answer, Err(e) if is_not_prepared(e)) {
            return answer;
        }
        self.boards.seen();
        let input = ballot.input.clone();
        let ballot = Arc::new(MemberBallot::prepare(store, elections, None, input, address).await?);
        submit(&self.jobs, |answer| Job { ballot, answer }).await
    }
}

fn write<'a>(store: &'a Store, known: &'a mut KnownElections, jobs: &'a [Job]) -> Written<'a> {
    Box::pin(async move {
        let ballots: Vec<&MemberBallot> = jobs.iter().map(|j| &*j.ballot).collect();
        write_batch(store, known, &ballots).await
    })
}

/// Checks each ballot (reads only: what the batch needs read set-based first, `Batch::read`),
/// writes the accepted ones together, records them (one act per election) and commits. `Err`
/// means nothing of the batch was written.
pub(crate) async fn write_batch(
    store: &Store,
    known: &mut KnownElections,
    jobs: &[&MemberBallot],
) -> Result<Done, AppError> {
    let mut phases = Phases::start(WRITER);
    let mut tx = store.begin().await?;
    // The elections kept from the writer's earlier batches, if nothing changed them.
    known.begin(&mut tx).await?;
    phases.done("begin");
    let mut batch = Batch::read(&mut tx, jobs)
        .await?
        .with_elections(known.take());
    phases.done("read");
    let mut results = Vec::with_capacity(jobs.len());
    let mut checked: Vec<usize> = Vec::new();
    let mut casts: Vec<Cast> = Vec::new();
    for (i, job) in jobs.iter().enumerate() {
        match cast_in_tx(&mut tx, &mut batch, job).await {
            Ok(cast) if cast.ballot.is_some() => {
                checked.push(i);
                casts.push(cast);
                results.push(Ok(Receipt::default()));
            }
            // An answer given before: nothing cast now.
            Ok(cast) => results.push(Ok(cast.receipt)),
            Err(refused) => {
                if is_wrong_code(&refused) {
                    let subject = Subject::Code {
                        address: &job.address,
                    };
                    crate::throttle::record_failure(&mut tx, &subject).await?;
                    batch.failed(&job.address);
                }
                results.push(Err(refused));
            }
        }
    }
    phases.done("check");
    // The voters' marks first; a member who had voted before the batch is refused here.
    let written = write_voters(&mut tx, &casts).await?;
    phases.done("voters");
    let mut accepted: Vec<(usize, Cast)> = Vec::new();
    let mut ballots: Vec<PendingBallot> = Vec::new();
    for ((i, mut cast), written) in checked.into_iter().zip(casts).zip(written) {
        if written {
            ballots.extend(cast.ballot.take());
            accepted.push((i, cast));
        } else {
            results[i] = Err(AppError::Conflict {
                key: "dlg-error-already-voted",
            });
        }
    }
    // One act per election for the batch; each receipt is that act and the ballot's place in
    // it (the order of the voters' marks, not of the box).
    let elections: Vec<_> = accepted
        .iter()
        .filter_map(|(_, c)| c.receipt.election_id)
        .collect();
    let mut receipts: Vec<(String, Receipt)> = Vec::new();
    // The batch's last act, where the writer leaves the record's head (`batch_known.rs`).
    let mut last: Option<(i64, String)> = None;
    for (election_id, members) in group_by(elections.into_iter()) {
        let codes: Vec<String> = members
            .iter()
            .flat_map(|&m| accepted[m].1.receipt.tracking_codes.clone())
            .collect();
        let entry = record_batch(&mut tx, election_id, members.len(), codes).await?;
        last = Some((entry.position, entry.hash.clone()));
        for (index, &m) in members.iter().enumerate() {
            let (i, cast) = &mut accepted[m];
            receipts.extend(cast.recorded(&entry, index));
            results[*i] = Ok(cast.receipt.clone());
        }
    }
    phases.done("record");
    let keys: Vec<Option<String>> = jobs.iter().map(|j| j.receipt_key()).collect();
    answer_repeats(keys.iter().map(Option::as_deref), &mut results);
    shuffle_box(&mut ballots);
    // The receipts and the box: one statement on PostgreSQL.
    let boxed = PendingBallot::into_box(&mut tx, &ballots).await?;
    write_together(&mut tx, vec![cast_receipts::kept(&receipts)?, boxed]).await?;
    phases.done("box");
    let committed = tx.commit_visible().await?;
    known.committed(batch.take_elections(), last);
    phases.done("commit");
    Ok(Done {
        answers: results,
        committed,
    })
}
