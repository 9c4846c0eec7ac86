//! The chair of a departmental assembly forwards one of its adopted resolutions to the parent
//! assembly. What arrives keeps its origin (assembly, session, motion, number), its final text,
//! its amendments, the vote that adopted it, and the record position and hash of the
//! `resolution.adopted` act, so anyone can check it against the record. An assembly without a
//! parent cannot forward, a resolution is forwarded once, and only one adopted by a carried vote
//! (the forward records that vote).

use asamblea_store::{Store, on_tx};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{Sent, decided_by, insert_forward, require_not_forwarded};
use crate::actions::sessions::close_vote::VoteResult;
use crate::actions::sessions::rows::{act, require_chair};
use crate::domain::{
    ActKind, AmendmentOp, AssemblyId, ForwardId, ForwardKind, MotionId, MotionStatus, ResolutionId,
    SessionId, VoteId,
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
    let to = super::forward_motion::parent_of(&mut tx, from).await?;
    let already: i64 = on_tx!(&mut tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM forwards WHERE resolution_id = $1")
        .bind(resolution_id).fetch_one(&mut **c).await)?;
    if already > 0 {
        return Err(AppError::Conflict {
            key: "fed-error-forwarded-twice",
        });
    }
    require_not_forwarded(&mut tx, motion_id).await?;
    // The carried vote that adopted it: nothing goes up without one.
    let vote: Option<(VoteId, String)> = on_tx!(&mut tx, c => sqlx::query_as(
        "SELECT id, result FROM votes WHERE motion_id = $1 AND subject = 'motion' AND status = 'closed' AND result IS NOT NULL \
         ORDER BY id DESC LIMIT 1")
        .bind(motion_id).fetch_optional(&mut **c).await)?;
    let carried = vote
        .as_ref()
        .is_some_and(|(_, r)| serde_json::from_str::<VoteResult>(r).is_ok_and(|r| r.passed()));
    let Some((vote_id, vote)) = vote.filter(|_| carried) else {
        return Err(AppError::Conflict {
            key: "fed-error-no-forward-vote",
        });
    };
    let (position, hash) = decided_by(
        &mut tx,
        from,
        ActKind::ResolutionAdopted,
        "resolution_id",
        resolution_id.get(),
    )
    .await?;
    let sent = Sent {
        kind: ForwardKind::Resolution,
        from,
        to,
        resolution_id: Some(resolution_id),
        session_id,
        motion_id,
        number,
        title,
        body,
        vote_id,
        vote_result: vote,
        position,
        hash,
    };
    let id = insert_forward(&mut tx, &sent).await?;
    let Sent { title, hash, .. } = sent;
    tx.append(act(
        actor,
        ActKind::ForwardSent,
        to,
        json!({"forward_id": id, "from_assembly_id": from, "to_assembly_id": to,
               "resolution_id": resolution_id, "number": number, "session_id": session_id,
               "motion_id": motion_id, "title": title, "decided_position": position,
               "decided_hash": hash, "kind": ForwardKind::Resolution, "vote_id": vote_id}),
    ))
    .await?;
    tx.commit().await?;
    Ok(id)
}
