//! `/account`: my account; choose or change my password.

use asamblea_app::actions::accounts::logout_everywhere::logout_everywhere as end_everywhere;
use asamblea_app::actions::accounts::set_password::{NewPassword, set_password};
use asamblea_app::queries::accounts::card_replaced_at;
use asamblea_app::queries::assemblies::account_time_zone;
use asamblea_app::{Account, Actor};
use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::auth::{SESSION_COOKIE, session_token};
use crate::cookies;
use crate::error::{PageError, render};
use crate::extract::{Form, Query};
use crate::page::PageCtx;
use crate::pages::outcome::refusal;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    page: PageCtx,
    account: Account,
    role_key: String,
    error: Option<String>,
}

fn page_for(page: PageCtx, account: Account, error: Option<String>) -> Response {
    let role_key = format!("role-{}", account.role.as_str());
    render(&AccountPage {
        page,
        account,
        role_key,
        error,
    })
}

#[derive(Deserialize)]
pub struct Notice {
    /// Set by the login that took the "your card was replaced" notice: when it was replaced.
    card_replaced: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    page: PageCtx,
    Query(q): Query<Notice>,
) -> Result<Response, PageError> {
    let account = page.require_user()?.clone();
    let mut page = page;
    // The notice repeats the account's own recorded time: a link cannot make it up.
    let recorded = match q.card_replaced {
        Some(asked) => card_replaced_at(&state.store, account.id)
            .await?
            .filter(|at| *at == asked),
        None => None,
    };
    if let Some(at) = recorded {
        let at = page
            .i18n
            .date_time(&at, &account_time_zone(&state.store, account.id).await?);
        page.notice = Some(
            page.i18n
                .t_args("account-card-replaced", &[("at", at.into())]),
        );
    }
    Ok(page_for(page, account, None))
}

/// "Log out everywhere": every login session of the account ends, this one too.
pub async fn logout_everywhere(
    State(state): State<AppState>,
    page: PageCtx,
    Form(f): Form<CsrfOnly>,
) -> Result<Response, PageError> {
    let actor = page.form_actor(&f.csrf)?;
    end_everywhere(&state.store, &actor).await?;
    if let Some(account) = actor.account() {
        state.sessions.forget_account(account.id);
    }
    let mut r = crate::pages::see_other("/");
    if let Ok(v) = HeaderValue::from_str(&cookies::clear(SESSION_COOKIE)) {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(r)
}

#[derive(Deserialize)]
pub struct CsrfOnly {
    csrf: String,
}

#[derive(Deserialize)]
pub struct PasswordForm {
    csrf: String,
    password: String,
    confirmation: String,
}

pub async fn change_password(
    State(state): State<AppState>,
    page: PageCtx,
    headers: HeaderMap,
    Form(f): Form<PasswordForm>,
) -> Result<Response, PageError> {
    page.check_csrf(&f.csrf)?;
    let account = page.require_user()?.clone();
    let input = NewPassword {
        password: f.password,
        confirmation: f.confirmation,
    };
    let current = session_token(&headers);
    match set_password(
        &state.store,
        &Actor::Account(account.clone()),
        &input,
        current.as_deref(),
    )
    .await
    {
        Ok(()) => {
            let mut account = account;
            account.has_password = true;
            Ok(page_for(
                page.with_notice("account-password-saved"),
                account,
                None,
            ))
        }
        Err(e) => {
            let refusal = refusal(&page, e)?;
            Ok((
                refusal.status,
                page_for(page, account, Some(refusal.message)),
            )
                .into_response())
        }
    }
}
