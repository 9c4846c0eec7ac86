//! A delegate (for themself or for their delegation) or the chair proposes a motion on the current
//! item, or an amendment to a motion or to another amendment: replace, insert after, or delete a
//! numbered paragraph of its text. A closed item cannot be amended; a stale page (the parent's
//! version changed) is refused.

use crate::domain::ActKind;
use asamblea_rules::amendments::{fits, paragraphs};
use asamblea_store::{Store, now_rfc3339, on_tx};
use serde::Deserialize;
use serde_json::json;

use super::may_propose;
use super::rows::{
    act, bump_item, bump_motion, check_version, is_chair, item, own_delegate, session, text,
};
use crate::domain::{AmendmentOp, ItemId, ItemStatus, MotionId, MotionStatus, SessionStatus};
use crate::{Actor, AppError};

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct NewMotion {
    pub item_id: ItemId,
    /// The motion or amendment this amends; none for a motion.
    #[serde(default)]
    pub parent_id: Option<MotionId>,
    /// The version of the parent the page showed.
    #[serde(default)]
    pub parent_version: Option<i64>,
    #[serde(default)]
    pub title: Option<String>,
    /// The text, paragraphs separated by blank lines (for `delete`: may be empty).
    #[serde(default)]
    pub body: String,
    /// What the amendment does (amendments only).
    #[serde(default)]
    pub op: Option<AmendmentOp>,
    /// The paragraph number the amendment acts on (insert: after it; 0 = at the start).
    #[serde(default)]
    pub paragraph: Option<i64>,
    /// Proposed in the name of the delegate's delegation (organization).
    #[serde(default)]
    pub by_delegation: bool,
}

/// The longest text of a motion or an amendment, in characters (the form's `maxlength`).
pub const MAX_BODY_CHARS: usize = 20_000;

/// Returns the new motion's (or amendment's) id.
pub async fn propose_motion(
    store: &Store,
    actor: &Actor,
    input: NewMotion,
) -> Result<MotionId, AppError> {
    let mut tx = store.begin().await?;
    let it = item(&mut tx, input.item_id).await?;
    let mine = own_delegate(&mut tx, actor, it.assembly_id).await?;
    let chair = is_chair(&mut tx, actor, it.assembly_id).await?;
    if !may_propose(chair, mine.as_ref().map(|d| d.id)) {
        return Err(AppError::Forbidden);
    }
    if it.session_status != SessionStatus::Open || it.status != ItemStatus::Open {
        return Err(AppError::Conflict {
            key: "error-ses-item-closed",
        });
    }
    let s = session(&mut tx, it.session_id).await?;
    let (op, paragraph, title) = match input.parent_id {
        None => {
            let title = text(
                input.title.as_deref().unwrap_or(""),
                200,
                "title",
                "error-ses-title-required",
            )?;
            (None, None, title)
        }
        Some(pid) => {
            let parent: Option<(ItemId, MotionStatus, String, i64, String)> = on_tx!(&mut tx, c => sqlx::query_as(
                "SELECT item_id, status, body, version, title FROM motions WHERE id = $1")
                .bind(pid).fetch_optional(&mut **c).await)?;
            let (pitem, pstatus, pbody, pversion, ptitle) = parent.ok_or(AppError::NotFound)?;
            if pitem != it.id {
                return Err(AppError::invalid("parent_id", "error-invalid"));
            }
            check_version(input.parent_version, pversion)?;
            if pstatus != MotionStatus::Proposed {
                return Err(AppError::Conflict {
                    key: "error-ses-motion-not-proposed",
                });
            }
            let op = input.op.ok_or(AppError::invalid("op", "error-invalid"))?;
            let n = input.paragraph.unwrap_or(-1);
            if n < 0 || !fits(op.rule(), n as usize, paragraphs(&pbody).len()) {
                return Err(AppError::invalid("paragraph", "error-ses-bad-paragraph"));
            }
            let title = input
                .title
                .as_deref()
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(|t| t.chars().take(200).collect())
                .unwrap_or(ptitle);
            (Some(op), Some(n), title)
        }
    };
    // A browser sends line breaks as CRLF but counts them as one character against `maxlength`.
    let body: String = input.body.replace("\r\n", "\n").trim().to_string();
    if body.chars().count() > MAX_BODY_CHARS {
        return Err(AppError::invalid("body", "error-ses-body-too-long"));
    }
    if body.is_empty() && op != Some(AmendmentOp::Delete) {
        return Err(AppError::invalid("body", "error-ses-body-required"));
    }
    let by_delegate = mine.as_ref().map(|d| d.id);
    let by_org = if input.by_delegation {
        mine.as_ref().map(|d| d.organization_id)
    } else {
        None
    };
    // Numbered per assembly (writes are serialized, so the next number cannot be taken twice).
    let number: i64 = on_tx!(&mut tx, c => sqlx::query_scalar(
        "SELECT CAST(COALESCE(MAX(m.number), 0) + 1 AS BIGINT) FROM motions m \
         JOIN assembly_sessions s ON s.id = m.session_id WHERE s.assembly_id = $1")
        .bind(it.assembly_id).fetch_one(&mut **c).await)?;
    let id: MotionId = on_tx!(&mut tx, c => sqlx::query_scalar(
        "INSERT INTO motions (session_id, item_id, parent_id, by_delegate_id, by_organization_id, title, body, op, paragraph, min_supporters, created_at, number) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id")
        .bind(it.session_id).bind(it.id).bind(input.parent_id).bind(by_delegate).bind(by_org)
        .bind(&title).bind(&body).bind(op).bind(paragraph).bind(s.min_supporters)
        .bind(now_rfc3339()).bind(number).fetch_one(&mut **c).await)?;
    if let Some(pid) = input.parent_id {
        bump_motion(&mut tx, pid).await?;
    }
    bump_item(&mut tx, it.id).await?;
    let kind = if input.parent_id.is_some() {
        ActKind::MotionAmendmentProposed
    } else {
        ActKind::MotionProposed
    };
    tx.append(act(
        actor,
        kind,
        it.assembly_id,
        json!({"motion_id": id, "number": number, "item_id": it.id, "parent_id": input.parent_id, "title": title,
               "body": body, "op": op, "paragraph": paragraph, "by_delegate_id": by_delegate,
               "by_organization_id": by_org, "min_supporters": s.min_supporters}),
    ))
    .await?;
    tx.commit().await?;
    Ok(id)
}
