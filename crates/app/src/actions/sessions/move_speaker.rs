//! The chair moves a waiting speaker one place up or down. The list is then fixed by hand: every
//! waiting speaker (points of order aside) gets a rank; later requests follow them.

use asamblea_store::{Store, on_tx};
use serde_json::json;

use super::common::{act, bump_item, check_version, item, require_chair, session, waiting_order};
use crate::queries::sessions::speaker_order::move_one;
use crate::{Actor, AppError};

pub async fn move_speaker(
    store: &Store,
    actor: &Actor,
    speaker_id: i64,
    up: bool,
    version: Option<i64>,
) -> Result<(), AppError> {
    let mut tx = store.begin().await?;
    let row: Option<(i64, String, String)> = on_tx!(&mut tx, c => sqlx::query_as(
        "SELECT item_id, status, kind FROM speakers WHERE id = $1")
        .bind(speaker_id).fetch_optional(&mut **c).await)?;
    let (item_id, status, kind) = row.ok_or(AppError::NotFound)?;
    let it = item(&mut tx, item_id).await?;
    require_chair(&mut tx, actor, it.assembly_id).await?;
    check_version(version, it.version)?;
    if it.status != "open" {
        return Err(AppError::Conflict {
            key: "error-ses-item-closed",
        });
    }
    if status != "waiting" || kind == "order" {
        return Err(AppError::Conflict {
            key: "error-ses-stale",
        });
    }
    let s = session(&mut tx, it.session_id).await?;
    let order = waiting_order(&mut tx, item_id, s.first_time_first == 1).await?;
    let kinds: Vec<(i64, String)> = on_tx!(&mut tx, c => sqlx::query_as(
        "SELECT id, kind FROM speakers WHERE item_id = $1 AND status = 'waiting'")
        .bind(item_id).fetch_all(&mut **c).await)?;
    let is_order = |id: i64| kinds.iter().any(|(k, kind)| *k == id && kind == "order");
    let plain: Vec<i64> = order.into_iter().filter(|id| !is_order(*id)).collect();
    let moved = move_one(&plain, speaker_id, up);
    for (rank, id) in moved.iter().enumerate() {
        on_tx!(&mut tx, c => sqlx::query("UPDATE speakers SET manual_rank = $1 WHERE id = $2")
            .bind(rank as i64 + 1).bind(*id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    }
    bump_item(&mut tx, item_id).await?;
    tx.append(act(
        actor,
        "session.speakers_reordered",
        it.assembly_id,
        json!({"item_id": item_id, "order": moved}),
    ))
    .await?;
    tx.commit().await?;
    Ok(())
}
