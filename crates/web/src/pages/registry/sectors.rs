//! `/sectors`: the sectors (public); administrators add one.

use asamblea_app::actions::registry::create_sector::{NewSector, create_sector};
use asamblea_app::queries::registry::list_sectors;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::{manages_registry, require_registry_manager};
use crate::error::{PageError, render};
use crate::extract::Form;
use crate::page::PageCtx;
use crate::pages::outcome::redirect_or;
use crate::state::AppState;

pub struct SectorItem {
    pub key: String,
    pub label: String,
    pub colour: String,
}

#[derive(Template)]
#[template(path = "registry/sectors.html")]
struct SectorsPage {
    page: PageCtx,
    sectors: Vec<SectorItem>,
    admin: bool,
    error: Option<String>,
}

async fn sectors_page(
    state: &AppState,
    page: PageCtx,
    status: StatusCode,
    error: Option<String>,
) -> Result<Response, PageError> {
    let sectors = list_sectors(&state.store)
        .await?
        .into_iter()
        .map(|s| SectorItem {
            label: page.i18n.name_or("sector", &s.key, &s.name),
            key: s.key,
            colour: s.colour,
        })
        .collect();
    let admin = manages_registry(&page);
    Ok((
        status,
        render(&SectorsPage {
            page,
            sectors,
            admin,
            error,
        }),
    )
        .into_response())
}

pub async fn list(State(state): State<AppState>, page: PageCtx) -> Result<Response, PageError> {
    sectors_page(&state, page, StatusCode::OK, None).await
}

#[derive(Deserialize)]
pub struct SectorForm {
    csrf: String,
    key: String,
    name: String,
    colour: String,
}

pub async fn create(
    State(state): State<AppState>,
    page: PageCtx,
    Form(f): Form<SectorForm>,
) -> Result<Response, PageError> {
    let actor = require_registry_manager(&page)?;
    page.check_csrf(&f.csrf)?;
    let input = NewSector {
        key: f.key,
        name: f.name,
        colour: f.colour,
    };
    let r = create_sector(&state.store, &actor, input).await;
    redirect_or(page, r, "/sectors", async |page, refusal| {
        sectors_page(&state, page, refusal.status, Some(refusal.message)).await
    })
    .await
}
