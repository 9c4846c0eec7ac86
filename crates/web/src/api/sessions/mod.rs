//! API of the sessions area: sessions and agenda, speakers' lists, motions and amendments, votes
//! (open and secret), resolutions. A refusal because the state moved on (409) carries the current
//! state under `current`, so a client can show it. The bodies and answers are in [`wire`].

pub mod wire;

use asamblea_app::AppError;
use asamblea_app::actions::sessions::{
    add_agenda_item::{NewItem, add_agenda_item},
    call_next_speaker::call_next_speaker,
    cast_vote::CastInput,
    close_item::close_item,
    close_session::close_session,
    close_vote::{VoteClosed, close_vote},
    create_session::{NewSession, create_session},
    move_item::move_item,
    move_speaker::move_speaker,
    open_item::open_item,
    open_session::open_session,
    open_vote::{NewVote, open_vote},
    propose_motion::{NewMotion, propose_motion},
    recommend_motion::{Recommend, recommend_motion},
    request_to_speak::{SpeakInput, request_to_speak},
    set_follow_up::set_follow_up,
    set_speakers_list::set_speakers_list,
    set_via_teller::{ViaTeller, set_via_teller},
    support_motion::support_motion,
    withdraw_motion::withdraw_motion,
    withdraw_speaker::withdraw_speaker,
};
use asamblea_app::domain::{
    AssemblyId, ItemId, MotionId, ResolutionId, SessionId, SpeakerId, VoteId,
};
use asamblea_app::queries::sessions::view::{self, ResolutionView};
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use self::wire::{
    BallotCast, CloseBody, Created, CurrentState, Done, Floor, FollowUpBody, ItemState, ListBody,
    MoveBody, NextSpeaker, SessionClosed, SessionState, StaleRefusal, Supporters, VersionBody,
    VoteState, VoteSummary,
};
use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::extract::{Json, Path};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        // Assembly paths take the slug: axum allows one parameter name per segment, and the
        // other areas use `/assemblies/{slug}/...`. Offices (presidium, tellers) are named with
        // the delegates area's `POST /assemblies/{slug}/roles`.
        .route("/assemblies/{slug}/resolutions", get(resolutions))
        .route("/sessions", post(create))
        .route("/sessions/{id}", get(show))
        .route("/sessions/{id}/open", post(open))
        .route("/sessions/{id}/close", post(close))
        .route("/sessions/{id}/items", post(add_item))
        .route("/items/{id}", get(show_item))
        .route("/items/{id}/open", post(item_open))
        .route("/items/{id}/close", post(item_close))
        .route("/items/{id}/move", post(item_move))
        .route("/items/{id}/speakers", post(speak))
        .route("/items/{id}/speakers/next", post(next_speaker))
        .route("/items/{id}/speakers/list", post(speakers_list))
        .route("/speakers/{id}/move", post(move_one))
        .route("/speakers/{id}/withdraw", post(unspeak))
        .route("/motions", post(propose))
        .route("/motions/{id}/support", post(support))
        .route("/motions/{id}/withdraw", post(withdraw))
        .route("/motions/{id}/recommend", post(recommend))
        .route("/votes", post(new_vote))
        .route("/votes/{id}", get(show_vote))
        .route("/votes/{id}/ballots", post(ballot))
        .route("/votes/{id}/close", post(vote_close))
        .route("/resolutions/{id}/follow-up", post(follow_up))
        .route("/delegates/{id}/via-teller", post(via_teller))
}

/// The OpenAPI paths of this area (merged into the document in `doc.rs`).
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        resolutions, create, show, open, close, add_item, show_item, item_open, item_close, item_move,
        speak, next_speaker, speakers_list, move_one, unspeak, propose, support, withdraw, recommend,
        new_vote, show_vote, ballot, vote_close, follow_up, via_teller
    ),
    tags((name = "sessions"))
)]
pub struct Doc;

