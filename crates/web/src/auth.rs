//! Who is asking: the account behind the session cookie or an `Authorization: Bearer` token.

use asamblea_app::Account;
use asamblea_app::queries::accounts::account_by_session;
use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;

use crate::cookies;
use crate::state::AppState;

pub const SESSION_COOKIE: &str = "asamblea_session";

/// The logged-in account, if any. Never fails: pages decide what to show to the public.
#[derive(Debug, Clone)]
pub struct CurrentUser(pub Option<Account>);

impl CurrentUser {
    /// The logged-in account as the author of an action, or a 401 API error.
    pub fn actor(self) -> Result<asamblea_app::Actor, crate::error::ApiError> {
        self.0
            .map(asamblea_app::Actor::Account)
            .ok_or(crate::error::ApiError::new(
                axum::http::StatusCode::UNAUTHORIZED,
                "error-login-required",
            ))
    }
}

/// The session token the request carries.
pub fn session_token(parts_headers: &axum::http::HeaderMap) -> Option<String> {
    let bearer = parts_headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|t| t.trim().to_string());
    bearer.or_else(|| cookies::get(parts_headers, SESSION_COOKIE))
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if let Some(cached) = parts.extensions.get::<CurrentUser>() {
            return Ok(cached.clone());
        }
        let account = match session_token(&parts.headers) {
            Some(token) if token.len() == 64 => account_by_session(&state.store, &token)
                .await
                .ok()
                .flatten(),
            _ => None,
        };
        let user = CurrentUser(account);
        parts.extensions.insert(user.clone());
        Ok(user)
    }
}
