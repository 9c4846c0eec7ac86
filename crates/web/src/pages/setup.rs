//! `/setup/{token}`: the one-time link printed on the console creates the first administrator.

use asamblea_app::actions::accounts::create_first_admin::{NewAdmin, create_first_admin};
use asamblea_app::actions::accounts::ensure_setup_token::setup_token_valid;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::csrf::CsrfToken;
use crate::error::{PageError, render};
use crate::extract::{Form, Path};
use crate::page::PageCtx;
use crate::pages::login_redirect;
use crate::pages::outcome::refusal;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "setup.html")]
struct SetupPage {
    page: PageCtx,
    token: String,
    username: String,
    display_name: String,
    error: Option<String>,
}

pub async fn form(
    State(state): State<AppState>,
    page: PageCtx,
    Path(token): Path<String>,
) -> Result<Response, PageError> {
    let valid = setup_token_valid(&state.store, &token).await?;
    if !valid {
        return Err(PageError::status(
            StatusCode::NOT_FOUND,
            "error-setup-link-used",
        ));
    }
    Ok(render(&SetupPage {
        page,
        token,
        username: String::new(),
        display_name: String::new(),
        error: None,
    }))
}

#[derive(Deserialize)]
pub struct SetupForm {
    csrf: String,
    username: String,
    display_name: String,
    password: String,
}

pub async fn submit(
    State(state): State<AppState>,
    page: PageCtx,
    csrf: CsrfToken,
    Path(token): Path<String>,
    Form(f): Form<SetupForm>,
) -> Result<Response, PageError> {
    if !csrf.matches(&f.csrf) {
        return Err(PageError::status(StatusCode::FORBIDDEN, "error-csrf"));
    }
    let input = NewAdmin {
        username: f.username.clone(),
        display_name: f.display_name.clone(),
        password: f.password,
    };
    match create_first_admin(&state.store, &token, input).await {
        Ok(session) => Ok(login_redirect(
            &session,
            "/admin/accounts",
            state.secure_cookies,
        )),
        Err(e) => {
            let refusal = refusal(&page, e)?;
            Ok((
                refusal.status,
                render(&SetupPage {
                    page,
                    token,
                    username: f.username,
                    display_name: f.display_name,
                    error: Some(refusal.message),
                }),
            )
                .into_response())
        }
    }
}
