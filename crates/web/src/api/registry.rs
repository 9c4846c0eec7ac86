//! API of the registry area: organizations and their members (CSV import with a dry run, CSV
//! export), sectors, assemblies and seat plans (with a version check: a stale plan is refused
//! with 409 and the current plan).
//!
//! Permissions: the public reads organizations, sectors, assemblies and plans; members only an
//! organization's secretaries and administrators; changes as the actions decide. Request bodies
//! are the actions' own inputs.

use asamblea_app::AppError;
use asamblea_app::actions::registry::add_member::{NewMember, add_member};
use asamblea_app::actions::registry::assign_secretary::assign_secretary;
use asamblea_app::actions::registry::create_assembly::{NewAssembly, create_assembly};
use asamblea_app::actions::registry::create_organization::{
    OrganizationInput, create_organization,
};
use asamblea_app::actions::registry::create_sector::{NewSector, create_sector};
use asamblea_app::actions::registry::import_members::{
    ImportOutcome, import_members, preview_members,
};
use asamblea_app::actions::registry::import_organizations::{
    OrganizationsOutcome, import_organizations, preview_organizations,
};
use asamblea_app::actions::registry::remove_member::remove_member;
use asamblea_app::actions::registry::set_quorum_basis::{QuorumBasisInput, set_quorum_basis};
use asamblea_app::actions::registry::set_seat_plan::{SeatPlanInput, set_seat_plan};
use asamblea_app::actions::registry::set_secret_ballots::{
    SecretBallotsInput, SecretBallotsSet, set_secret_ballots,
};
use asamblea_app::actions::registry::set_time_zone::{TimeZoneInput, set_time_zone};
use asamblea_app::actions::registry::update_member::update_member;
use asamblea_app::actions::registry::update_organization::{
    OrganizationPatch, update_organization,
};
use asamblea_app::domain::{AccountId, MemberId, OrganizationId};
use asamblea_app::queries::registry::{
    Member, Organization, SeatPlan, Sector, children, list_organizations, list_sectors, members,
    members_csv, organization, seat_plan,
};
use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::extract::{Json, Path, Query, Text};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/organizations", get(list).post(create))
        .route("/organizations/import", post(import_orgs))
        .route("/organizations/{id}", get(show).patch(update))
        .route("/organizations/{id}/members", get(list_members).post(add))
        .route(
            "/organizations/{id}/members/{member}",
            axum::routing::put(put_member).delete(delete_member),
        )
        .route("/organizations/{id}/members/import", post(import))
        .route("/organizations/{id}/members.csv", get(export))
        .route("/organizations/{id}/secretaries", post(secretary))
        .route("/sectors", get(sectors).post(new_sector))
        .route("/assemblies", post(new_assembly))
        .route("/assemblies/{slug}/plan", get(plan).put(put_plan))
        .route(
            "/assemblies/{slug}/quorum-basis",
            axum::routing::put(put_quorum_basis),
        )
        .route(
            "/assemblies/{slug}/secret-ballots",
            axum::routing::put(put_secret_ballots),
        )
        .route(
            "/assemblies/{slug}/time-zone",
            axum::routing::put(put_time_zone),
        )
}

/// The OpenAPI paths of this area (merged into the document in `doc.rs`).
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(list, create, show, update, list_members, add, put_member, delete_member, import, export, import_orgs, secretary,
          sectors, new_sector, new_assembly, plan, put_plan, put_quorum_basis, put_secret_ballots,
          put_time_zone),
    tags((name = "registry", description = "Organizations, members, sectors, assemblies and seat plans"))
)]
pub struct Doc;

/// Every organization, in tree order (public).
#[utoipa::path(get, path = "/api/v1/organizations", tag = "registry",
    responses((status = 200, body = [Organization])))]
pub async fn list(State(state): State<AppState>) -> Result<Json<Vec<Organization>>, ApiError> {
    Ok(Json(list_organizations(&state.store).await?))
}

/// The id of what was created.
#[derive(Serialize, ToSchema)]
pub struct Created {
    pub id: i64,
}

impl Created {
    fn answer(id: impl Into<i64>) -> (StatusCode, Json<Created>) {
        (StatusCode::CREATED, Json(Created { id: id.into() }))
    }
}

/// Create an organization (administrators).
#[utoipa::path(post, path = "/api/v1/organizations", tag = "registry", request_body = OrganizationInput,
    responses((status = 201, body = Created), (status = 401), (status = 403), (status = 422, description = "Invalid input")))]
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    Json(input): Json<OrganizationInput>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let actor = user.actor()?;
    let id = create_organization(&state.store, &actor, input).await?;
    Ok(Created::answer(id))
}

#[derive(Serialize, ToSchema)]
pub struct OrganizationDetail {
    #[serde(flatten)]
    pub organization: Organization,
    pub children: Vec<Organization>,
}

