//! The cryptography of a member's ballot in an election through a board (issues 14 and 15),
//! done by the request before the ballot is queued for the writer
//! (`member_ballot_writer.rs`), as a session ballot's (`boards::prepared_ballot`): a read finds
//! the code's election, and the device's ballot is checked, or the server encrypts the marks,
//! on tokio's blocking pool. The writer's transaction takes the prepared ballot only if it was
//! made for the election's board and for the marks the ballot's choices make there
//! (`prepared_ballot::fitting`), so nothing decided here is trusted under the write lock: the
//! code, the election open, the choices, the member not voted and the credential unused are all
//! checked there.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use asamblea_store::{Store, on_read};

use super::cast_ballot::{CastBallot, board_selections, device_ballot, plain_choices};
use super::{CANDIDATE_IDS, ELECTION_ROW, ElectionRow};
use crate::actions::boards::prepared_ballot::{BoardManifest, Prepared, prepare_on};
use crate::domain::{CandidateId, ElectionId, ElectionStatus};
use crate::secrets::digest;

/// What the requests know of the elections in voting seen so far, by election: for one
/// through a board, its row, candidates and manifest; `None` for a plaintext one. None of it
/// that the preparation uses changes once the vote has started (the board is opened with it),
/// so each election is read once, not once per ballot.
#[derive(Clone, Default)]
pub(crate) struct VotingElections(Arc<Mutex<HashMap<ElectionId, Option<Arc<BoardElection>>>>>);

/// An election in voting through a board, as [`prepare`] needs it.
pub(crate) struct BoardElection {
    row: ElectionRow,
    candidates: Vec<CandidateId>,
    board: String,
    manifest: Arc<BoardManifest>,
}

/// Elections remembered at most (forgotten all at once beyond).
const ELECTIONS_KEPT: usize = 10_000;

impl VotingElections {
    /// Election `id` if it is in voting through a board; `None` if it is in voting and
    /// plaintext; `Err` if it is not in voting or cannot be read (the writer then decides).
    async fn get(&self, store: &Store, id: ElectionId) -> Result<Option<Arc<BoardElection>>, ()> {
        if let Some(e) = self.0.lock().map_err(|_| ())?.get(&id) {
            return Ok(e.clone());
        }
        let row: Option<ElectionRow> = on_read!(store, pool => sqlx::query_as(ELECTION_ROW)
            .bind(id).fetch_optional(pool).await)
        .map_err(|_| ())?;
        let Some(row) = row.filter(|r| r.status == ElectionStatus::Voting) else {
            return Err(());
        };
        let known = match row.board.clone() {
            None => None,
            Some(board) => {
                let candidates: Vec<CandidateId> = on_read!(store, pool =>
                    sqlx::query_scalar(CANDIDATE_IDS).bind(id).fetch_all(pool).await)
                .map_err(|_| ())?;
                let body = crate::queries::boards::document(store, &board, "manifest")
                    .await
                    .map_err(|_| ())?
                    .ok_or(())?;
                Some(Arc::new(BoardElection {
                    row,
                    candidates,
                    board,
                    manifest: Arc::new(BoardManifest::parse(&body).map_err(|_| ())?),
                }))
            }
        };
        if let Ok(mut kept) = self.0.lock() {
            if kept.len() >= ELECTIONS_KEPT {
                kept.clear();
            }
            kept.insert(id, known.clone());
        }
        Ok(known)
    }
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
    let e = elections.get(store, id?).await.ok()??;
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
