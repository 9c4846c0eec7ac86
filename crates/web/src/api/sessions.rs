//! API of the sessions area: sessions and agenda, speakers' lists, motions and amendments, votes
//! (open and secret), resolutions. A refusal because the state moved on (409) carries the current
//! state under `current`, so a client can show it.

use asamblea_app::AppError;
use asamblea_app::actions::sessions::{
    add_agenda_item::{NewItem, add_agenda_item},
    call_next_speaker::call_next_speaker,
    cast_vote::CastInput,
    close_item::close_item,
    close_session::close_session,
    close_vote::close_vote,
    create_session::{NewSession, create_session},
    move_item::move_item,
    move_speaker::move_speaker,
    open_item::open_item,
    open_session::open_session,
    open_vote::{NewVote, open_vote},
    propose_motion::{NewMotion, propose_motion},
    recommend_motion::recommend_motion,
    request_to_speak::{SpeakInput, request_to_speak},
    set_follow_up::set_follow_up,
    set_speakers_list::set_speakers_list,
    support_motion::support_motion,
    withdraw_motion::withdraw_motion,
    withdraw_speaker::withdraw_speaker,
};
use asamblea_app::queries::sessions::view;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa::ToSchema;

use crate::auth::CurrentUser;
use crate::error::ApiError;
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
}

/// The OpenAPI paths of this area (merged into the document in `doc.rs`).
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        resolutions, create, show, open, close, add_item, show_item, item_open, item_close, item_move,
        speak, next_speaker, speakers_list, move_one, unspeak, propose, support, withdraw, recommend,
        new_vote, show_vote, ballot, vote_close, follow_up
    ),
    tags((name = "sessions"))
)]
pub struct Doc;

/// What a refusal shows as the current state.
enum Current {
    Session(i64),
    Item(i64),
    Vote(i64),
    None,
}

/// A domain error as an answer; a conflict carries the current state.
async fn refuse(state: &AppState, e: AppError, current: Current) -> Response {
    if let AppError::Conflict { key } = &e {
        let key: &'static str = key;
        let cur = match current {
            Current::Session(id) => session_json(state, id).await.ok(),
            Current::Item(id) => item_json(state, id).await.ok(),
            Current::Vote(id) => vote_json(state, id).await.ok(),
            Current::None => None,
        };
        let message = crate::i18n::I18n::new(crate::i18n::Lang::En).t(key);
        return (
            StatusCode::CONFLICT,
            Json(json!({"error": key, "message": message, "current": cur})),
        )
            .into_response();
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
fn ok<T>(_: T) -> Json<Value> {
    Json(json!({"ok": true}))
}

/// 201 with `{"id": id}`.
fn created(id: i64) -> (StatusCode, Json<Value>) {
    (StatusCode::CREATED, Json(json!({"id": id})))
}

async fn session_json(state: &AppState, id: i64) -> Result<Value, AppError> {
    let s = view::session(&state.store, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let items = view::items(&state.store, id).await?;
    let votes = view::votes(&state.store, id).await?;
    let votes: Vec<Value> = votes.iter().map(vote_value).collect();
    Ok(json!({"session": s, "items": items, "votes": votes}))
}

async fn item_json(state: &AppState, id: i64) -> Result<Value, AppError> {
    let it = view::item(&state.store, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let s = view::session(&state.store, it.session_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (floor, waiting, done) = view::speakers(&state.store, id, s.first_time_first == 1).await?;
    let floor = floor.map(|f| {
        let ends = f.ends_at();
        json!({"speaker": f, "ends_at": ends})
    });
    let motions = view::motions(&state.store, id).await?;
    let votes: Vec<Value> = view::votes(&state.store, it.session_id)
        .await?
        .iter()
        .filter(|v| v.item_id == Some(id))
        .map(vote_value)
        .collect();
    Ok(
        json!({"item": it, "floor": floor, "waiting": waiting, "done": done, "motions": motions, "votes": votes}),
    )
}

fn vote_value(v: &view::VoteView) -> Value {
    json!({"id": v.id, "session_id": v.session_id, "item_id": v.item_id, "subject": v.subject,
           "motion_id": v.motion_id, "question": v.question, "method": v.method, "options": v.option_list(),
           "secret": v.secret == 1, "majority": v.majority, "quorum": v.quorum, "status": v.status,
           "voted": v.voted, "result": v.result_json(), "digest": v.digest, "version": v.version})
}

async fn vote_json(state: &AppState, id: i64) -> Result<Value, AppError> {
    let v = view::vote(&state.store, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut out = vote_value(&v);
    if v.status == "closed" {
        let roll = view::roll_call(&state.store, id).await?;
        if v.secret == 1 {
            let voters: Vec<&str> = roll.iter().map(|r| r.name.as_str()).collect();
            out["voters"] = json!(voters);
            out["ballot_box"] = json!(view::ballot_box(&state.store, id).await?);
        } else {
            out["by_organization"] = json!(view::grouped(&roll, false));
            out["by_sector"] = json!(view::grouped(&roll, true));
            out["roll_call"] = json!(roll);
        }
    }
    Ok(out)
}

#[derive(Deserialize, ToSchema, Default)]
pub struct VersionBody {
    /// The version the client last saw (stale → 409).
    #[serde(default)]
    pub version: Option<i64>,
}

/// The numbered resolutions of an assembly, with their follow-up status.
#[utoipa::path(get, path = "/api/v1/assemblies/{slug}/resolutions", tag = "sessions",
    params(("slug" = String, Path, description = "The assembly's slug")), responses((status = 200, body = Object)))]
pub async fn resolutions(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let id = assembly_id(&state, &slug).await?;
    Ok(Json(json!(view::resolutions(&state.store, id).await?)))
}

/// The id of the assembly `slug`, or 404.
async fn assembly_id(state: &AppState, slug: &str) -> Result<i64, ApiError> {
    asamblea_app::queries::assemblies::assembly_by_slug(&state.store, slug)
        .await?
        .map(|a| a.id.get())
        .ok_or(ApiError::new(StatusCode::NOT_FOUND, "error-not-found"))
}

/// Plan a session (presidium or administrators).
#[utoipa::path(post, path = "/api/v1/sessions", tag = "sessions", request_body = NewSession,
    responses((status = 201, body = Object), (status = 403, description = "Not the chair")))]
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
    params(("id" = i64, Path, description = "Session id")), responses((status = 200, body = Object)))]
