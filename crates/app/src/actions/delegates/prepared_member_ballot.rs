//! The cryptography of a member's ballot in an election through a board (issues 14 and 15),
//! done by the request before the ballot is queued for the writer
//! (`member_ballot_writer.rs`), as a session ballot's (`boards::prepared_ballot`): a read finds
//! the code's election, and the device's ballot is checked, or the server encrypts the marks,
//! on tokio's blocking pool. The writer's transaction takes the prepared ballot only if it was
//! made for the election's board and for the marks the ballot's choices make there
//! (`prepared_ballot::fitting`), so nothing decided here is trusted under the write lock: the
//! code, the election open, the choices, the member not voted and the credential unused are all
//! checked there.
//!
//! Most elections are plaintext, and then the code's read is wasted (issue 15: a ballot alone
//! went from 9.9 to 11.6 statements on SQLite with it). So the request reads the code only when
//! [`BoardsInVoting`] says an election through a board may be in voting (or the ballot is a
//! device's, which only such an election takes). A server whose flag is behind (an election
//! through a board started voting since its last look, on this server or another) queues the
//! ballot unprepared; the writer then refuses it as not prepared (`prepared_ballot::fitting`),
//! having written nothing, and the writer's `cast` prepares it (reads the code) and queues it
//! once more, so the voter is never refused for it.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use asamblea_store::{Store, on_read};

use super::cast_ballot::{CastBallot, board_selections, device_ballot, plain_choices};
use super::{CANDIDATE_IDS, ELECTION_ROW, ElectionRow};
use crate::actions::boards::prepared_ballot::{
    BoardManifest, KeptWhileOpen, Prepared, manifest_of, prepare_on,
};
use crate::domain::{CandidateId, ElectionId, ElectionStatus};
use crate::secrets::digest;

/// Whether an election through a board may be in voting, as one server's requests know it: a
/// count over the elections in voting with a board, read at most once per `every` (one second
/// on the server) by the request that finds it stale (the others meanwhile go by what was
/// read before), and raised at once when a ballot comes back from the writer as not prepared
/// ([`BoardsInVoting::seen`]). A wrong "no" costs the ballot a second trip through the writer,
/// never its acceptance; a wrong "yes" costs a read.
#[derive(Clone)]
pub(crate) struct BoardsInVoting(Arc<Mutex<Seen>>);

struct Seen {
    /// What the last look found (`true` until the first).
    maybe: bool,
    checked: Option<Instant>,
    every: Duration,
    /// A request is reading the count.
    reading: bool,
    /// Raised by [`BoardsInVoting::seen`]: a count read before it is not to lower the flag.
    raised: u64,
}

/// How often the server looks again (at most).
pub(crate) const LOOK_EVERY: Duration = Duration::from_secs(1);

impl BoardsInVoting {
    pub(crate) fn every(every: Duration) -> Self {
        BoardsInVoting(Arc::new(Mutex::new(Seen {
            maybe: true,
            checked: None,
            every,
            reading: false,
            raised: 0,
        })))
    }

    /// Whether a ballot's request should read its code to prepare it (`true` whenever in doubt).
    pub(crate) async fn may_be(&self, store: &Store) -> bool {
        let raised = {
            let Ok(mut s) = self.0.lock() else {
                return true;
            };
            let fresh = s.checked.is_some_and(|t| t.elapsed() < s.every);
            if fresh || s.reading {
                return s.maybe || s.checked.is_none();
            }
            s.reading = true;
            s.raised
        };
        let found: Option<i64> = on_read!(store, pool => sqlx::query_scalar(
            "SELECT COUNT(*) FROM elections WHERE status = 'voting' AND board IS NOT NULL")
            .fetch_one(pool).await)
        .ok();
        let Ok(mut s) = self.0.lock() else {
            return true;
        };
        s.reading = false;
        let Some(found) = found else {
            return true;
        };
        if s.raised == raised {
            s.maybe = found > 0;
            s.checked = Some(Instant::now());
        }
        s.maybe
    }

    /// A ballot of an election through a board was queued unprepared: say "maybe" for a while.
    pub(crate) fn seen(&self) {
        if let Ok(mut s) = self.0.lock() {
            s.maybe = true;
            s.raised += 1;
            s.checked = Some(Instant::now());
        }
    }
}

/// The elections in voting seen so far ([`KeptWhileOpen`]).
pub(crate) type VotingElections = KeptWhileOpen<ElectionId, BoardElection>;

/// An election in voting through a board, as [`prepare`] needs it.
pub(crate) struct BoardElection {
    row: ElectionRow,
    candidates: Vec<CandidateId>,
    board: String,
    manifest: Arc<BoardManifest>,
}

/// Election `id` if it is in voting through a board; `None` if it is in voting and plaintext;
/// `Err` if it is not in voting or cannot be read (the writer then decides).
async fn read_election(store: &Store, id: ElectionId) -> Result<Option<BoardElection>, ()> {
    let row: Option<ElectionRow> = on_read!(store, pool => sqlx::query_as(ELECTION_ROW)
        .bind(id).fetch_optional(pool).await)
    .map_err(|_| ())?;
    let Some(row) = row.filter(|r| r.status == ElectionStatus::Voting) else {
        return Err(());
    };
    let Some(board) = row.board.clone() else {
        return Ok(None);
    };
    let candidates: Vec<CandidateId> = on_read!(store, pool =>
        sqlx::query_scalar(CANDIDATE_IDS).bind(id).fetch_all(pool).await)
    .map_err(|_| ())?;
    Ok(Some(BoardElection {
        row,
        candidates,
        manifest: manifest_of(store, &board).await?,
        board,
    }))
}

/// The board ballot of a ballot cast with the (normalized) code `code`, if its election is in
/// voting through a board; `None` otherwise (a plaintext election, a code no one holds, choices
/// that are not valid: the writer then gives the answer).
pub(crate) async fn prepare(
    store: &Store,
    elections: &VotingElections,
    input: &CastBallot,
    code: &str,
) -> Option<Prepared> {
    let id: Option<ElectionId> = on_read!(store, pool => sqlx::query_scalar(
        "SELECT election_id FROM voting_codes WHERE code_digest = $1")
        .bind(digest(code)).fetch_optional(pool).await)
    .ok()?;
    let id = id?;
    let e = elections.get(id, read_election(store, id)).await.ok()??;
    let device = device_ballot(input);
    let selections = match device {
        Some(_) => None,
        None => {
            let choices = plain_choices(&e.row, &e.candidates, input).ok()?;
            Some(board_selections(&e.row, &e.candidates, &choices))
        }
    };
    prepare_on(&e.board, e.manifest.clone(), device, selections).await
}
