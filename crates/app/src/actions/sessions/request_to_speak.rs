//! A delegate asks to speak on the current item (for, against, other, or a point of order); the
//! chair may also put a delegate on the list. Quotas per sector or delegation are enforced here.

use crate::domain::ActKind;
use asamblea_rules::speakers::quota_allows;
use asamblea_store::{Store, now_rfc3339, on_tx};
use serde::Deserialize;
use serde_json::json;

use super::rows::{
    act, bump_item, delegate, delegate_by_badge, item, own_delegate, require_chair, session,
};
use crate::domain::{
    DelegateId, ItemId, ItemStatus, QuotaKind, SessionStatus, SpeakerId, SpeakerKind,
};
use crate::{Actor, AppError};

/// A request to speak (its item is named apart: the path of `POST /items/{id}/speakers`).
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct SpeakInput {
    /// Why the delegate asks to speak (`order`, a point of order, goes first).
    pub kind: SpeakerKind,
    /// Set by the chair to put another delegate on the list.
    #[serde(default)]
    pub delegate_id: Option<DelegateId>,
    /// Set by the chair instead of `delegate_id`: the code on the delegate's card (scanned or
    /// typed, as at the door).
    #[serde(default)]
    pub badge: Option<String>,
}

/// Puts the delegate on the list of item `item_id`; returns the request's id.
pub async fn request_to_speak(
    store: &Store,
    actor: &Actor,
    item_id: ItemId,
    input: SpeakInput,
) -> Result<SpeakerId, AppError> {
    let mut tx = store.begin().await?;
    let it = item(&mut tx, item_id).await?;
    let by_chair = input.delegate_id.is_some() || input.badge.is_some();
    let d = match (input.delegate_id, input.badge.as_deref()) {
        (Some(id), _) => {
            require_chair(&mut tx, actor, it.assembly_id).await?;
            delegate(&mut tx, it.assembly_id, id).await?
        }
        (None, Some(badge)) => {
            require_chair(&mut tx, actor, it.assembly_id).await?;
            delegate_by_badge(&mut tx, it.assembly_id, badge).await?
        }
        (None, None) => own_delegate(&mut tx, actor, it.assembly_id)
            .await?
            .ok_or(AppError::Forbidden)?,
    };
    let point_of_order = input.kind == SpeakerKind::Order;
    if it.session_status != SessionStatus::Open {
        return Err(AppError::Conflict {
            key: "error-ses-session-not-open",
        });
    }
    if it.status != ItemStatus::Open {
        return Err(AppError::Conflict {
            key: "error-ses-item-closed",
        });
    }
    if !it.list_open && !by_chair && !point_of_order {
        return Err(AppError::Conflict {
            key: "error-ses-list-closed",
        });
    }
    let pending: i64 = on_tx!(&mut tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM speakers WHERE item_id = $1 AND delegate_id = $2 AND status IN ('waiting', 'speaking')")
        .bind(it.id).bind(d.id).fetch_one(&mut **c).await)?;
    if pending > 0 {
        return Err(AppError::Conflict {
            key: "error-ses-already-asked",
        });
    }
    let s = session(&mut tx, it.session_id).await?;
    if s.quota_kind != QuotaKind::None && s.quota > 0 {
        let sql = if s.quota_kind == QuotaKind::Sector {
            "SELECT COUNT(*) FROM speakers sp JOIN delegates d ON d.id = sp.delegate_id \
             JOIN organizations o ON o.id = d.organization_id \
             WHERE sp.item_id = $1 AND sp.kind <> 'order' AND sp.status <> 'withdrawn' \
             AND o.sector_id = (SELECT sector_id FROM organizations WHERE id = $2)"
        } else {
            "SELECT COUNT(*) FROM speakers sp JOIN delegates d ON d.id = sp.delegate_id \
             WHERE sp.item_id = $1 AND sp.kind <> 'order' AND sp.status <> 'withdrawn' AND d.organization_id = $2"
        };
        let already: i64 = on_tx!(&mut tx, c => sqlx::query_scalar(sql)
            .bind(it.id).bind(d.organization_id).fetch_one(&mut **c).await)?;
        if !quota_allows(s.quota, already, point_of_order) {
            return Err(AppError::Conflict {
                key: "error-ses-quota-full",
            });
        }
    }
    let id: SpeakerId = on_tx!(&mut tx, c => sqlx::query_scalar(
        "INSERT INTO speakers (item_id, delegate_id, kind, requested_at, limit_seconds) VALUES ($1, $2, $3, $4, $5) RETURNING id")
        .bind(it.id).bind(d.id).bind(input.kind).bind(now_rfc3339()).bind(s.speaking_seconds)
        .fetch_one(&mut **c).await)?;
    bump_item(&mut tx, it.id).await?;
    tx.append(act(
        actor,
        ActKind::SessionSpeakerRequested,
        it.assembly_id,
        json!({"item_id": it.id, "speaker_id": id, "delegate_id": d.id, "kind": input.kind, "by_chair": by_chair}),
    ))
    .await?;
    tx.commit().await?;
    Ok(id)
}
