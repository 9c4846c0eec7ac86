//! The chair closes (or reopens) the speakers' list of an item: no more requests, except points
//! of order and those the chair adds.

use crate::domain::ActKind;
use asamblea_store::{Store, on_tx};
use serde_json::json;

use super::rows::{act, check_version, item, require_chair};
use crate::domain::{ItemId, ItemStatus};
use crate::{Actor, AppError};

pub async fn set_speakers_list(
    store: &Store,
    actor: &Actor,
    item_id: ItemId,
    open: bool,
    version: Option<i64>,
) -> Result<(), AppError> {
    let mut tx = store.begin().await?;
    let it = item(&mut tx, item_id).await?;
    require_chair(&mut tx, actor, it.assembly_id).await?;
    check_version(version, it.version)?;
    if it.status == ItemStatus::Closed {
        return Err(AppError::Conflict {
            key: "error-ses-item-closed",
        });
    }
    on_tx!(&mut tx, c => sqlx::query(
        "UPDATE agenda_items SET list_open = $1, version = version + 1 WHERE id = $2")
        .bind(i64::from(open)).bind(item_id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    let kind = if open {
        ActKind::SessionSpeakersListOpened
    } else {
        ActKind::SessionSpeakersListClosed
    };
    tx.append(act(
        actor,
        kind,
        it.assembly_id,
        json!({"item_id": item_id}),
    ))
    .await?;
    tx.commit().await?;
    Ok(())
}
