//! The chair of a departmental assembly forwards a motion the assembly voted to forward (a
//! yes/no vote of procedure opened with `forward`, carried) to the parent assembly. What arrives
//! keeps its origin (assembly, session, motion number), its text, its amendments, the vote to
//! forward and the record position and hash of that vote's `vote.closed` act. Refused without a
//! carried vote to forward, from an assembly without a parent, and twice.

use asamblea_store::{Store, Tx, on_tx};
use serde_json::json;

use super::{Sent, decided_by, insert_forward, require_not_forwarded};
use crate::actions::sessions::rows::{act, require_chair};
use crate::domain::{ActKind, AssemblyId, ForwardId, ForwardKind, MotionId, SessionId, VoteId};
use crate::{Actor, AppError};

/// What `open_vote` checks before a vote to forward motion `motion` of `assembly` opens: the
/// assembly has a parent, the motion is a motion (not an amendment) and was not forwarded.
pub(crate) async fn may_forward(
    tx: &mut Tx,
    assembly: AssemblyId,
    motion: Option<MotionId>,
) -> Result<(), AppError> {
    let motion =
        motion.ok_or_else(|| AppError::invalid("motion_id", "fed-error-forward-vote-form"))?;
    parent_of(tx, assembly).await?;
    let parent: Option<Option<MotionId>> = on_tx!(tx, c => sqlx::query_scalar(
        "SELECT parent_id FROM motions WHERE id = $1").bind(motion).fetch_optional(&mut **c).await)?;
    if parent.ok_or(AppError::NotFound)?.is_some() {
        return Err(AppError::invalid(
            "motion_id",
            "fed-error-forward-vote-form",
        ));
    }
    require_not_forwarded(tx, motion).await
}

/// The parent of `assembly`; refused when it has none.
pub(crate) async fn parent_of(tx: &mut Tx, assembly: AssemblyId) -> Result<AssemblyId, AppError> {
    let parent: Option<AssemblyId> = on_tx!(tx, c => sqlx::query_scalar(
        "SELECT parent_id FROM assemblies WHERE id = $1")
        .bind(assembly).fetch_one(&mut **c).await)?;
    parent.ok_or(AppError::Conflict {
        key: "fed-error-no-parent",
    })
}

/// Forwards motion `motion_id` to the parent assembly; returns the forward's id.
pub async fn forward_motion(
    store: &Store,
    actor: &Actor,
    motion_id: MotionId,
) -> Result<ForwardId, AppError> {
    let mut tx = store.begin().await?;
    let row: Option<(SessionId, i64, String, String, Option<MotionId>)> = on_tx!(&mut tx, c => sqlx::query_as(
        "SELECT session_id, number, title, body, parent_id FROM motions WHERE id = $1")
        .bind(motion_id).fetch_optional(&mut **c).await)?;
    let (session_id, number, title, body, parent) = row.ok_or(AppError::NotFound)?;
    let from: AssemblyId = on_tx!(&mut tx, c => sqlx::query_scalar(
        "SELECT assembly_id FROM assembly_sessions WHERE id = $1")
        .bind(session_id).fetch_one(&mut **c).await)?;
    require_chair(&mut tx, actor, from).await?;
    if parent.is_some() {
        return Err(AppError::invalid(
            "motion_id",
            "fed-error-forward-vote-form",
        ));
    }
    let to = parent_of(&mut tx, from).await?;
    require_not_forwarded(&mut tx, motion_id).await?;
    // The last vote to forward it, closed; carried or nothing goes up.
    let vote: Option<(VoteId, String)> = on_tx!(&mut tx, c => sqlx::query_as(
        "SELECT id, result FROM votes WHERE motion_id = $1 AND forward = 1 AND status = 'closed' AND result IS NOT NULL \
         ORDER BY id DESC LIMIT 1")
        .bind(motion_id).fetch_optional(&mut **c).await)?;
    let Some((vote_id, result)) = vote else {
        return Err(AppError::Conflict {
            key: "fed-error-no-forward-vote",
        });
    };
    let carried = serde_json::from_str::<crate::actions::sessions::close_vote::VoteResult>(&result)
        .map(|r| r.passed())
        .unwrap_or(false);
    if !carried {
        return Err(AppError::Conflict {
            key: "fed-error-forward-vote-lost",
        });
    }
    let (position, hash) =
        decided_by(&mut tx, from, ActKind::VoteClosed, "vote_id", vote_id.get()).await?;
    let sent = Sent {
        kind: ForwardKind::Motion,
        from,
        to,
        resolution_id: None,
        session_id,
        motion_id,
        number,
        title,
        body,
        vote_id,
        vote_result: result,
        position,
        hash,
    };
    let id = insert_forward(&mut tx, &sent).await?;
    tx.append(act(
        actor,
        ActKind::ForwardSent,
        to,
        json!({"forward_id": id, "kind": sent.kind, "from_assembly_id": from, "to_assembly_id": to,
               "resolution_id": null, "number": number, "session_id": session_id,
               "motion_id": motion_id, "title": sent.title, "vote_id": vote_id,
               "decided_position": position, "decided_hash": sent.hash}),
    ))
    .await?;
    tx.commit().await?;
    Ok(id)
}
