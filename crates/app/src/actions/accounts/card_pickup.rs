//! Collecting a new credential card without anyone else seeing its login code.
//!
//! 1. The owner, on their own phone, asks for a pickup ([`start_card_pickup`]): the phone keeps a
//!    secret (a cookie, or the API client's copy) and shows a pickup number, which is no secret.
//! 2. The owner shows the number (and who they are) to the credentials commission or an
//!    administrator, who approves it for the owner's account ([`replace_card::approve_pickup`]):
//!    the old card stops working, every login of the account ends, the act is on the record.
//! 3. The phone collects the new login code once ([`collect_card`]) and is logged in. Nobody but
//!    the holder of the phone's secret ever sees the code.
//!
//! A pickup unapproved after [`PICKUP_MINUTES`] minutes, or approved and not collected after as
//! long, is void. Pickups are security state, not acts.
//!
//! [`replace_card::approve_pickup`]: super::replace_card::approve_pickup

use asamblea_store::{Store, now_rfc3339, on_tx};
use serde::{Deserialize, Serialize};
use time::Duration;

use super::login_sessions;
use crate::AppError;
use crate::domain::AccountId;
use crate::secrets::{digest, new_card_code, new_pickup_number, new_token, normalize_card_code};
use crate::throttle;

/// How long a pickup waits to be approved, and then to be collected.
pub const PICKUP_MINUTES: i64 = 15;

/// A pickup just asked for: the number to show, the secret to keep on the phone.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CardPickup {
    /// Shown to the commission, who types it to approve; not a secret.
    pub number: String,
    /// Kept by the phone that asked; collects the card once approved. Never show it to anyone.
    pub secret: String,
}

/// The phone's secret, to collect an approved pickup.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct CollectCard {
    pub secret: String,
}

/// The collected card: its login code (shown this once, to its owner) and a login session.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CollectedCard {
    pub account_id: AccountId,
    pub card_code: String,
    /// A login session on this phone (`Authorization: Bearer <token>`).
    pub token: String,
}

pub(crate) fn minutes_ago(minutes: i64) -> String {
    asamblea_store::rfc3339_ago(Duration::minutes(minutes))
}

/// At most this many pickups wait for approval at once (in the last [`PICKUP_MINUTES`]); past it
/// a new one is refused as throttled until some are approved or expire.
pub const MAX_WAITING_PICKUPS: i64 = 2000;

/// Asks for a pickup. Anyone may: the pickup is worth nothing until someone entitled approves it.
/// Every request counts against the address it came from (`throttle`, IPv6 by its /64), and no
/// more than [`MAX_WAITING_PICKUPS`] wait at once: an unauthenticated write stays bounded.
pub async fn start_card_pickup(store: &Store, address: &str) -> Result<CardPickup, AppError> {
    let subject = throttle::Subject::Pickup { address };
    throttle::check_before(store, &subject).await?;
    let secret = new_token();
    let mut tx = store.begin().await?;
    throttle::check(&mut tx, &subject).await?;
    let waiting: i64 = on_tx!(&mut tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM card_pickups WHERE approved_at IS NULL AND created_at > $1")
        .bind(minutes_ago(PICKUP_MINUTES)).fetch_one(&mut **c).await)?;
    if waiting >= MAX_WAITING_PICKUPS {
        return Err(AppError::Throttled);
    }
    throttle::record_failure(&mut tx, &subject).await?;
    on_tx!(&mut tx, c => sqlx::query("DELETE FROM card_pickups WHERE created_at < $1")
        .bind(minutes_ago(24 * 60)).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    let number = new_pickup_number();
    on_tx!(&mut tx, c => sqlx::query(
        "INSERT INTO card_pickups (number, secret_digest, created_at) VALUES ($1, $2, $3)")
        .bind(normalize_card_code(&number)).bind(digest(&secret)).bind(now_rfc3339())
        .execute(&mut **c).await.map(|r| r.rows_affected()))?;
    tx.commit().await?;
    Ok(CardPickup { number, secret })
}

/// A pickup: number, account, approved at, collected at.
type PickupRow = (String, Option<AccountId>, Option<String>, Option<String>);

/// Collects an approved pickup: a new login code for the account (the only copy) and a session.
pub async fn collect_card(store: &Store, input: &CollectCard) -> Result<CollectedCard, AppError> {
    let mut tx = store.begin().await?;
    let row: Option<PickupRow> = on_tx!(&mut tx, c => sqlx::query_as(
        "SELECT number, account_id, approved_at, collected_at FROM card_pickups WHERE secret_digest = $1")
        .bind(digest(input.secret.trim())).fetch_optional(&mut **c).await)?;
    let Some((number, account_id, approved_at, collected_at)) = row else {
        return Err(AppError::NotFound);
    };
    if collected_at.is_some() {
        return Err(AppError::Conflict {
            key: "card-pickup-used",
        });
    }
    let (Some(account_id), Some(approved_at)) = (account_id, approved_at) else {
        return Err(AppError::Conflict {
            key: "card-pickup-waiting",
        });
    };
    if approved_at < minutes_ago(PICKUP_MINUTES) {
        return Err(AppError::Conflict {
            key: "card-pickup-expired",
        });
    }
    let code = new_card_code();
    tx.logins_changed();
    on_tx!(&mut tx, c => sqlx::query("UPDATE accounts SET card_code_digest = $1 WHERE id = $2")
        .bind(digest(&normalize_card_code(&code))).bind(account_id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    on_tx!(&mut tx, c => sqlx::query("UPDATE card_pickups SET collected_at = $1 WHERE number = $2")
        .bind(now_rfc3339()).bind(&number).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    let token = login_sessions::start(&mut tx, account_id).await?;
    tx.commit().await?;
    Ok(CollectedCard {
        account_id,
        card_code: code,
        token,
    })
}

/// Where a pickup stands, for the phone that asked.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PickupStatus {
    pub number: String,
    pub approved: bool,
    pub collected: bool,
}

/// The pickup the phone's secret belongs to, if any (read only).
pub async fn pickup_status(store: &Store, secret: &str) -> Result<Option<PickupStatus>, AppError> {
    let row: Option<(String, Option<String>, Option<String>)> = asamblea_store::on_read!(store, pool => sqlx::query_as(
        "SELECT number, approved_at, collected_at FROM card_pickups WHERE secret_digest = $1")
        .bind(digest(secret.trim())).fetch_optional(pool).await)?;
    Ok(row.map(|(n, a, c)| PickupStatus {
        number: format!("{}-{}", &n[..4.min(n.len())], &n[4.min(n.len())..]),
        approved: a.is_some(),
        collected: c.is_some(),
    }))
}
