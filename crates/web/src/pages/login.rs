//! `/login`: by credential card code or by username and password; `/logout`.

use std::net::SocketAddr;

use asamblea_app::actions::accounts::login_sessions::LoggedIn;
use asamblea_app::actions::accounts::login_with_card::login_with_card;
use asamblea_app::actions::accounts::login_with_password::login_with_password;
use asamblea_app::actions::accounts::logout::logout;
use askama::Template;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::auth::{SESSION_COOKIE, session_token};
use crate::cookies;
use crate::csrf::CsrfToken;
use crate::error::{PageError, classify, render};
use crate::extract::{Form, Query};
use crate::page::PageCtx;
use crate::pages::{login_redirect, see_other};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    page: PageCtx,
    error: Option<String>,
    code: String,
}

#[derive(Deserialize)]
pub struct Prefill {
    code: Option<String>,
}

/// The login page; `?code=` (from the QR code on a card) fills in the card code.
pub async fn form(page: PageCtx, Query(q): Query<Prefill>) -> Response {
    let code = q.code.unwrap_or_default();
    render(&LoginPage {
        page,
        error: None,
        code,
    })
}

#[derive(Deserialize)]
pub struct CardForm {
    csrf: String,
    code: String,
}

#[derive(Deserialize)]
pub struct PasswordForm {
    csrf: String,
    username: String,
    password: String,
}

fn failed(page: PageCtx, e: asamblea_app::AppError) -> Response {
    let (status, key) = classify(&e);
    if status == StatusCode::INTERNAL_SERVER_ERROR {
        return PageError::from(e).into_response();
    }
    let error = Some(page.i18n.t(key));
    let code = String::new();
    (status, render(&LoginPage { page, error, code })).into_response()
}

/// Where a login leads: `to`, or the account page telling that the card was replaced.
fn after_login(l: &LoggedIn, to: &str) -> String {
    match &l.card_replaced_at {
        Some(at) => format!("/account?card_replaced={at}"),
        None => to.to_string(),
    }
}

pub async fn with_card(
    State(state): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    page: PageCtx,
    csrf: CsrfToken,
    Form(f): Form<CardForm>,
) -> Response {
    if !csrf.matches(&f.csrf) {
        return PageError::status(StatusCode::FORBIDDEN, "error-csrf").into_response();
    }
    match login_with_card(&state.store, &f.code, &addr.ip().to_string()).await {
        // A login by card leads to "my assembly now" (the session, item and vote in progress);
        // the account page (a password, the card) is linked from there and from the menu.
        Ok(l) => login_redirect(&l.token, &after_login(&l, "/now"), state.secure_cookies),
        Err(e) => failed(page, e),
    }
}

pub async fn with_password(
    State(state): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    page: PageCtx,
    csrf: CsrfToken,
    Form(f): Form<PasswordForm>,
) -> Response {
    if !csrf.matches(&f.csrf) {
        return PageError::status(StatusCode::FORBIDDEN, "error-csrf").into_response();
    }
    match login_with_password(
        &state.store,
        &f.username,
        &f.password,
        &addr.ip().to_string(),
    )
    .await
    {
        Ok(l) => login_redirect(&l.token, &after_login(&l, "/"), state.secure_cookies),
        Err(e) => failed(page, e),
    }
}

#[derive(Deserialize)]
pub struct LogoutForm {
    csrf: String,
}

pub async fn sign_out(
    State(state): State<AppState>,
    headers: HeaderMap,
    csrf: CsrfToken,
    Form(f): Form<LogoutForm>,
) -> Response {
    if !csrf.matches(&f.csrf) {
        return PageError::status(StatusCode::FORBIDDEN, "error-csrf").into_response();
    }
    if let Some(token) = session_token(&headers) {
        if let Err(e) = logout(&state.store, &token).await {
            return PageError::from(e).into_response();
        }
        state.sessions.forget_token(&token);
    }
    let mut r = see_other("/");
    if let Ok(v) = HeaderValue::from_str(&cookies::clear(SESSION_COOKIE)) {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
    r
}