/// What a refusal shows as the current state.
enum Current {
    Session(SessionId),
    Item(ItemId),
    Vote(VoteId),
    None,
}

/// A domain error as an answer; a conflict carries the current state.
async fn refuse(state: &AppState, e: AppError, current: Current) -> Response {
    if let AppError::Conflict { key } = &e {
        let key: &'static str = key;
        let current = match current {
            Current::Session(id) => session_state(state, id)
                .await
                .ok()
                .map(CurrentState::Session),
            Current::Item(id) => item_state(state, id).await.ok().map(CurrentState::Item),
            Current::Vote(id) => vote_state(state, id).await.ok().map(CurrentState::Vote),
            Current::None => None,
        };
        let message = crate::i18n::I18n::new(crate::i18n::Lang::En).t(key);
        let body = StaleRefusal {
            error: key.to_string(),
            message,
            current,
            record_position: None,
            record_hash: None,
        };
        return (StatusCode::CONFLICT, Json(body)).into_response();
    }
    ApiError::from(e).into_response()
}

/// The answer to an action: `ok` shapes a success; a refusal goes through [`refuse`].
async fn answer<T, R: IntoResponse>(
    state: &AppState,
    r: Result<T, AppError>,
    current: Current,
    ok: impl FnOnce(T) -> R,
) -> Result<Response, ApiError> {
    Ok(match r {
        Ok(v) => ok(v).into_response(),
        Err(e) => refuse(state, e, current).await,
    })
}

/// `{"ok": true}`.
fn done<T>(_: T) -> Json<Done> {
    Json(Done::OK)
}

/// 201 with `{"id": id}`.
fn created(id: impl Into<i64>) -> (StatusCode, Json<Created>) {
    (StatusCode::CREATED, Json(Created { id: id.into() }))
}

async fn session_state(state: &AppState, id: SessionId) -> Result<SessionState, AppError> {
    let session = view::session(&state.store, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let items = view::items(&state.store, id).await?;
    let votes = view::votes(&state.store, id).await?;
    Ok(SessionState {
        session,
        items,
        votes: votes.iter().map(VoteSummary::from).collect(),
    })
}

async fn item_state(state: &AppState, id: ItemId) -> Result<ItemState, AppError> {
    let item = view::item(&state.store, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let s = view::session(&state.store, item.session_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (floor, waiting, done) = view::speakers(&state.store, id, s.first_time_first).await?;
    let floor = floor.map(|speaker| Floor {
        ends_at: speaker.ends_at(),
        speaker,
    });
    let motions = view::motions(&state.store, id).await?;
    let votes = view::votes(&state.store, item.session_id)
        .await?
        .iter()
        .filter(|v| v.item_id == Some(id))
        .map(VoteSummary::from)
        .collect();
    Ok(ItemState {
        item,
        floor,
        waiting,
        done,
        motions,
        votes,
    })
}

async fn vote_state(state: &AppState, id: VoteId) -> Result<VoteState, AppError> {
    let v = view::vote(&state.store, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut out = VoteState {
        vote: VoteSummary::from(&v),
        voters: None,
        ballot_box: None,
        by_organization: None,
        by_sector: None,
        roll_call: None,
    };
    if v.is_closed() {
        let roll = view::roll_call(&state.store, id).await?;
        if v.secret {
            out.voters = Some(roll.into_iter().map(|r| r.name).collect());
            out.ballot_box = Some(view::ballot_box(&state.store, id).await?);
        } else {
            out.by_organization = Some(view::grouped(&roll, false));
            out.by_sector = Some(view::grouped(&roll, true));
            out.roll_call = Some(roll);
        }
    }
    Ok(out)
}

/// The numbered resolutions of an assembly, with their follow-up status.
#[utoipa::path(get, path = "/api/v1/assemblies/{slug}/resolutions", tag = "sessions",
    params(("slug" = String, Path, description = "The assembly's slug")), responses((status = 200, body = [ResolutionView])))]
pub async fn resolutions(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Json<Vec<ResolutionView>>, ApiError> {
    let id = assembly_id(&state, &slug).await?;
    Ok(Json(view::resolutions(&state.store, id).await?))
}

/// The id of the assembly `slug`, or 404.
async fn assembly_id(state: &AppState, slug: &str) -> Result<AssemblyId, ApiError> {
    asamblea_app::queries::assemblies::assembly_by_slug(&state.store, slug)
        .await?
        .map(|a| a.id)
        .ok_or(ApiError::new(StatusCode::NOT_FOUND, "error-not-found"))
}

/// Plan a session (presidium or administrators).
#[utoipa::path(post, path = "/api/v1/sessions", tag = "sessions", request_body = NewSession,
    responses((status = 201, body = Created), (status = 403, description = "Not the chair")))]
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    Json(b): Json<NewSession>,
) -> Result<Response, ApiError> {
    let a = user.actor()?;
    let r = create_session(&state.store, &a, b).await;
    answer(&state, r, Current::None, created).await
}

