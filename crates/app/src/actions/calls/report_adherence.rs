//! A base organization in a call's scope reports its adherence to a step of the call (the current
//! one unless named): joined, partly or not; how many members; where (places, workplaces
//! occupied). Its secretary updates the report as the day goes; each report is an act.

use asamblea_store::{Store, now_rfc3339, on_tx};
use serde::Deserialize;
use serde_json::json;

use super::{bump, call, in_scope};
use crate::actions::mandate::require_base_organization;
use crate::actions::registry::{MAX_MEMBERSHIP, require_act_for};
use crate::actions::sessions::rows::act;
use crate::domain::{ActKind, Adherence, CallId, CallStatus, OrganizationId};
use crate::{Actor, AppError};

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct AdherenceReport {
    pub organization_id: OrganizationId,
    /// The step (1, 2, ...); the call's current step when left out.
    #[serde(default)]
    pub step: Option<i64>,
    pub status: Adherence,
    /// Members taking part.
    #[serde(default)]
    pub members: i64,
    /// Where: places, workplaces occupied (up to 1,000 characters).
    #[serde(default)]
    pub places: String,
}

pub async fn report_adherence(
    store: &Store,
    actor: &Actor,
    id: CallId,
    input: AdherenceReport,
) -> Result<(), AppError> {
    require_act_for(actor, input.organization_id)?;
    if !(0..=MAX_MEMBERSHIP).contains(&input.members) {
        return Err(AppError::invalid("members", "error-call-members-count"));
    }
    let places = input.places.trim().to_string();
    if places.chars().count() > 1_000 || places.chars().any(|c| c.is_control() && c != '\n') {
        return Err(AppError::invalid("places", "error-call-places"));
    }
    let mut tx = store.begin().await?;
    let c = call(&mut tx, id).await?;
    if c.status != CallStatus::Active {
        return Err(AppError::Conflict {
            key: "error-call-not-active",
        });
    }
    require_base_organization(&mut tx, c.assembly_id, input.organization_id).await?;
    let org: Option<(i64, Option<i64>)> = on_tx!(&mut tx, x => sqlx::query_as(
        "SELECT sector_id, department_id FROM organizations WHERE id = $1")
        .bind(input.organization_id).fetch_optional(&mut **x).await)?;
    let (sector, department) = org.ok_or(AppError::NotFound)?;
    if !in_scope(
        c.scope_kind,
        &c.scope_list(),
        input.organization_id,
        sector,
        department,
    ) {
        return Err(AppError::invalid(
            "organization_id",
            "error-call-out-of-scope",
        ));
    }
    let step = input.step.unwrap_or(c.current_step);
    if step < 1 || step > c.current_step {
        return Err(AppError::invalid("step", "error-call-step"));
    }
    on_tx!(&mut tx, x => sqlx::query(
        "INSERT INTO adherence_reports (call_id, step, organization_id, status, members, places, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (call_id, step, organization_id) DO UPDATE SET \
         status = excluded.status, members = excluded.members, places = excluded.places, updated_at = excluded.updated_at")
        .bind(id).bind(step).bind(input.organization_id).bind(input.status).bind(input.members)
        .bind(&places).bind(now_rfc3339()).execute(&mut **x).await.map(|r| r.rows_affected()))?;
    bump(&mut tx, id).await?;
    tx.append(act(
        actor,
        ActKind::CallAdherenceReported,
        c.assembly_id,
        json!({"call_id": id, "step": step, "organization_id": input.organization_id,
               "status": input.status, "members": input.members, "places": places}),
    ))
    .await?;
    tx.commit().await?;
    Ok(())
}
