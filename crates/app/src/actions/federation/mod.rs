//! Actions of the federation area: a departmental assembly forwards an adopted resolution up to
//! its parent assembly; the parent's presidium accepts it as a motion, merges several into one
//! motion, or declines it with a reason; a departmental assembly records its own decision on each
//! resolution of its parent (going down); an administrator sets an assembly's federation settings
//! (substitutes at check-in, proxies, vote weight).
//!
//! Substitutes and proxies act inside sessions and delegates: `actions/delegates/take_seat.rs`,
//! `check_out.rs`, `give_proxy.rs`, `revoke_proxy.rs`, and the casting and counting of
//! `actions/sessions/cast_vote.rs` and `close_vote.rs`.

pub mod accept_forward;
pub mod decide_descent;
pub mod decline_forward;
pub mod forward_motion;
pub mod forward_resolution;
pub mod merge_forwards;
pub mod set_delegation;
pub mod set_federation;

use asamblea_store::{Tx, now_rfc3339, on_tx};
use serde_json::json;

use serde_json::Value;

use crate::actions::sessions::rows::{act, bump_item, item, text};
use crate::domain::{
    ActKind, AssemblyId, ForwardId, ForwardKind, ForwardStatus, ItemId, ItemStatus, MotionId,
    ResolutionId, SessionId, SessionStatus, VoteId,
};
use crate::{Actor, AppError};
use forward_resolution::ForwardedAmendment;

/// A forward as the actions need it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct ForwardRow {
    pub id: ForwardId,
    pub from_assembly_id: AssemblyId,
    pub to_assembly_id: AssemblyId,
    pub title: String,
    pub body: String,
    pub status: ForwardStatus,
    pub version: i64,
}

pub(crate) async fn forward(tx: &mut Tx, id: ForwardId) -> Result<ForwardRow, AppError> {
    let row: Option<ForwardRow> = on_tx!(tx, c => sqlx::query_as(
        "SELECT id, from_assembly_id, to_assembly_id, title, body, status, version FROM forwards WHERE id = $1")
        .bind(id).fetch_optional(&mut **c).await)?;
    row.ok_or(AppError::NotFound)
}

/// Refuses a forward the parent has already decided on (accepted, merged or declined).
pub(crate) fn require_pending(f: &ForwardRow) -> Result<(), AppError> {
    if f.status == ForwardStatus::Pending {
        Ok(())
    } else {
        Err(AppError::Conflict {
            key: "fed-error-forward-decided",
        })
    }
}

/// Marks forward `id` decided (`status`, with the parent's motion or a reason). Only a pending
/// forward changes: two presidium members deciding at once find one of them already decided.
pub(crate) async fn decide(
    tx: &mut Tx,
    id: ForwardId,
    status: ForwardStatus,
    motion: Option<MotionId>,
    reason: Option<&str>,
) -> Result<(), AppError> {
    let changed = on_tx!(tx, c => sqlx::query(
        "UPDATE forwards SET status = $1, parent_motion_id = $2, reason = $3, decided_at = $4, version = version + 1 \
         WHERE id = $5 AND status = 'pending'")
        .bind(status).bind(motion).bind(reason).bind(now_rfc3339()).bind(id)
        .execute(&mut **c).await.map(|r| r.rows_affected()))?;
    if changed == 1 {
        Ok(())
    } else {
        Err(AppError::Conflict {
            key: "fed-error-forward-decided",
        })
    }
}

/// Puts a motion built from forwards on agenda item `item_id` of a session of `assembly` (not
/// closed): proposed by the presidium, with no delegate and no supporters needed. Appends `motion.proposed` naming the
/// forwards.
pub(crate) async fn place_motion(
    tx: &mut Tx,
    actor: &Actor,
    assembly: AssemblyId,
    item_id: ItemId,
    title: &str,
    body: &str,
    forwards: &[ForwardId],
) -> Result<MotionId, AppError> {
    let it = item(tx, item_id).await?;
    if it.assembly_id != assembly {
        return Err(AppError::invalid("item_id", "fed-error-item-elsewhere"));
    }
    if it.session_status == SessionStatus::Closed || it.status == ItemStatus::Closed {
        return Err(AppError::Conflict {
            key: "error-ses-item-closed",
        });
    }
    let title = text(title, 200, "title", "error-ses-title-required")?;
    let body = text(body, 20_000, "body", "error-ses-body-required")?;
    let id: MotionId = on_tx!(tx, c => sqlx::query_scalar(
        "INSERT INTO motions (session_id, item_id, title, body, min_supporters, created_at) \
         VALUES ($1, $2, $3, $4, 0, $5) RETURNING id")
        .bind(it.session_id).bind(it.id).bind(&title).bind(&body).bind(now_rfc3339())
        .fetch_one(&mut **c).await)?;
    bump_item(tx, it.id).await?;
    tx.append(act(
        actor,
        ActKind::MotionProposed,
        assembly,
        json!({"motion_id": id, "item_id": it.id, "parent_id": null, "title": title, "body": body,
               "op": null, "paragraph": null, "by_delegate_id": null, "by_organization_id": null,
               "min_supporters": 0, "forward_ids": forwards}),
    ))
    .await?;
    Ok(id)
}

