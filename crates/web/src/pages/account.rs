//! `/account`: my account; choose or change my password.

use asamblea_app::actions::accounts::set_password::{NewPassword, set_password};
use asamblea_app::{Account, Actor};
use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::error::{PageError, render};
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

pub async fn show(page: PageCtx) -> Result<Response, PageError> {
    let account = page.require_user()?.clone();
    Ok(page_for(page, account, None))
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
    Form(f): Form<PasswordForm>,
) -> Result<Response, PageError> {
    page.check_csrf(&f.csrf)?;
    let account = page.require_user()?.clone();
    let input = NewPassword {
        password: f.password,
        confirmation: f.confirmation,
    };
    match set_password(&state.store, &Actor::Account(account.clone()), &input).await {
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
