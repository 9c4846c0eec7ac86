//! Cross-site request forgery: unsafe requests from another site are refused by their
//! `Sec-Fetch-Site` or `Origin` header (see `security`), and every form carries a token equal to
//! the `csrf` cookie (double submit), for old browsers that send neither header.

use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderValue, header::SET_COOKIE};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::cookies;

pub const CSRF_COOKIE: &str = "csrf";

/// The request's form token (from its cookie, or freshly made by [`ensure_cookie`]).
#[derive(Debug, Clone)]
pub struct CsrfToken(pub String);

impl CsrfToken {
    /// Whether a submitted form token matches; compared in constant time.
    pub fn matches(&self, submitted: &str) -> bool {
        let a = self.0.as_bytes();
        let b = submitted.as_bytes();
        a.len() == b.len()
            && !a.is_empty()
            && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }
}

/// Middleware: gives every request a token, setting the cookie when the browser has none.
///
/// Not on the JSON API (`/api/`): its writes carry a bearer token, or the session cookie with
/// the form token that a page set; minting a token and a cookie for each of its answers cost a
/// read of the OS's randomness and some 100 bytes per ballot (issue 15). An API request
/// without the cookie gets an empty token, which matches nothing.
pub async fn ensure_cookie(mut request: Request, next: Next) -> Response {
    let existing = cookies::get(request.headers(), CSRF_COOKIE).filter(|v| v.len() == 64);
    if existing.is_none() && request.uri().path().starts_with("/api/") {
        request.extensions_mut().insert(CsrfToken(String::new()));
        return next.run(request).await;
    }
    let (token, fresh) = match existing {
        Some(t) => (t, false),
        None => (asamblea_app::secrets::new_token(), true),
    };
    request.extensions_mut().insert(CsrfToken(token.clone()));
    let mut response = next.run(request).await;
    if fresh && let Ok(v) = HeaderValue::from_str(&cookies::set(CSRF_COOKIE, &token, None, false)) {
        response.headers_mut().append(SET_COOKIE, v);
    }
    response
}

impl<S: Send + Sync> FromRequestParts<S> for CsrfToken {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<CsrfToken>()
            .cloned()
            .unwrap_or(CsrfToken(String::new())))
    }
}

/// The header that carries the form token on an API request authenticated by the session cookie.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// Middleware for `/api/v1`: an unsafe request that is authenticated by the session cookie
/// (rather than an `Authorization: Bearer` token) must carry the form token in `X-CSRF-Token`,
/// as a form carries it in its `csrf` field; otherwise it is refused with 403 `error-csrf`. A
/// browser on another site can make the cookie travel, but cannot read the token.
pub async fn api_cookie_writes(request: Request, next: Next) -> Response {
    let headers = request.headers();
    let unsafe_method = !matches!(
        *request.method(),
        axum::http::Method::GET | axum::http::Method::HEAD | axum::http::Method::OPTIONS
    );
    let bearer = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("Bearer "));
    let cookie_session = cookies::get(headers, crate::auth::SESSION_COOKIE).is_some();
    if unsafe_method && !bearer && cookie_session {
        let expected = request.extensions().get::<CsrfToken>().cloned();
        let submitted = headers
            .get(CSRF_HEADER)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        if !expected.is_some_and(|t| t.matches(submitted)) {
            return crate::error::ApiError::new(axum::http::StatusCode::FORBIDDEN, "error-csrf")
                .into_response();
        }
    }
    next.run(request).await
}
