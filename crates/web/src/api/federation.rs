//! API of the federation area: forwards up (send, the parent's inbox, accept as a motion, merge,
//! decline), going down (the parent's resolutions and this assembly's decision on each), the
//! national roll-up, the federation settings; substitutes holding absent titulars' seats,
//! check-out, and proxies.

use asamblea_app::actions::delegates::check_out::check_out;
use asamblea_app::actions::delegates::give_proxy::{GiveProxy, give_proxy};
use asamblea_app::actions::delegates::revoke_proxy::revoke_proxy;
use asamblea_app::actions::delegates::take_seat::{TakeSeat, take_seat};
use asamblea_app::actions::federation::accept_forward::{AcceptForward, accept_forward};
use asamblea_app::actions::federation::decide_descent::{DescentInput, decide_descent};
use asamblea_app::actions::federation::decline_forward::{DeclineForward, decline_forward};
use asamblea_app::actions::federation::forward_resolution::forward_resolution;
use asamblea_app::actions::federation::merge_forwards::{MergeForwards, merge_forwards};
use asamblea_app::actions::federation::set_delegation::{SetDelegation, set_delegation};
use asamblea_app::actions::federation::set_federation::{FederationSettings, set_federation};
use asamblea_app::domain::{
    AssemblyId, DelegateId, ForwardId, MotionId, OrganizationId, ProxyId, ResolutionId, SessionId,
};
use asamblea_app::queries::federation::{
    self as q, DescentRow, ForwardFull, ProxyView, RollUp, SeatHoldView,
};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::sessions::wire::{Created, Done};
use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/assemblies/{slug}/forwards", get(forwards))
        .route("/assemblies/{slug}/descent", get(descent))
        .route("/assemblies/{slug}/descent/{resolution}", post(decide))
        .route("/assemblies/{slug}/rollup", get(rollup))
        .route(
            "/assemblies/{slug}/federation",
            get(settings).put(put_settings),
        )
        .route("/assemblies/{slug}/check-out", post(leave))
        .route("/assemblies/{slug}/proxies", get(proxies).post(give))
        .route("/proxies/{id}/revoke", post(revoke))
        .route("/resolutions/{id}/forward", post(send))
        .route("/motions/{id}/forward", post(send_motion))
        .route("/organizations/{id}/delegation", put(delegation))
        .route("/forwards/merge", post(merge))
        .route("/forwards/{id}", get(show))
        .route("/forwards/{id}/accept", post(accept))
        .route("/forwards/{id}/decline", post(decline))
        .route("/sessions/{id}/seat-holds", get(holds).post(hold))
}

/// The OpenAPI paths of this area.
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(forwards, descent, decide, rollup, settings, put_settings, leave, proxies, give, revoke,
          send, merge, show, accept, decline, holds, hold, send_motion, delegation),
    tags((name = "federation"))
)]
pub struct Doc;

async fn assembly_id(state: &AppState, slug: &str) -> Result<AssemblyId, ApiError> {
    asamblea_app::queries::assemblies::assembly_by_slug(&state.store, slug)
        .await?
        .map(|a| a.id)
        .ok_or(ApiError::new(StatusCode::NOT_FOUND, "error-not-found"))
}

fn created(id: i64) -> (StatusCode, Json<Created>) {
    (StatusCode::CREATED, Json(Created { id }))
}

/// What an assembly received (its inbox) and sent, with the decisions.
#[derive(Serialize, ToSchema)]
pub struct Forwards {
    pub inbox: Vec<ForwardFull>,
    pub sent: Vec<ForwardFull>,
}

/// The forwards an assembly received and sent.
#[utoipa::path(get, path = "/api/v1/assemblies/{slug}/forwards", tag = "federation",
    params(("slug" = String, Path, description = "The assembly's slug")), responses((status = 200, body = Forwards)))]
pub async fn forwards(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Json<Forwards>, ApiError> {
    let id = assembly_id(&state, &slug).await?;
    Ok(Json(Forwards {
        inbox: q::inbox(&state.store, id)
            .await?
            .into_iter()
            .map(ForwardFull::from)
            .collect(),
        sent: q::sent(&state.store, id)
            .await?
            .into_iter()
            .map(ForwardFull::from)
            .collect(),
    }))
}

/// One forward, with its origin, amendments, vote and the record position and hash of the act
/// that adopted it.
#[utoipa::path(get, path = "/api/v1/forwards/{id}", tag = "federation",
    params(("id" = i64, Path, description = "Forward id")), responses((status = 200, body = ForwardFull), (status = 404)))]
pub async fn show(
    State(state): State<AppState>,
    Path(id): Path<ForwardId>,
) -> Result<Json<ForwardFull>, ApiError> {
    q::forward(&state.store, id)
        .await?
        .map(|f| Json(ForwardFull::from(f)))
        .ok_or(ApiError::new(StatusCode::NOT_FOUND, "error-not-found"))
}

