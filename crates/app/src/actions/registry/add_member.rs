//! An organization's secretary (or an administrator) adds a member. The act names the member by
//! id only: members' names and contacts are not public.

use crate::domain::ActKind;
use asamblea_record::NewAct;
use asamblea_store::{Store, on_tx};
use serde::Deserialize;
use serde_json::json;

use super::{is_email, optional_text, require_act_for, required_text};
use crate::domain::{MemberId, OrganizationId};
use crate::{Actor, AppError};

/// A member's fields as typed (the organization is the one the member is added to).
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct NewMember {
    pub member_number: String,
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
}

/// The fields of a [`NewMember`], checked.
pub(crate) struct CheckedMember {
    pub number: String,
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
}

impl NewMember {
    pub(crate) fn check(&self) -> Result<CheckedMember, AppError> {
        let number = required_text("member_number", &self.member_number, 40)?;
        let name = required_text("name", &self.name, 200)?;
        let phone = optional_text("phone", self.phone.as_deref(), 40)?;
        let email = optional_text("email", self.email.as_deref(), 200)?;
        if email.as_deref().is_some_and(|e| !is_email(e)) {
            return Err(AppError::invalid("email", "error-registry-email"));
        }
        Ok(CheckedMember {
            number,
            name,
            phone,
            email,
        })
    }
}

/// Adds the member to `organization_id`; returns its id.
pub async fn add_member(
    store: &Store,
    actor: &Actor,
    organization_id: OrganizationId,
    input: NewMember,
) -> Result<MemberId, AppError> {
    require_act_for(actor, organization_id)?;
    let m = input.check()?;
    let mut tx = store.begin().await?;
    let org: i64 = on_tx!(&mut tx, c => sqlx::query_scalar("SELECT COUNT(*) FROM organizations WHERE id = $1")
        .bind(organization_id).fetch_one(&mut **c).await)?;
    if org == 0 {
        return Err(AppError::NotFound);
    }
    let taken: i64 = on_tx!(&mut tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM members WHERE organization_id = $1 AND member_number = $2")
        .bind(organization_id).bind(&m.number).fetch_one(&mut **c).await)?;
    if taken > 0 {
        return Err(AppError::invalid(
            "member_number",
            "error-registry-member-number-taken",
        ));
    }
    let id: MemberId = on_tx!(&mut tx, c => sqlx::query_scalar(
        "INSERT INTO members (organization_id, member_number, name, phone, email) VALUES ($1, $2, $3, $4, $5) RETURNING id")
        .bind(organization_id).bind(&m.number).bind(&m.name).bind(&m.phone).bind(&m.email)
        .fetch_one(&mut **c).await)?;
    tx.append(NewAct {
        actor: actor.record_name(),
        kind: ActKind::MemberAdded.as_str().into(),
        scope: format!("organization:{organization_id}"),
        payload: json!({"organization_id": organization_id, "member_id": id}),
    })
    .await?;
    tx.commit().await?;
    Ok(id)
}
