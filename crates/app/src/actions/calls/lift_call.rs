//! The chair or a member of the call's command lifts a call (active, armed or prepared): it ends,
//! and the end is announced.

use asamblea_store::{Store, now_rfc3339, on_tx};
use serde_json::json;

use super::{bump, call, is_member, may_steer};
use crate::actions::sessions::rows::{act, is_chair};
use crate::domain::{ActKind, CallId, CallStatus};
use crate::{Actor, AppError};

pub async fn lift_call(store: &Store, actor: &Actor, id: CallId) -> Result<(), AppError> {
    let mut tx = store.begin().await?;
    let c = call(&mut tx, id).await?;
    let chair = is_chair(&mut tx, actor, c.assembly_id).await?;
    if !may_steer(chair, is_member(&mut tx, actor, c.command_id).await?) {
        return Err(AppError::Forbidden);
    }
    if c.status == CallStatus::Lifted {
        return Err(AppError::Conflict {
            key: "error-call-lifted",
        });
    }
    on_tx!(&mut tx, x => sqlx::query("UPDATE calls SET status = 'lifted', lifted_at = $1, round = round + 1 WHERE id = $2")
        .bind(now_rfc3339()).bind(id).execute(&mut **x).await.map(|r| r.rows_affected()))?;
    bump(&mut tx, id).await?;
    tx.append(act(
        actor,
        ActKind::CallLifted,
        c.assembly_id,
        json!({"call_id": id, "title": c.title, "was": c.status, "step": c.current_step}),
    ))
    .await?;
    tx.commit().await?;
    Ok(())
}
