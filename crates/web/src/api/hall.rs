//! The hall's shared device and challenged ballots (issue 14) under `/api/v1`: a teller issues a
//! one-time code for a delegate without a phone (`POST /votes/{id}/hall-codes`); the device
//! casts with it (`POST /hall/ballots`, no login: the code decides); and a challenged ballot is
//! noted on its board so that it can never be cast (`/boards/{id}/challenges`).

use asamblea_app::actions::boards::BoardError;
use asamblea_app::actions::boards::challenges::{Noted, note_challenge};
use asamblea_app::actions::hall::cast_hall_ballot::{HallBallot, cast_hall_ballot};
use asamblea_app::actions::hall::issue_hall_code::{IssueHallCode, issue_hall_code};
use asamblea_app::domain::VoteId;
use asamblea_app::queries::boards;
use asamblea_ballot_crypto::challenge::Challenge;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;

use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/votes/{id}/hall-codes", post(issue))
        .route("/hall/ballots", post(cast))
        .route("/boards/{id}/challenges", get(challenged).post(challenge))
}

#[derive(utoipa::OpenApi)]
#[openapi(paths(issue, cast, challenged, challenge), tags((name = "hall")))]
pub struct Doc;

/// A code for the hall's device, shown once.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Issued {
    /// `XXXX-XXXX-XXXX-XXXX`: works once, for this vote only, while it is open.
    pub code: String,
}

/// A teller gives a present delegate without a phone a one-time code for the hall's shared
/// device, in an open encrypted secret vote; the delegate is marked as having voted.
#[utoipa::path(post, path = "/api/v1/votes/{id}/hall-codes", tag = "hall", request_body = IssueHallCode,
    params(("id" = i64, Path, description = "Vote id")),
    responses((status = 201, body = Issued), (status = 403), (status = 409), (status = 422)))]
pub async fn issue(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<VoteId>,
    Json(b): Json<IssueHallCode>,
) -> Result<(StatusCode, Json<Issued>), ApiError> {
    let a = user.actor()?;
    let code = issue_hall_code(&state.store, &a, id, &b).await?;
    Ok((StatusCode::CREATED, Json(Issued { code })))
}

/// What the hall's device sends: the code and the ballot it encrypted (`ballot_json`, a board
/// ballot as JSON) or, for the server to encrypt, the `choice` (as `POST /votes/{id}/ballots`).
#[derive(Deserialize, utoipa::ToSchema)]
pub struct HallBallotBody {
    pub code: String,
    #[serde(default)]
    pub ballot_json: Option<String>,
    #[serde(default)]
    pub choice: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct HallCastBody {
    pub vote_id: VoteId,
    /// The vote's board, where the tracking code is found.
    pub board: String,
    pub tracking_code: String,
}

/// Casts the ballot of the holder of a one-time code: 401 for a code that is no code of an open
/// vote, 409 for one used before, 429 while the address must wait after wrong codes.
#[utoipa::path(post, path = "/api/v1/hall/ballots", tag = "hall", request_body = HallBallotBody,
    responses((status = 201, body = HallCastBody), (status = 401), (status = 409), (status = 422), (status = 429)))]
pub async fn cast(
    State(state): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    Json(b): Json<HallBallotBody>,
) -> Result<(StatusCode, Json<HallCastBody>), ApiError> {
    let ballot = match (b.ballot_json.as_deref(), b.choice.as_deref()) {
        (Some(json), _) if !json.trim().is_empty() => HallBallot::Device(json),
        (_, choice) => HallBallot::Choice(choice.unwrap_or("")),
    };
    let c = cast_hall_ballot(
        &state.store,
        &state.casts,
        &b.code,
        &addr.ip().to_string(),
        ballot,
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(HallCastBody {
            vote_id: c.vote_id,
            board: c.board,
            tracking_code: c.tracking_code,
        }),
    ))
}

/// The tracking codes of the board's challenged ballots, sorted: none can ever be cast.
#[utoipa::path(get, path = "/api/v1/boards/{id}/challenges", tag = "hall",
    params(("id" = String, Path)), responses((status = 200, body = [String]), (status = 404)))]
pub async fn challenged(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Vec<String>>, ApiError> {
    if !boards::exists(&state.store, &id).await? {
        return Err(ApiError::new(StatusCode::NOT_FOUND, "error-not-found"));
    }
    Ok(Json(boards::challenged(&state.store, &id).await?))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ChallengeNoted {
    pub tracking_code: String,
    pub noted: Noted,
}

/// Notes a challenged ballot (the block `asamblea-challenge/1` the vote page shows after "Check
/// this ballot", docs/election-record.md): checked against the board's manifest (422 with the
/// reason if it does not hold), then kept so that the ballot, or its ciphertexts, can never be
/// cast. Anyone may send one: only who made or was shown a ballot can open it.
#[utoipa::path(post, path = "/api/v1/boards/{id}/challenges", tag = "hall",
    params(("id" = String, Path)), request_body(content = Object, description = "the challenge block"),
    responses((status = 200, body = ChallengeNoted), (status = 404), (status = 422)))]
pub async fn challenge(
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: String,
) -> Result<Json<ChallengeNoted>, ApiError> {
    let c = Challenge::parse(&body).map_err(|e| {
        let mut err = ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "board-audit-unreadable");
        err.detail = Some(e.to_string());
        err
    })?;
    let noted = note_challenge(&state.store, &id, &c)
        .await
        .map_err(|e| match e {
            BoardError::App(e) => ApiError::from(e),
            BoardError::Refused(why) => {
                let mut err =
                    ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "board-audit-refused");
                err.detail = Some(why);
                err
            }
        })?;
    Ok(Json(ChallengeNoted {
        tracking_code: c.ballot.tracking_code(),
        noted,
    }))
}
