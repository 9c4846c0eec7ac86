//! An organization sets how it recalls its delegates: `governing_body` (its secretary records the
//! decision) or `members_vote` (a yes/no vote of its members with voting codes).

use crate::domain::ActKind;
use asamblea_record::NewAct;
use asamblea_store::{Store, on_tx};
use serde::Deserialize;
use serde_json::json;

use super::may_manage_delegation;
use crate::domain::{OrganizationId, RecallBy, Unchecked};
use crate::{Actor, AppError};

/// How the organization recalls its delegates.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct RecallMethod {
    /// Checked after the permission.
    #[schema(value_type = RecallBy)]
    pub recall_by: Unchecked<RecallBy>,
}

pub async fn set_recall_method(
    store: &Store,
    actor: &Actor,
    organization_id: OrganizationId,
    input: RecallMethod,
) -> Result<(), AppError> {
    if actor.account().is_none() {
        return Err(AppError::Unauthorized {
            key: "error-login-required",
        });
    }
    if !may_manage_delegation(actor, organization_id) {
        return Err(AppError::Forbidden);
    }
    let recall_by = input.recall_by.check("recall_by", "error-invalid")?;
    let mut tx = store.begin().await?;
    let n = on_tx!(&mut tx, c => sqlx::query("UPDATE organizations SET recall_by = $1 WHERE id = $2")
        .bind(recall_by).bind(organization_id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    if n == 0 {
        return Err(AppError::NotFound);
    }
    tx.append(NewAct {
        actor: actor.record_name(),
        kind: ActKind::OrganizationRecallMethodSet.as_str().into(),
        scope: format!("organization:{organization_id}"),
        payload: json!({"organization_id": organization_id, "recall_by": recall_by}),
    })
    .await?;
    tx.commit().await?;
    Ok(())
}
