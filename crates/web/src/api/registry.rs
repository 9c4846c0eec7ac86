//! API of the registry area: organizations and their members (CSV import with a dry run, CSV
//! export), sectors, assemblies and seat plans (with a version check: a stale plan is refused
//! with 409 and the current plan).
//!
//! Permissions: the public reads organizations, sectors, assemblies and plans; members only an
//! organization's secretaries and administrators; changes as the actions decide.

use std::collections::BTreeMap;

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
use asamblea_app::actions::registry::set_seat_plan::{SeatPlanInput, set_seat_plan};
use asamblea_app::actions::registry::update_member::update_member;
use asamblea_app::actions::registry::update_organization::{
    OrganizationPatch, update_organization,
};
use asamblea_app::queries::registry::{
    Member, Organization, SeatPlan, Sector, children, list_organizations, list_sectors, members,
    members_csv, organization, seat_plan,
};
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::{IntoParams, ToSchema};

use crate::auth::CurrentUser;
use crate::error::ApiError;
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
}

/// The OpenAPI paths of this area (merged into the document in `doc.rs`).
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(list, create, show, update, list_members, add, put_member, delete_member, import, export, import_orgs, secretary,
          sectors, new_sector, new_assembly, plan, put_plan),
    tags((name = "registry", description = "Organizations, members, sectors, assemblies and seat plans"))
)]
pub struct Doc;

/// Every organization, in tree order (public).
#[utoipa::path(get, path = "/api/v1/organizations", tag = "registry",
    responses((status = 200, body = [Organization])))]
pub async fn list(State(state): State<AppState>) -> Result<Json<Vec<Organization>>, ApiError> {
    Ok(Json(list_organizations(&state.store).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct OrganizationRequest {
    pub name: String,
    pub short_name: String,
    /// confederation, federation, union, party or other.
    pub kind: String,
    /// The sector's key, e.g. `labour`.
    pub sector: String,
    /// The department's name (created if new).
    pub department: Option<String>,
    pub parent_id: Option<i64>,
    #[serde(default)]
    pub membership: i64,
    /// YYYY-MM-DD
    pub term_from: Option<String>,
    /// YYYY-MM-DD
    pub term_to: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct Created {
    pub id: i64,
}

/// Create an organization (administrators).
#[utoipa::path(post, path = "/api/v1/organizations", tag = "registry", request_body = OrganizationRequest,
    responses((status = 201, body = Created), (status = 401), (status = 403), (status = 422, description = "Invalid input")))]
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    Json(r): Json<OrganizationRequest>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let actor = user.actor()?;
    let input = OrganizationInput {
        name: r.name,
        short_name: r.short_name,
        kind: r.kind,
        sector: r.sector,
        department: r.department,
        parent_id: r.parent_id,
        membership: r.membership,
        term_from: r.term_from.unwrap_or_default(),
        term_to: r.term_to.unwrap_or_default(),
    };
    let id = create_organization(&state.store, &actor, input).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
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
    Path(id): Path<i64>,
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

#[derive(Deserialize, ToSchema, Default)]
pub struct OrganizationPatchRequest {
    pub name: Option<String>,
    pub short_name: Option<String>,
    pub kind: Option<String>,
    pub sector: Option<String>,
    /// An empty string removes the department.
    pub department: Option<String>,
    /// 0 removes the parent.
    pub parent_id: Option<i64>,
    pub membership: Option<i64>,
    /// YYYY-MM-DD; an empty string removes it.
    pub term_from: Option<String>,
    pub term_to: Option<String>,
}

/// Change an organization: administrators every field; its own secretary only membership and term.
#[utoipa::path(patch, path = "/api/v1/organizations/{id}", tag = "registry", request_body = OrganizationPatchRequest,
    params(("id" = i64, Path, description = "Organization id")),
    responses((status = 200, body = OrganizationDetail), (status = 401), (status = 403), (status = 404), (status = 422)))]
