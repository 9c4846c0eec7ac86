//! The ballot writer of members' elections (voting codes): the one queue through which the
//! server casts every member's ballot with the rule of `actions::delegates::cast_ballot`, with
//! group commit (`group_commit.rs`): the ballots waiting together are written in one
//! transaction, each in its own savepoint, so one durable commit serves many.
//!
//! A refused ballot is rolled back to its savepoint and answered with its refusal; a wrong code
//! is then counted against its address (the throttle), as when cast alone. The batch's ballots go
//! into the box after all their voters' marks, in a random order: the box rows carry no voter,
//! time or order, and one batch's ballots do not line up with its voters.

use asamblea_store::Store;
use rand::rngs::OsRng;
use rand::seq::SliceRandom;
use tokio::sync::mpsc;

use crate::AppError;
use crate::actions::delegates::cast_ballot::{
    CastBallot, PendingBallot, cast_in_tx, is_wrong_code, well_formed,
};
use crate::cast_receipts::Receipt;
use crate::group_commit::{Answer, Answered, QUEUE, Written, run, savepoint, submit};
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
    let mut results = Vec::with_capacity(jobs.len());
    let mut ballots: Vec<PendingBallot> = Vec::new();
    for job in jobs {
        savepoint(&mut tx, "SAVEPOINT ballot").await?;
        match cast_in_tx(&mut tx, &job.input, &job.code, &job.address).await {
            Ok(cast) => {
                savepoint(&mut tx, "RELEASE SAVEPOINT ballot").await?;
                ballots.extend(cast.ballot);
                results.push(Ok(cast.receipt));
            }
            Err(refused) => {
                savepoint(&mut tx, "ROLLBACK TO SAVEPOINT ballot").await?;
                savepoint(&mut tx, "RELEASE SAVEPOINT ballot").await?;
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
    ballots.shuffle(&mut OsRng);
    for ballot in &ballots {
        ballot.insert(&mut tx).await?;
    }
    tx.commit().await?;
    Ok(results)
}
