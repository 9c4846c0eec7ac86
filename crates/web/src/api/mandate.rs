//! API of the mandate and calls to action: demands, their merging and the organizations'
//! rankings; the assembly's ranking with its explanation; platforms; commands; calls (issue, arm,
//! k-of-n confirmations, escalate, lift); adherence reports and the dashboard.

use asamblea_app::actions::calls::{
    arm_call::arm_call,
    confirm_call::{Confirm, Confirmed, confirm_call},
    create_command::{NewCommand, create_command},
    escalate_call::escalate_call,
    issue_call::{NewCall, issue_call},
    lift_call::lift_call,
    report_adherence::{AdherenceReport, report_adherence},
};
use asamblea_app::actions::mandate::{
    adopt_platform::{AdoptPlatform, PlatformAdopted, adopt_platform},
    merge_demands::{MergeDemands, merge_demands},
    rank_demands::{RankDemands, rank_demands},
    set_mandate_rule::{MandateRule, set_mandate_rule},
    submit_demand::{NewDemand, submit_demand},
};
use asamblea_app::domain::{AssemblyId, CallId};
use asamblea_app::queries::calls::{self, CallSummary, CallView, CommandView, Dashboard};
use asamblea_app::queries::mandate::{self, DemandView, PlatformView, Ranking};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use super::sessions::wire::{Created, Done};
use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/assemblies/{slug}/demands", get(demands))
        .route("/assemblies/{slug}/ranking", get(ranking))
        .route("/assemblies/{slug}/platforms", get(platforms))
        .route("/assemblies/{slug}/commands", get(commands))
        .route("/assemblies/{slug}/calls", get(call_list))
        .route("/demands", post(submit))
        .route("/demands/merge", post(merge))
        .route("/demands/rankings", post(rank))
        .route("/mandate/rule", post(rule))
        .route("/platforms", post(adopt))
        .route("/commands", post(new_command))
        .route("/calls", post(new_call))
        .route("/calls/{id}", get(show_call))
        .route("/calls/{id}/arm", post(arm))
        .route("/calls/{id}/confirm", post(confirm))
        .route("/calls/{id}/escalate", post(escalate))
        .route("/calls/{id}/lift", post(lift))
        .route("/calls/{id}/adherence", post(adherence))
        .route("/calls/{id}/dashboard", get(dashboard))
}

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(demands, ranking, platforms, commands, call_list, submit, merge, rank, rule, adopt,
        new_command, new_call, show_call, arm, confirm, escalate, lift, adherence, dashboard),
    tags((name = "mandate"), (name = "calls"))
)]
pub struct Doc;

/// The id of the assembly `slug`, or 404.
async fn assembly_id(state: &AppState, slug: &str) -> Result<AssemblyId, ApiError> {
    asamblea_app::queries::assemblies::assembly_by_slug(&state.store, slug)
        .await?
        .map(|a| a.id)
        .ok_or(ApiError::new(StatusCode::NOT_FOUND, "error-not-found"))
}

fn created(id: impl Into<i64>) -> (StatusCode, Json<Created>) {
    (StatusCode::CREATED, Json(Created { id: id.into() }))
}

/// The demands of an assembly (current and merged, each with what was merged into it).
#[utoipa::path(get, path = "/api/v1/assemblies/{slug}/demands", tag = "mandate",
    params(("slug" = String, Path)), responses((status = 200, body = [DemandView])))]
pub async fn demands(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Json<Vec<DemandView>>, ApiError> {
    let id = assembly_id(&state, &slug).await?;
    Ok(Json(mandate::demands(&state.store, id).await?))
}

/// The assembly's ranking of its demands, counted by the counting engine, with the
/// organizations' rankings and weights and (Schulze) the pairwise and strongest-path matrices.
#[utoipa::path(get, path = "/api/v1/assemblies/{slug}/ranking", tag = "mandate",
    params(("slug" = String, Path)), responses((status = 200, body = Ranking)))]
pub async fn ranking(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Json<Ranking>, ApiError> {
    let id = assembly_id(&state, &slug).await?;
    Ok(Json(mandate::ranking(&state.store, id).await?))
}

/// The platforms the assembly adopted, the latest first, each citing its resolution and act.
#[utoipa::path(get, path = "/api/v1/assemblies/{slug}/platforms", tag = "mandate",
    params(("slug" = String, Path)), responses((status = 200, body = [PlatformView])))]
