//! The assembly revokes a whole delegation (every delegate and substitute of one organization in
//! it) by its own vote. An administrator or a member of the assembly's presidium records the
//! decision with a reference to the vote. No substitute steps in: the organization elects anew.

use crate::domain::ActKind;
use asamblea_record::NewAct;
use asamblea_store::{Store, on_tx};
use serde_json::json;

use super::recall_delegate::{RecallVia, recall_in_tx, validate_reference};
use super::{Offices, may_revoke_delegation};
use crate::domain::{AssemblyId, DelegateId, DelegateStatus, OrganizationId};
use crate::{Actor, AppError};

/// Returns the ids of the delegates recalled.
pub async fn revoke_delegation(
    store: &Store,
    actor: &Actor,
    assembly_id: AssemblyId,
    organization_id: OrganizationId,
    reference: &str,
) -> Result<Vec<DelegateId>, AppError> {
    if actor.account().is_none() {
        return Err(AppError::Unauthorized {
            key: "error-login-required",
        });
    }
    let mut tx = store.begin().await?;
    let offices = Offices::of_in_tx(&mut tx, actor, assembly_id).await?;
    if !may_revoke_delegation(actor, &offices) {
        return Err(AppError::Forbidden);
    }
    let reference = validate_reference(reference)?;
    let ids: Vec<DelegateId> = on_tx!(&mut tx, c => sqlx::query_scalar(
        "SELECT id FROM delegates WHERE assembly_id = $1 AND organization_id = $2 AND status IN ($3, $4) ORDER BY id")
        .bind(assembly_id).bind(organization_id)
        .bind(DelegateStatus::Elected).bind(DelegateStatus::Accredited).fetch_all(&mut **c).await)?;
    if ids.is_empty() {
        return Err(AppError::Conflict {
            key: "dlg-error-delegation-empty",
        });
    }
    tx.append(NewAct {
        actor: actor.record_name(),
        kind: ActKind::DelegationRevoked.as_str().into(),
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
