//! The chair records the recommendation of the presidium or of a commission on a motion or
//! amendment: adopt or reject.

use asamblea_store::{Store, on_tx};
use serde_json::json;

use super::common::{act, require_chair};
use crate::{Actor, AppError};

pub async fn recommend_motion(
    store: &Store,
    actor: &Actor,
    motion_id: i64,
    recommendation: &str,
    by: &str,
) -> Result<(), AppError> {
    let by: String = by.trim().chars().take(120).collect();
    let by = if by.is_empty() {
        "presidium".to_string()
    } else {
        by
    };
    let mut tx = store.begin().await?;
    let row: Option<(i64, String, i64)> = on_tx!(&mut tx, c => sqlx::query_as(
        "SELECT s.assembly_id, m.status, m.item_id FROM motions m JOIN assembly_sessions s ON s.id = m.session_id WHERE m.id = $1")
        .bind(motion_id).fetch_optional(&mut **c).await)?;
    let (assembly_id, status, item_id) = row.ok_or(AppError::NotFound)?;
    require_chair(&mut tx, actor, assembly_id).await?;
    if !matches!(recommendation, "adopt" | "reject") {
        return Err(AppError::invalid("recommendation", "error-invalid"));
    }
    if status != "proposed" {
        return Err(AppError::Conflict {
            key: "error-ses-motion-not-proposed",
        });
    }
    on_tx!(&mut tx, c => sqlx::query(
        "UPDATE motions SET recommendation = $1, recommended_by = $2, version = version + 1 WHERE id = $3")
        .bind(recommendation).bind(&by).bind(motion_id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    on_tx!(&mut tx, c => sqlx::query("UPDATE agenda_items SET version = version + 1 WHERE id = $1")
        .bind(item_id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    tx.append(act(
        actor,
        "motion.recommended",
        assembly_id,
        json!({"motion_id": motion_id, "recommendation": recommendation, "by": by}),
    ))
    .await?;
    tx.commit().await?;
    Ok(())
}
