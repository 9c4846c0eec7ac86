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

/// The answer when the session cannot be looked up (the database is unreachable): 503, not
/// "not logged in" (a 401 would send a logged-in person to the login page during an outage).
fn unavailable(parts: &Parts) -> axum::response::Response {
    use axum::http::StatusCode;
    use axum::response::IntoResponse;
    // Inside the nested API router the path has lost its `/api/v1` prefix: ask the original.
    let path = parts
        .extensions
        .get::<axum::extract::OriginalUri>()
        .map_or_else(|| parts.uri.path().to_string(), |u| u.path().to_string());
    if path.starts_with("/api/") {
        crate::error::ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "error-unavailable")
            .into_response()
    } else {
        crate::error::PageError::status(StatusCode::SERVICE_UNAVAILABLE, "error-unavailable")
            .into_response()
    }
}

impl FromRequestParts<AppState> for CurrentUser {
    /// 503 when the session store does not answer.
    type Rejection = axum::response::Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if let Some(cached) = parts.extensions.get::<CurrentUser>() {
            return Ok(cached.clone());
        }
        let account = match session_token(&parts.headers) {
            Some(token) if token.len() == 64 => {
                // Read before the lookup: a login ended meanwhile makes this entry stale.
                let epoch = state.store.logins_epoch();
                match state.sessions.get(&token, epoch) {
                    Some(account) => Some(account),
                    None => match account_by_session(&state.store, &token).await {
                        Ok(account) => {
                            if let Some(a) = &account {
                                state.sessions.put(&token, a, epoch);
                            }
                            account
                        }
                        Err(_) => return Err(unavailable(parts)),
                    },
                }
            }
            _ => None,
        };
        let user = CurrentUser(account);
        parts.extensions.insert(user.clone());
        Ok(user)
    }
}
