//! At start-up with no administrator: a fresh one-time set-up token (older ones are voided).

use asamblea_store::{Store, now_rfc3339, on_tx};

use crate::secrets::{digest, new_token};
use crate::{AppError, Role};

/// Returns a new set-up token when the instance has no administrator, else `None`.
pub async fn ensure_setup_token(store: &Store) -> Result<Option<String>, AppError> {
    let mut tx = store.begin().await?;
    let admins: i64 = on_tx!(&mut tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM accounts WHERE role = $1").bind(Role::Admin).fetch_one(&mut **c).await)?;
    if admins > 0 {
        return Ok(None);
    }
    let token = new_token();
    let token_digest = digest(&token);
    let now = now_rfc3339();
    on_tx!(&mut tx, c => sqlx::query("DELETE FROM setup_tokens").execute(&mut **c).await.map(|r| r.rows_affected()))?;
    on_tx!(&mut tx, c => sqlx::query("INSERT INTO setup_tokens (token_digest, created_at) VALUES ($1, $2)")
        .bind(&token_digest).bind(&now).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    tx.commit().await?;
    Ok(Some(token))
}

/// Whether `token` is the current set-up token.
pub async fn setup_token_valid(store: &Store, token: &str) -> Result<bool, AppError> {
    let token_digest = digest(token);
    let n: i64 = asamblea_store::on_read!(store, pool => sqlx::query_scalar(
        "SELECT COUNT(*) FROM setup_tokens WHERE token_digest = $1")
        .bind(&token_digest).fetch_one(pool).await)?;
    Ok(n > 0)
}
