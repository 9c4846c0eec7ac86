//! Substitutes for the absent. When a titular voting delegate is not checked in (or has checked
//! out), the organization's first available substitute (accredited, checked in, holding no other
//! seat; lowest rank first) holds the seat for the session: by the credentials commission, or at
//! the substitute's own check-in when the assembly allows it (`check_in.rs`). Refused while the
//! titular is present, while a vote of the session is open, or when the seat is already held.
//! The titular who arrives takes the seat back when the next vote opens (`open_vote`), never
//! during an open one; the session's close ends every hold. Who held each seat at each vote is
//! fixed when the vote opens (`vote_seat_holders`), on the record and in the minutes.

use asamblea_store::{Store, Tx, now_rfc3339, on_tx};
use serde::Deserialize;
use serde_json::json;

use super::{Offices, may_seat_substitute};
use crate::actions::sessions::rows::{act, session};
use crate::domain::{
    ActKind, DelegateId, DelegatePosition, DelegateStatus, OrganizationId, SeatKind, SessionId,
    SessionStatus,
};
use crate::{Actor, AppError};

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct TakeSeat {
    /// The session (not closed) the seat is held for.
    pub session_id: SessionId,
    /// The absent titular whose seat the organization's first available substitute takes.
    pub titular_id: DelegateId,
}

/// The credentials commission (or an administrator) seats the first available substitute in the
/// place of an absent titular; returns the substitute's id.
pub async fn take_seat(
    store: &Store,
    actor: &Actor,
    input: TakeSeat,
) -> Result<DelegateId, AppError> {
    let mut tx = store.begin().await?;
    let s = session(&mut tx, input.session_id).await?;
    let offices = Offices::of_in_tx(&mut tx, actor, s.assembly_id).await?;
    if !may_seat_substitute(actor, &offices) {
        return Err(AppError::Forbidden);
    }
    let sub = hold_seat_in_tx(
        &mut tx,
        actor,
        input.session_id,
        input.titular_id,
        "commission",
    )
    .await?;
    tx.commit().await?;
    Ok(sub)
}

/// Seats the first available substitute for `titular` in `session_id` inside `tx` (every refusal
/// before the first write); `via` names who did it on the record (`commission`, `check_in`).
pub(crate) async fn hold_seat_in_tx(
    tx: &mut Tx,
    actor: &Actor,
    session_id: SessionId,
    titular: DelegateId,
    via: &str,
) -> Result<DelegateId, AppError> {
    let s = session(tx, session_id).await?;
    if s.status == SessionStatus::Closed {
        return Err(AppError::Conflict {
            key: "fed-error-session-closed",
        });
    }
    let row: Option<(OrganizationId, DelegatePosition, DelegateStatus, SeatKind)> = on_tx!(tx, c => sqlx::query_as(
        "SELECT organization_id, position, status, seat_kind FROM delegates WHERE id = $1 AND assembly_id = $2")
        .bind(titular).bind(s.assembly_id).fetch_optional(&mut **c).await)?;
    let org = match row {
        Some((org, DelegatePosition::Titular, DelegateStatus::Accredited, SeatKind::Voting)) => org,
        _ => return Err(AppError::invalid("titular_id", "fed-error-not-titular")),
    };
    let present: i64 = on_tx!(tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM attendance WHERE assembly_id = $1 AND delegate_id = $2")
        .bind(s.assembly_id).bind(titular).fetch_one(&mut **c).await)?;
    if present > 0 {
        return Err(AppError::Conflict {
            key: "fed-error-titular-present",
        });
    }
    let open: i64 = on_tx!(tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM votes WHERE session_id = $1 AND status = 'open'")
        .bind(session_id).fetch_one(&mut **c).await)?;
    if open > 0 {
        return Err(AppError::Conflict {
            key: "fed-error-vote-open",
        });
    }
    let held: i64 = on_tx!(tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM seat_holds WHERE session_id = $1 AND titular_id = $2 AND ended_at IS NULL")
        .bind(session_id).bind(titular).fetch_one(&mut **c).await)?;
    if held > 0 {
        return Err(AppError::Conflict {
            key: "fed-error-seat-held",
        });
    }
    let sub: Option<DelegateId> = on_tx!(tx, c => sqlx::query_scalar(
        "SELECT d.id FROM delegates d JOIN attendance t ON t.delegate_id = d.id AND t.assembly_id = d.assembly_id \
         WHERE d.assembly_id = $1 AND d.organization_id = $2 AND d.position = 'substitute' AND d.status = 'accredited' \
         AND d.seat_kind = 'voting' AND NOT EXISTS (SELECT 1 FROM seat_holds h WHERE h.substitute_id = d.id AND h.ended_at IS NULL) \
         ORDER BY d.substitute_rank, d.id LIMIT 1")
        .bind(s.assembly_id).bind(org).fetch_optional(&mut **c).await)?;
    let Some(sub) = sub else {
        return Err(AppError::Conflict {
            key: "fed-error-no-substitute",
        });
    };
    let now = now_rfc3339();
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO seat_holds (assembly_id, session_id, titular_id, substitute_id, since) VALUES ($1, $2, $3, $4, $5)")
        .bind(s.assembly_id).bind(session_id).bind(titular).bind(sub).bind(&now)
        .execute(&mut **c).await.map(|r| r.rows_affected()))?;
    tx.append(act(
        actor,
        ActKind::DelegateSeatHeld,
        s.assembly_id,
        json!({"session_id": session_id, "titular_id": titular, "substitute_id": sub,
               "organization_id": org, "via": via}),
    ))
    .await?;
    Ok(sub)
}

