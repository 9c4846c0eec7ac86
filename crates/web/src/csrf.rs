//! Cross-site request forgery: unsafe requests from another site are refused by their
//! `Sec-Fetch-Site` or `Origin` header (see `security`), and every form carries a token equal to
//! the `csrf` cookie (double submit), for old browsers that send neither header.

use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderValue, header::SET_COOKIE};
use axum::middleware::Next;
use axum::response::Response;

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
pub async fn ensure_cookie(mut request: Request, next: Next) -> Response {
    let existing = cookies::get(request.headers(), CSRF_COOKIE).filter(|v| v.len() == 64);
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
