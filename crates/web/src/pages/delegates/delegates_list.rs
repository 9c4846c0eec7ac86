//! `/assemblies/{slug}/delegates`: the delegates of an assembly (public). The credentials
//! commission sees the forms to accept or reject each credential; an administrator names the
//! assembly's offices; an administrator or the presidium revokes a whole delegation.

use asamblea_app::actions::delegates::assign_assembly_role::assign_assembly_role;
use asamblea_app::actions::delegates::revoke_delegation::revoke_delegation;
use asamblea_app::actions::delegates::{
    Offices, may_assign_offices, may_decide_credentials, may_keep_door, may_revoke_delegation,
};
use asamblea_app::domain::{AccountId, AssemblyRole, DelegateStatus, OrganizationId, Unchecked};
use asamblea_app::queries::accounts::list_accounts;
use asamblea_app::queries::delegates::delegates::{DelegateView, delegates};
use asamblea_app::{Actor, AppError};
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::{assembly, label, position_label};
use crate::error::{PageError, render};
use crate::extract::{Form, Path};
use crate::page::PageCtx;
use crate::pages::outcome::redirect_or;
use crate::state::AppState;

pub struct Row {
    pub d: DelegateView,
    pub position: String,
    pub status: String,
}

#[derive(Template)]
#[template(path = "delegates/delegates.html")]
struct DelegatesPage {
    page: PageCtx,
    slug: String,
    name: String,
    rows: Vec<Row>,
    /// Accept and reject credentials, print cards.
    commission: bool,
    /// The door page.
    door: bool,
    /// Name the assembly's offices.
    assign_offices: bool,
    revoke: bool,
    accounts: Vec<(AccountId, String)>,
    offices: Vec<(AssemblyRole, String)>,
    orgs: Vec<(OrganizationId, String)>,
    error: Option<String>,
}

async fn render_page(
    state: &AppState,
    page: PageCtx,
    slug: &str,
    error: Option<String>,
) -> Result<Response, PageError> {
    let a = assembly(state, slug).await?;
    let assembly_id = a.id;
    let list = delegates(&state.store, assembly_id, None).await?;
    let (commission, door, assign_offices, revoke) = match page.user.clone().map(Actor::Account) {
        Some(actor) => {
            let offices = Offices::of(&state.store, &actor, assembly_id).await?;
            (
                may_decide_credentials(&offices),
                may_keep_door(&actor, &offices),
                may_assign_offices(&actor),
                may_revoke_delegation(&actor, &offices),
            )
        }
        None => (false, false, false, false),
    };
    let accounts = if assign_offices {
        list_accounts(&state.store)
            .await?
            .into_iter()
            .map(|a| (a.id, format!("{} ({})", a.display_name, a.username)))
            .collect()
    } else {
        Vec::new()
    };
    // The commission first: the office named first in every assembly.
    let offices = [
        AssemblyRole::Credentials,
        AssemblyRole::Presidium,
        AssemblyRole::Teller,
    ]
    .into_iter()
    .map(|r| (r, label(&page, "dlg-office", r.as_str())))
    .collect();
    let mut orgs: Vec<(OrganizationId, String)> = Vec::new();
    for d in &list {
        if !orgs.iter().any(|(id, _)| *id == d.organization_id) {
            orgs.push((d.organization_id, d.organization.clone()));
        }
    }
    let rows = list
        .into_iter()
        .map(|d| Row {
            position: position_label(&page, &d),
            status: label(&page, "dlg-status", d.status.as_str()),
            d,
        })
        .collect();
    let status = if error.is_some() {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        axum::http::StatusCode::OK
    };
    Ok((
        status,
        render(&DelegatesPage {
            page,
            slug: a.slug,
            name: a.name,
            rows,
            commission,
            door,
            assign_offices,
            revoke,
            accounts,
            offices,
            orgs,
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

async fn outcome(
    state: &AppState,
    page: PageCtx,
    slug: &str,
    r: Result<(), AppError>,
) -> Result<Response, PageError> {
    let to = format!("/assemblies/{slug}/delegates");
    redirect_or(page, r, &to, async |page, refusal| {
        render_page(state, page, slug, Some(refusal.message)).await
    })
    .await
}

#[derive(Deserialize)]
pub struct RoleForm {
    csrf: String,
    account_id: AccountId,
    role: Unchecked<AssemblyRole>,
    #[serde(default)]
    remove: Option<String>,
}

pub async fn roles(
    State(state): State<AppState>,
    page: PageCtx,
    Path(slug): Path<String>,
    Form(f): Form<RoleForm>,
) -> Result<Response, PageError> {
    let actor = page.form_actor(&f.csrf)?;
    let a = assembly(&state, &slug).await?;
    let r = assign_assembly_role(
        &state.store,
        &actor,
        a.id,
        f.account_id,
        f.role,
        f.remove.is_none(),
    )
    .await;
    outcome(&state, page, &slug, r).await
}

#[derive(Deserialize)]
pub struct RevokeForm {
    csrf: String,
    organization_id: OrganizationId,
    reference: String,
}

pub async fn revoke(
    State(state): State<AppState>,
    page: PageCtx,
    Path(slug): Path<String>,
    Form(f): Form<RevokeForm>,
) -> Result<Response, PageError> {
    let actor = page.form_actor(&f.csrf)?;
    let a = assembly(&state, &slug).await?;
    let assembly_id = a.id;
    let r = revoke_delegation(
        &state.store,
        &actor,
        assembly_id,
        f.organization_id,
        &f.reference,
    )
    .await
    .map(|_| ());
    outcome(&state, page, &slug, r).await
}
