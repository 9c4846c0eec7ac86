//! Log in with a username and password.

use asamblea_store::{Store, on_tx};

use crate::AppError;
use crate::actions::accounts::login_sessions;
use crate::secrets::verify_password;
use crate::throttle;

/// Returns a session token, or `Unauthorized` / `Throttled`.
pub async fn login_with_password(
    store: &Store,
    username: &str,
    password: &str,
    address: &str,
) -> Result<String, AppError> {
    let username = username.trim().to_lowercase();
    let mut tx = store.begin().await?;
    throttle::check(&mut tx, Some(&username), address).await?;
    let row: Option<(i64, Option<String>)> = on_tx!(&mut tx, c => sqlx::query_as(
        "SELECT id, password_hash FROM accounts WHERE username = $1")
        .bind(&username).fetch_optional(&mut **c).await)?;
    let account_id = match row {
        Some((id, Some(hash))) if verify_password(password, &hash) => Some(id),
        _ => None,
    };
    match account_id {
        Some(id) => {
            on_tx!(&mut tx, c => sqlx::query("DELETE FROM login_failures WHERE subject = $1")
                .bind(format!("account:{username}")).execute(&mut **c).await.map(|r| r.rows_affected()))?;
            let token = login_sessions::start(&mut tx, id).await?;
            tx.commit().await?;
            Ok(token)
        }
        None => {
            throttle::record_failure(&mut tx, Some(&username), address).await?;
            tx.commit().await?;
            Err(AppError::Unauthorized {
                key: "error-login-failed",
            })
        }
    }
}
