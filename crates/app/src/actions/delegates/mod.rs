//! Actions of the delegates area (elections by the base, credentials, check-in, recall), one
//! file per action. Who may do what is decided in `permissions.rs`; how a ballot box is counted,
//! in `crate::elections`.

pub mod accredit_delegate;
pub mod assign_assembly_role;
pub(crate) mod batch_known;
pub mod cast_ballot;
pub mod check_in;
pub mod check_in_by_badge;
pub mod close_election;
pub mod enter_paper_count;
pub mod issue_delegate_card;
pub mod nominate_candidate;
pub mod open_election;
pub mod open_recall_vote;
mod permissions;
pub(crate) mod prepared_member_ballot;
pub mod recall_delegate;
pub mod register_delegate;
pub mod reject_delegate;
pub mod revoke_delegation;
pub mod seats_held;
pub mod set_recall_method;
pub mod start_voting;
// federation: substitutes for the absent, proxies
pub mod check_out;
pub mod give_proxy;
pub mod revoke_proxy;
pub mod take_seat;
// issue 10: an election opened by mistake is cancelled
pub mod cancel_election;

pub use permissions::{
    Offices, may_assign_offices, may_check_in, may_decide_credentials, may_keep_door,
    may_manage_delegation, may_nominate, may_revoke_delegation, may_seat_substitute,
};

use asamblea_store::{Tx, now_rfc3339, on_tx};

use crate::AppError;
use crate::domain::{
    AssemblyId, DelegateId, ElectionId, ElectionKind, ElectionMethod, ElectionStatus,
    OrganizationId,
};

/// Today as `YYYY-MM-DD` (UTC), comparable with `organizations.term_to`.
pub(crate) fn today() -> String {
    now_rfc3339()[..10].to_string()
}

/// A 128-bit random hex id (ballot keys: no order, no meaning).
pub(crate) fn random_id() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// The election row as actions need it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct ElectionRow {
    pub id: ElectionId,
    pub assembly_id: AssemblyId,
    pub organization_id: OrganizationId,
    pub kind: ElectionKind,
    pub method: ElectionMethod,
    pub titular_seats: i64,
    pub substitute_seats: i64,
    pub recall_delegate_id: Option<DelegateId>,
    pub status: ElectionStatus,
    /// Set when the election was cancelled (`cancel_election`): nothing more happens in it.
    pub cancelled_at: Option<String>,
    /// Its encrypted board, when its ballots go there (`actions::boards::election_boards`).
    pub board: Option<String>,
}

/// The statement that reads an [`ElectionRow`] (`$1`: the election's id).
pub(crate) const ELECTION_ROW: &str = "SELECT id, assembly_id, organization_id, kind, method, titular_seats, substitute_seats, recall_delegate_id, status, cancelled_at, board FROM elections WHERE id = $1";

/// The statement that reads an election's candidates' ids, in order (`$1`: the election's id).
pub(crate) const CANDIDATE_IDS: &str =
    "SELECT id FROM election_candidates WHERE election_id = $1 ORDER BY id";

/// The election, whatever its state (cancelled too).
pub(crate) async fn load_election_row(
    tx: &mut Tx,
    id: ElectionId,
) -> Result<ElectionRow, AppError> {
    let row: Option<ElectionRow> = on_tx!(tx, c => sqlx::query_as(ELECTION_ROW)
        .bind(id).fetch_optional(&mut **c).await)?;
    row.ok_or(AppError::NotFound)
}

/// The election for an action that goes on with it: a cancelled election is refused, so it
/// takes no nomination, no vote, no count and seats no one.
pub(crate) async fn load_election(tx: &mut Tx, id: ElectionId) -> Result<ElectionRow, AppError> {
    let row = load_election_row(tx, id).await?;
    if row.cancelled_at.is_some() {
        return Err(AppError::Conflict {
            key: "dlg-error-election-cancelled",
        });
    }
    Ok(row)
}
