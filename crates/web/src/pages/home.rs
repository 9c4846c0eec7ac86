//! `/`: what Asamblea is, and the assemblies.

use asamblea_app::queries::assemblies::{AssemblySummary, list_assemblies};
use askama::Template;
use axum::extract::State;
use axum::response::Response;

use crate::error::{PageError, render};
use crate::page::PageCtx;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "home.html")]
struct Home {
    page: PageCtx,
    assemblies: Vec<AssemblySummary>,
}

pub async fn home(State(state): State<AppState>, page: PageCtx) -> Result<Response, PageError> {
    let assemblies = list_assemblies(&state.store).await?;
    Ok(render(&Home { page, assemblies }))
}
