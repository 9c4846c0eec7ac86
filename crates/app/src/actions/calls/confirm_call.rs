//! A member of the call's command confirms that an armed call be fired (or disarmed). The call
//! fires when `k` distinct members have confirmed within the command's window
//! (`asamblea_rules::trigger`); fewer confirmations fire nothing, and a confirmation older than
//! the window no longer counts. Everything happens in one transaction (transactions that append
//! are serialized), so confirmations arriving together fire the call exactly once, with one
//! `call.fired` act: a member's second tap inside the window, or a confirmation that arrives
//! after the call fired, is merged into it (answered, no new act).

use asamblea_rules::trigger::{Confirmation, tally};
use asamblea_store::{Store, now_rfc3339, on_tx};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{account_id, bump, call, command, is_member, may_confirm};
use crate::actions::sessions::rows::act;
use crate::domain::{AccountId, ActKind, CallId, CallStatus, ConfirmPurpose};
use crate::{Actor, AppError};

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct Confirm {
    /// Fire the call, or disarm it.
    pub purpose: ConfirmPurpose,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Confirmed {
    /// The call's status after this confirmation.
    pub status: CallStatus,
    /// Members whose confirmation is inside the window (0 once the call fired or was disarmed).
    pub confirmations: i64,
    /// `k`.
    pub threshold: i64,
    /// Whether this confirmation fired (or disarmed) the call.
    pub decided: bool,
    /// Whether this confirmation was merged into an earlier one (a second tap, or the call
    /// already fired): no new act.
    pub merged: bool,
}

pub async fn confirm_call(
    store: &Store,
    actor: &Actor,
    id: CallId,
    input: Confirm,
) -> Result<Confirmed, AppError> {
    confirm_call_at(
        store,
        actor,
        id,
        input,
        time::OffsetDateTime::now_utc().unix_timestamp(),
    )
    .await
}

/// [`confirm_call`] at the clock value `now` (seconds since the epoch): tests give the time.
pub async fn confirm_call_at(
    store: &Store,
    actor: &Actor,
    id: CallId,
    input: Confirm,
    now: i64,
) -> Result<Confirmed, AppError> {
    let mut tx = store.begin().await?;
    let c = call(&mut tx, id).await?;
    if !may_confirm(is_member(&mut tx, actor, c.command_id).await?) {
        return Err(AppError::Forbidden);
    }
    let Some(command_id) = c.command_id else {
        return Err(AppError::Forbidden);
    };
    let cmd = command(&mut tx, command_id).await?;
    let me = account_id(actor)?;
    let already_done = match input.purpose {
        ConfirmPurpose::Fire => c.status == CallStatus::Active,
        ConfirmPurpose::Disarm => c.status == CallStatus::Prepared,
    };
    if already_done {
        // Fired (or disarmed) a moment ago by the others' confirmations: one firing, one act.
        return Ok(Confirmed {
            status: c.status,
            confirmations: 0,
            threshold: cmd.threshold,
            decided: false,
            merged: true,
        });
    }
    if c.status != CallStatus::Armed {
        return Err(AppError::Conflict {
            key: "error-call-not-armed",
        });
    }
    let previous: Option<i64> = on_tx!(&mut tx, x => sqlx::query_scalar(
        "SELECT confirmed_at FROM call_confirmations WHERE call_id = $1 AND round = $2 AND purpose = $3 AND account_id = $4")
        .bind(id).bind(c.round).bind(input.purpose).bind(me).fetch_optional(&mut **x).await)?;
    let window = cmd.window_seconds;
    let merged = previous.is_some_and(|at| asamblea_rules::trigger::within(at, now, window));
    if !merged {
        on_tx!(&mut tx, x => sqlx::query(
            "INSERT INTO call_confirmations (call_id, round, purpose, account_id, confirmed_at) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (call_id, round, purpose, account_id) DO UPDATE SET confirmed_at = excluded.confirmed_at")
            .bind(id).bind(c.round).bind(input.purpose).bind(me).bind(now)
            .execute(&mut **x).await.map(|r| r.rows_affected()))?;
    }
    let rows: Vec<(AccountId, i64)> = on_tx!(&mut tx, x => sqlx::query_as(
        "SELECT account_id, confirmed_at FROM call_confirmations WHERE call_id = $1 AND round = $2 AND purpose = $3")
        .bind(id).bind(c.round).bind(input.purpose).fetch_all(&mut **x).await)?;
    let confirmations: Vec<Confirmation<AccountId>> = rows
        .iter()
        .map(|&(member, at)| Confirmation { member, at })
        .collect();
    let k = usize::try_from(cmd.threshold).unwrap_or(usize::MAX);
    let t = tally(&confirmations, k, window, now);
    if merged {
        return Ok(Confirmed {
            status: c.status,
            confirmations: t.live as i64,
            threshold: cmd.threshold,
            decided: false,
            merged: true,
        });
    }
    let confirmers: Vec<AccountId> = confirmations
        .iter()
        .filter(|x| asamblea_rules::trigger::within(x.at, now, window))
        .map(|x| x.member)
        .collect();
    tx.append(act(
        actor,
        ActKind::CallConfirmed,
        c.assembly_id,
        json!({"call_id": id, "purpose": input.purpose, "round": c.round,
               "confirmations": t.live, "threshold": cmd.threshold}),
    ))
    .await?;
    let mut status = c.status;
    if t.reached {
        let (to, kind) = match input.purpose {
            ConfirmPurpose::Fire => (CallStatus::Active, ActKind::CallFired),
            ConfirmPurpose::Disarm => (CallStatus::Prepared, ActKind::CallDisarmed),
        };
        let fired_at = (to == CallStatus::Active).then(now_rfc3339);
        let changed = on_tx!(&mut tx, x => sqlx::query(
            "UPDATE calls SET status = $1, round = round + 1, fired_at = COALESCE($2, fired_at) \
             WHERE id = $3 AND status = 'armed' AND round = $4")
            .bind(to).bind(&fired_at).bind(id).bind(c.round)
            .execute(&mut **x).await.map(|r| r.rows_affected()))?;
        if changed != 1 {
            return Err(AppError::Conflict {
                key: "error-call-not-armed",
            });
        }
        tx.append(act(
            actor,
            kind,
            c.assembly_id,
            json!({"call_id": id, "title": c.title, "round": c.round, "confirmed_by": confirmers,
                   "threshold": cmd.threshold, "window_seconds": window}),
        ))
        .await?;
        status = to;
    }
    bump(&mut tx, id).await?;
    tx.commit().await?;
    Ok(Confirmed {
        status,
        confirmations: if t.reached { 0 } else { t.live as i64 },
        threshold: cmd.threshold,
        decided: t.reached,
        merged: false,
    })
}
