//! `/assemblies/{slug}/sessions`: the sessions of an assembly and its numbered resolutions; the
//! chair plans a new session here. `/assemblies/{slug}/now` goes to what is happening now.

use asamblea_app::queries::assemblies::{AssemblySummary, assembly_by_slug};
use asamblea_app::queries::sessions::Standing;
use asamblea_app::queries::sessions::view::{self, ResolutionView, SessionView};
use askama::Template;
use axum::extract::State;
use axum::response::Response;

use super::who;
use crate::error::{PageError, render};
use crate::extract::Path;
use crate::page::PageCtx;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "sessions/list.html")]
struct ListPage {
    page: PageCtx,
    assembly: AssemblySummary,
    sessions: Vec<SessionView>,
    resolutions: Vec<ResolutionView>,
    who: Standing,
}

pub async fn list(
    State(state): State<AppState>,
    page: PageCtx,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let e = |e| PageError::from(e);
    let assembly = assembly_by_slug(&state.store, &slug)
        .await
        .map_err(e)?
        .ok_or_else(PageError::not_found)?;
    let assembly_id = assembly.id;
    let sessions = view::sessions_of(&state.store, assembly_id)
        .await
        .map_err(e)?;
    let resolutions = view::resolutions(&state.store, assembly_id)
        .await
        .map_err(e)?;
    let who = who(&state, &page, assembly_id).await.map_err(e)?;
    Ok(render(&ListPage {
        page,
        assembly,
        sessions,
        resolutions,
        who,
    }))
}

/// Redirects to the current item of the open session, or to the latest session, or the list.
pub async fn now(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let e = |e| PageError::from(e);
    let assembly = assembly_by_slug(&state.store, &slug)
        .await
        .map_err(e)?
        .ok_or_else(PageError::not_found)?;
    let to = match view::current_session(&state.store, assembly.id)
        .await
        .map_err(e)?
    {
        Some(s) => match s.current_item_id {
            Some(i) if s.is_open() => format!("/sessions/items/{i}"),
            _ => format!("/sessions/{}", s.id),
        },
        None => format!("/assemblies/{slug}/sessions"),
    };
    Ok(axum::response::IntoResponse::into_response(
        axum::response::Redirect::to(&to),
    ))
}
