//! Accounts: me, my password; administrators list and create accounts and issue cards.

use asamblea_app::actions::accounts::create_account::{NewAccount, create_account};
use asamblea_app::actions::accounts::issue_card::issue_card;
use asamblea_app::actions::accounts::set_password::set_password;
use asamblea_app::queries::accounts::list_accounts;
use asamblea_app::{Account, Actor, Role};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

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
    responses((status = 200, body = Object), (status = 401, description = "Not logged in")))]
pub async fn me(user: CurrentUser) -> Result<Json<Account>, ApiError> {
    Ok(Json(logged_in(user)?))
}

#[derive(Deserialize, ToSchema)]
pub struct PasswordRequest {
    pub password: String,
    pub confirmation: String,
}

/// Set my password.
#[utoipa::path(post, path = "/api/v1/me/password", tag = "accounts", request_body = PasswordRequest,
    responses((status = 204), (status = 422, description = "Too short or not confirmed")))]
pub async fn password(
    State(state): State<AppState>,
    user: CurrentUser,
    Json(r): Json<PasswordRequest>,
) -> Result<StatusCode, ApiError> {
    let account = logged_in(user)?;
    set_password(
        &state.store,
        &Actor::Account(account),
        &r.password,
        &r.confirmation,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// All accounts (administrators only).
#[utoipa::path(get, path = "/api/v1/accounts", tag = "accounts",
    responses((status = 200, body = Object), (status = 403, description = "Not an administrator")))]
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Vec<Account>>, ApiError> {
    let account = logged_in(user)?;
    if account.role != Role::Admin {
        return Err(ApiError::new(StatusCode::FORBIDDEN, "error-forbidden"));
    }
    Ok(Json(list_accounts(&state.store).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct NewAccountRequest {
    pub username: String,
    pub display_name: String,
    /// `admin`, `secretary` or `delegate`.
    pub role: String,
    pub organization_id: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct CardResponse {
    pub id: i64,
    /// The login code for the credential card; shown only this once.
    pub card_code: String,
}

/// Create an account and its credential card code (administrators only).
#[utoipa::path(post, path = "/api/v1/accounts", tag = "accounts", request_body = NewAccountRequest,
    responses((status = 201, body = CardResponse), (status = 403, description = "Not an administrator"), (status = 422, description = "Invalid input")))]
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    Json(r): Json<NewAccountRequest>,
) -> Result<(StatusCode, Json<CardResponse>), ApiError> {
    let actor = Actor::Account(logged_in(user)?);
    let role = r.role.parse::<Role>().ok().ok_or(ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "error-invalid",
    ))?;
    let input = NewAccount {
        username: r.username,
        display_name: r.display_name,
        role,
        organization_id: r.organization_id,
    };
    let created = create_account(&state.store, &actor, input).await?;
    Ok((
        StatusCode::CREATED,
        Json(CardResponse {
            id: created.id,
            card_code: created.card_code,
        }),
    ))
}

/// Issue a new card code for an account; the old one stops working (administrators only).
#[utoipa::path(post, path = "/api/v1/accounts/{id}/card", tag = "accounts",
    params(("id" = i64, Path, description = "Account id")),
    responses((status = 200, body = CardResponse), (status = 403, description = "Not an administrator")))]
pub async fn card(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<CardResponse>, ApiError> {
    let actor = Actor::Account(logged_in(user)?);
    let card_code = issue_card(&state.store, &actor, id).await?;
    Ok(Json(CardResponse { id, card_code }))
}
