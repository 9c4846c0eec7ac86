//! An organization's secretary (or an administrator) corrects a member's number, name or
//! contacts. The act names the member by id only.

use crate::domain::ActKind;
use asamblea_record::NewAct;
use asamblea_store::{Store, on_tx};
use serde_json::json;

use super::add_member::NewMember;
use super::require_act_for;
use crate::domain::{MemberId, OrganizationId};
use crate::{Actor, AppError};

/// Replaces the fields of member `member_id` of organization `organization_id` with `input`.
pub async fn update_member(
    store: &Store,
    actor: &Actor,
    organization_id: OrganizationId,
    member_id: MemberId,
    input: NewMember,
) -> Result<(), AppError> {
    require_act_for(actor, organization_id)?;
    let m = input.check()?;
    let mut tx = store.begin().await?;
    let found: i64 = on_tx!(&mut tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM members WHERE id = $1 AND organization_id = $2")
        .bind(member_id).bind(organization_id).fetch_one(&mut **c).await)?;
    if found == 0 {
        return Err(AppError::NotFound);
    }
    let taken: i64 = on_tx!(&mut tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM members WHERE organization_id = $1 AND member_number = $2 AND id <> $3")
        .bind(organization_id).bind(&m.number).bind(member_id).fetch_one(&mut **c).await)?;
    if taken > 0 {
        return Err(AppError::invalid(
            "member_number",
            "error-registry-member-number-taken",
        ));
    }
    on_tx!(&mut tx, c => sqlx::query(
        "UPDATE members SET member_number = $1, name = $2, phone = $3, email = $4 WHERE id = $5")
        .bind(&m.number).bind(&m.name).bind(&m.phone).bind(&m.email).bind(member_id)
        .execute(&mut **c).await.map(|r| r.rows_affected()))?;
    tx.append(NewAct {
        actor: actor.record_name(),
        kind: ActKind::MemberUpdated.as_str().into(),
        scope: format!("organization:{organization_id}"),
        payload: json!({"organization_id": organization_id, "member_id": member_id}),
    })
    .await?;
    tx.commit().await?;
    Ok(())
}
