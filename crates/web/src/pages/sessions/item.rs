//! `/sessions/items/{id}`: one agenda item. For a delegate (on a phone): the speaker on the floor
//! with the countdown, the list, asking to speak, motions and amendments, voting. For the chair,
//! the same page is the console: call the next speaker, reorder, close the list, open and close
//! votes. Tellers enter the votes of delegates without a phone.

use asamblea_app::AppError;
use asamblea_app::domain::{AssemblyId, ItemId, MotionId, VoteMajority, VoteMethod};
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
    /// An encrypted secret vote whose ballot the reader's device may encrypt (it weighs one).
    pub device: bool,
}

impl VoteCard {
    /// What the ids of the encryption panel (`encrypt/panel.html`) end with on a page that
    /// may hold several ballot forms.
    pub fn encrypt_id(&self) -> String {
        format!("-{}", self.v.id)
    }
}

/// The vote cards of `votes` for the reader (`who`), and whether the page runs the encryption
/// on the device (`crate::encrypt`): the reader votes in an assembly whose secret ballots are
/// encrypted, so a vote opened while the page is shown can be encrypted too (the script loads
/// the WebAssembly only once a form needs it).
pub async fn vote_cards(
    state: &AppState,
    who: &Standing,
    assembly_id: AssemblyId,
    votes: Vec<VoteView>,
) -> Result<(Vec<VoteCard>, bool), AppError> {
    let me = who.me.as_ref().map(|m| m.id);
    let weight = if who.may_vote() {
        view::encrypted_ballot_weight(&state.store, assembly_id, me).await?
    } else {
        None
    };
    let mut cards = Vec::new();
    for v in votes {
        let has_voted = match me {
            Some(m) => view::has_voted(&state.store, v.id, m).await?,
            None => false,
        };
        let options = v.option_list().into_iter().enumerate().collect();
        let device = v.board.is_some() && weight == Some(1);
        cards.push(VoteCard {
            v,
            has_voted,
            options,
            cast_key: asamblea_app::cast_receipts::new_key(),
            device,
        });
    }
    Ok((cards, weight.is_some()))
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
    /// The page runs `static/encrypt.js` (see [`vote_cards`]).
    encrypting: bool,
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
    let mine: Vec<VoteView> = view::votes(&state.store, s.id)
        .await
        .map_err(e)?
        .into_iter()
        .filter(|v| v.item_id == Some(id))
        .collect();
    let (votes, encrypting) = vote_cards(state, &who, s.assembly_id, mine)
        .await
        .map_err(e)?;
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
        encrypting,
    });
    let r = (status, body).into_response();
    Ok(if encrypting {
        crate::encrypt::allow_wasm(r)
    } else {
        r
    })
}
