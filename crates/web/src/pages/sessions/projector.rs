//! `/assemblies/{slug}/projector`: what the hall sees, in large type: the current item, the
//! speaker on the floor with the countdown, the vote in progress (how many have voted, never the
//! choices) and the last result. Without JavaScript it reloads by itself (a meta refresh inside `<noscript>`, so that a page
//! with JavaScript is never reloaded under its reader); with JavaScript, live.js
//! refreshes it within a second of each act.

use asamblea_app::queries::assemblies::{AssemblySummary, assembly_by_slug};
use asamblea_app::queries::sessions::view::{self, ItemView, SessionView, SpeakerView, VoteView};
use askama::Template;
use axum::extract::State;
use axum::response::Response;

use super::ResultBox;
use crate::error::{PageError, render};
use crate::extract::Path;
use crate::page::PageCtx;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "sessions/projector.html")]
struct ProjectorPage {
    page: PageCtx,
    assembly: AssemblySummary,
    s: Option<SessionView>,
    item: Option<ItemView>,
    floor: Option<SpeakerView>,
    next: Vec<SpeakerView>,
    open_vote: Option<VoteView>,
    /// An encrypted vote waiting for its trustees.
    counting: Option<VoteView>,
    last: Option<ResultBox>,
    present: i64,
    live_after: i64,
}

pub async fn projector(
    State(state): State<AppState>,
    page: PageCtx,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let live_after = super::live_after(&state).await?;
    let e = |e| PageError::from(e);
    let assembly = assembly_by_slug(&state.store, &slug)
        .await
        .map_err(e)?
        .ok_or_else(PageError::not_found)?;
    let assembly_id = assembly.id;
    let s = view::current_session(&state.store, assembly_id)
        .await
        .map_err(e)?;
    let mut counting = None;
    let (mut item, mut floor, mut next, mut open_vote, mut last) =
        (None, None, Vec::new(), None, None);
    if let Some(s) = &s {
        if let Some(iid) = s.current_item_id {
            item = view::item(&state.store, iid).await.map_err(e)?;
            let (f, w, _) = view::speakers(&state.store, iid, s.first_time_first)
                .await
                .map_err(e)?;
            floor = f;
            next = w.into_iter().take(3).collect();
        }
        let votes = view::votes(&state.store, s.id).await.map_err(e)?;
        open_vote = votes.iter().rev().find(|v| v.is_open()).cloned();
        counting = votes.iter().rev().find(|v| v.is_counting()).cloned();
        last = votes
            .iter()
            .filter(|v| v.is_closed())
            .max_by(|a, b| a.closed_at.cmp(&b.closed_at).then(a.id.cmp(&b.id)))
            .cloned();
    }
    let present = view::seated(&state.store, assembly_id)
        .await
        .map_err(e)?
        .iter()
        .filter(|d| d.present)
        .count() as i64;
    Ok(render(&ProjectorPage {
        page,
        assembly,
        s,
        item,
        floor,
        next,
        open_vote,
        counting,
        last: last.map(|v| ResultBox { v }),
        present,
        live_after,
    }))
}
