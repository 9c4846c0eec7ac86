//! `/admin/accounts`: administrators create accounts and issue credential cards.

use asamblea_app::actions::accounts::create_account::{NewAccount, create_account};
use asamblea_app::actions::accounts::may_manage_accounts;
use asamblea_app::actions::accounts::replace_card::{ApprovePickup, replace_card};
use asamblea_app::domain::AccountId;
use asamblea_app::queries::accounts::{account, list_accounts};
use asamblea_app::{Account, Actor, Role};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::csrf::CsrfToken;
use crate::error::{PageError, render};
use crate::extract::{Form, Path};
use crate::page::PageCtx;
use crate::pages::outcome::refusal;
use crate::state::AppState;

pub struct AccountRow {
    pub id: AccountId,
    pub username: String,
    pub display_name: String,
    pub role_key: String,
}

#[derive(Template)]
#[template(path = "admin_accounts.html")]
struct AccountsPage {
    page: PageCtx,
    accounts: Vec<AccountRow>,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "card.html")]
struct CardPage {
    page: PageCtx,
    account: Account,
    role_key: String,
    code: String,
    qr_svg: String,
}

/// The logged-in account if it [`may_manage_accounts`], or a 401/403 page.
fn require_account_manager(page: &PageCtx) -> Result<Actor, PageError> {
    match &page.user {
        Some(a) => {
            let actor = Actor::Account(a.clone());
            if may_manage_accounts(&actor) {
                Ok(actor)
            } else {
                Err(PageError::status(StatusCode::FORBIDDEN, "error-forbidden"))
            }
        }
        None => Err(PageError::status(
            StatusCode::UNAUTHORIZED,
            "error-login-required",
        )),
    }
}

async fn accounts_page(
    state: &AppState,
    page: PageCtx,
    error: Option<String>,
) -> Result<Response, PageError> {
    let accounts = list_accounts(&state.store)
        .await?
        .into_iter()
        .map(|a| AccountRow {
            id: a.id,
            role_key: format!("role-{}", a.role.as_str()),
            username: a.username,
            display_name: a.display_name,
        })
        .collect();
    Ok(render(&AccountsPage {
        page,
        accounts,
        error,
    }))
}

pub async fn list(State(state): State<AppState>, page: PageCtx) -> Result<Response, PageError> {
    require_account_manager(&page)?;
    accounts_page(&state, page, None).await
}

#[derive(Deserialize)]
pub struct NewAccountForm {
    csrf: String,
    username: String,
    display_name: String,
    role: String,
}

pub async fn create(
    State(state): State<AppState>,
    page: PageCtx,
    csrf: CsrfToken,
    Form(f): Form<NewAccountForm>,
) -> Result<Response, PageError> {
    let actor = require_account_manager(&page)?;
    if !csrf.matches(&f.csrf) {
        return Err(PageError::status(StatusCode::FORBIDDEN, "error-csrf"));
    }
    let page = page.keep([
        ("username", Some(f.username.as_str())),
        ("display_name", Some(f.display_name.as_str())),
        ("role", Some(f.role.as_str())),
    ]);
    let created = match f.role.parse::<Role>() {
        Ok(role) => {
            let input = NewAccount {
                username: f.username.clone(),
                display_name: f.display_name.clone(),
                role,
                organization_id: None,
            };
            create_account(&state.store, &actor, input).await
        }
        Err(_) => Err(asamblea_app::AppError::invalid("role", "error-invalid")),
    };
    match created {
        Ok(card) => card_page(&state, page, card.id, card.card_code).await,
        Err(e) => {
            let refusal = refusal(&page, e)?;
            let again = accounts_page(&state, page, Some(refusal.message)).await?;
            Ok((refusal.status, again).into_response())
        }
    }
}

#[derive(Deserialize)]
pub struct PickupForm {
    csrf: String,
    pickup: String,
}

pub async fn new_card(
    State(state): State<AppState>,
    page: PageCtx,
    csrf: CsrfToken,
    Path(id): Path<AccountId>,
    Form(f): Form<PickupForm>,
) -> Result<Response, PageError> {
    let actor = require_account_manager(&page)?;
    if !csrf.matches(&f.csrf) {
        return Err(PageError::status(StatusCode::FORBIDDEN, "error-csrf"));
    }
    let input = ApprovePickup {
        pickup: f.pickup.clone(),
    };
    match replace_card(&state.store, &actor, id, &input).await {
        Ok(_) => accounts_page(&state, page.with_notice("card-replaced-done"), None).await,
        Err(e) => {
            let refusal = refusal(&page, e)?;
            let id_text = id.to_string();
            let page = page.keep([
                ("pickup_for", Some(id_text.as_str())),
                ("pickup", Some(f.pickup.as_str())),
            ]);
            let again = accounts_page(&state, page, Some(refusal.message)).await?;
            Ok((refusal.status, again).into_response())
        }
    }
}

async fn card_page(
    state: &AppState,
    page: PageCtx,
    id: AccountId,
    code: String,
) -> Result<Response, PageError> {
    let account = account(&state.store, id)
        .await?
        .ok_or_else(|| PageError::status(StatusCode::NOT_FOUND, "error-not-found"))?;
    let qr_svg = crate::qr::login_qr_svg(&page.origin, &code);
    let role_key = format!("role-{}", account.role.as_str());
    Ok(render(&CardPage {
        page,
        account,
        role_key,
        code,
        qr_svg,
    }))
}