/// Forward an adopted resolution to the parent assembly (the chair of the originating assembly).
#[utoipa::path(post, path = "/api/v1/resolutions/{id}/forward", tag = "federation",
    params(("id" = i64, Path, description = "Resolution id")),
    responses((status = 201, body = Created), (status = 403), (status = 409, description = "No parent assembly, or already forwarded")))]
pub async fn send(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<ResolutionId>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let a = user.actor()?;
    Ok(created(
        forward_resolution(&state.store, &a, id).await?.get(),
    ))
}

/// Forward a motion the assembly voted to forward (a carried vote opened with `forward`) to the
/// parent assembly (the chair of the originating assembly).
#[utoipa::path(post, path = "/api/v1/motions/{id}/forward", tag = "federation",
    params(("id" = i64, Path, description = "Motion id")),
    responses((status = 201, body = Created), (status = 403),
        (status = 409, description = "No parent assembly, no carried vote to forward, or already forwarded")))]
pub async fn send_motion(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<MotionId>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let a = user.actor()?;
    Ok(created(
        asamblea_app::actions::federation::forward_motion::forward_motion(&state.store, &a, id)
            .await?
            .get(),
    ))
}

/// Make an organization the delegation of a departmental assembly to the national one
/// (administrators): the national plan gives it seats; its elections are voted by the
/// departmental assembly's seated delegates.
#[utoipa::path(put, path = "/api/v1/organizations/{id}/delegation", tag = "federation",
    request_body = SetDelegation, params(("id" = i64, Path, description = "Organization id")),
    responses((status = 200, body = Done), (status = 403), (status = 409, description = "A delegation already"),
        (status = 422, description = "Not a departmental assembly with a parent")))]
pub async fn delegation(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<OrganizationId>,
    Json(body): Json<SetDelegation>,
) -> Result<Json<Done>, ApiError> {
    let a = user.actor()?;
    set_delegation(&state.store, &a, id, body).await?;
    Ok(Json(Done::OK))
}

/// Put a forward on an agenda item as a motion (the parent's presidium). Answers the motion's id.
#[utoipa::path(post, path = "/api/v1/forwards/{id}/accept", tag = "federation", request_body = AcceptForward,
    params(("id" = i64, Path, description = "Forward id")),
    responses((status = 201, body = Created), (status = 403), (status = 409, description = "Already decided")))]
pub async fn accept(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<ForwardId>,
    Json(b): Json<AcceptForward>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let a = user.actor()?;
    Ok(created(
        accept_forward(&state.store, &a, id, b).await?.get(),
    ))
}

/// Merge two or more forwards into one motion (the parent's presidium). Answers the motion's id.
#[utoipa::path(post, path = "/api/v1/forwards/merge", tag = "federation", request_body = MergeForwards,
    responses((status = 201, body = Created), (status = 403), (status = 409, description = "One is already decided")))]
pub async fn merge(
    State(state): State<AppState>,
    user: CurrentUser,
    Json(b): Json<MergeForwards>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let a = user.actor()?;
    Ok(created(merge_forwards(&state.store, &a, b).await?.get()))
}

/// Decline a forward with a reason (the parent's presidium).
#[utoipa::path(post, path = "/api/v1/forwards/{id}/decline", tag = "federation", request_body = DeclineForward,
    params(("id" = i64, Path, description = "Forward id")),
    responses((status = 200, body = Done), (status = 403), (status = 409, description = "Already decided")))]
pub async fn decline(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<ForwardId>,
    Json(b): Json<DeclineForward>,
) -> Result<Json<Done>, ApiError> {
    let a = user.actor()?;
    decline_forward(&state.store, &a, id, b).await?;
    Ok(Json(Done::OK))
}

/// The parent assembly's resolutions, each with this assembly's decision.
#[utoipa::path(get, path = "/api/v1/assemblies/{slug}/descent", tag = "federation",
    params(("slug" = String, Path, description = "The assembly's slug")), responses((status = 200, body = [DescentRow])))]
pub async fn descent(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Json<Vec<DescentRow>>, ApiError> {
    let id = assembly_id(&state, &slug).await?;
    Ok(Json(q::descent(&state.store, id).await?))
}

/// Record this assembly's decision on a resolution of its parent (its presidium).
#[utoipa::path(post, path = "/api/v1/assemblies/{slug}/descent/{resolution}", tag = "federation", request_body = DescentInput,
    params(("slug" = String, Path, description = "The assembly's slug"), ("resolution" = i64, Path, description = "The parent's resolution id")),
    responses((status = 200, body = Done), (status = 403), (status = 422)))]
pub async fn decide(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((slug, resolution)): Path<(String, ResolutionId)>,
    Json(b): Json<DescentInput>,
) -> Result<Json<Done>, ApiError> {
    let a = user.actor()?;
    let id = assembly_id(&state, &slug).await?;
    decide_descent(&state.store, &a, id, resolution, b).await?;
    Ok(Json(Done::OK))
}

/// The national roll-up: by department and by sector, seats, accredited, present, quorum, and
/// the forwards pending, on the agenda, adopted and declined.
#[utoipa::path(get, path = "/api/v1/assemblies/{slug}/rollup", tag = "federation",
    params(("slug" = String, Path, description = "The assembly's slug")), responses((status = 200, body = RollUp)))]
