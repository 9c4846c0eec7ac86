//! A base organization's secretary submits a demand for the assembly's mandate: its text, a
//! category, and the organization's own supporting vote or count.

use asamblea_store::{Store, now_rfc3339, on_tx};
use serde::Deserialize;
use serde_json::json;

use super::{require_act_for, require_base_organization};
use crate::actions::registry::required_text;
use crate::actions::sessions::rows::act;
use crate::domain::{ActKind, AssemblyId, DemandId, OrganizationId};
use crate::{Actor, AppError};

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct NewDemand {
    pub assembly_id: AssemblyId,
    pub organization_id: OrganizationId,
    /// The demand, in a few sentences (up to 2,000 characters).
    pub body: String,
    /// A short category (e.g. "salarios", "tierra").
    pub category: String,
    /// The organization's own supporting vote or count (members who backed it).
    #[serde(default)]
    pub support: i64,
}

pub async fn submit_demand(
    store: &Store,
    actor: &Actor,
    input: NewDemand,
) -> Result<DemandId, AppError> {
    require_act_for(actor, input.organization_id)?;
    let body = input.body.trim().to_string();
    if body.is_empty() || body.chars().count() > 2_000 {
        return Err(AppError::invalid("body", "error-mandate-body"));
    }
    if body
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r')
        || body.contains("\n\n")
    {
        return Err(AppError::invalid("body", "error-mandate-body"));
    }
    let category = required_text("category", &input.category, 60)?;
    if !(0..=crate::actions::registry::MAX_MEMBERSHIP).contains(&input.support) {
        return Err(AppError::invalid("support", "error-mandate-support"));
    }
    let mut tx = store.begin().await?;
    require_base_organization(&mut tx, input.assembly_id, input.organization_id).await?;
    let id: DemandId = on_tx!(&mut tx, c => sqlx::query_scalar(
        "INSERT INTO demands (assembly_id, organization_id, body, category, support, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
        .bind(input.assembly_id).bind(input.organization_id).bind(&body).bind(&category)
        .bind(input.support).bind(now_rfc3339()).fetch_one(&mut **c).await)?;
    tx.append(act(
        actor,
        ActKind::DemandSubmitted,
        input.assembly_id,
        json!({"demand_id": id, "organization_id": input.organization_id, "body": body,
               "category": category, "support": input.support}),
    ))
    .await?;
    tx.commit().await?;
    Ok(id)
}