pub async fn show(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<Value>, ApiError> {
    Ok(Json(session_json(&state, id).await?))
}

/// Open a planned session (the chair).
#[utoipa::path(post, path = "/api/v1/sessions/{id}/open", tag = "sessions", request_body = VersionBody,
    params(("id" = i64, Path, description = "Session id")), responses((status = 200, body = Object), (status = 409, description = "Stale or not planned")))]
pub async fn open(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Json(b): Json<VersionBody>,
) -> Result<Response, ApiError> {
    let a = user.actor()?;
    let r = open_session(&state.store, &a, id, b.version).await;
    answer(&state, r, Current::Session(id), ok).await
}

/// Close an open session (the chair).
#[utoipa::path(post, path = "/api/v1/sessions/{id}/close", tag = "sessions", request_body = VersionBody,
    params(("id" = i64, Path, description = "Session id")), responses((status = 200, body = Object), (status = 409, description = "Stale, not open, or a vote is open")))]
pub async fn close(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Json(b): Json<VersionBody>,
) -> Result<Response, ApiError> {
    let a = user.actor()?;
    let r = close_session(&state.store, &a, id, b.version).await;
    answer(&state, r, Current::Session(id), |position| {
        Json(json!({"position": position}))
    })
    .await
}

#[derive(Deserialize, ToSchema)]
pub struct ItemBody {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub planned_start: Option<String>,
    #[serde(default)]
    pub planned_minutes: Option<i64>,
    /// Links, one per line.
    #[serde(default)]
    pub links: Option<String>,
}

/// Add an agenda item (the chair).
#[utoipa::path(post, path = "/api/v1/sessions/{id}/items", tag = "sessions", request_body = ItemBody,
    params(("id" = i64, Path, description = "Session id")), responses((status = 201, body = Object)))]
pub async fn add_item(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Json(b): Json<ItemBody>,
) -> Result<Response, ApiError> {
    let a = user.actor()?;
    let input = NewItem {
        session_id: id,
        title: b.title,
        description: b.description,
        planned_start: b.planned_start,
        planned_minutes: b.planned_minutes,
        links: b.links,
    };
    let r = add_agenda_item(&state.store, &a, input).await;
    answer(&state, r, Current::Session(id), created).await
}

/// An agenda item: the speaker on the floor (with `ends_at`), the waiting list in speaking order,
/// motions and amendments, votes.
#[utoipa::path(get, path = "/api/v1/items/{id}", tag = "sessions",
    params(("id" = i64, Path, description = "Item id")), responses((status = 200, body = Object)))]
pub async fn show_item(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<Value>, ApiError> {
    Ok(Json(item_json(&state, id).await?))
}

/// Take up an item (the chair).
#[utoipa::path(post, path = "/api/v1/items/{id}/open", tag = "sessions", request_body = VersionBody,
    params(("id" = i64, Path, description = "Item id")), responses((status = 200, body = Object)))]