/// One organization with its children (public).
#[utoipa::path(get, path = "/api/v1/organizations/{id}", tag = "registry",
    params(("id" = i64, Path, description = "Organization id")),
    responses((status = 200, body = OrganizationDetail), (status = 404)))]
pub async fn show(
    State(state): State<AppState>,
    Path(id): Path<OrganizationId>,
) -> Result<Json<OrganizationDetail>, ApiError> {
    let organization = organization(&state.store, id)
        .await?
        .ok_or(ApiError::new(StatusCode::NOT_FOUND, "error-not-found"))?;
    let children = children(&state.store, id).await?;
    Ok(Json(OrganizationDetail {
        organization,
        children,
    }))
}

/// Change an organization: administrators every field; its own secretary only membership and term.
#[utoipa::path(patch, path = "/api/v1/organizations/{id}", tag = "registry", request_body = OrganizationPatch,
    params(("id" = i64, Path, description = "Organization id")),
    responses((status = 200, body = OrganizationDetail), (status = 401), (status = 403), (status = 404), (status = 422)))]
pub async fn update(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<OrganizationId>,
    Json(patch): Json<OrganizationPatch>,
) -> Result<Json<OrganizationDetail>, ApiError> {
    let actor = user.actor()?;
    update_organization(&state.store, &actor, id, patch).await?;
    show(State(state), Path(id)).await
}

/// The members of an organization, with personal data (its secretaries and administrators).
#[utoipa::path(get, path = "/api/v1/organizations/{id}/members", tag = "registry",
    params(("id" = i64, Path, description = "Organization id")),
    responses((status = 200, body = [Member]), (status = 401), (status = 403)))]
pub async fn list_members(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<OrganizationId>,
) -> Result<Json<Vec<Member>>, ApiError> {
    let actor = user.actor()?;
    Ok(Json(members(&state.store, &actor, id).await?))
}

/// Add one member (its secretaries and administrators).
#[utoipa::path(post, path = "/api/v1/organizations/{id}/members", tag = "registry", request_body = NewMember,
    params(("id" = i64, Path, description = "Organization id")),
    responses((status = 201, body = Created), (status = 401), (status = 403), (status = 422)))]
pub async fn add(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<OrganizationId>,
    Json(input): Json<NewMember>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let actor = user.actor()?;
    let member = add_member(&state.store, &actor, id, input).await?;
    Ok(Created::answer(member))
}

/// Correct a member (its organization's secretaries and administrators).
#[utoipa::path(put, path = "/api/v1/organizations/{id}/members/{member}", tag = "registry", request_body = NewMember,
    params(("id" = i64, Path, description = "Organization id"), ("member" = i64, Path, description = "Member id")),
    responses((status = 204), (status = 401), (status = 403), (status = 404), (status = 422)))]
pub async fn put_member(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, member)): Path<(OrganizationId, MemberId)>,
    Json(input): Json<NewMember>,
) -> Result<StatusCode, ApiError> {
    let actor = user.actor()?;
    update_member(&state.store, &actor, id, member, input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Remove a member who holds no delegate seat (its organization's secretaries and administrators).
#[utoipa::path(delete, path = "/api/v1/organizations/{id}/members/{member}", tag = "registry",
    params(("id" = i64, Path, description = "Organization id"), ("member" = i64, Path, description = "Member id")),
    responses((status = 204), (status = 401), (status = 403), (status = 404), (status = 409, description = "The member is a delegate")))]
pub async fn delete_member(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, member)): Path<(OrganizationId, MemberId)>,
) -> Result<StatusCode, ApiError> {
    let actor = user.actor()?;
    remove_member(&state.store, &actor, id, member).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, IntoParams)]
pub struct ImportParams {
    /// `true` (default): only check the file. `false`: import it if it has no problems.
    pub dry_run: Option<bool>,
    /// The digest a dry run returned; when given, the file must still match it.
    pub digest: Option<String>,
}

fn import_status(clean: bool) -> StatusCode {
    if clean {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    }
}

/// Import members from a CSV body (`member_number,name,organization,phone,email`; header
/// required; up to 250,000 rows and 32 MB). Every problem is returned with its line; with any
/// problem nothing is imported (422). `count` is every clean row; `rows` the first 100 of them.
/// Its secretaries and administrators.
#[utoipa::path(post, path = "/api/v1/organizations/{id}/members/import", tag = "registry",
    params(("id" = i64, Path, description = "Organization id"), ImportParams),
    request_body(content = String, content_type = "text/csv"),
    responses((status = 200, body = ImportOutcome, description = "Clean (dry run) or imported"),
              (status = 422, body = ImportOutcome, description = "The file has problems; nothing imported"),
              (status = 401), (status = 403), (status = 409, description = "The file does not match the digest")))]
