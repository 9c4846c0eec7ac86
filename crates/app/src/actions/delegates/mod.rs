//! Actions of the delegates area (elections by the base, credentials, check-in, recall), one
//! file per action. Who may do what is decided by the helpers at the end of this file.

pub mod accredit_delegate;
pub mod assign_assembly_role;
pub mod cast_ballot;
pub mod check_in;
pub mod check_in_by_card;
pub mod close_election;
pub mod count;
pub mod enter_paper_count;
pub mod issue_delegate_card;
pub mod nominate_candidate;
pub mod open_election;
pub mod open_recall_vote;
pub mod recall_delegate;
pub mod register_delegate;
pub mod reject_delegate;
pub mod revoke_delegation;
pub mod set_recall_method;
pub mod start_voting;

use crate::domain::OrganizationId;
use asamblea_store::{Tx, now_rfc3339, on_tx};

use crate::{Actor, AppError, Role};

/// An administrator, or a secretary of organization `org` (`accounts.organization_id`).
pub fn acts_for_organization(actor: &Actor, org: i64) -> bool {
    actor.is_admin()
        || actor.account().is_some_and(|a| {
            a.role == Role::Secretary && a.organization_id == Some(OrganizationId(org))
        })
}

/// Whether the actor holds `role` (presidium, credentials, teller) in assembly `assembly_id`.
pub(crate) async fn holds_assembly_role(
    tx: &mut Tx,
    actor: &Actor,
    assembly_id: i64,
    role: &str,
) -> Result<bool, AppError> {
    let Some(account) = actor.account() else {
        return Ok(false);
    };
    let n: i64 = on_tx!(tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM assembly_roles WHERE assembly_id = $1 AND account_id = $2 AND role = $3")
        .bind(assembly_id).bind(account.id).bind(role).fetch_one(&mut **c).await)?;
    Ok(n > 0)
}

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

/// SHA-256 (hex) of a ballot box: the `choices` of every ballot, sorted, each followed by `\n`.
pub fn ballot_box_digest(choices: &[String]) -> String {
    use sha2::{Digest, Sha256};
    let mut sorted: Vec<&String> = choices.iter().collect();
    sorted.sort();
    let mut h = Sha256::new();
    for c in sorted {
        h.update(c.as_bytes());
        h.update(b"\n");
    }
    hex::encode(h.finalize())
}

/// The election row as actions need it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct ElectionRow {
    pub id: i64,
    pub assembly_id: i64,
    pub organization_id: i64,
    pub kind: String,
    pub method: String,
    pub titular_seats: i64,
    pub substitute_seats: i64,
    pub recall_delegate_id: Option<i64>,
    pub status: String,
}

pub(crate) async fn load_election(tx: &mut Tx, id: i64) -> Result<ElectionRow, AppError> {
    let row: Option<ElectionRow> = on_tx!(tx, c => sqlx::query_as(
        "SELECT id, assembly_id, organization_id, kind, method, titular_seats, substitute_seats, recall_delegate_id, status FROM elections WHERE id = $1")
        .bind(id).fetch_optional(&mut **c).await)?;
    row.ok_or(AppError::NotFound)
}