pub async fn update(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Json(r): Json<OrganizationPatchRequest>,
) -> Result<Json<OrganizationDetail>, ApiError> {
    let actor = user.actor()?;
    let patch = OrganizationPatch {
        name: r.name,
        short_name: r.short_name,
        kind: r.kind,
        sector: r.sector,
        department: r.department,
        parent_id: r.parent_id,
        membership: r.membership,
        term_from: r.term_from,
        term_to: r.term_to,
    };
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
    Path(id): Path<i64>,
) -> Result<Json<Vec<Member>>, ApiError> {
    let actor = user.actor()?;
    Ok(Json(members(&state.store, &actor, id).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct MemberRequest {
    pub member_number: String,
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
}

/// Add one member (its secretaries and administrators).
#[utoipa::path(post, path = "/api/v1/organizations/{id}/members", tag = "registry", request_body = MemberRequest,
    params(("id" = i64, Path, description = "Organization id")),
    responses((status = 201, body = Created), (status = 401), (status = 403), (status = 422)))]
pub async fn add(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Json(r): Json<MemberRequest>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let actor = user.actor()?;
    let input = NewMember {
        organization_id: id,
        member_number: r.member_number,
        name: r.name,
        phone: r.phone,
        email: r.email,
    };
    let id = add_member(&state.store, &actor, input).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// Correct a member (its organization's secretaries and administrators).
#[utoipa::path(put, path = "/api/v1/organizations/{id}/members/{member}", tag = "registry", request_body = MemberRequest,
    params(("id" = i64, Path, description = "Organization id"), ("member" = i64, Path, description = "Member id")),
    responses((status = 204), (status = 401), (status = 403), (status = 404), (status = 422)))]
pub async fn put_member(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, member)): Path<(i64, i64)>,
    Json(r): Json<MemberRequest>,
) -> Result<StatusCode, ApiError> {
    let actor = user.actor()?;
    let input = NewMember {
        organization_id: id,
        member_number: r.member_number,
        name: r.name,
        phone: r.phone,
        email: r.email,
    };
    update_member(&state.store, &actor, member, input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Remove a member who holds no delegate seat (its organization's secretaries and administrators).
#[utoipa::path(delete, path = "/api/v1/organizations/{id}/members/{member}", tag = "registry",
    params(("id" = i64, Path, description = "Organization id"), ("member" = i64, Path, description = "Member id")),
    responses((status = 204), (status = 401), (status = 403), (status = 404), (status = 409, description = "The member is a delegate")))]
pub async fn delete_member(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, member)): Path<(i64, i64)>,
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
/// required). Every problem is returned with its line; with any problem nothing is imported
/// (422). Its secretaries and administrators.
#[utoipa::path(post, path = "/api/v1/organizations/{id}/members/import", tag = "registry",
    params(("id" = i64, Path, description = "Organization id"), ImportParams),
    request_body(content = String, content_type = "text/csv"),
    responses((status = 200, body = ImportOutcome, description = "Clean (dry run) or imported"),
              (status = 422, body = ImportOutcome, description = "The file has problems; nothing imported"),
              (status = 401), (status = 403), (status = 409, description = "The file does not match the digest")))]
pub async fn import(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<ImportParams>,
    body: String,
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
    Ok((import_status(outcome.preview.is_clean()), Json(outcome)).into_response())
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
    Path(id): Path<i64>,
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
    body: String,
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
    pub account_id: i64,
}

/// Make an account a secretary of this organization (administrators).
#[utoipa::path(post, path = "/api/v1/organizations/{id}/secretaries", tag = "registry", request_body = SecretaryRequest,
    params(("id" = i64, Path, description = "Organization id")),
    responses((status = 204), (status = 401), (status = 403), (status = 404)))]
pub async fn secretary(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
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

#[derive(Deserialize, ToSchema)]
pub struct SectorRequest {
    pub key: String,
    pub name: String,
    /// `#rrggbb`
    pub colour: String,
}

/// Add a sector (administrators).
#[utoipa::path(post, path = "/api/v1/sectors", tag = "registry", request_body = SectorRequest,
    responses((status = 201, body = Created), (status = 401), (status = 403), (status = 422)))]
