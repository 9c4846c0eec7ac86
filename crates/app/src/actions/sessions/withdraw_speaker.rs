//! A delegate takes their name off the speakers' list (or the chair takes it off) while waiting.

use crate::domain::ActKind;
use asamblea_store::{Store, on_tx};
use serde_json::json;

use super::may_withdraw_speaker;
use super::rows::{act, bump_item, is_chair, item, own_delegate};
use crate::domain::{DelegateId, ItemId, SpeakerId, SpeakerStatus};
use crate::{Actor, AppError};

/// Takes request `speaker_id` off the list; returns its item.
pub async fn withdraw_speaker(
    store: &Store,
    actor: &Actor,
    speaker_id: SpeakerId,
) -> Result<ItemId, AppError> {
    let mut tx = store.begin().await?;
    let row: Option<(ItemId, DelegateId, SpeakerStatus)> = on_tx!(&mut tx, c => sqlx::query_as(
        "SELECT item_id, delegate_id, status FROM speakers WHERE id = $1")
        .bind(speaker_id).fetch_optional(&mut **c).await)?;
    let (item_id, delegate_id, status) = row.ok_or(AppError::NotFound)?;
    let it = item(&mut tx, item_id).await?;
    let mine = own_delegate(&mut tx, actor, it.assembly_id).await?;
    let chair = is_chair(&mut tx, actor, it.assembly_id).await?;
    if !may_withdraw_speaker(chair, mine.map(|d| d.id), delegate_id) {
        return Err(AppError::Forbidden);
    }
    if status != SpeakerStatus::Waiting {
        return Err(AppError::Conflict {
            key: "error-ses-stale",
        });
    }
    on_tx!(&mut tx, c => sqlx::query("UPDATE speakers SET status = 'withdrawn' WHERE id = $1")
        .bind(speaker_id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    bump_item(&mut tx, item_id).await?;
    tx.append(act(
        actor,
        ActKind::SessionSpeakerWithdrawn,
        it.assembly_id,
        json!({"item_id": item_id, "speaker_id": speaker_id, "delegate_id": delegate_id}),
    ))
    .await?;
    tx.commit().await?;
    Ok(item_id)
}
