//! `/sessions/{id}/minutes`: the minutes of a session, made from its tables and the record:
//! attendance, each item with its speakers, motions and amendments, votes with their results
//! (roll-calls by name; secret votes: who voted, the tally and the ballot box digest), and the
//! resolutions adopted. The minutes of a closed session name the record position and hash of the
//! closing act they were made from. Printable (print style sheet); the same minutes as a PDF
//! file are `minutes_pdf.rs`, from the same [`gather`].

use asamblea_app::AppError;
use asamblea_app::domain::SessionId;
use asamblea_app::queries::sessions::view::{
    self, ItemView, MotionView, ResolutionView, RollCallRow, SeatedDelegate, SessionView,
    SpeakerView, VoteView,
};
use askama::Template;
use axum::extract::State;
use axum::response::Response;

use crate::error::{PageError, render};
use crate::extract::Path;
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

/// Everything the minutes show, read once for the page and the PDF (`minutes_pdf.rs`), so that
/// the two cannot drift apart.
pub struct MinutesData {
    pub s: SessionView,
    /// Seated voting delegates who checked in.
    pub present: Vec<SeatedDelegate>,
    /// The number of seated voting delegates.
    pub seated: usize,
    pub items: Vec<MinutesItem>,
    /// Votes not attached to an item.
    pub other_votes: Vec<MinutesVote>,
    /// The resolutions adopted in this session.
    pub resolutions: Vec<ResolutionView>,
    /// The record position and hash the minutes cite: the closing act of a closed session,
    /// otherwise the current head of the record.
    pub head: Option<(i64, String)>,
}

/// Reads the minutes of session `id`; `None` if there is no such session.
pub async fn gather(state: &AppState, id: SessionId) -> Result<Option<MinutesData>, AppError> {
    let Some(s) = view::session(&state.store, id).await? else {
        return Ok(None);
    };
    let all = view::seated(&state.store, s.assembly_id).await?;
    let seated = all.len();
    let present: Vec<SeatedDelegate> = all.into_iter().filter(|d| d.present).collect();
    let mut votes = Vec::new();
    for v in view::votes(&state.store, id).await? {
        let roll = if v.is_closed() {
            view::roll_call(&state.store, v.id).await?
        } else {
            Vec::new()
        };
        votes.push(MinutesVote { v, roll });
    }
    let mut items = Vec::new();
    for item in view::items(&state.store, id).await? {
        let (_, _, speakers) = view::speakers(&state.store, item.id, false).await?;
        let motions = view::motions(&state.store, item.id).await?;
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
        .await?
        .into_iter()
        .filter(|r| r.session_id == id)
        .collect();
    let head = match (&s.closed_position, &s.closed_hash) {
        (Some(p), Some(h)) => Some((*p, h.clone())),
        _ => state.store.head().await.map_err(AppError::from)?,
    };
    Ok(Some(MinutesData {
        s,
        present,
        seated,
        items,
        other_votes: votes,
        resolutions,
        head,
    }))
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
    Path(id): Path<SessionId>,
) -> Result<Response, PageError> {
    let d = gather(&state, id).await?.ok_or_else(PageError::not_found)?;
    Ok(render(&MinutesPage {
        page,
        s: d.s,
        present: d.present,
        seated: d.seated,
        items: d.items,
        other_votes: d.other_votes,
        resolutions: d.resolutions,
        head: d.head,
    }))
}
