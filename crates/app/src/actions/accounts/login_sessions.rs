//! Starting a login session (shared by the login actions). Sessions are security state, not
//! assembly state, so they are not acts.

use asamblea_store::{Tx, now_rfc3339, on_tx};
use time::{Duration, OffsetDateTime, format_description::well_known::Rfc3339};

use crate::AppError;
use crate::domain::AccountId;
use crate::secrets::{digest, new_token};

/// How long a login lasts on a device.
pub const SESSION_DAYS: i64 = 14;

/// Creates a session row for `account_id` inside `tx`; returns the token for the cookie.
pub(crate) async fn start(tx: &mut Tx, account_id: AccountId) -> Result<String, AppError> {
    let token = new_token();
    let expires = (OffsetDateTime::now_utc() + Duration::days(SESSION_DAYS))
        .format(&Rfc3339)
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let now = now_rfc3339();
    let token_digest = digest(&token);
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO login_sessions (token_digest, account_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(&token_digest).bind(account_id).bind(&now).bind(&expires)
        .execute(&mut **c).await.map(|r| r.rows_affected()))?;
    Ok(token)
}

/// Ends every login session of `account_id` but the one whose token digest is `keep` (if any):
/// on a new card or password, and when the owner logs out everywhere.
pub(crate) async fn end_all(
    tx: &mut Tx,
    account_id: AccountId,
    keep: Option<&str>,
) -> Result<u64, AppError> {
    let keep = keep.unwrap_or("");
    tx.logins_changed();
    let n = on_tx!(tx, c => sqlx::query(
        "DELETE FROM login_sessions WHERE account_id = $1 AND token_digest <> $2")
        .bind(account_id).bind(keep).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    Ok(n)
}

/// What a login returns: the session token, and when the account's card was replaced if the
/// owner has not been told yet (told now: the notice is shown once).
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct LoggedIn {
    /// Send as `Authorization: Bearer <token>`.
    pub token: String,
    /// "Your card was replaced at …": set once, at the first login after a replacement.
    pub card_replaced_at: Option<String>,
}

/// Starts a session and takes the pending card-replacement notice, in `tx`.
pub(crate) async fn start_with_notice(
    tx: &mut Tx,
    account_id: AccountId,
) -> Result<LoggedIn, AppError> {
    let token = start(tx, account_id).await?;
    let pending: Option<(i64, Option<String>)> = on_tx!(tx, c => sqlx::query_as(
        "SELECT card_notice_pending, card_replaced_at FROM accounts WHERE id = $1")
        .bind(account_id).fetch_optional(&mut **c).await)?;
    let card_replaced_at = match pending {
        Some((1, at)) => {
            tx.logins_changed();
            on_tx!(tx, c => sqlx::query("UPDATE accounts SET card_notice_pending = 0 WHERE id = $1")
                .bind(account_id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
            at
        }
        _ => None,
    };
    Ok(LoggedIn {
        token,
        card_replaced_at,
    })
}
