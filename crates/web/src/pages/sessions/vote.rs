//! `/sessions/votes/{id}`: a vote. While open: how many have voted (never the choices). Closed:
//! the result with the quorum and majority it was decided by, the roll-call by name grouped by
//! organization and by sector (open votes), or who voted and the ballot box with its digest
//! (secret votes).

use asamblea_app::domain::VoteId;
use asamblea_app::queries::sessions::view::{self, RollCallRow, SessionView};
use askama::Template;
use axum::extract::State;
use axum::response::Response;

use super::ResultBox;
use crate::error::{PageError, render};
use crate::extract::Path;
use crate::page::PageCtx;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "sessions/vote.html")]
struct VotePage {
    page: PageCtx,
    s: SessionView,
    c: ResultBox,
    roll: Vec<RollCallRow>,
    by_organization: Vec<(String, String, i64)>,
    by_sector: Vec<(String, String, i64)>,
    ballot_box: Vec<(String, String)>,
    live_after: i64,
}

pub async fn show(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<VoteId>,
) -> Result<Response, PageError> {
    let live_after = super::live_after(&state).await?;
    let e = |e| PageError::from(e);
    let v = view::vote(&state.store, id)
        .await
        .map_err(e)?
        .ok_or_else(PageError::not_found)?;
    let s = view::session(&state.store, v.session_id)
        .await
        .map_err(e)?
        .ok_or_else(PageError::not_found)?;
    let closed = v.is_closed();
    let roll = if closed {
        view::roll_call(&state.store, id).await.map_err(e)?
    } else {
        Vec::new()
    };
    let (by_organization, by_sector) = if closed && !v.secret {
        (view::grouped(&roll, false), view::grouped(&roll, true))
    } else {
        (Vec::new(), Vec::new())
    };
    let ballot_box = view::ballot_box(&state.store, id).await.map_err(e)?;
    Ok(render(&VotePage {
        page,
        s,
        c: ResultBox { v },
        live_after,
        roll,
        by_organization,
        by_sector,
        ballot_box,
    }))
}
