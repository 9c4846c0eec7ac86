//! The ballot writer of members' elections (voting codes): the one queue through which the
//! server casts every member's ballot with the rule of `actions::delegates::cast_ballot`, with
//! group commit (`group_commit.rs`): the ballots waiting together are written in one
//! transaction, so one durable commit serves many.
//!
//! Each ballot is checked by reading only (the election and its candidates once per batch); a
//! refused ballot wrote nothing and is answered with its refusal; a wrong code is counted
//! against its address (the throttle), as when cast alone. The accepted ballots' voters are
//! then marked in one set-based `INSERT` whose key (election, member) refuses a member who voted
//! before (answered "already voted", nothing else of it written). One act per election
//! records the batch (`election.ballots_cast`: how many, nothing else); each receipt is that
//! act's position and hash and the ballot's index in the batch. The batch's ballots go into the
//! box after all their voters' marks, in a random order (`group_commit::shuffle_box`): the box
//! rows carry no voter, time or order, and one batch's ballots do not line up with its voters.

use asamblea_store::Store;
use tokio::sync::mpsc;

use crate::AppError;
use crate::actions::delegates::cast_ballot::{
    Batch, Cast, CastBallot, PendingBallot, cast_in_tx, is_wrong_code, receipt_key, record_batch,
    well_formed, write_voters,
};
use crate::cast_receipts::Receipt;
use crate::group_commit::{
    Answer, Answered, QUEUE, Written, answer_repeats, group_by, run, shuffle_box, submit,
};
use crate::throttle::Subject;

struct Job {
    input: CastBallot,
    code: String,
    address: String,
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
}

impl MemberBallotWriter {
    /// Starts the writer task on the current tokio runtime.
    pub fn start(store: Store) -> Self {
        let (jobs, rx) = mpsc::channel(QUEUE);
        tokio::spawn(run(store, rx, write, "members' ballots"));
        MemberBallotWriter { jobs }
    }

    /// Casts the ballot; answers once it is committed (its receipt), or with the refusal.
    pub async fn cast(&self, input: CastBallot, address: &str) -> Result<Receipt, AppError> {
        let code = well_formed(&input)?;
        submit(&self.jobs, |answer| Job {
            input,
            code,
            address: address.to_string(),
            answer,
        })
        .await
    }
}

fn write<'a>(store: &'a Store, jobs: &'a [Job]) -> Written<'a> {
    Box::pin(write_batch(store, jobs))
}

async fn write_batch(
    store: &Store,
    jobs: &[Job],
) -> Result<Vec<Result<Receipt, AppError>>, AppError> {
    let mut tx = store.begin().await?;
    let mut batch = Batch::default();
    let mut results = Vec::with_capacity(jobs.len());
    let mut checked: Vec<usize> = Vec::new();
    let mut casts: Vec<Cast> = Vec::new();
    for (i, job) in jobs.iter().enumerate() {
        match cast_in_tx(&mut tx, &mut batch, &job.input, &job.code, &job.address).await {
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
                }
                results.push(Err(refused));
            }
        }
    }
    // The voters' marks first; a member who had voted before the batch is refused here.
    let written = write_voters(&mut tx, &casts).await?;
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
    for (election_id, members) in group_by(elections.into_iter()) {
        let codes: Vec<String> = members
            .iter()
            .flat_map(|&m| accepted[m].1.receipt.tracking_codes.clone())
            .collect();
        let entry = record_batch(&mut tx, election_id, members.len(), codes).await?;
        for (index, &m) in members.iter().enumerate() {
            let (i, cast) = &mut accepted[m];
            cast.recorded(&mut tx, &entry, index).await?;
            results[*i] = Ok(cast.receipt.clone());
        }
    }
    let keys: Vec<Option<String>> = jobs
        .iter()
        .map(|j| receipt_key(&j.input, &j.code))
        .collect();
    answer_repeats(keys.iter().map(Option::as_deref), &mut results);
    shuffle_box(&mut ballots);
    PendingBallot::insert_all(&mut tx, &ballots).await?;
    tx.commit().await?;
    Ok(results)
}
