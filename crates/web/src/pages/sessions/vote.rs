//! `/sessions/votes/{id}`: a vote. While open: how many have voted (never the choices). Closed:
//! the result with the quorum and majority it was decided by, the roll-call by name grouped by
//! organization and by sector (open votes), or who voted and the ballot box with its digest
//! (secret votes). A delegate who may vote and has not votes here too (the link of `/now`), with
//! the item page's form (`sessions/ballot_form.html`).

use asamblea_app::domain::{VoteId, VoteMethod};
use asamblea_app::queries::sessions::view::{self, RollCallRow, SessionView};
use askama::Template;
use axum::extract::State;
use axum::response::Response;

use super::item::{VoteCard, vote_cards};
use super::who;
use crate::error::{PageError, render};
use crate::extract::Path;
use crate::page::PageCtx;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "sessions/vote.html")]
struct VotePage {
    page: PageCtx,
    s: SessionView,
    c: VoteCard,
    /// The reader may vote here now (a seated delegate who is present and has not voted).
    votes_here: bool,
    /// The page runs `static/encrypt.js` (`item::vote_cards`).
    encrypting: bool,
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
    let who = who(&state, &page, s.assembly_id).await.map_err(e)?;
    let open = v.is_open();
    let (mut cards, encrypting) = vote_cards(&state, &who, s.assembly_id, vec![v])
        .await
        .map_err(e)?;
    let c = cards.pop().ok_or_else(PageError::not_found)?;
    let votes_here = open && who.may_vote() && !c.has_voted;
    let encrypting = encrypting && votes_here;
    let r = render(&VotePage {
        page,
        s,
        c,
        votes_here,
        encrypting,
        live_after,
        roll,
        by_organization,
        by_sector,
        ballot_box,
    });
    Ok(if encrypting {
        crate::encrypt::allow_wasm(r)
    } else {
        r
    })
}
