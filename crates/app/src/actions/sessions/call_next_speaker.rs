//! The chair gives the floor to the next speaker: the one speaking is done, the first in the
//! speaking order starts now (the countdown runs from `started_at` for `limit_seconds`).

use crate::domain::ActKind;
use asamblea_store::{Store, now_rfc3339, on_tx};
use serde_json::json;

use super::rows::{act, bump_item, check_version, item, require_chair, session, waiting_order};
use crate::domain::{ItemId, ItemStatus, SpeakerId};
use crate::{Actor, AppError};

/// Returns the id of the speaker now on the floor, if anyone is left.
pub async fn call_next_speaker(
    store: &Store,
    actor: &Actor,
    item_id: ItemId,
    version: Option<i64>,
) -> Result<Option<SpeakerId>, AppError> {
    let mut tx = store.begin().await?;
    let it = item(&mut tx, item_id).await?;
    require_chair(&mut tx, actor, it.assembly_id).await?;
    check_version(version, it.version)?;
    if it.status != ItemStatus::Open {
        return Err(AppError::Conflict {
            key: "error-ses-item-closed",
        });
    }
    let s = session(&mut tx, it.session_id).await?;
    let now = now_rfc3339();
    on_tx!(&mut tx, c => sqlx::query(
        "UPDATE speakers SET status = 'done', ended_at = $1 WHERE item_id = $2 AND status = 'speaking'")
        .bind(&now).bind(item_id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    let order = waiting_order(&mut tx, item_id, s.first_time_first).await?;
    let next = order.first().copied();
    if let Some(id) = next {
        on_tx!(&mut tx, c => sqlx::query(
            "UPDATE speakers SET status = 'speaking', started_at = $1 WHERE id = $2")
            .bind(&now).bind(id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    }
    bump_item(&mut tx, item_id).await?;
    tx.append(act(
        actor,
        ActKind::SessionSpeakerCalled,
        it.assembly_id,
        json!({"item_id": item_id, "speaker_id": next, "started_at": next.map(|_| now.clone())}),
    ))
    .await?;
    tx.commit().await?;
    Ok(next)
}
