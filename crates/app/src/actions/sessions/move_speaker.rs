//! The chair moves a waiting speaker one place up or down. The list is then fixed by hand: every
//! waiting speaker (points of order aside) gets a rank; later requests follow them.

use crate::domain::ActKind;
use asamblea_rules::speakers::{move_one, speaking_order};
use asamblea_store::{Store, on_tx};
use serde_json::json;

use super::rows::{act, bump_item, check_version, item, require_chair, session, waiting};
use crate::domain::{ItemId, ItemStatus, SpeakerId, SpeakerKind, SpeakerStatus};
use crate::{Actor, AppError};

pub async fn move_speaker(
    store: &Store,
    actor: &Actor,
    speaker_id: SpeakerId,
    up: bool,
    version: Option<i64>,
) -> Result<(), AppError> {
    let mut tx = store.begin().await?;
    let row: Option<(ItemId, SpeakerStatus, SpeakerKind)> = on_tx!(&mut tx, c => sqlx::query_as(
        "SELECT item_id, status, kind FROM speakers WHERE id = $1")
        .bind(speaker_id).fetch_optional(&mut **c).await)?;
    let (item_id, status, kind) = row.ok_or(AppError::NotFound)?;
    let it = item(&mut tx, item_id).await?;
    require_chair(&mut tx, actor, it.assembly_id).await?;
    check_version(version, it.version)?;
    if it.status != ItemStatus::Open {
        return Err(AppError::Conflict {
            key: "error-ses-item-closed",
        });
    }
    if status != SpeakerStatus::Waiting || kind == SpeakerKind::Order {
        return Err(AppError::Conflict {
            key: "error-ses-stale",
        });
    }
    let s = session(&mut tx, it.session_id).await?;
    let mut requests = waiting(&mut tx, item_id).await?;
    // Points of order keep their place at the head of the list: the chair orders the rest.
    requests.retain(|r| !r.point_of_order);
    let plain = speaking_order(&requests, s.first_time_first);
    let moved = move_one(&plain, speaker_id, up);
    for (rank, id) in moved.iter().enumerate() {
        on_tx!(&mut tx, c => sqlx::query("UPDATE speakers SET manual_rank = $1 WHERE id = $2")
            .bind(rank as i64 + 1).bind(*id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    }
    bump_item(&mut tx, item_id).await?;
    tx.append(act(
        actor,
        ActKind::SessionSpeakersReordered,
        it.assembly_id,
        json!({"item_id": item_id, "order": moved}),
    ))
    .await?;
    tx.commit().await?;
    Ok(())
}
