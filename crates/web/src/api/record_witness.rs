//! Witnesses of the log (c2sp.org/tlog-witness): the witnesses an administrator added, the
//! cosignatures they send (`asamblea witness` posts the checkpoint it checked with its
//! cosignature appended), and the latest checkpoint with its cosignatures.

use asamblea_app::Actor;
use asamblea_app::actions::witnesses::accept_cosignature::accept_cosignature;
use asamblea_app::actions::witnesses::add_witness::{NewWitness, add_witness};
use asamblea_app::actions::witnesses::remove_witness::remove_witness;
use asamblea_app::queries::witnesses::{Witness, latest_cosigned, witnesses};
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::{OpenApi, ToSchema};

use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::extract::{Json, Path, Text};
use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(
    paths(list, add, remove, cosign, cosigned),
    components(schemas(NewWitness))
)]
pub struct Doc;

/// The witnesses whose cosignatures this log accepts, each with its latest cosignature and the
/// server's last push to it (if it has a URL).
#[utoipa::path(get, path = "/api/v1/record/witnesses", tag = "record",
    responses((status = 200, body = [Witness])))]
pub async fn list(State(state): State<AppState>) -> Result<Json<Vec<Witness>>, ApiError> {
    Ok(Json(witnesses(&state.store).await?))
}

/// The witness added.
#[derive(Serialize, ToSchema)]
pub struct AddedWitness {
    pub name: String,
}

/// Add a witness of the log (administrators only; an act). With a `url` (its add-checkpoint
/// prefix, `http://` only), the server pushes every new checkpoint to it (c2sp.org/tlog-witness).
#[utoipa::path(post, path = "/api/v1/record/witnesses", tag = "record", request_body = NewWitness,
    responses((status = 201, body = AddedWitness), (status = 403, description = "Not an administrator"),
        (status = 409, description = "A witness of that name exists"), (status = 422, description = "Not a witness verifier key, or not an http:// URL")))]
pub async fn add(
    State(state): State<AppState>,
    user: CurrentUser,
    Json(input): Json<NewWitness>,
) -> Result<(StatusCode, Json<AddedWitness>), ApiError> {
    let account = user.0.ok_or(ApiError::new(
        StatusCode::UNAUTHORIZED,
        "error-login-required",
    ))?;
    let name = add_witness(&state.store, &Actor::Account(account), &input).await?;
    Ok((StatusCode::CREATED, Json(AddedWitness { name })))
}

/// Remove a witness (administrators only; act `witness.removed`): its cosignatures stay, new ones
/// are refused, no checkpoint is pushed to it. A name with `/` is written `%2F` in the path.
#[utoipa::path(delete, path = "/api/v1/record/witnesses/{name}", tag = "record",
    params(("name" = String, Path, description = "The witness's name")),
    responses((status = 204, description = "Removed"), (status = 403, description = "Not an administrator"),
        (status = 404, description = "No such current witness")))]
pub async fn remove(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(name): Path<String>,
) -> Result<StatusCode, ApiError> {
    let account = user.0.ok_or(ApiError::new(
        StatusCode::UNAUTHORIZED,
        "error-login-required",
    ))?;
    remove_witness(&state.store, &Actor::Account(account), &name).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The witnesses whose cosignatures were new.
#[derive(Serialize, ToSchema)]
pub struct Accepted {
    pub accepted: Vec<String>,
}

/// A witness sends a checkpoint of this log (the note of `/api/v1/record/checkpoint`) with its
/// cosignature line appended; each valid cosignature of a known witness is kept (an act).
#[utoipa::path(post, path = "/api/v1/record/cosignatures", tag = "record",
    request_body(content = String, content_type = "text/plain"),
    responses((status = 200, body = Accepted), (status = 403, description = "No cosignature of a known witness verifies"),
        (status = 404, description = "Not a checkpoint of this log"), (status = 422, description = "Not a signed note")))]
pub async fn cosign(
    State(state): State<AppState>,
    Text(note): Text,
) -> Result<Json<Accepted>, ApiError> {
    let accepted = accept_cosignature(&state.store, &note).await?;
    Ok(Json(Accepted { accepted }))
}

/// The latest checkpoint that witnesses cosigned, as a signed note with their cosignature lines.
#[utoipa::path(get, path = "/api/v1/record/cosigned", tag = "record",
    responses((status = 200, description = "The cosigned note", body = String, content_type = "text/plain"),
        (status = 404, description = "No checkpoint cosigned yet")))]
pub async fn cosigned(State(state): State<AppState>) -> Result<Response, ApiError> {
    match latest_cosigned(&state.store).await? {
        Some((note, _)) => {
            Ok(([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], note).into_response())
        }
        None => Err(ApiError::new(StatusCode::NOT_FOUND, "error-not-found")),
    }
}
