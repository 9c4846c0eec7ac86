//! `/sessions/items/{id}`: one agenda item. For a delegate (on a phone): the speaker on the floor
//! with the countdown, the list, asking to speak, motions and amendments, voting. For the chair,
//! the same page is the console: call the next speaker, reorder, close the list, open and close
//! votes. Tellers enter the votes of delegates without a phone.

use asamblea_app::domain::{ItemId, MotionId, VoteMajority, VoteMethod};
use asamblea_app::queries::sessions::Standing;
use asamblea_app::queries::sessions::view::{
    self, ItemView, MotionView, SeatedDelegate, SessionView, SpeakerView, VoteView,
};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::who;
use crate::error::{PageError, render};
use crate::extract::Path;
use crate::page::PageCtx;
use crate::state::AppState;

/// A vote as the item page shows it.
pub struct VoteCard {
    pub v: VoteView,
    pub has_voted: bool,
    pub options: Vec<(usize, String)>,
    /// The ballot forms' idempotency key (`asamblea_app::cast_receipts`), fresh on each render.
    pub cast_key: String,
}

#[derive(Template)]
#[template(path = "sessions/item.html")]
struct ItemPage {
    page: PageCtx,
    s: SessionView,
    item: ItemView,
    floor: Option<SpeakerView>,
    waiting: Vec<SpeakerView>,
    done: Vec<SpeakerView>,
    motions: Vec<MotionView>,
    votes: Vec<VoteCard>,
    who: Standing,
    /// Present delegates by name: a teller may enter a vote for one, the chair put one on the
    /// list of speakers.
    hall: Vec<SeatedDelegate>,
    /// The majorities the chair may pick: the named ones, then plurality.
    majorities: Vec<VoteMajority>,
    live_after: i64,
    /// The assembly has a parent: the chair may put a vote to forward a motion.
    has_parent: bool,
}

impl ItemPage {
    fn amendments_of(&self, id: &MotionId) -> Vec<&MotionView> {
        self.motions
            .iter()
            .filter(|m| m.parent_id == Some(*id))
            .collect()
    }
    fn roots(&self) -> Vec<&MotionView> {
        self.motions
            .iter()
            .filter(|m| m.parent_id.is_none())
            .collect()
    }
}

pub async fn show(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<ItemId>,
) -> Result<Response, PageError> {
    render_item(&state, page, id, StatusCode::OK).await
}

/// The item page with `status` (a refused form shows the current state with a 409 and a notice).
pub async fn render_item(
    state: &AppState,
    page: PageCtx,
    id: ItemId,
    status: StatusCode,
) -> Result<Response, PageError> {
    let live_after = super::live_after(state).await?;
    let e = |e| PageError::from(e);
    let item = view::item(&state.store, id)
        .await
        .map_err(e)?
        .ok_or_else(PageError::not_found)?;
    let s = view::session(&state.store, item.session_id)
        .await
        .map_err(e)?
        .ok_or_else(PageError::not_found)?;
    let who = who(state, &page, s.assembly_id).await.map_err(e)?;
    let (floor, waiting, done) = view::speakers(&state.store, id, s.first_time_first)
        .await
        .map_err(e)?;
    let motions = view::motions(&state.store, id).await.map_err(e)?;
    let mut votes = Vec::new();
    for v in view::votes(&state.store, s.id).await.map_err(e)? {
        if v.item_id != Some(id) {
            continue;
        }
        let has_voted = match &who.me {
            Some(m) => view::has_voted(&state.store, v.id, m.id).await.map_err(e)?,
            None => false,
        };
        let options = v.option_list().into_iter().enumerate().collect();
        votes.push(VoteCard {
            v,
            has_voted,
            options,
            cast_key: asamblea_app::cast_receipts::new_key(),
        });
    }
    let hall = if who.teller || who.chair {
        let mut present: Vec<SeatedDelegate> = view::seated(&state.store, s.assembly_id)
            .await
            .map_err(e)?
            .into_iter()
            .filter(|d| d.present)
            .collect();
        present.sort_by(|a, b| {
            a.name
                .cmp(&b.name)
                .then(a.organization.cmp(&b.organization))
        });
        present
    } else {
        Vec::new()
    };
    let (named, plurality): (Vec<VoteMajority>, Vec<VoteMajority>) =
        VoteMajority::ALL.iter().partition(|m| m.rule().is_some());
    let majorities = named.into_iter().chain(plurality).collect();
    let has_parent = asamblea_app::queries::federation::parent(&state.store, s.assembly_id)
        .await
        .map_err(e)?
        .is_some();
    let body = render(&ItemPage {
        page,
        s,
        item,
        floor,
        waiting,
        done,
        motions,
        votes,
        who,
        hall,
        majorities,
        live_after,
        has_parent,
    });
    Ok((status, body).into_response())
}
