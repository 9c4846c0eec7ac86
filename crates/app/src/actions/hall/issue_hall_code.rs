//! A teller gives a present delegate without a phone a one-time code for the hall's shared
//! device, for one open encrypted secret vote (see the module [`super`]). The delegate is marked
//! as having voted (`vote_casts`, so they cannot also vote on a phone or get a second code) and
//! the act `vote.hall_code_issued` names the delegate and the teller, never the code. The code is
//! shown once, to be handed over; the server keeps nothing from which it could be found again.
//!
//! Refused: someone who is not a teller of the assembly; a vote that is closed, open or plaintext
//! (only an encrypted secret vote has a board to cast on); a delegate who may not vote in it
//! (`cast_vote::seat_at_vote`) or has voted; a ballot that weighs more than one (proxies, a
//! delegation's seats: the device casts ballots of one).

use asamblea_store::{Store, on_tx};
use serde::Deserialize;
use serde_json::json;

use crate::actions::federation::set_federation::settings_tx;
use crate::actions::sessions::cast_vote::{Batch, ballot_weight, seat_at_vote};
use crate::actions::sessions::may_tell;
use crate::actions::sessions::rows::{act, roles, vote};
use crate::domain::{ActKind, DelegateId, VoteId, VoteStatus};
use crate::{Actor, AppError};

/// Whom the code is for.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct IssueHallCode {
    pub delegate_id: DelegateId,
}

/// Returns the code (`XXXX-XXXX-XXXX-XXXX`), once.
pub async fn issue_hall_code(
    store: &Store,
    actor: &Actor,
    vote_id: VoteId,
    input: &IssueHallCode,
) -> Result<String, AppError> {
    let delegate_id = input.delegate_id;
    let mut tx = store.begin().await?;
    let v = vote(&mut tx, vote_id).await?;
    if !may_tell(&roles(&mut tx, actor, v.assembly_id).await?) {
        return Err(AppError::Forbidden);
    }
    if v.status != VoteStatus::Open {
        return Err(AppError::Conflict {
            key: "error-ses-vote-closed",
        });
    }
    if !v.secret || v.board.is_none() {
        return Err(AppError::Conflict {
            key: "error-hall-not-encrypted",
        });
    }
    let seat = seat_at_vote(&mut tx, &v, delegate_id).await?;
    let settings = settings_tx(&mut tx, v.assembly_id).await?;
    let weight = ballot_weight(
        &mut tx,
        &Batch::default(),
        &settings,
        &v,
        seat.organization,
        delegate_id,
        seat.holds_proxies,
    )
    .await?;
    if weight.weight > 1 {
        return Err(AppError::Conflict {
            key: "error-hall-weight",
        });
    }
    let marked = on_tx!(&mut tx, c => sqlx::query(
        "INSERT INTO vote_casts (vote_id, delegate_id, choice, by_teller, weight) \
         VALUES ($1, $2, NULL, 0, 1) ON CONFLICT DO NOTHING")
        .bind(v.id).bind(delegate_id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    if marked == 0 {
        return Err(AppError::Conflict {
            key: "error-ses-already-voted",
        });
    }
    let voted: i64 = on_tx!(&mut tx, c => sqlx::query_scalar(
        "UPDATE votes SET cast_count = cast_count + 1 WHERE id = $1 RETURNING cast_count")
        .bind(v.id).fetch_one(&mut **c).await)?;
    let key: Option<String> = on_tx!(&mut tx, c => sqlx::query_scalar(
        "SELECT mac_key FROM hall_code_keys WHERE vote_id = $1")
        .bind(v.id).fetch_optional(&mut **c).await)?;
    let key = match key {
        Some(k) => k,
        None => {
            let k = crate::secrets::new_token();
            on_tx!(&mut tx, c => sqlx::query(
                "INSERT INTO hall_code_keys (vote_id, mac_key) VALUES ($1, $2)")
                .bind(v.id).bind(&k).execute(&mut **c).await.map(|_| ()))?;
            k
        }
    };
    let code = super::new_code(&key, v.id)
        .ok_or_else(|| AppError::Internal("the vote's hall key is unreadable".into()))?;
    tx.append(act(
        actor,
        ActKind::VoteHallCodeIssued,
        v.assembly_id,
        json!({"vote_id": v.id, "delegate_id": delegate_id, "voted": voted}),
    ))
    .await?;
    tx.commit().await?;
    Ok(code)
}
