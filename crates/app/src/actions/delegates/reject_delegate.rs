//! The credentials commission rejects a delegate's credential, with a reason.

use crate::domain::ActKind;
use asamblea_record::NewAct;
use asamblea_store::{Store, on_tx};
use serde_json::json;

use super::accredit_delegate::{load_delegate, require_commission};
use crate::domain::{DelegateId, DelegateStatus};
use crate::{Actor, AppError};

pub async fn reject_delegate(
    store: &Store,
    actor: &Actor,
    delegate_id: DelegateId,
    reason: &str,
) -> Result<(), AppError> {
    let reason = reason.trim().to_string();
    let mut tx = store.begin().await?;
    let d = load_delegate(&mut tx, delegate_id).await?;
    require_commission(&mut tx, actor, d.assembly_id).await?;
    if reason.is_empty() || reason.chars().count() > 500 {
        return Err(AppError::invalid("reason", "dlg-error-reason-required"));
    }
    if !d.status.holds_mandate() {
        return Err(AppError::Conflict {
            key: "dlg-error-credential-decided",
        });
    }
    on_tx!(&mut tx, c => sqlx::query("UPDATE delegates SET status = $1, status_reason = $2 WHERE id = $3")
        .bind(DelegateStatus::Rejected).bind(&reason).bind(delegate_id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    on_tx!(&mut tx, c => sqlx::query("DELETE FROM attendance WHERE delegate_id = $1")
        .bind(delegate_id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    tx.append(NewAct {
        actor: actor.record_name(),
        kind: ActKind::DelegateRejected.as_str().into(),
        scope: format!("assembly:{}", d.assembly_id),
        payload: json!({"delegate_id": delegate_id, "organization_id": d.organization_id, "reason": reason}),
    })
    .await?;
    tx.commit().await?;
    Ok(())
}
