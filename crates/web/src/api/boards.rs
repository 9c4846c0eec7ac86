//! The boards of verifiable secret elections (issue 14) under `/api/v1/boards/`: what
//! `asamblea election` and `asamblea trustee` read and publish when `--board` is a server's
//! address. Reads are public (a board holds public documents only). An administrator opens a
//! board; each document is then published by its publisher with its board token (header
//! `X-Board-Token`), once; ballots need no token (an issued credential signs each).

use asamblea_app::actions::boards::BoardError;
use asamblea_app::actions::boards::cast_board_ballot::cast_board_ballot;
use asamblea_app::actions::boards::open_board::open_board;
use asamblea_app::actions::boards::publish_document::publish_document;
use asamblea_app::queries::boards;
use asamblea_ballot_crypto::ballot::Ballot;
use asamblea_ballot_crypto::board::Draft;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Serialize;

use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/boards", post(open))
        .route("/boards/{id}/ballots", get(ballots).post(cast))
        .route("/boards/{id}/ballots/{code}", get(ballot))
        .route("/boards/{id}/votes", get(keyed))
}

/// The documents' routes: a tally or a record carries every ballot, so their requests may be up
/// to [`DOCUMENT_LIMIT`] (the router gives them that limit instead of the server's 1 MiB).
pub fn document_routes() -> Router<AppState> {
    Router::new().route("/boards/{id}/{name}", get(document).put(publish))
}

/// The largest document request: the app's own limit.
pub const DOCUMENT_LIMIT: usize =
    asamblea_app::actions::boards::publish_document::MAX_DOCUMENT + 64 * 1024;

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(open, ballots, cast, ballot, keyed, document, publish),
    tags((name = "boards"))
)]
pub struct Doc;

fn refused(e: BoardError) -> ApiError {
    match e {
        BoardError::App(e) => e.into(),
        BoardError::Refused(why) => {
            let mut e = ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "error-board-refused");
            e.detail = Some(why);
            e
        }
    }
}

/// A body kept as published: already JSON.
fn raw_json(body: String) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}

/// The board's tokens, each shown once: hand `organizer`'s to whoever runs the election's steps,
/// `authority`'s to the credential authority, `trustee-I`'s to trustee I.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Opened {
    pub election_id: String,
    /// `[publisher, token]` pairs.
    pub tokens: Vec<(String, String)>,
}

/// Opens the board of a secret election (administrators): its draft (`election_id`, `title`,
/// `questions`, `trustees: {n, t}`; docs/election-record.md).
#[utoipa::path(post, path = "/api/v1/boards", tag = "boards",
    request_body(content = Object, description = "the draft election"),
    responses((status = 201, body = Opened), (status = 409), (status = 422)))]
pub async fn open(
    State(state): State<AppState>,
    user: CurrentUser,
    Json(draft): Json<Draft>,
) -> Result<(StatusCode, Json<Opened>), ApiError> {
    let actor = user.actor()?;
    let election_id = draft.election_id.clone();
    let tokens = open_board(&state.store, &actor, draft)
        .await
        .map_err(refused)?;
    Ok((
        StatusCode::CREATED,
        Json(Opened {
            election_id,
            tokens,
        }),
    ))
}

/// Every ballot on the board, in the order of their credentials (not of casting).
#[utoipa::path(get, path = "/api/v1/boards/{id}/ballots", tag = "boards",
    params(("id" = String, Path)), responses((status = 200), (status = 404)))]
pub async fn ballots(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    if !boards::exists(&state.store, &id).await? {
        return Err(ApiError::new(StatusCode::NOT_FOUND, "error-not-found"));
    }
    let list = boards::ballots(&state.store, &id).await?;
    Ok(raw_json(format!("[{}]", list.join(","))))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Cast {
    pub tracking_code: String,
}

/// Casts an encrypted ballot: refused (422, with the reason) unless its credential was issued,
/// its signature and proofs hold and the box is open; 409 for a credential's second ballot.
#[utoipa::path(post, path = "/api/v1/boards/{id}/ballots", tag = "boards",
    params(("id" = String, Path)), request_body(content = Object, description = "the ballot"),
    responses((status = 201, body = Cast), (status = 409), (status = 422)))]
pub async fn cast(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Json(b): Json<Ballot>,
) -> Result<(StatusCode, Json<Cast>), ApiError> {
    let tracking_code = cast_board_ballot(&state.store, &id, &b)
        .await
        .map_err(refused)?;
    Ok((StatusCode::CREATED, Json(Cast { tracking_code })))
}

/// The ballot with this tracking code, if it is on the board.
#[utoipa::path(get, path = "/api/v1/boards/{id}/ballots/{code}", tag = "boards",
    params(("id" = String, Path), ("code" = String, Path)), responses((status = 200), (status = 404)))]
pub async fn ballot(
    State(state): State<AppState>,
    Path((id, code)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    boards::ballot_by_tracking_code(&state.store, &id, &code.to_ascii_lowercase())
        .await?
        .map(raw_json)
        .ok_or(ApiError::new(StatusCode::NOT_FOUND, "error-not-found"))
}

/// The boards whose key is this board's ceremony: an encrypted assembly's secret votes, for its
/// key board (what `asamblea trustee follow` reads to decrypt each closed vote once).
#[utoipa::path(get, path = "/api/v1/boards/{id}/votes", tag = "boards",
    params(("id" = String, Path)), responses((status = 200, body = [boards::KeyedBoard]), (status = 404)))]
pub async fn keyed(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Vec<boards::KeyedBoard>>, ApiError> {
    if !boards::exists(&state.store, &id).await? {
        return Err(ApiError::new(StatusCode::NOT_FOUND, "error-not-found"));
    }
    Ok(Json(boards::keyed_boards(&state.store, &id).await?))
}

/// A document of the board (`election`, `trustee-I`, `dealing-I`, `check-I`, `manifest`,
/// `ceremony`, `credentials`, `tally`, `share-I`, `record`), as published.
#[utoipa::path(get, path = "/api/v1/boards/{id}/{name}", tag = "boards",
    params(("id" = String, Path), ("name" = String, Path)), responses((status = 200), (status = 404)))]
pub async fn document(
    State(state): State<AppState>,
    Path((id, name)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    boards::document(&state.store, &id, &name)
        .await?
        .map(raw_json)
        .ok_or(ApiError::new(StatusCode::NOT_FOUND, "error-not-found"))
}

/// Publishes a document, once, with its publisher's token (`X-Board-Token`): 401 for another
/// token, 409 if already published, 422 with the reason if the server's checks refuse it (the
/// refusal is on the record, naming the publisher).
#[utoipa::path(put, path = "/api/v1/boards/{id}/{name}", tag = "boards",
    params(("id" = String, Path), ("name" = String, Path)),
    request_body(content = Object, description = "the document"),
    responses((status = 200), (status = 401), (status = 404), (status = 409), (status = 422)))]
pub async fn publish(
    State(state): State<AppState>,
    Path((id, name)): Path<(String, String)>,
    headers: HeaderMap,
    body: String,
) -> Result<Json<serde_json::Value>, ApiError> {
    let token = headers
        .get("x-board-token")
        .and_then(|v| v.to_str().ok())
        .map(str::trim);
    publish_document(&state.store, &id, &name, token, &body)
        .await
        .map_err(refused)?;
    Ok(Json(serde_json::json!({"published": name})))
}