pub async fn item_open(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Json(b): Json<VersionBody>,
) -> Result<Response, ApiError> {
    let a = user.actor()?;
    let r = open_item(&state.store, &a, id, b.version).await;
    answer(&state, r, Current::Item(id), ok).await
}

/// Close an item (the chair).
#[utoipa::path(post, path = "/api/v1/items/{id}/close", tag = "sessions", request_body = VersionBody,
    params(("id" = i64, Path, description = "Item id")), responses((status = 200, body = Object)))]
pub async fn item_close(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Json(b): Json<VersionBody>,
) -> Result<Response, ApiError> {
    let a = user.actor()?;
    let r = close_item(&state.store, &a, id, b.version).await;
    answer(&state, r, Current::Item(id), ok).await
}

/// Move an agenda item one place up or down (the chair).
#[utoipa::path(post, path = "/api/v1/items/{id}/move", tag = "sessions", request_body = MoveBody,
    params(("id" = i64, Path, description = "Item id")), responses((status = 200, body = Object)))]
pub async fn item_move(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Json(b): Json<MoveBody>,
) -> Result<Response, ApiError> {
    let a = user.actor()?;
    let r = move_item(&state.store, &a, id, b.up, b.version).await;
    answer(&state, r, Current::Item(id), ok).await
}

#[derive(Deserialize, ToSchema)]
pub struct SpeakBody {
    /// `for`, `against`, `other` or `order`.
    pub kind: String,
    /// The chair adding another delegate.
    #[serde(default)]
    pub delegate_id: Option<i64>,
}

/// Ask to speak (a delegate), or put a delegate on the list (the chair).
#[utoipa::path(post, path = "/api/v1/items/{id}/speakers", tag = "sessions", request_body = SpeakBody,
    params(("id" = i64, Path, description = "Item id")), responses((status = 201, body = Object), (status = 409, description = "List closed, quota full, already asked")))]
pub async fn speak(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Json(b): Json<SpeakBody>,
) -> Result<Response, ApiError> {
    let a = user.actor()?;
    let r = request_to_speak(
        &state.store,
        &a,
        SpeakInput {
            item_id: id,
            kind: b.kind,
            delegate_id: b.delegate_id,
        },
    )
    .await;
    answer(&state, r, Current::Item(id), created).await
}

/// Give the floor to the next speaker (the chair).
#[utoipa::path(post, path = "/api/v1/items/{id}/speakers/next", tag = "sessions", request_body = VersionBody,
    params(("id" = i64, Path, description = "Item id")), responses((status = 200, body = Object)))]
pub async fn next_speaker(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Json(b): Json<VersionBody>,
) -> Result<Response, ApiError> {
    let a = user.actor()?;
    let r = call_next_speaker(&state.store, &a, id, b.version).await;
    answer(&state, r, Current::Item(id), |sid| {
        Json(json!({"speaker_id": sid}))
    })
    .await
}

#[derive(Deserialize, ToSchema)]
pub struct ListBody {
    pub open: bool,
    #[serde(default)]
    pub version: Option<i64>,
}

/// Close or reopen the speakers' list (the chair).
#[utoipa::path(post, path = "/api/v1/items/{id}/speakers/list", tag = "sessions", request_body = ListBody,
    params(("id" = i64, Path, description = "Item id")), responses((status = 200, body = Object)))]
pub async fn speakers_list(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Json(b): Json<ListBody>,
) -> Result<Response, ApiError> {
    let a = user.actor()?;
    let r = set_speakers_list(&state.store, &a, id, b.open, b.version).await;
    answer(&state, r, Current::Item(id), ok).await
}

#[derive(Deserialize, ToSchema)]
pub struct MoveBody {
    pub up: bool,
    /// The item's version.
    #[serde(default)]
    pub version: Option<i64>,
}

/// Move a waiting speaker one place up or down (the chair).
#[utoipa::path(post, path = "/api/v1/speakers/{id}/move", tag = "sessions", request_body = MoveBody,
    params(("id" = i64, Path, description = "Speaker request id")), responses((status = 200, body = Object)))]
pub async fn move_one(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Json(b): Json<MoveBody>,
) -> Result<Response, ApiError> {
    let a = user.actor()?;
    let r = move_speaker(&state.store, &a, id, b.up, b.version).await;
    answer(&state, r, Current::None, ok).await
}

/// Take a waiting request to speak off the list (its delegate or the chair).
#[utoipa::path(post, path = "/api/v1/speakers/{id}/withdraw", tag = "sessions",
    params(("id" = i64, Path, description = "Speaker request id")), responses((status = 200, body = Object)))]
pub async fn unspeak(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let a = user.actor()?;
    let r = withdraw_speaker(&state.store, &a, id).await;
    answer(&state, r, Current::None, ok).await
}

