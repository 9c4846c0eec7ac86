//! A logged-in person sets (or changes) their own password, e.g. after a first login by card.

use asamblea_record::NewAct;
use asamblea_store::{Store, on_tx};
use serde_json::json;

use super::create_account::validate_password;
use crate::secrets::hash_password_async;
use crate::{Actor, AppError};

pub async fn set_password(
    store: &Store,
    actor: &Actor,
    password: &str,
    confirmation: &str,
) -> Result<(), AppError> {
    let account = actor.account().ok_or(AppError::Forbidden)?;
    validate_password(password)?;
    if password != confirmation {
        return Err(AppError::invalid("confirmation", "error-password-mismatch"));
    }
    let hash = hash_password_async(password)
        .await
        .map_err(AppError::Internal)?;
    let mut tx = store.begin().await?;
    on_tx!(&mut tx, c => sqlx::query("UPDATE accounts SET password_hash = $1 WHERE id = $2")
        .bind(&hash).bind(account.id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    tx.append(NewAct {
        actor: actor.record_name(),
        kind: "account.password_set".into(),
        scope: "instance".into(),
        payload: json!({"id": account.id}),
    })
    .await?;
    tx.commit().await?;
    Ok(())
}
