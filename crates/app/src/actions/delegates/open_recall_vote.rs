//! The secretary opens a vote of the members on recalling one of the organization's delegates
//! (when the organization recalls by a vote of its members). `start_voting` hands out the codes;
//! each member answers yes or no; `close_election` decides and, if carried, recalls.

use asamblea_record::NewAct;
use asamblea_store::{Store, now_rfc3339, on_tx};
use serde_json::json;

use super::acts_for_organization;
use crate::{Actor, AppError};

/// Returns the election's id.
pub async fn open_recall_vote(
    store: &Store,
    actor: &Actor,
    delegate_id: i64,
) -> Result<i64, AppError> {
    if actor.account().is_none() {
        return Err(AppError::Unauthorized {
            key: "error-login-required",
        });
    }
    let mut tx = store.begin().await?;
    let row: Option<(i64, i64, String, String)> = on_tx!(&mut tx, c => sqlx::query_as(
        "SELECT d.assembly_id, d.organization_id, d.status, o.recall_by FROM delegates d JOIN organizations o ON o.id = d.organization_id WHERE d.id = $1")
        .bind(delegate_id).fetch_optional(&mut **c).await)?;
    let Some((assembly_id, org, status, recall_by)) = row else {
        return Err(AppError::NotFound);
    };
    if !acts_for_organization(actor, org) {
        return Err(AppError::Forbidden);
    }
    if recall_by != "members_vote" {
        return Err(AppError::Conflict {
            key: "dlg-error-recall-by-body",
        });
    }
    if status != "elected" && status != "accredited" {
        return Err(AppError::Conflict {
            key: "dlg-error-delegate-not-active",
        });
    }
    let id: i64 = on_tx!(&mut tx, c => sqlx::query_scalar(
        "INSERT INTO elections (assembly_id, organization_id, kind, method, titular_seats, substitute_seats, recall_delegate_id, status, created_at) \
         VALUES ($1, $2, 'recall', 'yes-no', 1, 0, $3, 'nominating', $4) RETURNING id")
        .bind(assembly_id).bind(org).bind(delegate_id).bind(now_rfc3339()).fetch_one(&mut **c).await)?;
    tx.append(NewAct {
        actor: actor.record_name(),
        kind: "election.opened".into(),
        scope: format!("assembly:{assembly_id}"),
        payload: json!({"election_id": id, "assembly_id": assembly_id, "organization_id": org,
                        "kind": "recall", "delegate_id": delegate_id}),
    })
    .await?;
    tx.commit().await?;
    Ok(id)
}