/// A session with its agenda and votes.
#[utoipa::path(get, path = "/api/v1/sessions/{id}", tag = "sessions",
    params(("id" = i64, Path, description = "Session id")), responses((status = 200, body = SessionState), (status = 404)))]
pub async fn show(
    State(state): State<AppState>,
    Path(id): Path<SessionId>,
) -> Result<Json<SessionState>, ApiError> {
    Ok(Json(session_state(&state, id).await?))
}

/// Open a planned session (the chair).
#[utoipa::path(post, path = "/api/v1/sessions/{id}/open", tag = "sessions", request_body = VersionBody,
    params(("id" = i64, Path, description = "Session id")), responses((status = 200, body = Done), (status = 409, description = "Stale or not planned", body = StaleRefusal)))]
pub async fn open(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<SessionId>,
    Json(b): Json<VersionBody>,
) -> Result<Response, ApiError> {
    let a = user.actor()?;
    let r = open_session(&state.store, &a, id, b.version).await;
    answer(&state, r, Current::Session(id), done).await
}

/// Close an open session (the chair).
#[utoipa::path(post, path = "/api/v1/sessions/{id}/close", tag = "sessions", request_body = CloseBody,
    params(("id" = i64, Path, description = "Session id")), responses((status = 200, body = SessionClosed), (status = 409, description = "Stale, not open, or a vote is open", body = StaleRefusal)))]
pub async fn close(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<SessionId>,
    Json(b): Json<CloseBody>,
) -> Result<Response, ApiError> {
    let a = user.actor()?;
    let r = close_session(&state.store, &a, id, b.version, b.confirm).await;
    answer(&state, r, Current::Session(id), |position| {
        Json(SessionClosed { position })
    })
    .await
}

/// Add an agenda item (the chair).
#[utoipa::path(post, path = "/api/v1/sessions/{id}/items", tag = "sessions", request_body = NewItem,
    params(("id" = i64, Path, description = "Session id")), responses((status = 201, body = Created), (status = 409, body = StaleRefusal)))]
pub async fn add_item(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<SessionId>,
    Json(b): Json<NewItem>,
) -> Result<Response, ApiError> {
    let a = user.actor()?;
    let r = add_agenda_item(&state.store, &a, id, b).await;
    answer(&state, r, Current::Session(id), created).await
}

/// An agenda item: the speaker on the floor (with `ends_at`), the waiting list in speaking order,
/// motions and amendments, votes.
#[utoipa::path(get, path = "/api/v1/items/{id}", tag = "sessions",
    params(("id" = i64, Path, description = "Item id")), responses((status = 200, body = ItemState), (status = 404)))]
pub async fn show_item(
    State(state): State<AppState>,
    Path(id): Path<ItemId>,
) -> Result<Json<ItemState>, ApiError> {
    Ok(Json(item_state(&state, id).await?))
}