pub async fn platforms(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Json<Vec<PlatformView>>, ApiError> {
    let id = assembly_id(&state, &slug).await?;
    Ok(Json(mandate::platforms(&state.store, id).await?))
}

/// The assembly's commands and their members.
#[utoipa::path(get, path = "/api/v1/assemblies/{slug}/commands", tag = "calls",
    params(("slug" = String, Path)), responses((status = 200, body = [CommandView])))]
pub async fn commands(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Json<Vec<CommandView>>, ApiError> {
    let id = assembly_id(&state, &slug).await?;
    Ok(Json(calls::commands(&state.store, id).await?))
}

/// The assembly's calls to action, the latest first.
#[utoipa::path(get, path = "/api/v1/assemblies/{slug}/calls", tag = "calls",
    params(("slug" = String, Path)), responses((status = 200, body = [CallSummary])))]
pub async fn call_list(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Json<Vec<CallSummary>>, ApiError> {
    let id = assembly_id(&state, &slug).await?;
    Ok(Json(calls::calls(&state.store, id).await?))
}

/// Submit a demand (the organization's secretary, or an administrator).
#[utoipa::path(post, path = "/api/v1/demands", tag = "mandate", request_body = NewDemand,
    responses((status = 201, body = Created), (status = 403, description = "Not the organization's secretary")))]
pub async fn submit(
    State(state): State<AppState>,
    user: CurrentUser,
    Json(b): Json<NewDemand>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let a = user.actor()?;
    Ok(created(submit_demand(&state.store, &a, b).await?.get()))
}

/// Merge two or more demands into one (the chair).
#[utoipa::path(post, path = "/api/v1/demands/merge", tag = "mandate", request_body = MergeDemands,
    responses((status = 201, body = Created), (status = 403)))]
pub async fn merge(
    State(state): State<AppState>,
    user: CurrentUser,
    Json(b): Json<MergeDemands>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let a = user.actor()?;
    Ok(created(merge_demands(&state.store, &a, b).await?.get()))
}

/// An organization's ranking of the demands (its secretary); replaces the previous one.
#[utoipa::path(post, path = "/api/v1/demands/rankings", tag = "mandate", request_body = RankDemands,
    responses((status = 200, body = Done), (status = 403)))]
pub async fn rank(
    State(state): State<AppState>,
    user: CurrentUser,
    Json(b): Json<RankDemands>,
) -> Result<Json<Done>, ApiError> {
    let a = user.actor()?;
    rank_demands(&state.store, &a, b).await?;
    Ok(Json(Done::OK))
}

/// How the ranking is counted: Schulze or approval; weights equal, by seats or by members (the
/// chair).
#[utoipa::path(post, path = "/api/v1/mandate/rule", tag = "mandate", request_body = MandateRule,
    responses((status = 200, body = Done), (status = 403)))]
pub async fn rule(
    State(state): State<AppState>,
    user: CurrentUser,
    Json(b): Json<MandateRule>,
) -> Result<Json<Done>, ApiError> {
    let a = user.actor()?;
    set_mandate_rule(&state.store, &a, b).await?;
    Ok(Json(Done::OK))
}

/// Record the platform an adopted resolution holds (the chair): its paragraphs, in order.
#[utoipa::path(post, path = "/api/v1/platforms", tag = "mandate", request_body = AdoptPlatform,
    responses((status = 201, body = PlatformAdopted), (status = 403), (status = 409, description = "Already recorded")))]
pub async fn adopt(
    State(state): State<AppState>,
    user: CurrentUser,
    Json(b): Json<AdoptPlatform>,
) -> Result<(StatusCode, Json<PlatformAdopted>), ApiError> {
    let a = user.actor()?;
    Ok((
        StatusCode::CREATED,
        Json(adopt_platform(&state.store, &a, b).await?),
    ))
}

/// Create a command by resolution (the chair).
#[utoipa::path(post, path = "/api/v1/commands", tag = "calls", request_body = NewCommand,
    responses((status = 201, body = Created), (status = 403), (status = 422)))]
pub async fn new_command(
    State(state): State<AppState>,
    user: CurrentUser,
    Json(b): Json<NewCommand>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let a = user.actor()?;
    Ok(created(create_command(&state.store, &a, b).await?.get()))
}

/// Issue a call to action: the chair on a resolution (in effect at once, or prepared for a
/// command), or a command member (always prepared).
#[utoipa::path(post, path = "/api/v1/calls", tag = "calls", request_body = NewCall,
    responses((status = 201, body = Created), (status = 403), (status = 422)))]
