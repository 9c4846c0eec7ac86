//! `/assemblies/{slug}/calls`: the calls to action of an assembly and its commands; the chair
//! creates a command (by resolution) and issues calls here, a command member prepares one. Also
//! the announcements block shown on organizations' and delegates' pages.

use asamblea_app::AppError;
use asamblea_app::domain::{CallKind, OrganizationId, ScopeKind};
use asamblea_app::queries::assemblies::AssemblySummary;
use asamblea_app::queries::calls::{self, CallSummary, CommandView};
use asamblea_app::queries::sessions::Standing;
use asamblea_app::queries::sessions::view::{self, ResolutionView};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::assembly;
use crate::error::{PageError, render};
use crate::page::PageCtx;
use crate::pages::sessions::who;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "mandate/calls.html")]
struct CallsPage {
    page: PageCtx,
    assembly: AssemblySummary,
    who: Standing,
    calls: Vec<CallSummary>,
    commands: Vec<CommandView>,
    /// Commands the reader is a member of (they may prepare calls of its kinds).
    my_commands: Vec<CommandView>,
    resolutions: Vec<ResolutionView>,
    sectors: Vec<(i64, String)>,
    departments: Vec<(i64, String)>,
    /// The assembly's demands still standing (not merged into another), for a call to serve.
    demands: Vec<asamblea_app::queries::mandate::DemandView>,
    kinds: &'static [CallKind],
    scopes: &'static [ScopeKind],
}

pub async fn list(
    State(state): State<AppState>,
    page: PageCtx,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    render_list(&state, page, &slug, StatusCode::OK).await
}

pub async fn render_list(
    state: &AppState,
    page: PageCtx,
    slug: &str,
    status: StatusCode,
) -> Result<Response, PageError> {
    let assembly = assembly(state, slug).await?;
    let id = assembly.id;
    let who = who(state, &page, id).await?;
    let commands = calls::commands(&state.store, id).await?;
    let my_commands = match &page.user {
        Some(u) => commands
            .iter()
            .filter(|c| c.has_member(u.id))
            .cloned()
            .collect(),
        None => Vec::new(),
    };
    let resolutions = if who.chair {
        view::resolutions(&state.store, id).await?
    } else {
        Vec::new()
    };
    let (sectors, departments) = calls::scope_choices(&state.store).await?;
    let demands = asamblea_app::queries::mandate::demands(&state.store, id)
        .await?
        .into_iter()
        .filter(|d| d.merged_into.is_none())
        .collect();
    let t = CallsPage {
        calls: calls::calls(&state.store, id).await?,
        page,
        assembly,
        who,
        commands,
        my_commands,
        resolutions,
        sectors,
        departments,
        demands,
        kinds: CallKind::ALL,
        scopes: ScopeKind::ALL,
    };
    Ok((status, render(&t)).into_response())
}

/// The announcements block of an organization, in the reader's language: the calls whose scope
/// includes it (in effect or lifted, with their current step) and the latest platform of each
/// assembly it belongs to. Empty when there is nothing to announce.
pub async fn announcements_for(
    state: &AppState,
    page: &PageCtx,
    org: OrganizationId,
) -> Result<String, AppError> {
    let calls = calls::announced_to(&state.store, org).await?;
    let mut platforms = Vec::new();
    for (id, slug, name) in calls::assemblies_of(&state.store, org).await? {
        if let Some(p) = asamblea_app::queries::mandate::platforms(&state.store, id)
            .await?
            .into_iter()
            .next()
        {
            platforms.push((slug, name, p.number, p.adopted_at));
        }
    }
    if calls.is_empty() && platforms.is_empty() {
        return Ok(String::new());
    }
    let t = AnnouncementsBlock {
        page: page.clone(),
        calls,
        platforms,
    };
    t.render().map_err(|e| AppError::Internal(e.to_string()))
}

#[derive(Template)]
#[template(path = "mandate/announcements.html")]
struct AnnouncementsBlock {
    page: PageCtx,
    calls: Vec<CallSummary>,
    /// The latest platform of each assembly: slug, assembly name, number, adopted at.
    platforms: Vec<(String, String, i64, String)>,
}