pub async fn new_sector(
    State(state): State<AppState>,
    user: CurrentUser,
    Json(r): Json<SectorRequest>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let actor = user.actor()?;
    let id = create_sector(
        &state.store,
        &actor,
        NewSector {
            key: r.key,
            name: r.name,
            colour: r.colour,
        },
    )
    .await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

#[derive(Deserialize, ToSchema)]
pub struct AssemblyRequest {
    pub slug: String,
    pub name: String,
    /// `national` or `departmental`.
    pub level: String,
    /// The department (departmental assemblies).
    pub department: Option<String>,
    /// The parent national assembly's slug (departmental assemblies, optional).
    pub parent: Option<String>,
}

/// Create an assembly (administrators). Set its seat plan with `PUT .../plan`, version 0.
#[utoipa::path(post, path = "/api/v1/assemblies", tag = "registry", request_body = AssemblyRequest,
    responses((status = 201, body = Created), (status = 401), (status = 403), (status = 422)))]
pub async fn new_assembly(
    State(state): State<AppState>,
    user: CurrentUser,
    Json(r): Json<AssemblyRequest>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let actor = user.actor()?;
    let input = NewAssembly {
        slug: r.slug,
        name: r.name,
        level: r.level,
        department: r.department,
        parent: r.parent,
    };
    let id = create_assembly(&state.store, &actor, input).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
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

#[derive(Deserialize, ToSchema)]
pub struct PlanRequest {
    /// The version this change is based on (0 for the first plan).
    pub expected_version: i64,
    pub voting_seats: i64,
    #[serde(default)]
    pub attached_seats: i64,
    #[serde(default)]
    pub fraternal_seats: i64,
    #[serde(default)]
    pub min_seats_per_organization: i64,
    /// dhondt, sainte-lague, modified-sainte-lague, hare, droop, huntington-hill, adams.
    pub method: String,
    /// Sector key -> integer share, e.g. `{"labour": 60, "peasants": 10}`.
    pub shares: BTreeMap<String, i64>,
    /// Organizations whose seats the plan fixes, not their membership (e.g. parties by
    /// statute): the rest of each sector's seats go to its other organizations.
    #[serde(default)]
    pub fixed: Vec<FixedSeats>,
}

#[derive(Deserialize, ToSchema)]
pub struct FixedSeats {
    pub organization_id: i64,
    pub seats: i64,
}

/// Set an assembly's seat plan (administrators). Seats go to sectors by share, then to each
/// sector's organizations by membership (after the `fixed` ones). A stale `expected_version` is
/// refused with 409 and the current plan (`current`).
#[utoipa::path(put, path = "/api/v1/assemblies/{slug}/plan", tag = "registry", request_body = PlanRequest,
    params(("slug" = String, Path, description = "The assembly's slug")),
    responses((status = 200, body = SeatPlan), (status = 401), (status = 403), (status = 404),
              (status = 409, description = "Someone else changed the plan: `current` holds it"), (status = 422)))]
pub async fn put_plan(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(slug): Path<String>,
    Json(r): Json<PlanRequest>,
) -> Result<Response, ApiError> {
    let actor = user.actor()?;
    let input = SeatPlanInput {
        expected_version: r.expected_version,
        voting_seats: r.voting_seats,
        attached_seats: r.attached_seats,
        fraternal_seats: r.fraternal_seats,
        min_seats_per_organization: r.min_seats_per_organization,
        method: r.method,
        shares: r.shares.into_iter().collect(),
        fixed: r
            .fixed
            .iter()
            .map(|f| (f.organization_id, f.seats))
            .collect(),
    };
    match set_seat_plan(&state.store, &actor, &slug, input).await {
        Ok(_) => Ok(plan(State(state), Path(slug)).await?.into_response()),
        Err(AppError::Conflict { key }) => {
            let current = seat_plan(&state.store, &slug).await?;
            let message = crate::i18n::I18n::new(crate::i18n::Lang::En).t(key);
            Ok((
                StatusCode::CONFLICT,
                Json(json!({"error": key, "message": message, "current": current})),
            )
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}