/// Take up an item (the chair).
#[utoipa::path(post, path = "/api/v1/items/{id}/open", tag = "sessions", request_body = VersionBody,
    params(("id" = i64, Path, description = "Item id")), responses((status = 200, body = Done), (status = 409, body = StaleRefusal)))]
pub async fn item_open(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<ItemId>,
    Json(b): Json<VersionBody>,
) -> Result<Response, ApiError> {
    let a = user.actor()?;
    let r = open_item(&state.store, &a, id, b.version).await;
    answer(&state, r, Current::Item(id), done).await
}

/// Close an item (the chair).
#[utoipa::path(post, path = "/api/v1/items/{id}/close", tag = "sessions", request_body = VersionBody,
    params(("id" = i64, Path, description = "Item id")), responses((status = 200, body = Done), (status = 409, body = StaleRefusal)))]
pub async fn item_close(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<ItemId>,
    Json(b): Json<VersionBody>,
) -> Result<Response, ApiError> {
    let a = user.actor()?;
    let r = close_item(&state.store, &a, id, b.version).await;
    answer(&state, r, Current::Item(id), done).await
}

/// Move an agenda item one place up or down (the chair).
#[utoipa::path(post, path = "/api/v1/items/{id}/move", tag = "sessions", request_body = MoveBody,
    params(("id" = i64, Path, description = "Item id")), responses((status = 200, body = Done), (status = 409, body = StaleRefusal)))]
pub async fn item_move(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<ItemId>,
    Json(b): Json<MoveBody>,
) -> Result<Response, ApiError> {
    let a = user.actor()?;
    let r = move_item(&state.store, &a, id, b.up, b.version).await;
    answer(&state, r, Current::Item(id), done).await
}

/// Ask to speak (a delegate), or put a delegate on the list (the chair).
#[utoipa::path(post, path = "/api/v1/items/{id}/speakers", tag = "sessions", request_body = SpeakInput,
    params(("id" = i64, Path, description = "Item id")), responses((status = 201, body = Created), (status = 409, description = "List closed, quota full, already asked", body = StaleRefusal)))]
pub async fn speak(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<ItemId>,
    Json(b): Json<SpeakInput>,
) -> Result<Response, ApiError> {
    let a = user.actor()?;
    let r = request_to_speak(&state.store, &a, id, b).await;
    answer(&state, r, Current::Item(id), created).await
}

/// Give the floor to the next speaker (the chair).
#[utoipa::path(post, path = "/api/v1/items/{id}/speakers/next", tag = "sessions", request_body = VersionBody,
    params(("id" = i64, Path, description = "Item id")), responses((status = 200, body = NextSpeaker), (status = 409, body = StaleRefusal)))]
pub async fn next_speaker(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<ItemId>,
    Json(b): Json<VersionBody>,
) -> Result<Response, ApiError> {
    let a = user.actor()?;
    let r = call_next_speaker(&state.store, &a, id, b.version).await;
    answer(&state, r, Current::Item(id), |speaker_id| {
        Json(NextSpeaker { speaker_id })
    })
    .await
}

/// Close or reopen the speakers' list (the chair).
#[utoipa::path(post, path = "/api/v1/items/{id}/speakers/list", tag = "sessions", request_body = ListBody,
    params(("id" = i64, Path, description = "Item id")), responses((status = 200, body = Done), (status = 409, body = StaleRefusal)))]
pub async fn speakers_list(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<ItemId>,
    Json(b): Json<ListBody>,
) -> Result<Response, ApiError> {
    let a = user.actor()?;
    let r = set_speakers_list(&state.store, &a, id, b.open, b.version).await;
    answer(&state, r, Current::Item(id), done).await
}

/// Move a waiting speaker one place up or down (the chair).
#[utoipa::path(post, path = "/api/v1/speakers/{id}/move", tag = "sessions", request_body = MoveBody,
    params(("id" = i64, Path, description = "Speaker request id")), responses((status = 200, body = Done), (status = 409, body = StaleRefusal)))]
