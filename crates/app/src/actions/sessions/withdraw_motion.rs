//! The proposer (or the chair) withdraws a motion or amendment that has not been decided and is
//! not being voted.

use asamblea_store::{Store, on_tx};
use serde_json::json;

use super::common::{act, has_role, own_delegate};
use crate::{Actor, AppError};

pub async fn withdraw_motion(store: &Store, actor: &Actor, motion_id: i64) -> Result<(), AppError> {
    let mut tx = store.begin().await?;
    let row: Option<(i64, String, i64, Option<i64>)> = on_tx!(&mut tx, c => sqlx::query_as(
        "SELECT s.assembly_id, m.status, m.item_id, m.by_delegate_id FROM motions m JOIN assembly_sessions s ON s.id = m.session_id WHERE m.id = $1")
        .bind(motion_id).fetch_optional(&mut **c).await)?;
    let (assembly_id, status, item_id, by) = row.ok_or(AppError::NotFound)?;
    let mine = own_delegate(&mut tx, actor, assembly_id).await?;
    let chair = actor.is_admin() || has_role(&mut tx, actor, assembly_id, "presidium").await?;
    if !(chair || (by.is_some() && mine.map(|d| d.id) == by)) {
        return Err(AppError::Forbidden);
    }
    if status != "proposed" {
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
    on_tx!(&mut tx, c => sqlx::query("UPDATE agenda_items SET version = version + 1 WHERE id = $1")
        .bind(item_id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    tx.append(act(
        actor,
        "motion.withdrawn",
        assembly_id,
        json!({"motion_id": motion_id}),
    ))
    .await?;
    tx.commit().await?;
    Ok(())
}
