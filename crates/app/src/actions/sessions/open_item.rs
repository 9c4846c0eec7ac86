//! The chair takes up an agenda item: it becomes the current item of the open session (the item
//! that was current stays open until closed).

use crate::domain::ActKind;
use asamblea_store::{Store, on_tx};
use serde_json::json;

use super::rows::{act, check_version, item, require_chair};
use crate::domain::{ItemId, ItemStatus, SessionStatus};
use crate::{Actor, AppError};

pub async fn open_item(
    store: &Store,
    actor: &Actor,
    item_id: ItemId,
    version: Option<i64>,
) -> Result<(), AppError> {
    let mut tx = store.begin().await?;
    let it = item(&mut tx, item_id).await?;
    require_chair(&mut tx, actor, it.assembly_id).await?;
    check_version(version, it.version)?;
    if it.session_status != SessionStatus::Open {
        return Err(AppError::Conflict {
            key: "error-ses-session-not-open",
        });
    }
    if it.status == ItemStatus::Closed {
        return Err(AppError::Conflict {
            key: "error-ses-item-closed",
        });
    }
    on_tx!(&mut tx, c => sqlx::query(
        "UPDATE agenda_items SET status = 'open', version = version + 1 WHERE id = $1")
        .bind(item_id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    on_tx!(&mut tx, c => sqlx::query(
        "UPDATE assembly_sessions SET current_item_id = $1, version = version + 1 WHERE id = $2")
        .bind(item_id).bind(it.session_id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    tx.append(act(
        actor,
        ActKind::SessionItemOpened,
        it.assembly_id,
        json!({"session_id": it.session_id, "item_id": item_id}),
    ))
    .await?;
    tx.commit().await?;
    Ok(())
}