pub async fn import(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<OrganizationId>,
    Query(q): Query<ImportParams>,
    Text(body): Text,
) -> Result<Response, ApiError> {
    let actor = user.actor()?;
    let outcome = if q.dry_run.unwrap_or(true) {
        let preview = preview_members(&state.store, &actor, id, &body).await?;
        ImportOutcome {
            imported: false,
            count: preview.rows.len(),
            preview,
        }
    } else {
        import_members(&state.store, &actor, id, &body, q.digest.as_deref()).await?
    };
    Ok((
        import_status(outcome.preview.is_clean()),
        Json(first_rows(outcome)),
    )
        .into_response())
}

/// Rows an import's answer shows: the first ones, as read (a register of 200,000 members is
/// `count`, not 200,000 rows sent back); every problem is still named.
const ROWS_SHOWN: usize = 100;

fn first_rows(mut outcome: ImportOutcome) -> ImportOutcome {
    outcome.preview.rows.truncate(ROWS_SHOWN);
    outcome
}

fn csv(filename: &str, body: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        body,
    )
        .into_response()
}

/// The members of an organization as CSV, in the columns the import reads (its secretaries and
/// administrators).
#[utoipa::path(get, path = "/api/v1/organizations/{id}/members.csv", tag = "registry",
    params(("id" = i64, Path, description = "Organization id")),
    responses((status = 200, content_type = "text/csv", body = String), (status = 401), (status = 403)))]
pub async fn export(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<OrganizationId>,
) -> Result<Response, ApiError> {
    let actor = user.actor()?;
    let body = members_csv(&state.store, &actor, id).await?;
    Ok(csv(&format!("members-{id}.csv"), body))
}

/// Import organizations from a CSV body
/// (`short_name,name,kind,sector,parent,department,membership,term_from,term_to`). Administrators.
#[utoipa::path(post, path = "/api/v1/organizations/import", tag = "registry",
    params(ImportParams),
    request_body(content = String, content_type = "text/csv"),
    responses((status = 200, body = OrganizationsOutcome), (status = 422, body = OrganizationsOutcome),
              (status = 401), (status = 403), (status = 409)))]
pub async fn import_orgs(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<ImportParams>,
    Text(body): Text,
) -> Result<Response, ApiError> {
    let actor = user.actor()?;
    let outcome = if q.dry_run.unwrap_or(true) {
        let preview = preview_organizations(&state.store, &actor, &body).await?;
        OrganizationsOutcome {
            imported: false,
            ids: Vec::new(),
            preview,
        }
    } else {
        import_organizations(&state.store, &actor, &body, q.digest.as_deref()).await?
    };
    Ok((import_status(outcome.preview.is_clean()), Json(outcome)).into_response())
}

#[derive(Deserialize, ToSchema)]
pub struct SecretaryRequest {
    pub account_id: AccountId,
}

/// Make an account a secretary of this organization (administrators).
#[utoipa::path(post, path = "/api/v1/organizations/{id}/secretaries", tag = "registry", request_body = SecretaryRequest,
    params(("id" = i64, Path, description = "Organization id")),
    responses((status = 204), (status = 401), (status = 403), (status = 404)))]
pub async fn secretary(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<OrganizationId>,
    Json(r): Json<SecretaryRequest>,
) -> Result<StatusCode, ApiError> {
    let actor = user.actor()?;
    assign_secretary(&state.store, &actor, r.account_id, Some(id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Every sector (public).
#[utoipa::path(get, path = "/api/v1/sectors", tag = "registry",
    responses((status = 200, body = [Sector])))]
pub async fn sectors(State(state): State<AppState>) -> Result<Json<Vec<Sector>>, ApiError> {
    Ok(Json(list_sectors(&state.store).await?))
}

/// Add a sector (administrators).
#[utoipa::path(post, path = "/api/v1/sectors", tag = "registry", request_body = NewSector,
    responses((status = 201, body = Created), (status = 401), (status = 403), (status = 422)))]
pub async fn new_sector(
    State(state): State<AppState>,
    user: CurrentUser,
    Json(input): Json<NewSector>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let actor = user.actor()?;
    let id = create_sector(&state.store, &actor, input).await?;
    Ok(Created::answer(id))
}

/// Create an assembly (administrators). Set its seat plan with `PUT .../plan`, version 0.
#[utoipa::path(post, path = "/api/v1/assemblies", tag = "registry", request_body = NewAssembly,
    responses((status = 201, body = Created), (status = 401), (status = 403), (status = 422)))]
pub async fn new_assembly(
    State(state): State<AppState>,
    user: CurrentUser,
    Json(input): Json<NewAssembly>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let actor = user.actor()?;
    let id = create_assembly(&state.store, &actor, input).await?;
    Ok(Created::answer(id))
}