/// At a substitute's check-in, when the assembly allows it: in the assembly's open session, with
/// no vote open, the first absent titular of the organization whose seat nobody holds gets the
/// first available substitute. Nothing happens otherwise.
pub(crate) async fn seat_at_check_in(
    tx: &mut Tx,
    actor: &Actor,
    substitute: DelegateId,
) -> Result<Option<DelegateId>, AppError> {
    let row: Option<(
        crate::domain::AssemblyId,
        OrganizationId,
        DelegatePosition,
        i64,
    )> = on_tx!(tx, c => sqlx::query_as(
        "SELECT d.assembly_id, d.organization_id, d.position, a.substitutes_at_check_in FROM delegates d \
         JOIN assemblies a ON a.id = d.assembly_id WHERE d.id = $1")
        .bind(substitute).fetch_optional(&mut **c).await)?;
    let Some((assembly, org, DelegatePosition::Substitute, 1)) = row else {
        return Ok(None);
    };
    let session: Option<SessionId> = on_tx!(tx, c => sqlx::query_scalar(
        "SELECT s.id FROM assembly_sessions s WHERE s.assembly_id = $1 AND s.status = 'open' \
         AND NOT EXISTS (SELECT 1 FROM votes v WHERE v.session_id = s.id AND v.status = 'open') ORDER BY s.id LIMIT 1")
        .bind(assembly).fetch_optional(&mut **c).await)?;
    let Some(session) = session else {
        return Ok(None);
    };
    let titular: Option<DelegateId> = on_tx!(tx, c => sqlx::query_scalar(
        "SELECT d.id FROM delegates d WHERE d.assembly_id = $1 AND d.organization_id = $2 AND d.position = 'titular' \
         AND d.status = 'accredited' AND d.seat_kind = 'voting' \
         AND NOT EXISTS (SELECT 1 FROM attendance t WHERE t.assembly_id = d.assembly_id AND t.delegate_id = d.id) \
         AND NOT EXISTS (SELECT 1 FROM seat_holds h WHERE h.session_id = $3 AND h.titular_id = d.id AND h.ended_at IS NULL) \
         ORDER BY d.id LIMIT 1")
        .bind(assembly).bind(org).bind(session).fetch_optional(&mut **c).await)?;
    let Some(titular) = titular else {
        return Ok(None);
    };
    // A refusal leaves the check-in as it is (every refusal comes before the first write).
    match hold_seat_in_tx(tx, actor, session, titular, "check_in").await {
        Ok(sub) => Ok(Some(sub)),
        Err(AppError::Conflict { .. } | AppError::Invalid { .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Ends the holds of `session_id` whose titular is present again (at the opening of a vote),
/// each with `delegate.seat_returned`.
pub(crate) async fn return_seats(
    tx: &mut Tx,
    actor: &Actor,
    session_id: SessionId,
) -> Result<(), AppError> {
    let back: Vec<(i64, crate::domain::AssemblyId, DelegateId, DelegateId)> = on_tx!(tx, c => sqlx::query_as(
        "SELECT h.id, h.assembly_id, h.titular_id, h.substitute_id FROM seat_holds h WHERE h.session_id = $1 AND h.ended_at IS NULL \
         AND EXISTS (SELECT 1 FROM attendance t WHERE t.assembly_id = h.assembly_id AND t.delegate_id = h.titular_id) ORDER BY h.id")
        .bind(session_id).fetch_all(&mut **c).await)?;
    let now = now_rfc3339();
    for (id, assembly, titular, sub) in back {
        on_tx!(tx, c => sqlx::query("UPDATE seat_holds SET ended_at = $1 WHERE id = $2")
            .bind(&now).bind(id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
        tx.append(act(
            actor,
            ActKind::DelegateSeatReturned,
            assembly,
            json!({"session_id": session_id, "titular_id": titular, "substitute_id": sub, "why": "titular_present"}),
        ))
        .await?;
    }
    Ok(())
}
