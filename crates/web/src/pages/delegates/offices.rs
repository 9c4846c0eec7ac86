//! `/assemblies/{slug}/offices`: who holds which office of the assembly (public): the
//! presidium, the credentials commission (which also keeps the door) and the tellers. An
//! administrator removes a holder from here (`assembly.role_removed` on the record); offices are
//! named from the delegates page.

use asamblea_app::Actor;
use asamblea_app::actions::delegates::assign_assembly_role::assign_assembly_role;
use asamblea_app::actions::delegates::may_assign_offices;
use asamblea_app::domain::{AccountId, AssemblyRole, Unchecked};
use asamblea_app::queries::delegates::offices::{OfficeHolder, office_holders};
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::{assembly, label};
use crate::error::{PageError, render};
use crate::page::PageCtx;
use crate::pages::outcome::redirect_or;
use crate::state::AppState;

/// One office and its holders.
pub struct Office {
    pub role: AssemblyRole,
    pub name: String,
    /// What the office does, in a sentence.
    pub about: String,
    pub holders: Vec<OfficeHolder>,
}

#[derive(Template)]
#[template(path = "delegates/offices.html")]
struct OfficesPage {
    page: PageCtx,
    slug: String,
    name: String,
    offices: Vec<Office>,
    /// Remove holders (administrators).
    manage: bool,
    error: Option<String>,
}

async fn render_page(
    state: &AppState,
    page: PageCtx,
    slug: &str,
    error: Option<String>,
) -> Result<Response, PageError> {
    let a = assembly(state, slug).await?;
    let mut holders = office_holders(&state.store, a.id).await?;
    let offices = [
        AssemblyRole::Presidium,
        AssemblyRole::Credentials,
        AssemblyRole::Teller,
    ]
    .into_iter()
    .map(|role| {
        let (mine, rest) = std::mem::take(&mut holders)
            .into_iter()
            .partition(|h| h.role == role);
        holders = rest;
        Office {
            role,
            name: label(&page, "dlg-office", role.as_str()),
            about: label(&page, "dlg-office-about", role.as_str()),
            holders: mine,
        }
    })
    .collect();
    let manage = page
        .user
        .clone()
        .map(Actor::Account)
        .is_some_and(|actor| may_assign_offices(&actor));
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok((
        status,
        render(&OfficesPage {
            page,
            slug: a.slug,
            name: a.name,
            offices,
            manage,
            error,
        }),
    )
        .into_response())
}

pub async fn show(
    State(state): State<AppState>,
    page: PageCtx,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    render_page(&state, page, &slug, None).await
}

#[derive(Deserialize)]
pub struct RemoveForm {
    csrf: String,
    account_id: AccountId,
    role: Unchecked<AssemblyRole>,
}

/// Removes one holder from one office (administrators; the action checks).
pub async fn remove(
    State(state): State<AppState>,
    page: PageCtx,
    Path(slug): Path<String>,
    Form(f): Form<RemoveForm>,
) -> Result<Response, PageError> {
    let actor = page.form_actor(&f.csrf)?;
    let a = assembly(&state, &slug).await?;
    let r = assign_assembly_role(&state.store, &actor, a.id, f.account_id, f.role, false).await;
    let to = format!("/assemblies/{slug}/offices");
    redirect_or(page, r, &to, async |page, refusal| {
        render_page(&state, page, &slug, Some(refusal.message)).await
    })
    .await
}
