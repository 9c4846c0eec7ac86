//! The secretary opens a vote of the members on recalling one of the organization's delegates
//! (when the organization recalls by a vote of its members). `start_voting` hands out the codes;
//! each member answers yes or no; `close_election` decides and, if carried, recalls.

use crate::domain::ActKind;
use asamblea_record::NewAct;
use asamblea_store::{Store, now_rfc3339, on_tx};
use serde_json::json;

use super::may_manage_delegation;
use crate::domain::{
    AssemblyId, DelegateId, DelegateStatus, ElectionId, ElectionKind, ElectionMethod,
    ElectionStatus, OrganizationId, RecallBy,
};
use crate::{Actor, AppError};

/// Returns the election's id.
pub async fn open_recall_vote(
    store: &Store,
    actor: &Actor,
    delegate_id: DelegateId,
) -> Result<ElectionId, AppError> {
    if actor.account().is_none() {
        return Err(AppError::Unauthorized {
            key: "error-login-required",
        });
    }
    let mut tx = store.begin().await?;
    let row: Option<(AssemblyId, OrganizationId, DelegateStatus, RecallBy)> = on_tx!(&mut tx, c => sqlx::query_as(
        "SELECT d.assembly_id, d.organization_id, d.status, o.recall_by FROM delegates d JOIN organizations o ON o.id = d.organization_id WHERE d.id = $1")
        .bind(delegate_id).fetch_optional(&mut **c).await)?;
    let Some((assembly_id, org, status, recall_by)) = row else {
        return Err(AppError::NotFound);
    };
    if !may_manage_delegation(actor, org) {
        return Err(AppError::Forbidden);
    }
    if recall_by != RecallBy::MembersVote {
        return Err(AppError::Conflict {
            key: "dlg-error-recall-by-body",
        });
    }
    if !status.holds_mandate() {
        return Err(AppError::Conflict {
            key: "dlg-error-delegate-not-active",
        });
    }
    let id: ElectionId = on_tx!(&mut tx, c => sqlx::query_scalar(
        "INSERT INTO elections (assembly_id, organization_id, kind, method, titular_seats, substitute_seats, recall_delegate_id, status, created_at) \
         VALUES ($1, $2, $3, $4, 1, 0, $5, $6, $7) RETURNING id")
        .bind(assembly_id).bind(org).bind(ElectionKind::Recall).bind(ElectionMethod::YesNo).bind(delegate_id)
        .bind(ElectionStatus::Nominating).bind(now_rfc3339()).fetch_one(&mut **c).await)?;
    tx.append(NewAct {
        actor: actor.record_name(),
        kind: ActKind::ElectionOpened.as_str().into(),
        scope: format!("assembly:{assembly_id}"),
        payload: json!({"election_id": id, "assembly_id": assembly_id, "organization_id": org,
                        "kind": ElectionKind::Recall, "delegate_id": delegate_id}),
    })
    .await?;
    tx.commit().await?;
    Ok(id)
}