pub async fn rollup(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Json<RollUp>, ApiError> {
    let id = assembly_id(&state, &slug).await?;
    Ok(Json(q::rollup(&state.store, id).await?))
}

/// An assembly's federation settings (substitutes at check-in, proxies, vote weight).
#[utoipa::path(get, path = "/api/v1/assemblies/{slug}/federation", tag = "federation",
    params(("slug" = String, Path, description = "The assembly's slug")), responses((status = 200, body = FederationSettings)))]
pub async fn settings(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Json<FederationSettings>, ApiError> {
    let id = assembly_id(&state, &slug).await?;
    Ok(Json(q::settings(&state.store, id).await?))
}

/// Set an assembly's federation settings (administrators; not while a vote is open).
#[utoipa::path(put, path = "/api/v1/assemblies/{slug}/federation", tag = "federation", request_body = FederationSettings,
    params(("slug" = String, Path, description = "The assembly's slug")),
    responses((status = 200, body = Done), (status = 403), (status = 409), (status = 422)))]
pub async fn put_settings(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(slug): Path<String>,
    Json(b): Json<FederationSettings>,
) -> Result<Json<Done>, ApiError> {
    let a = user.actor()?;
    let id = assembly_id(&state, &slug).await?;
    set_federation(&state.store, &a, id, b).await?;
    Ok(Json(Done::OK))
}

#[derive(Deserialize, ToSchema)]
pub struct Leave {
    pub delegate_id: DelegateId,
}

/// Check a delegate out at the door (the door, or the delegate themself).
#[utoipa::path(post, path = "/api/v1/assemblies/{slug}/check-out", tag = "federation", request_body = Leave,
    params(("slug" = String, Path, description = "The assembly's slug")), responses((status = 200, body = Done), (status = 403)))]
pub async fn leave(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(slug): Path<String>,
    Json(b): Json<Leave>,
) -> Result<Json<Done>, ApiError> {
    let a = user.actor()?;
    let id = assembly_id(&state, &slug).await?;
    check_out(&state.store, &a, id, b.delegate_id).await?;
    Ok(Json(Done::OK))
}

/// The standing proxies of an assembly.
#[utoipa::path(get, path = "/api/v1/assemblies/{slug}/proxies", tag = "federation",
    params(("slug" = String, Path, description = "The assembly's slug")), responses((status = 200, body = [ProxyView])))]
pub async fn proxies(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Json<Vec<ProxyView>>, ApiError> {
    let id = assembly_id(&state, &slug).await?;
    Ok(Json(q::proxies(&state.store, id).await?))
}

/// Give a proxy to a present delegate (the delegator, where the assembly allows proxies).
#[utoipa::path(post, path = "/api/v1/assemblies/{slug}/proxies", tag = "federation", request_body = GiveProxy,
    params(("slug" = String, Path, description = "The assembly's slug")),
    responses((status = 201, body = Created), (status = 403), (status = 409), (status = 422)))]
pub async fn give(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(slug): Path<String>,
    Json(b): Json<GiveProxy>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let a = user.actor()?;
    let id = assembly_id(&state, &slug).await?;
    Ok(created(give_proxy(&state.store, &a, id, b).await?.get()))
}

/// Revoke one's standing proxy (the delegator; not while a vote is open).
#[utoipa::path(post, path = "/api/v1/proxies/{id}/revoke", tag = "federation",
    params(("id" = i64, Path, description = "Proxy id")), responses((status = 200, body = Done), (status = 403), (status = 409)))]
pub async fn revoke(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<ProxyId>,
) -> Result<Json<Done>, ApiError> {
    let a = user.actor()?;
    revoke_proxy(&state.store, &a, id).await?;
    Ok(Json(Done::OK))
}

/// The seats held by substitutes in a session.
#[utoipa::path(get, path = "/api/v1/sessions/{id}/seat-holds", tag = "federation",
    params(("id" = i64, Path, description = "Session id")), responses((status = 200, body = [SeatHoldView])))]
pub async fn holds(
    State(state): State<AppState>,
    Path(id): Path<SessionId>,
) -> Result<Json<Vec<SeatHoldView>>, ApiError> {
    Ok(Json(q::seat_holds(&state.store, id).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct HoldBody {
    pub titular_id: DelegateId,
}

/// Seat the organization's first available substitute in an absent titular's place for the
/// session (the credentials commission). Answers the substitute's id.
#[utoipa::path(post, path = "/api/v1/sessions/{id}/seat-holds", tag = "federation", request_body = HoldBody,
    params(("id" = i64, Path, description = "Session id")),
    responses((status = 201, body = Created), (status = 403), (status = 409, description = "Titular present, a vote open, no substitute")))]
pub async fn hold(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<SessionId>,
    Json(b): Json<HoldBody>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let a = user.actor()?;
    let sub = take_seat(
        &state.store,
        &a,
        TakeSeat {
            session_id: id,
            titular_id: b.titular_id,
        },
    )
    .await?;
    Ok(created(sub.get()))
}