/// Refuses a motion already forwarded (as a motion, or as the resolution it became).
pub(crate) async fn require_not_forwarded(tx: &mut Tx, motion: MotionId) -> Result<(), AppError> {
    let already: i64 = on_tx!(tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM forwards WHERE motion_id = $1")
        .bind(motion).fetch_one(&mut **c).await)?;
    if already > 0 {
        Err(AppError::Conflict {
            key: "fed-error-forwarded-twice",
        })
    } else {
        Ok(())
    }
}

/// The record position and hash of the act of `kind` in `assembly`'s scope whose payload names
/// `key` = `id`: the act that decided what is forwarded.
pub(crate) async fn decided_by(
    tx: &mut Tx,
    assembly: AssemblyId,
    kind: ActKind,
    key: &str,
    id: i64,
) -> Result<(i64, String), AppError> {
    let acts: Vec<(i64, String, String)> = on_tx!(tx, c => sqlx::query_as(
        "SELECT position, hash, payload FROM record WHERE scope = $1 AND kind = $2 ORDER BY position DESC")
        .bind(format!("assembly:{assembly}")).bind(kind.as_str())
        .fetch_all(&mut **c).await)?;
    acts.into_iter()
        .find(|(_, _, p)| {
            serde_json::from_str::<Value>(p)
                .ok()
                .and_then(|v| v.get(key).and_then(Value::as_i64))
                == Some(id)
        })
        .map(|(pos, h, _)| (pos, h))
        .ok_or_else(|| AppError::Internal(format!("{} without its act", kind.as_str())))
}

/// A forward about to be written.
pub(crate) struct Sent {
    pub kind: ForwardKind,
    pub from: AssemblyId,
    pub to: AssemblyId,
    pub resolution_id: Option<ResolutionId>,
    pub session_id: SessionId,
    pub motion_id: MotionId,
    pub number: i64,
    pub title: String,
    pub body: String,
    /// The carried vote that decided it, and its stored result (JSON).
    pub vote_id: VoteId,
    pub vote_result: String,
    /// Record position and hash of the act that decided it.
    pub position: i64,
    pub hash: String,
}

/// Writes forward `f` with the amendments of its motion's agenda item; its id.
pub(crate) async fn insert_forward(tx: &mut Tx, f: &Sent) -> Result<ForwardId, AppError> {
    let item_id: ItemId = on_tx!(tx, c => sqlx::query_scalar(
        "SELECT item_id FROM motions WHERE id = $1").bind(f.motion_id).fetch_one(&mut **c).await)?;
    let amendments: Vec<ForwardedAmendment> = on_tx!(tx, c => sqlx::query_as(
        "SELECT id, parent_id, op, paragraph, body, status FROM motions \
         WHERE item_id = $1 AND parent_id IS NOT NULL AND op IS NOT NULL AND paragraph IS NOT NULL ORDER BY id")
        .bind(item_id).fetch_all(&mut **c).await)?;
    let amendments_text =
        serde_json::to_string(&amendments).map_err(|e| AppError::Internal(e.to_string()))?;
    let id: ForwardId = on_tx!(tx, c => sqlx::query_scalar(
        "INSERT INTO forwards (from_assembly_id, to_assembly_id, resolution_id, session_id, motion_id, number, title, body, \
         amendments, vote_result, decided_position, decided_hash, forwarded_at, kind, vote_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id")
        .bind(f.from).bind(f.to).bind(f.resolution_id).bind(f.session_id).bind(f.motion_id).bind(f.number)
        .bind(&f.title).bind(&f.body).bind(&amendments_text).bind(&f.vote_result).bind(f.position).bind(&f.hash)
        .bind(now_rfc3339()).bind(f.kind).bind(f.vote_id).fetch_one(&mut **c).await)?;
    Ok(id)
}
