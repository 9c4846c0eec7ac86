//! An organization sets how it recalls its delegates: `governing_body` (its secretary records the
//! decision) or `members_vote` (a yes/no vote of its members with voting codes).

use asamblea_record::NewAct;
use asamblea_store::{Store, on_tx};
use serde_json::json;

use super::acts_for_organization;
use crate::{Actor, AppError};

pub async fn set_recall_method(
    store: &Store,
    actor: &Actor,
    organization_id: i64,
    recall_by: &str,
) -> Result<(), AppError> {
    if actor.account().is_none() {
        return Err(AppError::Unauthorized {
            key: "error-login-required",
        });
    }
    if !acts_for_organization(actor, organization_id) {
        return Err(AppError::Forbidden);
    }
    if recall_by != "governing_body" && recall_by != "members_vote" {
        return Err(AppError::invalid("recall_by", "error-invalid"));
    }
    let mut tx = store.begin().await?;
    let n = on_tx!(&mut tx, c => sqlx::query("UPDATE organizations SET recall_by = $1 WHERE id = $2")
        .bind(recall_by).bind(organization_id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    if n == 0 {
        return Err(AppError::NotFound);
    }
    tx.append(NewAct {
        actor: actor.record_name(),
        kind: "organization.recall_method_set".into(),
        scope: format!("organization:{organization_id}"),
        payload: json!({"organization_id": organization_id, "recall_by": recall_by}),
    })
    .await?;
    tx.commit().await?;
    Ok(())
}
