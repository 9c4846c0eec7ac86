//! An administrator creates an account (a delegate, a secretary) with a credential card code.

use crate::domain::ActKind;
use asamblea_record::NewAct;
use asamblea_store::{Store, now_rfc3339, on_tx};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::may_manage_accounts;
use crate::domain::{AccountId, OrganizationId};
use crate::secrets::{digest, new_card_code, normalize_card_code};
use crate::{Actor, AppError, Role};

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct NewAccount {
    /// 3 to 40 letters, digits, `.`, `-` or `_` (kept in lower case).
    pub username: String,
    pub display_name: String,
    pub role: Role,
    /// The organization a secretary acts for.
    pub organization_id: Option<OrganizationId>,
}

/// An account's credential card: its id and login code (shown once, printed on the card).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AccountCard {
    pub id: AccountId,
    /// The login code for the credential card; shown only this once.
    pub card_code: String,
}

pub(crate) fn validate_username(raw: &str) -> Result<String, AppError> {
    let name = raw.trim().to_lowercase();
    let ok = (3..=40).contains(&name.chars().count())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '_');
    if ok {
        Ok(name)
    } else {
        Err(AppError::invalid("username", "error-username-format"))
    }
}

pub(crate) fn validate_display_name(raw: &str) -> Result<String, AppError> {
    let name = raw.trim().to_string();
    if (1..=120).contains(&name.chars().count()) && !name.chars().any(char::is_control) {
        Ok(name)
    } else {
        Err(AppError::invalid("display_name", "error-display-name"))
    }
}

pub(crate) fn validate_password(raw: &str) -> Result<(), AppError> {
    if raw.chars().count() >= 10 && raw.len() <= 1024 {
        Ok(())
    } else {
        Err(AppError::invalid("password", "error-password-short"))
    }
}

pub async fn create_account(
    store: &Store,
    actor: &Actor,
    input: NewAccount,
) -> Result<AccountCard, AppError> {
    if !may_manage_accounts(actor) {
        return Err(AppError::Forbidden);
    }
    let username = validate_username(&input.username)?;
    let display_name = validate_display_name(&input.display_name)?;
    let card_code = new_card_code();
    let card_digest = digest(&normalize_card_code(&card_code));
    let now = now_rfc3339();

    let mut tx = store.begin().await?;
    let taken: i64 = on_tx!(&mut tx, c => sqlx::query_scalar("SELECT COUNT(*) FROM accounts WHERE username = $1")
        .bind(&username).fetch_one(&mut **c).await)?;
    if taken > 0 {
        return Err(AppError::invalid("username", "error-username-taken"));
    }
    let id: AccountId = on_tx!(&mut tx, c => sqlx::query_scalar(
        "INSERT INTO accounts (username, display_name, role, organization_id, card_code_digest, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
        .bind(&username).bind(&display_name).bind(input.role).bind(input.organization_id)
        .bind(&card_digest).bind(&now).fetch_one(&mut **c).await)?;
    tx.append(NewAct {
        actor: actor.record_name(),
        kind: ActKind::AccountCreated.as_str().into(),
        scope: "instance".into(),
        payload: json!({"id": id, "username": username, "display_name": display_name,
                        "role": input.role, "organization_id": input.organization_id}),
    })
    .await?;
    tx.commit().await?;
    Ok(AccountCard { id, card_code })
}
