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
