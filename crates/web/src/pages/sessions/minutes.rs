//! `/sessions/{id}/minutes`: the minutes of a session, made from its tables and the record:
//! attendance, each item with its speakers, motions and amendments, votes with their results
//! (roll-calls by name; secret votes: who voted, the tally and the ballot box digest), and the
//! resolutions adopted. The minutes of a closed session name the record position and hash of the
//! closing act they were made from. Printable (print style sheet).

use asamblea_app::queries::sessions::view::{
    self, ItemView, MotionView, ResolutionView, RollCallRow, SeatedDelegate, SessionView,
    SpeakerView, VoteView,
};
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;

use super::not_found;
use crate::error::{PageError, render};
use crate::page::PageCtx;
use crate::state::AppState;

pub struct MinutesVote {
    pub v: VoteView,
    pub roll: Vec<RollCallRow>,
}

pub struct MinutesItem {
    pub item: ItemView,
    pub speakers: Vec<SpeakerView>,
    pub motions: Vec<MotionView>,
    pub votes: Vec<MinutesVote>,
}

#[derive(Template)]
#[template(path = "sessions/minutes.html")]
struct MinutesPage {
    page: PageCtx,
    s: SessionView,
    present: Vec<SeatedDelegate>,
    seated: usize,
    items: Vec<MinutesItem>,
    other_votes: Vec<MinutesVote>,
    resolutions: Vec<ResolutionView>,
    head: Option<(i64, String)>,
}

pub async fn minutes(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let e = |e| PageError::from_app(&page, e);
    let s = view::session(&state.store, id)
        .await
        .map_err(e)?
        .ok_or_else(|| not_found(&page))?;
    let all = view::seated(&state.store, s.assembly_id).await.map_err(e)?;
    let seated = all.len();
    let present: Vec<SeatedDelegate> = all.into_iter().filter(|d| d.present > 0).collect();
    let mut votes = Vec::new();
    for v in view::votes(&state.store, id).await.map_err(e)? {
        let roll = if v.status == "closed" {
            view::roll_call(&state.store, v.id).await.map_err(e)?
        } else {
            Vec::new()
        };
        votes.push(MinutesVote { v, roll });
    }
    let mut items = Vec::new();
    for item in view::items(&state.store, id).await.map_err(e)? {
        let (_, _, speakers) = view::speakers(&state.store, item.id, false)
            .await
            .map_err(e)?;
        let motions = view::motions(&state.store, item.id).await.map_err(e)?;
        let (mine, rest): (Vec<MinutesVote>, Vec<MinutesVote>) = votes
            .into_iter()
            .partition(|mv| mv.v.item_id == Some(item.id));
        votes = rest;
        items.push(MinutesItem {
            item,
            speakers,
            motions,
            votes: mine,
        });
    }
    let resolutions = view::resolutions(&state.store, s.assembly_id)
        .await
        .map_err(e)?
        .into_iter()
        .filter(|r| r.session_id == id)
        .collect();
    let head = match (&s.closed_position, &s.closed_hash) {
        (Some(p), Some(h)) => Some((*p, h.clone())),
        _ => state
            .store
            .head()
            .await
            .map_err(|x| PageError::from_app(&page, x.into()))?,
    };
    Ok(render(&MinutesPage {
        page,
        s,
        present,
        seated,
        items,
        other_votes: votes,
        resolutions,
        head,
    }))
}