pub async fn new_call(
    State(state): State<AppState>,
    user: CurrentUser,
    Json(b): Json<NewCall>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let a = user.actor()?;
    Ok(created(issue_call(&state.store, &a, b).await?.get()))
}

/// A call with its steps, scope, command and the confirmations that count now.
#[utoipa::path(get, path = "/api/v1/calls/{id}", tag = "calls",
    params(("id" = i64, Path)), responses((status = 200, body = CallView), (status = 404)))]
pub async fn show_call(
    State(state): State<AppState>,
    Path(id): Path<CallId>,
) -> Result<Json<CallView>, ApiError> {
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    calls::call(&state.store, id, now)
        .await?
        .map(Json)
        .ok_or(ApiError::new(StatusCode::NOT_FOUND, "error-not-found"))
}

/// Arm a prepared call (the chair or a command member).
#[utoipa::path(post, path = "/api/v1/calls/{id}/arm", tag = "calls",
    params(("id" = i64, Path)), responses((status = 200, body = Done), (status = 403), (status = 409)))]
pub async fn arm(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<CallId>,
) -> Result<Json<Done>, ApiError> {
    let a = user.actor()?;
    arm_call(&state.store, &a, id).await?;
    Ok(Json(Done::OK))
}

/// Confirm the firing (or disarming) of an armed call (command members). It fires when `k`
/// members confirm within the window; a second tap, or a confirmation after the firing, is
/// merged (`merged: true`, no act).
#[utoipa::path(post, path = "/api/v1/calls/{id}/confirm", tag = "calls", request_body = Confirm,
    params(("id" = i64, Path)), responses((status = 200, body = Confirmed), (status = 403), (status = 409)))]
pub async fn confirm(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<CallId>,
    Json(b): Json<Confirm>,
) -> Result<Json<Confirmed>, ApiError> {
    let a = user.actor()?;
    Ok(Json(confirm_call(&state.store, &a, id, b).await?))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Escalated {
    pub step: i64,
}

/// Move an active call to its next step (the chair or a command member).
#[utoipa::path(post, path = "/api/v1/calls/{id}/escalate", tag = "calls",
    params(("id" = i64, Path)), responses((status = 200, body = Escalated), (status = 403), (status = 409)))]
pub async fn escalate(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<CallId>,
) -> Result<Json<Escalated>, ApiError> {
    let a = user.actor()?;
    Ok(Json(Escalated {
        step: escalate_call(&state.store, &a, id).await?,
    }))
}

/// Lift a call (the chair or a command member).
#[utoipa::path(post, path = "/api/v1/calls/{id}/lift", tag = "calls",
    params(("id" = i64, Path)), responses((status = 200, body = Done), (status = 403), (status = 409)))]
pub async fn lift(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<CallId>,
) -> Result<Json<Done>, ApiError> {
    let a = user.actor()?;
    lift_call(&state.store, &a, id).await?;
    Ok(Json(Done::OK))
}

/// Report an organization's adherence to a step of an active call (its secretary).
#[utoipa::path(post, path = "/api/v1/calls/{id}/adherence", tag = "calls", request_body = AdherenceReport,
    params(("id" = i64, Path)), responses((status = 200, body = Done), (status = 403), (status = 422, description = "Out of the call's scope")))]
pub async fn adherence(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<CallId>,
    Json(b): Json<AdherenceReport>,
) -> Result<Json<Done>, ApiError> {
    let a = user.actor()?;
    report_adherence(&state.store, &a, id, b).await?;
    Ok(Json(Done::OK))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct StepQuery {
    /// The step; the call's current step when left out.
    pub step: Option<i64>,
}

/// Adherence to a step of a call: each organization in scope, and sums by department and sector.
#[utoipa::path(get, path = "/api/v1/calls/{id}/dashboard", tag = "calls",
    params(("id" = i64, Path), StepQuery), responses((status = 200, body = Dashboard), (status = 404)))]
pub async fn dashboard(
    State(state): State<AppState>,
    Path(id): Path<CallId>,
    Query(q): Query<StepQuery>,
) -> Result<Json<Dashboard>, ApiError> {
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let c = calls::call(&state.store, id, now)
        .await?
        .ok_or(ApiError::new(StatusCode::NOT_FOUND, "error-not-found"))?;
    let step = q.step.unwrap_or(c.call.current_step);
    Ok(Json(calls::dashboard(&state.store, &c.call, step).await?))
}
