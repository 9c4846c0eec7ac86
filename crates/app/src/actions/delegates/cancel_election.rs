//! The organization's secretary (or an administrator) cancels an election opened by mistake,
//! before or after its vote opened, with a reason. The election keeps the status where it stopped
//! and is marked cancelled (`cancelled_at`, `cancel_reason`): from then on it takes no nomination,
//! no ballot, no count and seats no one (`load_election` refuses it), and it no longer keeps the
//! organization from opening another election. A closed election is not cancelled (its result
//! seated delegates; they are recalled or replaced by their own acts).

use crate::domain::ActKind;
use asamblea_record::NewAct;
use asamblea_store::{SecretTables, Store, now_rfc3339, on_tx};
use serde::Deserialize;
use serde_json::json;

use super::{load_election_row, may_manage_delegation};
use crate::domain::{ElectionId, ElectionStatus};
use crate::{Actor, AppError};

/// The longest reason kept, in characters.
pub const MAX_REASON_CHARS: usize = 500;

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct CancelElection {
    /// Why the election is cancelled (1 to 500 characters), kept on the record.
    pub reason: String,
}

pub async fn cancel_election(
    store: &Store,
    actor: &Actor,
    election_id: ElectionId,
    input: CancelElection,
) -> Result<(), AppError> {
    if actor.account().is_none() && !actor.is_admin() {
        return Err(AppError::Unauthorized {
            key: "error-login-required",
        });
    }
    let reason = input.reason.trim().to_string();
    let mut tx = store.begin().await?;
    let e = load_election_row(&mut tx, election_id).await?;
    if !may_manage_delegation(actor, e.organization_id) {
        return Err(AppError::Forbidden);
    }
    if reason.is_empty() || reason.chars().count() > MAX_REASON_CHARS {
        return Err(AppError::invalid("reason", "dlg-error-reason-required"));
    }
    if e.cancelled_at.is_some() {
        return Err(AppError::Conflict {
            key: "dlg-error-election-cancelled",
        });
    }
    if e.status == ElectionStatus::Closed {
        return Err(AppError::Conflict {
            key: "dlg-error-election-closed",
        });
    }
    let voters: i64 = on_tx!(&mut tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM election_voters WHERE election_id = $1")
        .bind(election_id).fetch_one(&mut **c).await)?;
    let at = now_rfc3339();
    on_tx!(&mut tx, c => sqlx::query(
        "UPDATE elections SET cancelled_at = $1, cancel_reason = $2 WHERE id = $3 AND cancelled_at IS NULL")
        .bind(&at).bind(&reason).bind(election_id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    tx.append(NewAct {
        actor: actor.record_name(),
        kind: ActKind::ElectionCancelled.as_str().into(),
        scope: format!("assembly:{}", e.assembly_id),
        payload: json!({
            "election_id": election_id, "organization_id": e.organization_id, "kind": e.kind,
            "status": e.status, "voters": voters, "reason": reason,
        }),
    })
    .await?;
    tx.commit().await?;
    if e.status == ElectionStatus::Voting {
        // Ballots already cast are never counted; the tables forget the order they came in.
        if let Err(err) = store
            .forget_write_order(SecretTables::Election(election_id.get()))
            .await
        {
            tracing::warn!(%err, %election_id, "could not rewrite the ballot box in key order");
        }
    }
    Ok(())
}
