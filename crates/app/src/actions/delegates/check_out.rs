//! Check-out at the door: a delegate leaves the hall (the door, or the delegate themself). A
//! titular who left may have their seat held by a substitute (`take_seat.rs`); a substitute who
//! leaves gives back the seat they held.

use asamblea_store::{Store, now_rfc3339, on_tx};
use serde_json::json;

use super::{Offices, may_check_in};
use crate::actions::sessions::rows::act;
use crate::domain::{AccountId, ActKind, AssemblyId, DelegateId, SessionId};
use crate::{Actor, AppError};

/// Marks delegate `delegate_id` absent; returns `false` if they were not checked in.
pub async fn check_out(
    store: &Store,
    actor: &Actor,
    assembly_id: AssemblyId,
    delegate_id: DelegateId,
) -> Result<bool, AppError> {
    let mut tx = store.begin().await?;
    let account: Option<Option<AccountId>> = on_tx!(&mut tx, c => sqlx::query_scalar(
        "SELECT account_id FROM delegates WHERE id = $1 AND assembly_id = $2")
        .bind(delegate_id).bind(assembly_id).fetch_optional(&mut **c).await)?;
    let account = account.ok_or(AppError::NotFound)?;
    let offices = Offices::of_in_tx(&mut tx, actor, assembly_id).await?;
    if !may_check_in(actor, &offices, account) {
        return Err(AppError::Forbidden);
    }
    let gone = on_tx!(&mut tx, c => sqlx::query("DELETE FROM attendance WHERE assembly_id = $1 AND delegate_id = $2")
        .bind(assembly_id).bind(delegate_id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    if gone == 0 {
        return Ok(false);
    }
    tx.append(act(
        actor,
        ActKind::DelegateCheckedOut,
        assembly_id,
        json!({"delegate_id": delegate_id}),
    ))
    .await?;
    let held: Vec<(i64, SessionId, DelegateId)> = on_tx!(&mut tx, c => sqlx::query_as(
        "SELECT id, session_id, titular_id FROM seat_holds WHERE substitute_id = $1 AND ended_at IS NULL")
        .bind(delegate_id).fetch_all(&mut **c).await)?;
    let now = now_rfc3339();
    for (id, session_id, titular) in held {
        on_tx!(&mut tx, c => sqlx::query("UPDATE seat_holds SET ended_at = $1 WHERE id = $2")
            .bind(&now).bind(id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
        tx.append(act(
            actor,
            ActKind::DelegateSeatReturned,
            assembly_id,
            json!({"session_id": session_id, "titular_id": titular, "substitute_id": delegate_id, "why": "substitute_left"}),
        ))
        .await?;
    }
    tx.commit().await?;
    Ok(true)
}
