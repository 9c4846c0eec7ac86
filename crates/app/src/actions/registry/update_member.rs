//! An organization's secretary (or an administrator) corrects a member's number, name or
//! contacts. The act names the member by id only.

use asamblea_record::NewAct;
use asamblea_store::{Store, on_tx};
use serde_json::json;

use super::add_member::NewMember;
use super::{is_email, optional_text, require_act_for, required_text};
use crate::{Actor, AppError};

/// Replaces member `member_id`'s fields with `input` (its `organization_id` must be the
/// member's).
pub async fn update_member(
    store: &Store,
    actor: &Actor,
    member_id: i64,
    input: NewMember,
) -> Result<(), AppError> {
    require_act_for(actor, input.organization_id)?;
    let number = required_text("member_number", &input.member_number, 40)?;
    let name = required_text("name", &input.name, 200)?;
    let phone = optional_text("phone", input.phone.as_deref(), 40)?;
    let email = optional_text("email", input.email.as_deref(), 200)?;
    if email.as_deref().is_some_and(|e| !is_email(e)) {
        return Err(AppError::invalid("email", "error-registry-email"));
    }
    let mut tx = store.begin().await?;
    let found: i64 = on_tx!(&mut tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM members WHERE id = $1 AND organization_id = $2")
        .bind(member_id).bind(input.organization_id).fetch_one(&mut **c).await)?;
    if found == 0 {
        return Err(AppError::NotFound);
    }
    let taken: i64 = on_tx!(&mut tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM members WHERE organization_id = $1 AND member_number = $2 AND id <> $3")
        .bind(input.organization_id).bind(&number).bind(member_id).fetch_one(&mut **c).await)?;
    if taken > 0 {
        return Err(AppError::invalid(
            "member_number",
            "error-registry-member-number-taken",
        ));
    }
    on_tx!(&mut tx, c => sqlx::query(
        "UPDATE members SET member_number = $1, name = $2, phone = $3, email = $4 WHERE id = $5")
        .bind(&number).bind(&name).bind(&phone).bind(&email).bind(member_id)
        .execute(&mut **c).await.map(|r| r.rows_affected()))?;
    tx.append(NewAct {
        actor: actor.record_name(),
        kind: "member.updated".into(),
        scope: format!("organization:{}", input.organization_id),
        payload: json!({"organization_id": input.organization_id, "member_id": member_id}),
    })
    .await?;
    tx.commit().await?;
    Ok(())
}
