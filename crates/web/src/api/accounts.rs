//! Accounts: me, my password; administrators list and create accounts and issue cards.

use asamblea_app::actions::accounts::create_account::{AccountCard, NewAccount, create_account};
use asamblea_app::actions::accounts::logout_everywhere::logout_everywhere;
use asamblea_app::actions::accounts::may_manage_accounts;
use asamblea_app::actions::accounts::replace_card::{ApprovePickup, ReplacedCard, replace_card};
use asamblea_app::actions::accounts::set_password::{NewPassword, set_password};
use asamblea_app::domain::AccountId;
use asamblea_app::queries::accounts::list_accounts;
use asamblea_app::{Account, Actor};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};

use crate::auth::{CurrentUser, session_token};
use crate::error::ApiError;
use crate::extract::{Json, Path};
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

/// Set my password; every other login of my account ends (this one stays).
#[utoipa::path(post, path = "/api/v1/me/password", tag = "accounts", request_body = NewPassword,
    responses((status = 204), (status = 422, description = "Too short or not confirmed")))]
pub async fn password(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
    Json(input): Json<NewPassword>,
) -> Result<StatusCode, ApiError> {
    let account = logged_in(user)?;
    let current = session_token(&headers);
    set_password(
        &state.store,
        &Actor::Account(account),
        &input,
        current.as_deref(),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Log out everywhere: every login session of my account ends, this one too.
#[utoipa::path(delete, path = "/api/v1/me/sessions", tag = "accounts",
    responses((status = 204), (status = 401, description = "Not logged in")))]
pub async fn sessions_end(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<StatusCode, ApiError> {
    let actor = Actor::Account(logged_in(user)?);
    logout_everywhere(&state.store, &actor).await?;
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

/// Replace an account's card by approving the pickup number its owner's phone shows; the old card
/// stops working and every login of the account ends (administrators only). No login code is
/// returned: the owner's phone collects it.
#[utoipa::path(post, path = "/api/v1/accounts/{id}/card", tag = "accounts", request_body = ApprovePickup,
    params(("id" = i64, Path, description = "Account id")),
    responses((status = 200, body = ReplacedCard), (status = 403, description = "Not an administrator"), (status = 409, description = "The pickup is used or expired"), (status = 422, description = "Unknown pickup number")))]
pub async fn card(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<AccountId>,
    Json(input): Json<ApprovePickup>,
) -> Result<Json<ReplacedCard>, ApiError> {
    let actor = Actor::Account(logged_in(user)?);
    Ok(Json(replace_card(&state.store, &actor, id, &input).await?))
}
