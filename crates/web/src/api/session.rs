//! Logging in and out, and the first set-up, for API clients.

use std::net::SocketAddr;

use asamblea_app::actions::accounts::card_pickup::{
    CardPickup, CollectCard, CollectedCard, collect_card, start_card_pickup,
};
use asamblea_app::actions::accounts::create_first_admin::{NewAdmin, create_first_admin};
use asamblea_app::actions::accounts::login_sessions::LoggedIn;
use asamblea_app::actions::accounts::login_with_card::login_with_card;
use asamblea_app::actions::accounts::login_with_password::login_with_password;
use asamblea_app::actions::accounts::logout::logout as end_session;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::session_token;
use crate::error::ApiError;
use crate::extract::Json;
use crate::state::AppState;

#[derive(Deserialize, ToSchema)]
pub struct SetupRequest {
    /// The token of the one-time set-up link printed on the console.
    pub token: String,
    #[serde(flatten)]
    pub admin: NewAdmin,
}

#[derive(Deserialize, ToSchema)]
#[serde(untagged)]
pub enum LoginRequest {
    /// With the code printed on a credential card.
    Card {
        card_code: String,
    },
    Password {
        username: String,
        password: String,
    },
}

#[derive(Serialize, ToSchema)]
pub struct SessionResponse {
    /// Send as `Authorization: Bearer <token>`.
    pub token: String,
}

/// Create the first administrator with the one-time set-up token.
#[utoipa::path(post, path = "/api/v1/setup", tag = "session", request_body = SetupRequest,
    responses((status = 200, body = SessionResponse), (status = 401, description = "The set-up token is not valid")))]
pub async fn setup(
    State(state): State<AppState>,
    Json(r): Json<SetupRequest>,
) -> Result<Json<SessionResponse>, ApiError> {
    let token = create_first_admin(&state.store, &r.token, r.admin).await?;
    Ok(Json(SessionResponse { token }))
}

/// Log in with a card code or a username and password. `card_replaced_at` is set at the first
/// login after the account's card was replaced: tell the person.
#[utoipa::path(post, path = "/api/v1/session", tag = "session", request_body = LoginRequest,
    responses((status = 200, body = LoggedIn), (status = 401, description = "Wrong credentials"), (status = 429, description = "Too many failed attempts")))]
pub async fn login(
    State(state): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    Json(r): Json<LoginRequest>,
) -> Result<Json<LoggedIn>, ApiError> {
    let address = addr.ip().to_string();
    let logged_in = match r {
        LoginRequest::Card { card_code } => {
            login_with_card(&state.store, &card_code, &address).await?
        }
        LoginRequest::Password { username, password } => {
            login_with_password(&state.store, &username, &password, &address).await?
        }
    };
    Ok(Json(logged_in))
}

/// Ask for a new card on this phone: keep `secret`, show `number` to the credentials commission
/// (or an administrator), who approves it; then collect the card's login code with the secret.
/// Each address (IPv6 by its /64) may ask for a few in a quarter of an hour, then waits (429).
#[utoipa::path(post, path = "/api/v1/card-pickups", tag = "session",
    responses((status = 201, body = CardPickup), (status = 429, description = "Too many pickups asked for from this address, or too many waiting")))]
pub async fn start_pickup(
    State(state): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
) -> Result<(StatusCode, Json<CardPickup>), ApiError> {
    let address = addr.ip().to_string();
    Ok((
        StatusCode::CREATED,
        Json(start_card_pickup(&state.store, &address).await?),
    ))
}

/// Collect an approved card (once): its login code, shown to nobody else, and a login session.
#[utoipa::path(post, path = "/api/v1/card-pickups/collect", tag = "session", request_body = CollectCard,
    responses((status = 200, body = CollectedCard), (status = 404, description = "No such pickup"), (status = 409, description = "Not approved yet, already collected, or expired")))]
pub async fn collect(
    State(state): State<AppState>,
    Json(r): Json<CollectCard>,
) -> Result<Json<CollectedCard>, ApiError> {
    Ok(Json(collect_card(&state.store, &r).await?))
}

/// End the current session.
#[utoipa::path(delete, path = "/api/v1/session", tag = "session", responses((status = 204)))]
pub async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    if let Some(token) = session_token(&headers) {
        end_session(&state.store, &token).await?;
        state.sessions.forget_token(&token);
    }
    Ok(StatusCode::NO_CONTENT)
}
