//! The chair closes an open session: its open items close with it. A session with a vote still
//! open cannot close. The closing act's position and hash are kept with the session: the minutes
//! say they were made from the record up to there. A session with business pending (items not
//! yet closed, motions or amendments not yet decided nor withdrawn) closes only when the chair
//! confirms, having been shown them (`confirm`).

use crate::domain::ActKind;
use asamblea_store::{Store, now_rfc3339, on_tx};
use serde_json::json;

use super::rows::{act, check_version, require_chair, session};
use crate::domain::{SessionId, SessionStatus};
use crate::{Actor, AppError};

/// Closes session `id`; returns the record position of the closing act.
pub async fn close_session(
    store: &Store,
    actor: &Actor,
    id: SessionId,
    version: Option<i64>,
    confirm: bool,
) -> Result<i64, AppError> {
    let mut tx = store.begin().await?;
    let s = session(&mut tx, id).await?;
    require_chair(&mut tx, actor, s.assembly_id).await?;
    check_version(version, s.version)?;
    if s.status != SessionStatus::Open {
        return Err(AppError::Conflict {
            key: "error-ses-session-not-open",
        });
    }
    let open_votes: i64 = on_tx!(&mut tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM votes WHERE session_id = $1 AND status = 'open'")
        .bind(id).fetch_one(&mut **c).await)?;
    if open_votes > 0 {
        return Err(AppError::Conflict {
            key: "error-ses-vote-still-open",
        });
    }
    let pending: i64 = on_tx!(&mut tx, c => sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM agenda_items WHERE session_id = $1 AND status <> 'closed') \
              + (SELECT COUNT(*) FROM motions WHERE session_id = $1 AND status = 'proposed')")
        .bind(id).fetch_one(&mut **c).await)?;
    if pending > 0 && !confirm {
        return Err(AppError::Conflict {
            key: "error-ses-close-pending",
        });
    }
    let now = now_rfc3339();
    on_tx!(&mut tx, c => sqlx::query(
        "UPDATE speakers SET status = 'done', ended_at = $1 WHERE status = 'speaking' AND item_id IN (SELECT id FROM agenda_items WHERE session_id = $2)")
        .bind(&now).bind(id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    on_tx!(&mut tx, c => sqlx::query(
        "UPDATE agenda_items SET status = 'closed', list_open = 0, version = version + 1 WHERE session_id = $1 AND status = 'open'")
        .bind(id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    let entry = tx
        .append(act(
            actor,
            ActKind::SessionClosed,
            s.assembly_id,
            json!({"session_id": id, "pending": pending}),
        ))
        .await?;
    // The substitutes' holds end with the session.
    on_tx!(&mut tx, c => sqlx::query("UPDATE seat_holds SET ended_at = $1 WHERE session_id = $2 AND ended_at IS NULL")
        .bind(&now).bind(id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    on_tx!(&mut tx, c => sqlx::query(
        "UPDATE assembly_sessions SET status = 'closed', closed_at = $1, closed_position = $2, closed_hash = $3, current_item_id = NULL, version = version + 1 WHERE id = $4")
        .bind(&now).bind(entry.position).bind(&entry.hash).bind(id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    tx.commit().await?;
    Ok(entry.position)
}
