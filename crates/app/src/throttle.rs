//! Login throttling per account and per address, counted in the database so that it holds across
//! restarts and across servers.
//!
//! A login checks twice: [`check_before`] on the read pool, before any slow work (a refused
//! address costs no Argon2), and [`check`] in the write transaction that counts the attempt, so
//! attempts made at the same time are counted one after another and the limit stays exact.

use asamblea_store::{Store, Tx, now_rfc3339, on_read, on_tx};
use time::{Duration, OffsetDateTime, format_description::well_known::Rfc3339};

use crate::AppError;

/// Failed attempts allowed per account in the window.
pub const PER_ACCOUNT: i64 = 5;
/// Failed attempts allowed per network address in the window.
pub const PER_ADDRESS: i64 = 30;
/// The window, in minutes.
pub const WINDOW_MINUTES: i64 = 15;

const FAILURES_SQL: &str = "SELECT COUNT(*) FROM login_failures WHERE subject = $1 AND at > $2";

fn window_start() -> String {
    (OffsetDateTime::now_utc() - Duration::minutes(WINDOW_MINUTES))
        .format(&Rfc3339)
        .unwrap_or_default()
}

/// The subjects an attempt is counted against, each with its limit.
fn subjects(account: Option<&str>, address: &str) -> Vec<(String, i64)> {
    let mut out = Vec::with_capacity(2);
    if let Some(name) = account {
        out.push((format!("account:{name}"), PER_ACCOUNT));
    }
    out.push((format!("address:{address}"), PER_ADDRESS));
    out
}

/// Refuses with [`AppError::Throttled`] when the account or the address has failed too often;
/// reads the committed counts (no write transaction).
pub(crate) async fn check_before(
    store: &Store,
    account: Option<&str>,
    address: &str,
) -> Result<(), AppError> {
    let since = window_start();
    for (subject, limit) in subjects(account, address) {
        let n: i64 = on_read!(store, pool => sqlx::query_scalar(FAILURES_SQL)
            .bind(&subject).bind(&since).fetch_one(pool).await)?;
        if n >= limit {
            return Err(AppError::Throttled);
        }
    }
    Ok(())
}

/// [`check_before`] inside the write transaction that records the outcome.
pub(crate) async fn check(
    tx: &mut Tx,
    account: Option<&str>,
    address: &str,
) -> Result<(), AppError> {
    let since = window_start();
    for (subject, limit) in subjects(account, address) {
        let n: i64 = on_tx!(tx, c => sqlx::query_scalar(FAILURES_SQL)
            .bind(&subject).bind(&since).fetch_one(&mut **c).await)?;
        if n >= limit {
            return Err(AppError::Throttled);
        }
    }
    Ok(())
}

/// Counts one failed attempt against the account (if named) and the address.
pub(crate) async fn record_failure(
    tx: &mut Tx,
    account: Option<&str>,
    address: &str,
) -> Result<(), AppError> {
    let now = now_rfc3339();
    for (subject, _) in subjects(account, address) {
        on_tx!(tx, c => sqlx::query("INSERT INTO login_failures (subject, at) VALUES ($1, $2)")
            .bind(&subject).bind(&now).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    }
    Ok(())
}
