//! The cryptography of a member's ballot in an election through a board (issues 14 and 15),
//! done by the request before the ballot is queued for the writer
//! (`member_ballot_writer.rs`), as a session ballot's (`boards::prepared_ballot`): a read finds
//! the code's election, and the device's ballot is checked, or the server encrypts the marks,
//! on tokio's blocking pool. The writer's transaction takes the prepared ballot only if it was
//! made for the election's board and for the marks the ballot's choices make there
//! (`prepared_ballot::fitting`), so nothing decided here is trusted under the write lock: the
//! code, the election open, the choices, the member not voted and the credential unused are all
//! checked there.

use std::sync::Arc;

use asamblea_store::{Store, on_read};

use super::cast_ballot::{CastBallot, board_selections, device_ballot, plain_choices};
use super::{CANDIDATE_IDS, ELECTION_ROW, ElectionRow};
use crate::actions::boards::prepared_ballot::{
    BoardManifest, KeptWhileOpen, Prepared, manifest_of, prepare_on,
};
use crate::domain::{CandidateId, ElectionId, ElectionStatus};
use crate::secrets::digest;

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