pub async fn move_one(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<SpeakerId>,
    Json(b): Json<MoveBody>,
) -> Result<Response, ApiError> {
    let a = user.actor()?;
    let r = move_speaker(&state.store, &a, id, b.up, b.version).await;
    answer(&state, r, Current::None, done).await
}

/// Take a waiting request to speak off the list (its delegate or the chair).
#[utoipa::path(post, path = "/api/v1/speakers/{id}/withdraw", tag = "sessions",
    params(("id" = i64, Path, description = "Speaker request id")), responses((status = 200, body = Done), (status = 409, body = StaleRefusal)))]
pub async fn unspeak(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<SpeakerId>,
) -> Result<Response, ApiError> {
    let a = user.actor()?;
    let r = withdraw_speaker(&state.store, &a, id).await;
    answer(&state, r, Current::None, done).await
}

/// Propose a motion or an amendment.
#[utoipa::path(post, path = "/api/v1/motions", tag = "sessions", request_body = NewMotion,
    responses((status = 201, body = Created), (status = 409, description = "Item closed or stale", body = StaleRefusal)))]
pub async fn propose(
    State(state): State<AppState>,
    user: CurrentUser,
    Json(b): Json<NewMotion>,
) -> Result<Response, ApiError> {
    let a = user.actor()?;
    let item = b.item_id;
    let r = propose_motion(&state.store, &a, b).await;
    answer(&state, r, Current::Item(item), created).await
}

/// Support a motion or amendment (a delegate).
#[utoipa::path(post, path = "/api/v1/motions/{id}/support", tag = "sessions",
    params(("id" = i64, Path, description = "Motion id")), responses((status = 200, body = Supporters), (status = 409, body = StaleRefusal)))]
pub async fn support(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<MotionId>,
) -> Result<Response, ApiError> {
    let a = user.actor()?;
    let r = support_motion(&state.store, &a, id).await;
    answer(&state, r, Current::None, |supporters| {
        Json(Supporters { supporters })
    })
    .await
}

/// Withdraw a motion or amendment (its proposer or the chair).
#[utoipa::path(post, path = "/api/v1/motions/{id}/withdraw", tag = "sessions",
    params(("id" = i64, Path, description = "Motion id")), responses((status = 200, body = Done), (status = 409, body = StaleRefusal)))]
pub async fn withdraw(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<MotionId>,
) -> Result<Response, ApiError> {
    let a = user.actor()?;
    let r = withdraw_motion(&state.store, &a, id).await;
    answer(&state, r, Current::None, done).await
}

/// Record the recommendation of the presidium or a commission (the chair).
#[utoipa::path(post, path = "/api/v1/motions/{id}/recommend", tag = "sessions", request_body = Recommend,
    params(("id" = i64, Path, description = "Motion id")), responses((status = 200, body = Done), (status = 409, body = StaleRefusal)))]
pub async fn recommend(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<MotionId>,
    Json(b): Json<Recommend>,
) -> Result<Response, ApiError> {
    let a = user.actor()?;
    let r = recommend_motion(&state.store, &a, id, b).await;
    answer(&state, r, Current::None, done).await
}

/// Open a vote (the chair).
#[utoipa::path(post, path = "/api/v1/votes", tag = "sessions", request_body = NewVote,
    responses((status = 201, body = Created), (status = 409, description = "Not enough supporters, closed item, ...", body = StaleRefusal)))]
pub async fn new_vote(
    State(state): State<AppState>,
    user: CurrentUser,
    Json(b): Json<NewVote>,
) -> Result<Response, ApiError> {
    let a = user.actor()?;
    let session = b.session_id;
    let r = open_vote(&state.store, &a, b).await;
    answer(&state, r, Current::Session(session), created).await
}

