//! The chair records the recommendation of the presidium or of a commission on a motion or
//! amendment: adopt or reject.

use crate::domain::ActKind;
use asamblea_store::{Store, on_tx};
use serde::Deserialize;
use serde_json::json;

use super::rows::{act, bump_item, require_chair};
use crate::domain::{AssemblyId, ItemId, MotionId, MotionStatus, Recommendation};
use crate::{Actor, AppError};

/// A recommendation on a motion (the motion is named apart: the path of
/// `POST /motions/{id}/recommend`).
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct Recommend {
    pub recommendation: Recommendation,
    /// Who recommends (`presidium` when left out, or a commission's name).
    #[serde(default)]
    pub by: String,
}

/// Records the recommendation on the motion.
pub async fn recommend_motion(
    store: &Store,
    actor: &Actor,
    motion_id: MotionId,
    input: Recommend,
) -> Result<(), AppError> {
    let Recommend { recommendation, by } = input;
    let by: String = by.trim().chars().take(120).collect();
    let by = if by.is_empty() {
        "presidium".to_string()
    } else {
        by
    };
    let mut tx = store.begin().await?;
    let row: Option<(AssemblyId, MotionStatus, ItemId)> = on_tx!(&mut tx, c => sqlx::query_as(
        "SELECT s.assembly_id, m.status, m.item_id FROM motions m JOIN assembly_sessions s ON s.id = m.session_id WHERE m.id = $1")
        .bind(motion_id).fetch_optional(&mut **c).await)?;
    let (assembly_id, status, item_id) = row.ok_or(AppError::NotFound)?;
    require_chair(&mut tx, actor, assembly_id).await?;
    if status != MotionStatus::Proposed {
        return Err(AppError::Conflict {
            key: "error-ses-motion-not-proposed",
        });
    }
    on_tx!(&mut tx, c => sqlx::query(
        "UPDATE motions SET recommendation = $1, recommended_by = $2, version = version + 1 WHERE id = $3")
        .bind(recommendation).bind(&by).bind(motion_id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    bump_item(&mut tx, item_id).await?;
    tx.append(act(
        actor,
        ActKind::MotionRecommended,
        assembly_id,
        json!({"motion_id": motion_id, "recommendation": recommendation, "by": by}),
    ))
    .await?;
    tx.commit().await?;
    Ok(())
}
