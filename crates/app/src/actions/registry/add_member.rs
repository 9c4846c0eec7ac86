//! An organization's secretary (or an administrator) adds a member. The act names the member by
//! id only: members' names and contacts are not public.

use asamblea_record::NewAct;
use asamblea_store::{Store, on_tx};
use serde_json::json;

use super::{is_email, optional_text, require_act_for, required_text};
use crate::{Actor, AppError};

#[derive(Debug, Clone, Default)]
pub struct NewMember {
    pub organization_id: i64,
    pub member_number: String,
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
}

/// Adds the member; returns its id.
pub async fn add_member(store: &Store, actor: &Actor, input: NewMember) -> Result<i64, AppError> {
    require_act_for(actor, input.organization_id)?;
    let number = required_text("member_number", &input.member_number, 40)?;
    let name = required_text("name", &input.name, 200)?;
    let phone = optional_text("phone", input.phone.as_deref(), 40)?;
    let email = optional_text("email", input.email.as_deref(), 200)?;
    if email.as_deref().is_some_and(|e| !is_email(e)) {
        return Err(AppError::invalid("email", "error-registry-email"));
    }
    let mut tx = store.begin().await?;
    let org: i64 = on_tx!(&mut tx, c => sqlx::query_scalar("SELECT COUNT(*) FROM organizations WHERE id = $1")
        .bind(input.organization_id).fetch_one(&mut **c).await)?;
    if org == 0 {
        return Err(AppError::NotFound);
    }
    let taken: i64 = on_tx!(&mut tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM members WHERE organization_id = $1 AND member_number = $2")
        .bind(input.organization_id).bind(&number).fetch_one(&mut **c).await)?;
    if taken > 0 {
        return Err(AppError::invalid(
            "member_number",
            "error-registry-member-number-taken",
        ));
    }
    let id: i64 = on_tx!(&mut tx, c => sqlx::query_scalar(
        "INSERT INTO members (organization_id, member_number, name, phone, email) VALUES ($1, $2, $3, $4, $5) RETURNING id")
        .bind(input.organization_id).bind(&number).bind(&name).bind(&phone).bind(&email)
        .fetch_one(&mut **c).await)?;
    tx.append(NewAct {
        actor: actor.record_name(),
        kind: "member.added".into(),
        scope: format!("organization:{}", input.organization_id),
        payload: json!({"organization_id": input.organization_id, "member_id": id}),
    })
    .await?;
    tx.commit().await?;
    Ok(id)
}
