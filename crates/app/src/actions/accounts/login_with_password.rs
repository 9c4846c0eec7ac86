//! Log in with a username and password.
//!
//! Argon2 is slow on purpose, so it runs outside every transaction: the account's hash is read
//! from the read pool, verified on a blocking thread, and only then does a short write
//! transaction count the outcome (a failure, or a new login session). No ballot waits for the
//! writer while a password is being checked.

use asamblea_store::{Store, on_read, on_tx};

use super::login_sessions;
use crate::AppError;
use crate::domain::AccountId;
use crate::secrets::verify_password_async;
use crate::throttle;

/// Returns a session token, or `Unauthorized` / `Throttled`.
pub async fn login_with_password(
    store: &Store,
    username: &str,
    password: &str,
    address: &str,
) -> Result<login_sessions::LoggedIn, AppError> {
    let username = username.trim().to_lowercase();
    let subject = throttle::Subject::Login {
        account: Some(&username),
        address,
    };
    throttle::check_before(store, &subject).await?;
    let row: Option<(AccountId, Option<String>)> = on_read!(store, pool => sqlx::query_as(
        "SELECT id, password_hash FROM accounts WHERE username = $1")
        .bind(&username).fetch_optional(pool).await)?;
    let verified = match row {
        Some((id, Some(hash))) if verify_password_async(password, &hash).await => Some((id, hash)),
        _ => None,
    };

    let mut tx = store.begin().await?;
    // Again inside the transaction: attempts that failed meanwhile count too.
    throttle::check(&mut tx, &subject).await?;
    let account = match verified {
        Some((id, hash)) => {
            // The password verified against the hash read above; it counts only if that is
            // still the account's password.
            let current: Option<Option<String>> = on_tx!(&mut tx, c => sqlx::query_scalar(
                "SELECT password_hash FROM accounts WHERE id = $1")
                .bind(id).fetch_optional(&mut **c).await)?;
            (current.flatten().as_deref() == Some(hash.as_str())).then_some(id)
        }
        None => None,
    };
    match account {
        Some(id) => {
            throttle::forget(&mut tx, &username, address).await?;
            let logged_in = login_sessions::start_with_notice(&mut tx, id).await?;
            tx.commit().await?;
            Ok(logged_in)
        }
        None => {
            throttle::record_failure(&mut tx, &subject).await?;
            tx.commit().await?;
            Err(AppError::Unauthorized {
                key: "error-login-failed",
            })
        }
    }
}
