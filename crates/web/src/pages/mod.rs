//! Server-rendered pages, one file per page. Each works without JavaScript.

pub mod account;
pub mod admin_accounts;
pub mod admin_witnesses;
// The public page of a secret election's board (issue 14).
pub mod board_audit;
pub mod boards;
pub mod card_pickup;
pub mod delegates;
pub mod federation;
pub mod hall_device;
pub mod home;
pub mod lang;
pub mod login;
// The mandate and calls to action (issue 13).
pub mod mandate;
pub mod outcome;
pub mod record;
pub mod registry;
pub mod seats;
pub mod sessions;
pub mod setup;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};

use crate::auth::SESSION_COOKIE;
use crate::cookies;

/// The `Set-Cookie` value that logs this browser in with `token`.
pub fn session_cookie(token: &str, secure: bool) -> String {
    let max_age = asamblea_app::actions::SESSION_DAYS * 24 * 3600;
    cookies::set(SESSION_COOKIE, token, Some(max_age), secure)
}

/// A redirect after a successful login that also sets the session cookie.
pub fn login_redirect(token: &str, to: &str, secure: bool) -> Response {
    let mut r = Redirect::to(to).into_response();
    if let Ok(v) = HeaderValue::from_str(&session_cookie(token, secure)) {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
    r
}

/// 303 See Other to `to` (after a POST).
pub fn see_other(to: &str) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, to.to_string())]).into_response()
}
// Witnesses of the record (issue 11, task 11).
pub mod record_checkpoint;
