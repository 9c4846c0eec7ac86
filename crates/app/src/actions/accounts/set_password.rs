//! A logged-in person sets (or changes) their own password, e.g. after a first login by card.

use crate::domain::ActKind;
use asamblea_record::NewAct;
use asamblea_store::{Store, on_tx};
use serde::Deserialize;
use serde_json::json;

use super::create_account::validate_password;
use crate::secrets::hash_password_async;
use crate::{Actor, AppError};

/// A new password, typed twice.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct NewPassword {
    /// At least 10 characters.
    pub password: String,
    pub confirmation: String,
}

/// Sets the password and ends every other login session of the account (the one whose token
/// token is `current_session`, if any, stays).
pub async fn set_password(
    store: &Store,
    actor: &Actor,
    input: &NewPassword,
    current_session: Option<&str>,
) -> Result<(), AppError> {
    let account = actor.account().ok_or(AppError::Forbidden)?;
    let password = input.password.as_str();
    validate_password(password)?;
    if password != input.confirmation {
        return Err(AppError::invalid("confirmation", "error-password-mismatch"));
    }
    let hash = hash_password_async(password)
        .await
        .map_err(AppError::Internal)?;
    let mut tx = store.begin().await?;
    tx.logins_changed();
    on_tx!(&mut tx, c => sqlx::query("UPDATE accounts SET password_hash = $1 WHERE id = $2")
        .bind(&hash).bind(account.id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    let keep = current_session.map(crate::secrets::digest);
    super::login_sessions::end_all(&mut tx, account.id, keep.as_deref()).await?;
    tx.append(NewAct {
        actor: actor.record_name(),
        kind: ActKind::AccountPasswordSet.as_str().into(),
        scope: "instance".into(),
        payload: json!({"id": account.id}),
    })
    .await?;
    tx.commit().await?;
    Ok(())
}
