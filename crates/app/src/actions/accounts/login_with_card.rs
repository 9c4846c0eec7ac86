//! Log in with the code printed on a credential card (for delegates with no e-mail or password).

use asamblea_store::{Store, on_read, on_tx};

use crate::AppError;
use crate::actions::accounts::login_sessions;
use crate::domain::AccountId;
use crate::secrets::{digest, normalize_card_code};
use crate::throttle;

/// Returns a session token, or `Unauthorized` / `Throttled`.
///
/// The code is looked up on the read pool first: the write transaction (one at a time on
/// SQLite) is opened only to start the session, or to count a wrong code where wrong codes are
/// counted (never from the hall's own network, where a wrong code writes nothing).
pub async fn login_with_card(
    store: &Store,
    code: &str,
    address: &str,
) -> Result<login_sessions::LoggedIn, AppError> {
    let code_digest = digest(&normalize_card_code(code));
    let subject = throttle::Subject::Code { address };
    throttle::check_before(store, &subject).await?;
    let found: Option<AccountId> = on_read!(store, pool => sqlx::query_scalar(
        "SELECT id FROM accounts WHERE card_code_digest = $1")
        .bind(&code_digest).fetch_optional(pool).await)?;
    let refused = AppError::Unauthorized {
        key: "error-card-code",
    };
    if found.is_none() && !throttle::counted(&subject) {
        return Err(refused);
    }
    let mut tx = store.begin().await?;
    throttle::check(&mut tx, &subject).await?;
    // Read again in the transaction: the card may have been replaced in between.
    let id: Option<AccountId> = match found {
        Some(_) => on_tx!(&mut tx, c => sqlx::query_scalar(
            "SELECT id FROM accounts WHERE card_code_digest = $1")
            .bind(&code_digest).fetch_optional(&mut **c).await)?,
        None => None,
    };
    match id {
        Some(id) => {
            let logged_in = login_sessions::start_with_notice(&mut tx, id).await?;
            tx.commit().await?;
            Ok(logged_in)
        }
        None => {
            throttle::record_failure(&mut tx, &subject).await?;
            tx.commit().await?;
            Err(refused)
        }
    }
}
