//! The chair closes an agenda item: its speakers' list closes, the speaker on the floor is done,
//! and nothing more can be moved or amended on it. An item with a vote still open cannot close.

use crate::domain::ActKind;
use asamblea_store::{Store, now_rfc3339, on_tx};
use serde_json::json;

use super::rows::{act, check_version, item, require_chair};
use crate::domain::{ItemId, ItemStatus};
use crate::{Actor, AppError};

pub async fn close_item(
    store: &Store,
    actor: &Actor,
    item_id: ItemId,
    version: Option<i64>,
) -> Result<(), AppError> {
    let mut tx = store.begin().await?;
    let it = item(&mut tx, item_id).await?;
    require_chair(&mut tx, actor, it.assembly_id).await?;
    check_version(version, it.version)?;
    if it.status != ItemStatus::Open {
        return Err(AppError::Conflict {
            key: "error-ses-item-not-open",
        });
    }
    let open_votes: i64 = on_tx!(&mut tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM votes WHERE item_id = $1 AND status = 'open'")
        .bind(item_id).fetch_one(&mut **c).await)?;
    if open_votes > 0 {
        return Err(AppError::Conflict {
            key: "error-ses-vote-still-open",
        });
    }
    let now = now_rfc3339();
    on_tx!(&mut tx, c => sqlx::query(
        "UPDATE speakers SET status = 'done', ended_at = $1 WHERE item_id = $2 AND status = 'speaking'")
        .bind(&now).bind(item_id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    on_tx!(&mut tx, c => sqlx::query(
        "UPDATE agenda_items SET status = 'closed', list_open = 0, version = version + 1 WHERE id = $1")
        .bind(item_id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    on_tx!(&mut tx, c => sqlx::query(
        "UPDATE assembly_sessions SET current_item_id = NULL, version = version + 1 WHERE id = $1 AND current_item_id = $2")
        .bind(it.session_id).bind(item_id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    tx.append(act(
        actor,
        ActKind::SessionItemClosed,
        it.assembly_id,
        json!({"session_id": it.session_id, "item_id": item_id}),
    ))
    .await?;
    tx.commit().await?;
    Ok(())
}
