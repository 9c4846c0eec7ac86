//! The chair opens a planned session.

use crate::domain::ActKind;
use asamblea_store::{Store, now_rfc3339, on_tx};
use serde_json::json;

use super::rows::{act, check_version, require_chair, session};
use crate::domain::{SessionId, SessionStatus};
use crate::{Actor, AppError};

/// Opens session `id` (`version`: the version the chair's page showed, if any).
pub async fn open_session(
    store: &Store,
    actor: &Actor,
    id: SessionId,
    version: Option<i64>,
) -> Result<(), AppError> {
    let mut tx = store.begin().await?;
    let s = session(&mut tx, id).await?;
    require_chair(&mut tx, actor, s.assembly_id).await?;
    check_version(version, s.version)?;
    if s.status != SessionStatus::Planned {
        return Err(AppError::Conflict {
            key: "error-ses-session-not-planned",
        });
    }
    let now = now_rfc3339();
    on_tx!(&mut tx, c => sqlx::query(
        "UPDATE assembly_sessions SET status = 'open', opened_at = $1, version = version + 1 WHERE id = $2")
        .bind(&now).bind(id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    tx.append(act(
        actor,
        ActKind::SessionOpened,
        s.assembly_id,
        json!({"session_id": id}),
    ))
    .await?;
    tx.commit().await?;
    Ok(())
}
