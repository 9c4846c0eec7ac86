//! At start-up with no administrator: the one-time set-up token.
//!
//! The token is derived from the instance's signing key and a random nonce kept in the database
//! (HMAC-SHA256), and only its digest is stored. Several servers on one database are given the
//! same key file, so each of them prints the same valid link; a second server starting does not
//! void the link the first one printed.

use asamblea_store::{SigningKey, Store, now_rfc3339, on_tx};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::secrets::{digest, new_token};
use crate::{AppError, Role};

/// Returns the set-up token when the instance has no administrator, else `None`.
pub async fn ensure_setup_token(store: &Store) -> Result<Option<String>, AppError> {
    let key = store.instance_key()?;
    let mut tx = store.begin().await?;
    let admins: i64 = on_tx!(&mut tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM accounts WHERE role = $1").bind(Role::Admin).fetch_one(&mut **c).await)?;
    if admins > 0 {
        return Ok(None);
    }
    let current: Option<(String, String)> = on_tx!(&mut tx, c => sqlx::query_as(
        "SELECT token_digest, nonce FROM setup_tokens ORDER BY created_at DESC LIMIT 1")
        .fetch_optional(&mut **c).await)?;
    if let Some((token_digest, nonce)) = current
        && !nonce.is_empty()
    {
        let token = derive(&key, &nonce)?;
        if digest(&token) == token_digest {
            return Ok(Some(token));
        }
        // Made by a server with another key (a misconfiguration: servers of one database share
        // the key file): start again below, which voids that server's link.
    }
    let nonce = new_token();
    let token = derive(&key, &nonce)?;
    let now = now_rfc3339();
    on_tx!(&mut tx, c => sqlx::query("DELETE FROM setup_tokens").execute(&mut **c).await.map(|r| r.rows_affected()))?;
    on_tx!(&mut tx, c => sqlx::query(
        "INSERT INTO setup_tokens (token_digest, created_at, nonce) VALUES ($1, $2, $3)")
        .bind(digest(&token)).bind(&now).bind(&nonce).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    tx.commit().await?;
    Ok(Some(token))
}

/// HMAC-SHA256 of the nonce under the signing key's secret, hex (64 characters).
fn derive(key: &SigningKey, nonce: &str) -> Result<String, AppError> {
    let mut mac = Hmac::<Sha256>::new_from_slice(&key.to_bytes())
        .map_err(|e| AppError::Internal(format!("set-up token: {e}")))?;
    mac.update(b"asamblea set-up token v1\n");
    mac.update(nonce.as_bytes());
    Ok(hex::encode(mac.finalize().into_bytes()))
}

/// Whether `token` is the current set-up token.
pub async fn setup_token_valid(store: &Store, token: &str) -> Result<bool, AppError> {
    let token_digest = digest(token);
    let n: i64 = asamblea_store::on_read!(store, pool => sqlx::query_scalar(
        "SELECT COUNT(*) FROM setup_tokens WHERE token_digest = $1")
        .bind(&token_digest).fetch_one(pool).await)?;
    Ok(n > 0)
}
