//! `/sessions/{id}`: a session's agenda and votes; the chair opens and closes the session and
//! its items and adds items here.

use asamblea_app::domain::SessionId;
use asamblea_app::queries::sessions::Standing;
use asamblea_app::queries::sessions::view::{self, ItemView, MotionView, SessionView, VoteView};
use askama::Template;
use axum::extract::State;
use axum::response::Response;

use super::who;
use crate::error::{PageError, render};
use crate::extract::Path;
use crate::page::PageCtx;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "sessions/session.html")]
struct SessionPage {
    page: PageCtx,
    s: SessionView,
    items: Vec<ItemView>,
    votes: Vec<VoteView>,
    /// Motions and amendments not yet decided (closing asks to confirm them).
    pending_motions: Vec<MotionView>,
    who: Standing,
    live_after: i64,
}

impl SessionPage {
    /// The items not yet closed (closing asks to confirm them).
    fn pending_items(&self) -> Vec<&ItemView> {
        self.items.iter().filter(|i| !i.is_closed()).collect()
    }
}

pub async fn show(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<SessionId>,
) -> Result<Response, PageError> {
    let live_after = super::live_after(&state).await?;
    let e = |e| PageError::from(e);
    let s = view::session(&state.store, id)
        .await
        .map_err(e)?
        .ok_or_else(PageError::not_found)?;
    let items = view::items(&state.store, id).await.map_err(e)?;
    let votes = view::votes(&state.store, id).await.map_err(e)?;
    let pending_motions = view::pending_motions(&state.store, id).await.map_err(e)?;
    let who = who(&state, &page, s.assembly_id).await.map_err(e)?;
    Ok(render(&SessionPage {
        page,
        s,
        items,
        votes,
        pending_motions,
        who,
        live_after,
    }))
}
