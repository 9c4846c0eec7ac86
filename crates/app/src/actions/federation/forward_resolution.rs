//! The chair of a departmental assembly forwards one of its adopted resolutions to the parent
//! assembly. What arrives keeps its origin (assembly, session, motion, number), its final text,
//! its amendments, the vote that adopted it, and the record position and hash of the
//! `resolution.adopted` act, so anyone can check it against the record. An assembly without a
//! parent cannot forward, and a resolution is forwarded once.

use asamblea_store::{Store, now_rfc3339, on_tx};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::actions::sessions::rows::{act, require_chair};
use crate::domain::{
    ActKind, AmendmentOp, AssemblyId, ForwardId, ItemId, MotionId, MotionStatus, ResolutionId,
    SessionId,
};
use crate::{Actor, AppError};

/// An amendment of the forwarded motion, as it travels with it.
#[derive(Debug, Clone, Serialize, Deserialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct ForwardedAmendment {
    pub id: MotionId,
    /// The motion or amendment it amends.
    pub parent_id: MotionId,
    pub op: AmendmentOp,
    pub paragraph: i64,
    pub body: String,
    pub status: MotionStatus,
}

/// Forwards resolution `resolution_id` to the parent assembly; returns the forward's id.
pub async fn forward_resolution(
    store: &Store,
    actor: &Actor,
    resolution_id: ResolutionId,
) -> Result<ForwardId, AppError> {
    let mut tx = store.begin().await?;
    let row: Option<(AssemblyId, i64, MotionId, SessionId, String, String)> = on_tx!(&mut tx, c => sqlx::query_as(
        "SELECT assembly_id, number, motion_id, session_id, title, body FROM resolutions WHERE id = $1")
        .bind(resolution_id).fetch_optional(&mut **c).await)?;
    let (from, number, motion_id, session_id, title, body) = row.ok_or(AppError::NotFound)?;
    require_chair(&mut tx, actor, from).await?;
    let parent: Option<AssemblyId> = on_tx!(&mut tx, c => sqlx::query_scalar(
        "SELECT parent_id FROM assemblies WHERE id = $1")
        .bind(from).fetch_one(&mut **c).await)?;
    let Some(to) = parent else {
        return Err(AppError::Conflict {
            key: "fed-error-no-parent",
        });
    };
    let already: i64 = on_tx!(&mut tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM forwards WHERE resolution_id = $1")
        .bind(resolution_id).fetch_one(&mut **c).await)?;
    if already > 0 {
        return Err(AppError::Conflict {
            key: "fed-error-forwarded-twice",
        });
    }
    let item_id: ItemId = on_tx!(&mut tx, c => sqlx::query_scalar(
        "SELECT item_id FROM motions WHERE id = $1").bind(motion_id).fetch_one(&mut **c).await)?;
    let amendments: Vec<ForwardedAmendment> = on_tx!(&mut tx, c => sqlx::query_as(
        "SELECT id, parent_id, op, paragraph, body, status FROM motions \
         WHERE item_id = $1 AND parent_id IS NOT NULL AND op IS NOT NULL AND paragraph IS NOT NULL ORDER BY id")
        .bind(item_id).fetch_all(&mut **c).await)?;
    let vote: Option<String> = on_tx!(&mut tx, c => sqlx::query_scalar(
        "SELECT result FROM votes WHERE motion_id = $1 AND status = 'closed' AND result IS NOT NULL ORDER BY id DESC LIMIT 1")
        .bind(motion_id).fetch_optional(&mut **c).await)?;
    let vote = vote.unwrap_or_else(|| "null".into());
    // The act that adopted it: `resolution.adopted` in the assembly's scope naming this id.
    let acts: Vec<(i64, String, String)> = on_tx!(&mut tx, c => sqlx::query_as(
        "SELECT position, hash, payload FROM record WHERE scope = $1 AND kind = $2 ORDER BY position DESC")
        .bind(format!("assembly:{from}")).bind(ActKind::ResolutionAdopted.as_str())
        .fetch_all(&mut **c).await)?;
    let (position, hash) = acts
        .into_iter()
        .find(|(_, _, p)| {
            serde_json::from_str::<Value>(p)
                .ok()
                .and_then(|v| v.get("resolution_id").and_then(Value::as_i64))
                == Some(resolution_id.get())
        })
        .map(|(pos, h, _)| (pos, h))
        .ok_or_else(|| AppError::Internal("resolution without its act".into()))?;
    let amendments_text =
        serde_json::to_string(&amendments).map_err(|e| AppError::Internal(e.to_string()))?;
    let id: ForwardId = on_tx!(&mut tx, c => sqlx::query_scalar(
        "INSERT INTO forwards (from_assembly_id, to_assembly_id, resolution_id, session_id, motion_id, number, title, body, \
         amendments, vote_result, decided_position, decided_hash, forwarded_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id")
        .bind(from).bind(to).bind(resolution_id).bind(session_id).bind(motion_id).bind(number)
        .bind(&title).bind(&body).bind(&amendments_text).bind(&vote).bind(position).bind(&hash)
        .bind(now_rfc3339()).fetch_one(&mut **c).await)?;
    tx.append(act(
        actor,
        ActKind::ForwardSent,
        to,
        json!({"forward_id": id, "from_assembly_id": from, "to_assembly_id": to,
               "resolution_id": resolution_id, "number": number, "session_id": session_id,
               "motion_id": motion_id, "title": title, "decided_position": position,
               "decided_hash": hash}),
    ))
    .await?;
    tx.commit().await?;
    Ok(id)
}
