//! A delegate takes their name off the speakers' list (or the chair takes it off) while waiting.

use asamblea_store::{Store, on_tx};
use serde_json::json;

use super::common::{act, bump_item, has_role, item, own_delegate};
use crate::{Actor, AppError};

pub async fn withdraw_speaker(
    store: &Store,
    actor: &Actor,
    speaker_id: i64,
) -> Result<i64, AppError> {
    let mut tx = store.begin().await?;
    let row: Option<(i64, i64, String)> = on_tx!(&mut tx, c => sqlx::query_as(
        "SELECT item_id, delegate_id, status FROM speakers WHERE id = $1")
        .bind(speaker_id).fetch_optional(&mut **c).await)?;
    let (item_id, delegate_id, status) = row.ok_or(AppError::NotFound)?;
    let it = item(&mut tx, item_id).await?;
    let mine = own_delegate(&mut tx, actor, it.assembly_id).await?;
    let chair = actor.is_admin() || has_role(&mut tx, actor, it.assembly_id, "presidium").await?;
    if !(chair || mine.is_some_and(|d| d.id == delegate_id)) {
        return Err(AppError::Forbidden);
    }
    if status != "waiting" {
        return Err(AppError::Conflict {
            key: "error-ses-stale",
        });
    }
    on_tx!(&mut tx, c => sqlx::query("UPDATE speakers SET status = 'withdrawn' WHERE id = $1")
        .bind(speaker_id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    bump_item(&mut tx, item_id).await?;
    tx.append(act(
        actor,
        "session.speaker_withdrawn",
        it.assembly_id,
        json!({"item_id": item_id, "speaker_id": speaker_id, "delegate_id": delegate_id}),
    ))
    .await?;
    tx.commit().await?;
    Ok(item_id)
}