/// Propose a motion or an amendment.
#[utoipa::path(post, path = "/api/v1/motions", tag = "sessions", request_body = NewMotion,
    responses((status = 201, body = Object), (status = 409, description = "Item closed or stale")))]
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
    params(("id" = i64, Path, description = "Motion id")), responses((status = 200, body = Object)))]
pub async fn support(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let a = user.actor()?;
    let r = support_motion(&state.store, &a, id).await;
    answer(&state, r, Current::None, |n| Json(json!({"supporters": n}))).await
}

/// Withdraw a motion or amendment (its proposer or the chair).
#[utoipa::path(post, path = "/api/v1/motions/{id}/withdraw", tag = "sessions",
    params(("id" = i64, Path, description = "Motion id")), responses((status = 200, body = Object)))]
pub async fn withdraw(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let a = user.actor()?;
    let r = withdraw_motion(&state.store, &a, id).await;
    answer(&state, r, Current::None, ok).await
}

#[derive(Deserialize, ToSchema)]
pub struct RecommendBody {
    /// `adopt` or `reject`.
    pub recommendation: String,
    /// Who recommends (`presidium` or a commission's name).
    #[serde(default)]
    pub by: String,
}

/// Record the recommendation of the presidium or a commission (the chair).
#[utoipa::path(post, path = "/api/v1/motions/{id}/recommend", tag = "sessions", request_body = RecommendBody,
    params(("id" = i64, Path, description = "Motion id")), responses((status = 200, body = Object)))]
pub async fn recommend(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Json(b): Json<RecommendBody>,
) -> Result<Response, ApiError> {
    let a = user.actor()?;
    let r = recommend_motion(&state.store, &a, id, &b.recommendation, &b.by).await;
    answer(&state, r, Current::None, ok).await
}

/// Open a vote (the chair).
#[utoipa::path(post, path = "/api/v1/votes", tag = "sessions", request_body = NewVote,
    responses((status = 201, body = Object), (status = 409, description = "Not enough supporters, closed item, ...")))]
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
    params(("id" = i64, Path, description = "Vote id")), responses((status = 200, body = Object)))]
pub async fn show_vote(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<Value>, ApiError> {
    Ok(Json(vote_json(&state, id).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct BallotBody {
    /// `yes`, `no`, `abstain`; an option index; approval: indices separated by commas.
    pub choice: String,
    /// A teller entering the vote of this delegate.
    #[serde(default)]
    pub delegate_id: Option<i64>,
    #[serde(default)]
    pub version: Option<i64>,
}

/// Vote (a seated delegate who is present), or enter a delegate's vote (a teller).
#[utoipa::path(post, path = "/api/v1/votes/{id}/ballots", tag = "sessions", request_body = BallotBody,
    params(("id" = i64, Path, description = "Vote id")),
    responses((status = 200, body = Object), (status = 409, description = "Closed, already voted, not present"), (status = 422, description = "For someone else, or a bad choice")))]
pub async fn ballot(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Json(b): Json<BallotBody>,
) -> Result<Response, ApiError> {
    let a = user.actor()?;
    let input = CastInput {
        vote_id: id,
        choice: b.choice,
        delegate_id: b.delegate_id,
        version: b.version,
    };
    let r = state.casts.cast(a, input).await;
    answer(&state, r, Current::Vote(id), |n| Json(json!({"voted": n}))).await
}

/// Close a vote and state its result (the chair).
#[utoipa::path(post, path = "/api/v1/votes/{id}/close", tag = "sessions", request_body = VersionBody,
    params(("id" = i64, Path, description = "Vote id")), responses((status = 200, body = Object)))]
pub async fn vote_close(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Json(b): Json<VersionBody>,
) -> Result<Response, ApiError> {
    let a = user.actor()?;
    let r = close_vote(&state.store, &a, id, b.version).await;
    answer(&state, r, Current::Vote(id), |c| {
        Json(json!({"result": c.result, "passed": c.passed, "resolution": c.resolution}))
    })
    .await
}

#[derive(Deserialize, ToSchema)]
pub struct FollowUpBody {
    /// `adopted`, `in_progress`, `done` or `not_done`.
    pub follow_up: String,
}

/// Update how a resolution is being carried out (the chair).
#[utoipa::path(post, path = "/api/v1/resolutions/{id}/follow-up", tag = "sessions", request_body = FollowUpBody,
    params(("id" = i64, Path, description = "Resolution id")), responses((status = 200, body = Object)))]
pub async fn follow_up(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Json(b): Json<FollowUpBody>,
) -> Result<Response, ApiError> {
    let a = user.actor()?;
    let r = set_follow_up(&state.store, &a, id, &b.follow_up).await;
    answer(&state, r, Current::None, ok).await
}
