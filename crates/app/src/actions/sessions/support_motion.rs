//! A delegate supports a motion or amendment (motions need a minimum of supporters, as set for the
//! session, before they can be voted). Supporting twice changes nothing; a proposer cannot
//! support their own motion.

use crate::domain::ActKind;
use asamblea_store::{Store, on_tx};
use serde_json::json;

use super::may_support;
use super::rows::{act, bump_item, own_delegate};
use crate::domain::{AssemblyId, DelegateId, ItemId, MotionId, MotionStatus};
use crate::{Actor, AppError};

/// Returns the number of supporters now.
pub async fn support_motion(
    store: &Store,
    actor: &Actor,
    motion_id: MotionId,
) -> Result<i64, AppError> {
    let mut tx = store.begin().await?;
    let row: Option<(AssemblyId, MotionStatus, ItemId, Option<DelegateId>)> = on_tx!(&mut tx, c => sqlx::query_as(
        "SELECT s.assembly_id, m.status, m.item_id, m.by_delegate_id FROM motions m JOIN assembly_sessions s ON s.id = m.session_id WHERE m.id = $1")
        .bind(motion_id).fetch_optional(&mut **c).await)?;
    let (assembly_id, status, item_id, proposer) = row.ok_or(AppError::NotFound)?;
    let mine = own_delegate(&mut tx, actor, assembly_id).await?;
    let d = match mine {
        Some(d) if may_support(Some(d.id), proposer) => d,
        Some(d) if Some(d.id) == proposer => {
            return Err(AppError::Conflict {
                key: "error-ses-support-own",
            });
        }
        _ => return Err(AppError::Forbidden),
    };
    if status != MotionStatus::Proposed {
        return Err(AppError::Conflict {
            key: "error-ses-motion-not-proposed",
        });
    }
    let n = on_tx!(&mut tx, c => sqlx::query(
        "INSERT INTO motion_supporters (motion_id, delegate_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .bind(motion_id).bind(d.id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    let count: i64 = on_tx!(&mut tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM motion_supporters WHERE motion_id = $1")
        .bind(motion_id).fetch_one(&mut **c).await)?;
    if n == 0 {
        return Ok(count);
    }
    bump_item(&mut tx, item_id).await?;
    tx.append(act(
        actor,
        ActKind::MotionSupported,
        assembly_id,
        json!({"motion_id": motion_id, "delegate_id": d.id, "supporters": count}),
    ))
    .await?;
    tx.commit().await?;
    Ok(count)
}
