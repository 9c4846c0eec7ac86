//! The set-up link creates the first administrator, once.

use crate::domain::ActKind;
use asamblea_record::NewAct;
use asamblea_store::{Store, now_rfc3339, on_tx};
use serde::Deserialize;
use serde_json::json;

use super::create_account::{validate_display_name, validate_password, validate_username};
use crate::actions::accounts::login_sessions;
use crate::domain::AccountId;
use crate::secrets::{digest, hash_password_async};
use crate::{AppError, Role};

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct NewAdmin {
    pub username: String,
    pub display_name: String,
    pub password: String,
}

/// Creates the administrator and logs them in; returns the session token.
pub async fn create_first_admin(
    store: &Store,
    setup_token: &str,
    input: NewAdmin,
) -> Result<String, AppError> {
    let username = validate_username(&input.username)?;
    let display_name = validate_display_name(&input.display_name)?;
    validate_password(&input.password)?;
    let password_hash = hash_password_async(&input.password)
        .await
        .map_err(AppError::Internal)?;

    let mut tx = store.begin().await?;
    let token_digest = digest(setup_token);
    let deleted = on_tx!(&mut tx, c => sqlx::query("DELETE FROM setup_tokens WHERE token_digest = $1")
        .bind(&token_digest).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    if deleted == 0 {
        return Err(AppError::Unauthorized {
            key: "error-setup-link-used",
        });
    }
    let now = now_rfc3339();
    let id: AccountId = on_tx!(&mut tx, c => sqlx::query_scalar(
        "INSERT INTO accounts (username, display_name, role, password_hash, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id")
        .bind(&username).bind(&display_name).bind(Role::Admin).bind(&password_hash).bind(&now)
        .fetch_one(&mut **c).await)?;
    tx.append(NewAct {
        actor: Some("setup".into()),
        kind: ActKind::AccountCreated.as_str().into(),
        scope: "instance".into(),
        payload: json!({"id": id, "username": username, "display_name": display_name, "role": Role::Admin}),
    })
    .await?;
    let token = login_sessions::start(&mut tx, id).await?;
    tx.commit().await?;
    Ok(token)
}