/// An assembly's seat plan: version (0 before the first), voting, attached and fraternal seats,
/// the minimum per organization, the method and every sector's share and seats (public).
#[utoipa::path(get, path = "/api/v1/assemblies/{slug}/plan", tag = "registry",
    params(("slug" = String, Path, description = "The assembly's slug")),
    responses((status = 200, body = SeatPlan), (status = 404)))]
pub async fn plan(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Json<SeatPlan>, ApiError> {
    seat_plan(&state.store, &slug)
        .await?
        .map(Json)
        .ok_or(ApiError::new(StatusCode::NOT_FOUND, "error-not-found"))
}

/// A refused change of a seat plan: someone else changed it first.
#[derive(Serialize, ToSchema)]
pub struct PlanConflict {
    /// The message key, e.g. `error-registry-plan-stale`.
    pub error: &'static str,
    pub message: String,
    /// The plan as it is now.
    pub current: Option<SeatPlan>,
}

/// Set an assembly's seat plan (administrators). Seats go to sectors by share, then to each
/// sector's organizations by membership (after the `fixed` ones). A stale `expected_version` is
/// refused with 409 and the current plan (`current`).
#[utoipa::path(put, path = "/api/v1/assemblies/{slug}/plan", tag = "registry", request_body = SeatPlanInput,
    params(("slug" = String, Path, description = "The assembly's slug")),
    responses((status = 200, body = SeatPlan), (status = 401), (status = 403), (status = 404),
              (status = 409, body = PlanConflict, description = "Someone else changed the plan: `current` holds it"), (status = 422)))]
pub async fn put_plan(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(slug): Path<String>,
    Json(input): Json<SeatPlanInput>,
) -> Result<Response, ApiError> {
    let actor = user.actor()?;
    match set_seat_plan(&state.store, &actor, &slug, input).await {
        Ok(_) => Ok(plan(State(state), Path(slug)).await?.into_response()),
        Err(AppError::Conflict { key }) => {
            let current = seat_plan(&state.store, &slug).await?;
            let message = crate::i18n::I18n::new(crate::i18n::Lang::En).t(key);
            let answer = PlanConflict {
                error: key,
                message,
                current,
            };
            Ok((StatusCode::CONFLICT, Json(answer)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// Set what an assembly's votes count their quorum over (administrators): `plan_seats` (the
/// voting seats of the seat plan, the default), `filled_seats` or `accredited`.
#[utoipa::path(put, path = "/api/v1/assemblies/{slug}/quorum-basis", tag = "registry", request_body = QuorumBasisInput,
    params(("slug" = String, Path, description = "The assembly's slug")),
    responses((status = 204), (status = 401), (status = 403), (status = 404), (status = 422)))]
pub async fn put_quorum_basis(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(slug): Path<String>,
    Json(input): Json<QuorumBasisInput>,
) -> Result<StatusCode, ApiError> {
    set_quorum_basis(&state.store, &user.actor()?, &slug, input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Set how an assembly's secret votes keep their ballots (administrators): `plaintext` (the
/// default; private from other people, not from whoever holds the server or its database) or
/// `encrypted` (each secret vote on its own board; only `threshold` of the assembly's `trustees`
/// together decrypt, and only the tally). The first `encrypted` opens the assembly's key board
/// and answers its tokens, once: `organizer` runs `asamblea election key`, `trustee-I` runs
/// `asamblea trustee init|deal|check` then `asamblea trustee follow`. Not while a vote is open.
#[utoipa::path(put, path = "/api/v1/assemblies/{slug}/secret-ballots", tag = "registry", request_body = SecretBallotsInput,
    params(("slug" = String, Path, description = "The assembly's slug")),
    responses((status = 200, body = SecretBallotsSet), (status = 401), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn put_secret_ballots(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(slug): Path<String>,
    Json(input): Json<SecretBallotsInput>,
) -> Result<Json<SecretBallotsSet>, ApiError> {
    Ok(Json(
        set_secret_ballots(&state.store, &user.actor()?, &slug, input).await?,
    ))
}

/// Set the time zone an assembly's times are shown in (administrators): an IANA name such as
/// `America/La_Paz`. Times in the API stay RFC 3339 UTC.
#[utoipa::path(put, path = "/api/v1/assemblies/{slug}/time-zone", tag = "registry", request_body = TimeZoneInput,
    params(("slug" = String, Path, description = "The assembly's slug")),
    responses((status = 204), (status = 401), (status = 403), (status = 404), (status = 422)))]
pub async fn put_time_zone(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(slug): Path<String>,
    Json(input): Json<TimeZoneInput>,
) -> Result<StatusCode, ApiError> {
    set_time_zone(&state.store, &user.actor()?, &slug, input).await?;
    Ok(StatusCode::NO_CONTENT)
}
