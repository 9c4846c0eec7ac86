//! The chair or a member of the call's command arms a prepared call: from now on `k` members
//! confirming within the window fire it. Arming starts a new round of confirmations.

use asamblea_store::{Store, on_tx};
use serde_json::json;

use super::{bump, call, is_member, may_steer};
use crate::actions::sessions::rows::{act, is_chair};
use crate::domain::{ActKind, CallId, CallStatus};
use crate::{Actor, AppError};

pub async fn arm_call(store: &Store, actor: &Actor, id: CallId) -> Result<(), AppError> {
    let mut tx = store.begin().await?;
    let c = call(&mut tx, id).await?;
    let chair = is_chair(&mut tx, actor, c.assembly_id).await?;
    if !may_steer(chair, is_member(&mut tx, actor, c.command_id).await?) {
        return Err(AppError::Forbidden);
    }
    if c.status != CallStatus::Prepared || c.command_id.is_none() {
        return Err(AppError::Conflict {
            key: "error-call-not-prepared",
        });
    }
    on_tx!(&mut tx, x => sqlx::query("UPDATE calls SET status = 'armed', round = round + 1 WHERE id = $1")
        .bind(id).execute(&mut **x).await.map(|r| r.rows_affected()))?;
    bump(&mut tx, id).await?;
    tx.append(act(
        actor,
        ActKind::CallArmed,
        c.assembly_id,
        json!({"call_id": id, "title": c.title, "round": c.round + 1}),
    ))
    .await?;
    tx.commit().await?;
    Ok(())
}
