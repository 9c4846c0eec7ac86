//! Login throttling per account and per address, counted in the database so that it holds across
//! restarts and across servers.

use asamblea_store::{Tx, now_rfc3339, on_tx};
use time::{Duration, OffsetDateTime, format_description::well_known::Rfc3339};

use crate::AppError;

/// Failed attempts allowed per account in the window.
pub const PER_ACCOUNT: i64 = 5;
/// Failed attempts allowed per network address in the window.
pub const PER_ADDRESS: i64 = 30;
/// The window, in minutes.
pub const WINDOW_MINUTES: i64 = 15;

fn window_start() -> String {
    (OffsetDateTime::now_utc() - Duration::minutes(WINDOW_MINUTES))
        .format(&Rfc3339)
        .unwrap_or_default()
}

async fn failures(tx: &mut Tx, subject: &str) -> Result<i64, AppError> {
    let since = window_start();
    let n: i64 = on_tx!(tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM login_failures WHERE subject = $1 AND at > $2")
        .bind(subject).bind(&since).fetch_one(&mut **c).await)?;
    Ok(n)
}

/// Refuses with [`AppError::Throttled`] when the account or the address has failed too often.
pub(crate) async fn check(
    tx: &mut Tx,
    account: Option<&str>,
    address: &str,
) -> Result<(), AppError> {
    if let Some(name) = account
        && failures(tx, &format!("account:{name}")).await? >= PER_ACCOUNT
    {
        return Err(AppError::Throttled);
    }
    if failures(tx, &format!("address:{address}")).await? >= PER_ADDRESS {
        return Err(AppError::Throttled);
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
    let mut subjects = vec![format!("address:{address}")];
    if let Some(name) = account {
        subjects.push(format!("account:{name}"));
    }
    for subject in subjects {
        on_tx!(tx, c => sqlx::query("INSERT INTO login_failures (subject, at) VALUES ($1, $2)")
            .bind(&subject).bind(&now).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    }
    Ok(())
}
