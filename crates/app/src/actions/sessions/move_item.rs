//! The chair changes the order of the agenda: moves an item one place up or down.

use crate::domain::ActKind;
use asamblea_store::{Store, on_tx};
use serde_json::json;

use super::rows::{act, bump_session, check_version, item, require_chair};
use crate::domain::{ItemId, SessionStatus};
use crate::{Actor, AppError};

pub async fn move_item(
    store: &Store,
    actor: &Actor,
    item_id: ItemId,
    up: bool,
    version: Option<i64>,
) -> Result<(), AppError> {
    let mut tx = store.begin().await?;
    let it = item(&mut tx, item_id).await?;
    require_chair(&mut tx, actor, it.assembly_id).await?;
    check_version(version, it.version)?;
    if it.session_status == SessionStatus::Closed {
        return Err(AppError::Conflict {
            key: "error-ses-session-closed",
        });
    }
    let ordinal: i64 = on_tx!(&mut tx, c => sqlx::query_scalar("SELECT ordinal FROM agenda_items WHERE id = $1")
        .bind(item_id).fetch_one(&mut **c).await)?;
    let sql = if up {
        "SELECT id, ordinal FROM agenda_items WHERE session_id = $1 AND ordinal < $2 ORDER BY ordinal DESC LIMIT 1"
    } else {
        "SELECT id, ordinal FROM agenda_items WHERE session_id = $1 AND ordinal > $2 ORDER BY ordinal LIMIT 1"
    };
    let other: Option<(ItemId, i64)> = on_tx!(&mut tx, c => sqlx::query_as(sql)
        .bind(it.session_id).bind(ordinal).fetch_optional(&mut **c).await)?;
    let Some((other_id, other_ordinal)) = other else {
        return Ok(());
    };
    for (id, ord) in [(item_id, other_ordinal), (other_id, ordinal)] {
        on_tx!(&mut tx, c => sqlx::query("UPDATE agenda_items SET ordinal = $1, version = version + 1 WHERE id = $2")
            .bind(ord).bind(id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    }
    bump_session(&mut tx, it.session_id).await?;
    tx.append(act(
        actor,
        ActKind::SessionItemMoved,
        it.assembly_id,
        json!({"session_id": it.session_id, "item_id": item_id, "ordinal": other_ordinal, "swapped_with": other_id}),
    ))
    .await?;
    tx.commit().await?;
    Ok(())
}
