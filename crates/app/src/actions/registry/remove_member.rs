//! An organization's secretary (or an administrator) removes a member who holds no delegate
//! seat. The act names the member by id only.

use crate::domain::ActKind;
use asamblea_record::NewAct;
use asamblea_store::{Store, on_tx};
use serde_json::json;

use super::require_act_for;
use crate::domain::{MemberId, OrganizationId};
use crate::{Actor, AppError};

pub async fn remove_member(
    store: &Store,
    actor: &Actor,
    organization_id: OrganizationId,
    member_id: MemberId,
) -> Result<(), AppError> {
    require_act_for(actor, organization_id)?;
    let mut tx = store.begin().await?;
    let found: i64 = on_tx!(&mut tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM members WHERE id = $1 AND organization_id = $2")
        .bind(member_id).bind(organization_id).fetch_one(&mut **c).await)?;
    if found == 0 {
        return Err(AppError::NotFound);
    }
    let delegates: i64 = on_tx!(&mut tx, c => sqlx::query_scalar("SELECT COUNT(*) FROM delegates WHERE member_id = $1")
        .bind(member_id).fetch_one(&mut **c).await)?;
    if delegates > 0 {
        return Err(AppError::Conflict {
            key: "error-registry-member-is-delegate",
        });
    }
    on_tx!(&mut tx, c => sqlx::query("DELETE FROM members WHERE id = $1")
        .bind(member_id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    tx.append(NewAct {
        actor: actor.record_name(),
        kind: ActKind::MemberRemoved.as_str().into(),
        scope: format!("organization:{organization_id}"),
        payload: json!({"organization_id": organization_id, "member_id": member_id}),
    })
    .await?;
    tx.commit().await?;
    Ok(())
}
