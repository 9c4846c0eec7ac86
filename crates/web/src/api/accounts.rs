//! Accounts: me, my password; administrators list and create accounts and issue cards.

use asamblea_app::actions::accounts::create_account::{AccountCard, NewAccount, create_account};
use asamblea_app::actions::accounts::issue_card::issue_card;
use asamblea_app::actions::accounts::may_manage_accounts;
use asamblea_app::actions::accounts::set_password::{NewPassword, set_password};
use asamblea_app::domain::AccountId;
use asamblea_app::queries::accounts::list_accounts;
use asamblea_app::{Account, Actor};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;

use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::state::AppState;

fn logged_in(user: CurrentUser) -> Result<Account, ApiError> {
    user.0.ok_or(ApiError::new(
        StatusCode::UNAUTHORIZED,
        "error-login-required",
    ))
}

/// The logged-in account.
#[utoipa::path(get, path = "/api/v1/me", tag = "accounts",
    responses((status = 200, body = Account), (status = 401, description = "Not logged in")))]
pub async fn me(user: CurrentUser) -> Result<Json<Account>, ApiError> {
    Ok(Json(logged_in(user)?))
}

/// Set my password.
#[utoipa::path(post, path = "/api/v1/me/password", tag = "accounts", request_body = NewPassword,
    responses((status = 204), (status = 422, description = "Too short or not confirmed")))]
pub async fn password(
    State(state): State<AppState>,
    user: CurrentUser,
    Json(input): Json<NewPassword>,
) -> Result<StatusCode, ApiError> {
    let account = logged_in(user)?;
    set_password(&state.store, &Actor::Account(account), &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// All accounts (administrators only).
#[utoipa::path(get, path = "/api/v1/accounts", tag = "accounts",
    responses((status = 200, body = [Account]), (status = 403, description = "Not an administrator")))]
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Vec<Account>>, ApiError> {
    let actor = Actor::Account(logged_in(user)?);
    if !may_manage_accounts(&actor) {
        return Err(ApiError::new(StatusCode::FORBIDDEN, "error-forbidden"));
    }
    Ok(Json(list_accounts(&state.store).await?))
}

/// Create an account and its credential card code (administrators only).
#[utoipa::path(post, path = "/api/v1/accounts", tag = "accounts", request_body = NewAccount,
    responses((status = 201, body = AccountCard), (status = 403, description = "Not an administrator"), (status = 422, description = "Invalid input")))]
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    Json(input): Json<NewAccount>,
) -> Result<(StatusCode, Json<AccountCard>), ApiError> {
    let actor = Actor::Account(logged_in(user)?);
    let card = create_account(&state.store, &actor, input).await?;
    Ok((StatusCode::CREATED, Json(card)))
}

/// Issue a new card code for an account; the old one stops working (administrators only).
#[utoipa::path(post, path = "/api/v1/accounts/{id}/card", tag = "accounts",
    params(("id" = i64, Path, description = "Account id")),
    responses((status = 200, body = AccountCard), (status = 403, description = "Not an administrator")))]
pub async fn card(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<AccountId>,
) -> Result<Json<AccountCard>, ApiError> {
    let actor = Actor::Account(logged_in(user)?);
    Ok(Json(issue_card(&state.store, &actor, id).await?))
}
