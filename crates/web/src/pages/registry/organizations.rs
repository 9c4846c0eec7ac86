//! `/organizations`: the tree of organizations (public); `/organizations.csv` (public data).

use asamblea_app::domain::OrganizationId;
use asamblea_app::queries::registry::{list_organizations, organizations_csv};
use askama::Template;
use axum::extract::State;
use axum::response::Response;

use super::{csv_response, kind_label, manages_registry};
use crate::error::{PageError, render};
use crate::page::PageCtx;
use crate::state::AppState;

pub struct OrgItem {
    pub id: OrganizationId,
    pub short_name: String,
    pub name: String,
    pub kind: String,
    pub sector: String,
    pub colour: String,
    pub department: String,
    pub membership: i64,
    pub lapsed: bool,
    pub depth: usize,
}

#[derive(Template)]
#[template(path = "registry/organizations.html")]
struct OrganizationsPage {
    page: PageCtx,
    items: Vec<OrgItem>,
    admin: bool,
}

pub async fn list(State(state): State<AppState>, page: PageCtx) -> Result<Response, PageError> {
    let orgs = list_organizations(&state.store).await?;
    let items = orgs
        .into_iter()
        .map(|o| OrgItem {
            kind: kind_label(&page.i18n, o.kind),
            sector: page.i18n.name_or("sector", &o.sector, &o.sector_name),
            colour: o.sector_colour,
            department: o.department.unwrap_or_default(),
            id: o.id,
            short_name: o.short_name,
            name: o.name,
            membership: o.membership,
            lapsed: o.term_lapsed,
            depth: o.depth.min(5),
        })
        .collect();
    let admin = manages_registry(&page);
    Ok(render(&OrganizationsPage { page, items, admin }))
}

pub async fn export(State(state): State<AppState>) -> Result<Response, PageError> {
    let body = organizations_csv(&state.store).await?;
    Ok(csv_response("organizations.csv", body))
}
