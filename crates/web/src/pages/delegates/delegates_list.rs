//! `/assemblies/{slug}/delegates`: the delegates of an assembly (public). The credentials
//! commission sees the forms to accept or reject each credential; an administrator names the
//! assembly's offices; an administrator or the presidium revokes a whole delegation.

use asamblea_app::actions::delegates::assign_assembly_role::assign_assembly_role;
use asamblea_app::actions::delegates::revoke_delegation::revoke_delegation;
use asamblea_app::queries::accounts::list_accounts;
use asamblea_app::queries::delegates::delegates::{DelegateView, delegates};
use asamblea_app::queries::delegates::elections::holds_role;
use asamblea_app::{AppError, Role};
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::{app_err, assembly, label};
use crate::error::{PageError, render};
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
    commission: bool,
    admin: bool,
    presidium: bool,
    accounts: Vec<(i64, String)>,
    orgs: Vec<(i64, String)>,
    error: Option<String>,
}

async fn render_page(
    state: &AppState,
    page: PageCtx,
    slug: &str,
    error: Option<String>,
) -> Result<Response, PageError> {
    let a = assembly(state, &page, slug).await?;
    let list = delegates(&state.store, a.id.get(), None)
        .await
        .map_err(app_err(&page))?;
    let (mut commission, mut presidium, mut admin) = (false, false, false);
    if let Some(u) = &page.user {
        admin = u.role == Role::Admin;
        commission = holds_role(&state.store, a.id.get(), u.id.get(), "credentials")
            .await
            .map_err(app_err(&page))?;
        presidium = holds_role(&state.store, a.id.get(), u.id.get(), "presidium")
            .await
            .map_err(app_err(&page))?;
    }
    let accounts = if admin {
        list_accounts(&state.store)
            .await
            .map_err(app_err(&page))?
            .into_iter()
            .map(|a| (a.id.get(), format!("{} ({})", a.display_name, a.username)))
            .collect()
    } else {
        Vec::new()
    };
    let mut orgs: Vec<(i64, String)> = Vec::new();
    for d in &list {
        if !orgs.iter().any(|(id, _)| *id == d.organization_id) {
            orgs.push((d.organization_id, d.organization.clone()));
        }
    }
    let rows = list
        .into_iter()
        .map(|d| Row {
            position: match d.substitute_rank {
                Some(r) if d.position == "substitute" => page
                    .i18n
                    .t_args("dlg-position-substitute-rank", &[("rank", r.into())]),
                _ => label(&page, "dlg-position", &d.position),
            },
            status: label(&page, "dlg-status", &d.status),
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
            admin,
            presidium,
            accounts,
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
    account_id: i64,
    role: String,
    #[serde(default)]
    remove: Option<String>,
}

pub async fn roles(
    State(state): State<AppState>,
    page: PageCtx,
    Path(slug): Path<String>,
    Form(f): Form<RoleForm>,
) -> Result<Response, PageError> {
    page.check_csrf(&f.csrf)?;
    let actor = page.actor()?;
    let a = assembly(&state, &page, &slug).await?;
    let r = assign_assembly_role(
        &state.store,
        &actor,
        a.id.get(),
        f.account_id,
        &f.role,
        f.remove.is_none(),
    )
    .await;
    outcome(&state, page, &slug, r).await
}

#[derive(Deserialize)]
pub struct RevokeForm {
    csrf: String,
    organization_id: i64,
    reference: String,
}

pub async fn revoke(
    State(state): State<AppState>,
    page: PageCtx,
    Path(slug): Path<String>,
    Form(f): Form<RevokeForm>,
) -> Result<Response, PageError> {
    page.check_csrf(&f.csrf)?;
    let actor = page.actor()?;
    let a = assembly(&state, &page, &slug).await?;
    let r = revoke_delegation(
        &state.store,
        &actor,
        a.id.get(),
        f.organization_id,
        &f.reference,
    )
    .await
    .map(|_| ());
    outcome(&state, page, &slug, r).await
}
