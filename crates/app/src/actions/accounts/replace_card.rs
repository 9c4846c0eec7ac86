//! Replacing a credential card (a lost or compromised card, or a first card): an administrator, or
//! for a delegate the assembly's credentials commission, approves the owner's pickup number
//! (`card_pickup.rs`). Nobody but the owner's phone receives the new login code. At once the old
//! card stops working, every login session of the account ends, the replacement is on the record
//! (`account.card_replaced`) and the owner is told at their next login.

use asamblea_record::NewAct;
use asamblea_store::{Store, Tx, now_rfc3339, on_tx};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::card_pickup::{PICKUP_MINUTES, minutes_ago};
use super::{login_sessions, may_manage_accounts};
use crate::domain::{AccountId, ActKind};
use crate::secrets::normalize_card_code;
use crate::{Actor, AppError};

/// The pickup number the owner's phone shows.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct ApprovePickup {
    /// e.g. `ABCD-EFGH`, as the owner's phone shows it (case, spaces and dashes do not matter).
    pub pickup: String,
}

/// A replaced card: no login code (the owner's phone collects it).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReplacedCard {
    pub account_id: AccountId,
    /// When the old card stopped working (RFC 3339).
    pub replaced_at: String,
}

/// In `tx`: approves pickup `number` for `account_id`, voids the old card, ends every login
/// session of the account and appends `account.card_replaced` with `payload` (plus the id).
pub(crate) async fn approve_pickup(
    tx: &mut Tx,
    actor: &Actor,
    account_id: AccountId,
    number: &str,
    mut payload: Value,
) -> Result<ReplacedCard, AppError> {
    let number = normalize_card_code(number);
    let row: Option<(Option<AccountId>, String)> = on_tx!(tx, c => sqlx::query_as(
        "SELECT account_id, created_at FROM card_pickups WHERE number = $1")
        .bind(&number).fetch_optional(&mut **c).await)?;
    match row {
        None => return Err(AppError::invalid("pickup", "card-pickup-unknown")),
        Some((Some(_), _)) => {
            return Err(AppError::Conflict {
                key: "card-pickup-used",
            });
        }
        Some((None, created)) if created < minutes_ago(PICKUP_MINUTES) => {
            return Err(AppError::Conflict {
                key: "card-pickup-expired",
            });
        }
        Some(_) => {}
    }
    let now = now_rfc3339();
    tx.logins_changed();
    let n = on_tx!(tx, c => sqlx::query(
        "UPDATE accounts SET card_code_digest = NULL, card_replaced_at = $1, card_notice_pending = 1 WHERE id = $2")
        .bind(&now).bind(account_id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    if n == 0 {
        return Err(AppError::NotFound);
    }
    on_tx!(tx, c => sqlx::query(
        "UPDATE card_pickups SET account_id = $1, approved_at = $2 WHERE number = $3 AND account_id IS NULL")
        .bind(account_id).bind(&now).bind(&number).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    login_sessions::end_all(tx, account_id, None).await?;
    payload["id"] = json!(account_id);
    tx.append(NewAct {
        actor: actor.record_name(),
        kind: ActKind::AccountCardReplaced.as_str().into(),
        scope: "instance".into(),
        payload,
    })
    .await?;
    Ok(ReplacedCard {
        account_id,
        replaced_at: now,
    })
}

/// An administrator replaces any account's card.
pub async fn replace_card(
    store: &Store,
    actor: &Actor,
    account_id: AccountId,
    input: &ApprovePickup,
) -> Result<ReplacedCard, AppError> {
    if !may_manage_accounts(actor) {
        return Err(AppError::Forbidden);
    }
    let mut tx = store.begin().await?;
    let card = approve_pickup(&mut tx, actor, account_id, &input.pickup, json!({})).await?;
    tx.commit().await?;
    Ok(card)
}
