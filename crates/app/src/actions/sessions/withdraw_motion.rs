//! The proposer (or the chair) withdraws a motion or amendment that has not been decided and is
//! not being voted.

use crate::domain::ActKind;
use asamblea_store::{Store, on_tx};
use serde_json::json;

use super::may_withdraw_motion;
use super::rows::{act, bump_item, is_chair, own_delegate};
use crate::domain::{AssemblyId, DelegateId, ItemId, MotionId, MotionStatus};
use crate::{Actor, AppError};

pub async fn withdraw_motion(
    store: &Store,
    actor: &Actor,
    motion_id: MotionId,
) -> Result<(), AppError> {
    let mut tx = store.begin().await?;
    let row: Option<(AssemblyId, MotionStatus, ItemId, Option<DelegateId>)> = on_tx!(&mut tx, c => sqlx::query_as(
        "SELECT s.assembly_id, m.status, m.item_id, m.by_delegate_id FROM motions m JOIN assembly_sessions s ON s.id = m.session_id WHERE m.id = $1")
        .bind(motion_id).fetch_optional(&mut **c).await)?;
    let (assembly_id, status, item_id, by) = row.ok_or(AppError::NotFound)?;
    let mine = own_delegate(&mut tx, actor, assembly_id).await?;
    let chair = is_chair(&mut tx, actor, assembly_id).await?;
    if !may_withdraw_motion(chair, mine.map(|d| d.id), by) {
        return Err(AppError::Forbidden);
    }
    if status != MotionStatus::Proposed {
        return Err(AppError::Conflict {
            key: "error-ses-motion-not-proposed",
        });
    }
    let voting: i64 = on_tx!(&mut tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM votes WHERE motion_id = $1 AND status = 'open'")
        .bind(motion_id).fetch_one(&mut **c).await)?;
    if voting > 0 {
        return Err(AppError::Conflict {
            key: "error-ses-vote-still-open",
        });
    }
    on_tx!(&mut tx, c => sqlx::query(
        "UPDATE motions SET status = 'withdrawn', version = version + 1 WHERE id = $1")
        .bind(motion_id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    bump_item(&mut tx, item_id).await?;
    tx.append(act(
        actor,
        ActKind::MotionWithdrawn,
        assembly_id,
        json!({"motion_id": motion_id}),
    ))
    .await?;
    tx.commit().await?;
    Ok(())
}
