//! Pages of the sessions area: the sessions of an assembly, a session's agenda, an item (the
//! delegate's phone page and the chair's console in one, controls by role), a vote, the projector,
//! the minutes (also as PDF); and the form posts. Every page works without JavaScript;
//! `/static/live.js` refreshes the live parts on each act of the assembly (SSE) and runs the
//! speaking countdown.

pub(crate) mod forms;
mod hall_code;
mod item;
mod list;
mod minutes;
mod minutes_pdf;
mod my_now;
mod projector;
mod session;
mod vote;

use asamblea_app::AppError;
use asamblea_app::domain::AssemblyId;
use asamblea_app::queries::sessions::{self, Standing, view};
use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::{get, post};

use crate::error::PageError;
use crate::page::PageCtx;
use crate::state::AppState;

const LIVE_JS: &str = include_str!("../../../static/live.js");

/// The record's head, read before a live page's queries: the page shows at least every act up
/// to it, and live.js asks `/events` for the acts after it, so none falls between the page and
/// the stream.
async fn live_after(state: &AppState) -> Result<i64, PageError> {
    let head = state.store.head().await.map_err(AppError::from)?;
    Ok(head.map_or(0, |(position, _)| position))
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/static/live.js", get(live_js))
        .route(
            "/assemblies/{slug}/sessions",
            get(list::list).post(forms::create_session),
        )
        .route("/assemblies/{slug}/now", get(list::now))
        .route("/now", get(my_now::show))
        .route("/assemblies/{slug}/projector", get(projector::projector))
        .route("/sessions/{id}", get(session::show))
        .route("/sessions/{id}/open", post(forms::open_session))
        .route("/sessions/{id}/close", post(forms::close_session))
        .route("/sessions/{id}/items", post(forms::add_item))
        .route("/sessions/{id}/minutes", get(minutes::minutes))
        .route("/sessions/{id}/minutes.pdf", get(minutes_pdf::minutes_pdf))
        .route("/sessions/items/{id}", get(item::show))
        .route("/sessions/items/{id}/open", post(forms::open_item))
        .route("/sessions/items/{id}/close", post(forms::close_item))
        .route("/sessions/items/{id}/move", post(forms::move_item))
        .route("/sessions/items/{id}/speak", post(forms::speak))
        .route("/sessions/items/{id}/next", post(forms::next_speaker))
        .route("/sessions/items/{id}/list", post(forms::speakers_list))
        .route("/sessions/items/{id}/motions", post(forms::propose))
        .route("/sessions/items/{id}/votes", post(forms::open_vote))
        .route("/sessions/speakers/{id}/move", post(forms::move_speaker))
        .route(
            "/sessions/speakers/{id}/withdraw",
            post(forms::withdraw_speaker),
        )
        .route("/sessions/motions/{id}/support", post(forms::support))
        .route("/sessions/motions/{id}/withdraw", post(forms::withdraw))
        .route("/sessions/motions/{id}/recommend", post(forms::recommend))
        .route("/sessions/votes/{id}", get(vote::show))
        .route("/sessions/votes/{id}/ballot", post(forms::ballot))
        .route("/sessions/votes/{id}/close", post(forms::close_vote))
        .route("/sessions/votes/{id}/hall-code", post(hall_code::issue))
        .route(
            "/sessions/resolutions/{id}/follow-up",
            post(forms::follow_up),
        )
}

async fn live_js() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        LIVE_JS,
    )
}

/// What the reader may do in the assembly (decided by the app's `may_*` rules).
pub async fn who(
    state: &AppState,
    page: &PageCtx,
    assembly_id: AssemblyId,
) -> Result<Standing, AppError> {
    sessions::standing(&state.store, page.user.as_ref(), assembly_id).await
}

/// What a roll-call line adds to a delegate's name (federation): the seat a substitute held, the
/// proxies the ballot carried ("X (also for Y)").
pub fn seat_note(page: &PageCtx, r: &view::RollCallRow) -> String {
    let mut parts = Vec::new();
    if let Some(t) = &r.seat_of {
        parts.push(
            page.i18n
                .t_args("fed-seat-of", &[("titular", t.clone().into())]),
        );
    }
    if !r.also_for.is_empty() {
        parts.push(
            page.i18n
                .t_args("fed-also-for", &[("names", r.also_for.join(", ").into())]),
        );
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", parts.join("; "))
    }
}

/// Human names of the settings and states the templates show.
/// (A value with no message, such as an option's number, is shown as it is.)
pub fn label(page: &PageCtx, prefix: &str, key: &str) -> String {
    let id = format!("ses-{prefix}-{}", key.replace('_', "-"));
    if page.i18n.has(&id) {
        page.i18n.t(&id)
    } else {
        key.to_string()
    }
}

/// The message id naming what a quorum is counted over, as counted ("escaños del plan").
pub fn quorum_members_key(basis: asamblea_app::domain::QuorumBasis) -> String {
    format!("quorum-members-{}", basis.as_str().replace('_', "-"))
}

/// What a vote decides, as every page, projector line and minute names it: a vote on an
/// amendment reads "Enmienda 7 a la moción 4: <question>", never the motion's title alone.
pub fn vote_title(page: &PageCtx, v: &view::VoteView) -> String {
    match (v.motion_number, v.amends_number) {
        (Some(amendment), Some(motion)) => page.i18n.t_args(
            "ses-vote-amendment-title",
            &[
                ("amendment", amendment.into()),
                ("motion", motion.into()),
                ("title", v.question.clone().into()),
            ],
        ),
        _ => v.question.clone(),
    }
}

/// What a quorum is counted over, in the reader's language ("escaños del plan").
pub fn quorum_members(page: &PageCtx, basis: asamblea_app::domain::QuorumBasis) -> String {
    page.i18n.t(&quorum_members_key(basis))
}

/// A vote whose result a template shows (`sessions/result.html` reads `c.v`).
pub struct ResultBox {
    pub v: view::VoteView,
}
