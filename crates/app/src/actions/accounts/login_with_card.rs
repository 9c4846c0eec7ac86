//! Log in with the code printed on a credential card (for delegates with no e-mail or password).

use asamblea_store::{Store, on_tx};

use crate::AppError;
use crate::actions::accounts::login_sessions;
use crate::domain::AccountId;
use crate::secrets::{digest, normalize_card_code};
use crate::throttle;

/// Returns a session token, or `Unauthorized` / `Throttled`.
pub async fn login_with_card(
    store: &Store,
    code: &str,
    address: &str,
) -> Result<login_sessions::LoggedIn, AppError> {
    let code_digest = digest(&normalize_card_code(code));
    let mut tx = store.begin().await?;
    let subject = throttle::Subject::Code { address };
    throttle::check(&mut tx, &subject).await?;
    let id: Option<AccountId> = on_tx!(&mut tx, c => sqlx::query_scalar(
        "SELECT id FROM accounts WHERE card_code_digest = $1")
        .bind(&code_digest).fetch_optional(&mut **c).await)?;
    match id {
        Some(id) => {
            let logged_in = login_sessions::start_with_notice(&mut tx, id).await?;
            tx.commit().await?;
            Ok(logged_in)
        }
        None => {
            throttle::record_failure(&mut tx, &subject).await?;
            tx.commit().await?;
            Err(AppError::Unauthorized {
                key: "error-card-code",
            })
        }
    }
}
