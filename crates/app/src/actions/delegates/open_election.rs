//! An organization's secretary (or an administrator) opens the election of the organization's
//! delegates to an assembly: as many titular seats as are vacant (the seat plan's seats for it
//! minus its titulars whose mandate is in force; none vacant: refused), plus substitutes.
//! Members are then nominated; `start_voting` hands out the codes.

use crate::domain::ActKind;
use asamblea_record::NewAct;
use asamblea_store::{Store, now_rfc3339, on_tx};
use serde::Deserialize;
use serde_json::json;

use super::may_manage_delegation;
use super::seats_held::titulars_holding;
use crate::domain::{
    AssemblyId, ElectionId, ElectionKind, ElectionMethod, ElectionStatus, OrganizationId, Unchecked,
};
use crate::{Actor, AppError};

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct NewElection {
    pub assembly_id: AssemblyId,
    pub organization_id: OrganizationId,
    /// The counting rule: any but `yes-no` (recall votes). Checked after the permission.
    #[schema(value_type = ElectionMethod)]
    pub method: Unchecked<ElectionMethod>,
    /// How many ranked substitutes to elect (0 to 20).
    pub substitutes: i64,
}

/// Returns the election's id.
pub async fn open_election(
    store: &Store,
    actor: &Actor,
    input: NewElection,
) -> Result<ElectionId, AppError> {
    if actor.account().is_none() && !actor.is_admin() {
        return Err(AppError::Unauthorized {
            key: "error-login-required",
        });
    }
    if !may_manage_delegation(actor, input.organization_id) {
        return Err(AppError::Forbidden);
    }
    let method = input.method.check("method", "dlg-error-election-method")?;
    if method.rule().is_none() {
        return Err(AppError::invalid("method", "dlg-error-election-method"));
    }
    if !(0..=20).contains(&input.substitutes) {
        return Err(AppError::invalid(
            "substitutes",
            "dlg-error-election-substitutes",
        ));
    }
    let mut tx = store.begin().await?;
    // A departmental assembly's delegation: its members are the assembly's seated delegates.
    crate::actions::federation::set_delegation::sync_members(&mut tx, input.organization_id)
        .await?;
    let seats: Option<i64> = on_tx!(&mut tx, c => sqlx::query_scalar(
        "SELECT seats FROM seat_allocations WHERE assembly_id = $1 AND organization_id = $2")
        .bind(input.assembly_id).bind(input.organization_id).fetch_optional(&mut **c).await)?;
    let seats = match seats {
        Some(s) if s > 0 => s,
        _ => {
            return Err(AppError::Conflict {
                key: "dlg-error-election-no-seats",
            });
        }
    };
    let seats = seats - titulars_holding(&mut tx, input.assembly_id, input.organization_id).await?;
    if seats <= 0 {
        return Err(AppError::Conflict {
            key: "dlg-error-election-no-vacancy",
        });
    }
    let running: i64 = on_tx!(&mut tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM elections WHERE assembly_id = $1 AND organization_id = $2 AND kind = $3 AND status <> $4 AND cancelled_at IS NULL")
        .bind(input.assembly_id).bind(input.organization_id).bind(ElectionKind::Delegates).bind(ElectionStatus::Closed).fetch_one(&mut **c).await)?;
    if running > 0 {
        return Err(AppError::Conflict {
            key: "dlg-error-election-running",
        });
    }
    let id: ElectionId = on_tx!(&mut tx, c => sqlx::query_scalar(
        "INSERT INTO elections (assembly_id, organization_id, kind, method, titular_seats, substitute_seats, status, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id")
        .bind(input.assembly_id).bind(input.organization_id).bind(ElectionKind::Delegates).bind(method).bind(seats)
        .bind(input.substitutes).bind(ElectionStatus::Nominating).bind(now_rfc3339()).fetch_one(&mut **c).await)?;
    tx.append(NewAct {
        actor: actor.record_name(),
        kind: ActKind::ElectionOpened.as_str().into(),
        scope: format!("assembly:{}", input.assembly_id),
        payload: json!({
            "election_id": id, "assembly_id": input.assembly_id,
            "organization_id": input.organization_id, "kind": ElectionKind::Delegates,
            "method": method, "titular_seats": seats, "substitute_seats": input.substitutes,
        }),
    })
    .await?;
    tx.commit().await?;
    Ok(id)
}
