//! The chair or a member of the call's command moves an active call to its next step (e.g. from
//! 24 hours to 48 hours, then indefinite).

use asamblea_store::{Store, on_tx};
use serde_json::json;

use super::{bump, call, is_member, may_steer};
use crate::actions::sessions::rows::{act, is_chair};
use crate::domain::{ActKind, CallId, CallStatus};
use crate::{Actor, AppError};

/// Returns the new step's number.
pub async fn escalate_call(store: &Store, actor: &Actor, id: CallId) -> Result<i64, AppError> {
    let mut tx = store.begin().await?;
    let c = call(&mut tx, id).await?;
    let chair = is_chair(&mut tx, actor, c.assembly_id).await?;
    if !may_steer(chair, is_member(&mut tx, actor, c.command_id).await?) {
        return Err(AppError::Forbidden);
    }
    if c.status != CallStatus::Active {
        return Err(AppError::Conflict {
            key: "error-call-not-active",
        });
    }
    let next = c.current_step + 1;
    let step: Option<(Option<i64>, Option<String>, Option<String>)> = on_tx!(&mut tx, x => sqlx::query_as(
        "SELECT hours, starts_at, condition FROM call_steps WHERE call_id = $1 AND number = $2")
        .bind(id).bind(next).fetch_optional(&mut **x).await)?;
    let (hours, starts_at, condition) = step.ok_or(AppError::Conflict {
        key: "error-call-last-step",
    })?;
    on_tx!(&mut tx, x => sqlx::query("UPDATE calls SET current_step = $1 WHERE id = $2")
        .bind(next).bind(id).execute(&mut **x).await.map(|r| r.rows_affected()))?;
    bump(&mut tx, id).await?;
    tx.append(act(
        actor,
        ActKind::CallEscalated,
        c.assembly_id,
        json!({"call_id": id, "title": c.title, "step": next, "hours": hours, "starts_at": starts_at, "condition": condition}),
    ))
    .await?;
    tx.commit().await?;
    Ok(next)
}
