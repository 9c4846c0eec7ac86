//! The assembly revokes a whole delegation (every delegate and substitute of one organization in
//! it) by its own vote. An administrator or a member of the assembly's presidium records the
//! decision with a reference to the vote. No substitute steps in: the organization elects anew.

use asamblea_record::NewAct;
use asamblea_store::{Store, on_tx};
use serde_json::json;

use super::holds_assembly_role;
use super::recall_delegate::{RecallVia, recall_in_tx, validate_reference};
use crate::{Actor, AppError};

/// Returns the ids of the delegates recalled.
pub async fn revoke_delegation(
    store: &Store,
    actor: &Actor,
    assembly_id: i64,
    organization_id: i64,
    reference: &str,
) -> Result<Vec<i64>, AppError> {
    if actor.account().is_none() {
        return Err(AppError::Unauthorized {
            key: "error-login-required",
        });
    }
    let mut tx = store.begin().await?;
    if !(actor.is_admin() || holds_assembly_role(&mut tx, actor, assembly_id, "presidium").await?) {
        return Err(AppError::Forbidden);
    }
    let reference = validate_reference(reference)?;
    let ids: Vec<i64> = on_tx!(&mut tx, c => sqlx::query_scalar(
        "SELECT id FROM delegates WHERE assembly_id = $1 AND organization_id = $2 AND status IN ('elected', 'accredited') ORDER BY id")
        .bind(assembly_id).bind(organization_id).fetch_all(&mut **c).await)?;
    if ids.is_empty() {
        return Err(AppError::Conflict {
            key: "dlg-error-delegation-empty",
        });
    }
    tx.append(NewAct {
        actor: actor.record_name(),
        kind: "delegation.revoked".into(),
        scope: format!("assembly:{assembly_id}"),
        payload: json!({"organization_id": organization_id, "reference": reference, "delegate_ids": ids}),
    })
    .await?;
    for &id in &ids {
        recall_in_tx(&mut tx, actor, id, RecallVia::Assembly, &reference).await?;
    }
    tx.commit().await?;
    Ok(ids)
}