/// A vote: while open, how many have voted; once closed, the result with quorum and majority,
/// and either the roll-call (grouped by organization and by sector) or, for a secret vote, who
/// voted, the ballot box and its digest.
#[utoipa::path(get, path = "/api/v1/votes/{id}", tag = "sessions",
    params(("id" = i64, Path, description = "Vote id")), responses((status = 200, body = VoteState), (status = 404)))]
pub async fn show_vote(
    State(state): State<AppState>,
    Path(id): Path<VoteId>,
) -> Result<Json<VoteState>, ApiError> {
    Ok(Json(vote_state(&state, id).await?))
}

/// Vote (a seated delegate who is present), or enter a delegate's vote (a teller).
#[utoipa::path(post, path = "/api/v1/votes/{id}/ballots", tag = "sessions", request_body = CastInput,
    params(("id" = i64, Path, description = "Vote id")),
    responses((status = 200, body = BallotCast), (status = 409, description = "Closed, already voted, not present", body = StaleRefusal), (status = 422, description = "For someone else, or a bad choice")))]
pub async fn ballot(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<VoteId>,
    Json(b): Json<CastInput>,
) -> Result<Response, ApiError> {
    let a = user.actor()?;
    let r = state.casts.cast(a, id, b).await;
    // Already voted: 409, with the receipt of the act that recorded this voter's participation.
    if let Ok(receipt) = &r
        && receipt.already
    {
        let key = "error-ses-already-voted";
        let body = StaleRefusal {
            error: key.to_string(),
            message: crate::i18n::I18n::new(crate::i18n::Lang::En).t(key),
            current: vote_state(&state, id).await.ok().map(CurrentState::Vote),
            record_position: receipt.position,
            record_hash: receipt.hash.clone(),
        };
        return Ok((StatusCode::CONFLICT, Json(body)).into_response());
    }
    answer(&state, r, Current::Vote(id), |receipt| {
        Json(BallotCast {
            voted: receipt.voted.unwrap_or_default(),
            record_position: receipt.position,
            record_hash: receipt.hash,
            record_index: receipt.index,
            again: receipt.again,
            tracking_codes: receipt.tracking_codes,
        })
    })
    .await
}

/// Close a vote and state its result (the chair).
#[utoipa::path(post, path = "/api/v1/votes/{id}/close", tag = "sessions", request_body = VersionBody,
    params(("id" = i64, Path, description = "Vote id")), responses((status = 200, body = VoteClosed), (status = 409, body = StaleRefusal)))]
pub async fn vote_close(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<VoteId>,
    Json(b): Json<VersionBody>,
) -> Result<Response, ApiError> {
    let a = user.actor()?;
    let r = close_vote(&state.store, &a, id, b.version).await;
    answer(&state, r, Current::Vote(id), Json).await
}

/// Update how a resolution is being carried out (the chair).
#[utoipa::path(post, path = "/api/v1/resolutions/{id}/follow-up", tag = "sessions", request_body = FollowUpBody,
    params(("id" = i64, Path, description = "Resolution id")), responses((status = 200, body = Done)))]
pub async fn follow_up(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<ResolutionId>,
    Json(b): Json<FollowUpBody>,
) -> Result<Response, ApiError> {
    let a = user.actor()?;
    let r = set_follow_up(&state.store, &a, id, b.follow_up).await;
    answer(&state, r, Current::None, done).await
}

/// Mark a delegate as voting through a teller from now on, or no longer (the chair; on the
/// record). Tellers enter only marked delegates' votes, in open votes opened after the mark.
#[utoipa::path(post, path = "/api/v1/delegates/{id}/via-teller", tag = "sessions", request_body = ViaTeller,
    params(("id" = i64, Path, description = "Delegate id")), responses((status = 200, body = Done)))]
pub async fn via_teller(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<asamblea_app::domain::DelegateId>,
    Json(b): Json<ViaTeller>,
) -> Result<Response, ApiError> {
    let a = user.actor()?;
    let r = set_via_teller(&state.store, &a, id, &b).await;
    answer(&state, r, Current::None, done).await
}
