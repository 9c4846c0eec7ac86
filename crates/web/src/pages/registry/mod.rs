//! Pages of the registry area, one file per page: the organization tree and each organization
//! (with its members for its secretaries), CSV import with preview and export, sectors,
//! assemblies and their seat plans.

pub mod assembly_new;
pub mod delegation;
pub mod import_members;
pub mod import_organizations;
pub mod member_edit;
pub mod members;
pub mod organization;
pub mod organization_form;
pub mod organizations;
pub mod plan;
pub mod quorum_basis;
pub mod secret_ballots;
pub mod secretaries;
pub mod sectors;
pub mod time_zone;

use asamblea_app::Actor;
use asamblea_app::actions::registry::may_manage_registry;
use asamblea_app::csv_rows::Problem;
use asamblea_app::domain::OrganizationKind;
use axum::Router;
use axum::http::StatusCode;
use axum::routing::{get, post};

use crate::error::PageError;
use crate::i18n::I18n;
use crate::page::PageCtx;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/organizations", get(organizations::list))
        .route("/organizations.csv", get(organizations::export))
        .route(
            "/organizations/new",
            get(organization_form::new_form).post(organization_form::create),
        )
        .route(
            "/organizations/import",
            get(import_organizations::form).post(import_organizations::preview),
        )
        .route(
            "/organizations/import/confirm",
            post(import_organizations::confirm),
        )
        .route("/organizations/{id}", get(organization::show))
        .route(
            "/organizations/{id}/edit",
            get(organization_form::edit_form).post(organization_form::update),
        )
        .route("/organizations/{id}/members", post(members::add))
        .route(
            "/organizations/{id}/members/{member}/remove",
            post(members::remove),
        )
        .route(
            "/organizations/{id}/members/{member}/edit",
            get(member_edit::form).post(member_edit::save),
        )
        .route("/organizations/{id}/members.csv", get(members::export))
        .route(
            "/organizations/{id}/import",
            get(import_members::form).post(import_members::preview),
        )
        .route(
            "/organizations/{id}/import/confirm",
            post(import_members::confirm),
        )
        .route(
            "/organizations/{id}/import/upload",
            post(import_members::upload),
        )
        .route(
            "/organizations/{id}/import/{token}",
            get(import_members::progress),
        )
        .route("/organizations/{id}/secretaries", post(secretaries::assign))
        .route("/organizations/{id}/delegation", post(delegation::set))
        .route(
            "/organizations/{id}/secretaries/{account}/remove",
            post(secretaries::remove),
        )
        .route("/sectors", get(sectors::list).post(sectors::create))
        .route(
            "/assemblies/new",
            get(assembly_new::form).post(assembly_new::create),
        )
        .route("/assemblies/{slug}/plan", get(plan::form).post(plan::save))
        .route("/assemblies/{slug}/quorum-basis", post(quorum_basis::save))
        .route(
            "/assemblies/{slug}/secret-ballots",
            post(secret_ballots::save),
        )
        .route("/assemblies/{slug}/time-zone", post(time_zone::save))
}

/// The logged-in account if it [`may_manage_registry`], or a 401/403 page.
pub(crate) fn require_registry_manager(page: &PageCtx) -> Result<Actor, PageError> {
    let actor = Actor::Account(page.require_user()?.clone());
    if may_manage_registry(&actor) {
        Ok(actor)
    } else {
        Err(PageError::status(StatusCode::FORBIDDEN, "error-forbidden"))
    }
}

/// Whether the reader [`may_manage_registry`] (to show the controls that do).
pub(crate) fn manages_registry(page: &PageCtx) -> bool {
    page.user
        .as_ref()
        .is_some_and(|a| may_manage_registry(&Actor::Account(a.clone())))
}

/// A CSV problem as a sentence: "Line 3: ...".
pub(crate) fn problem_text(i18n: &I18n, p: &Problem) -> String {
    let column = p.column.clone().unwrap_or_default();
    let value = p.value.clone().unwrap_or_default();
    let line = i64::try_from(p.line).unwrap_or(0);
    i18n.t_args(
        p.key,
        &[
            ("line", line.into()),
            ("column", column.into()),
            ("value", value.into()),
        ],
    )
}

/// The kind of an organization in the reader's language.
pub(crate) fn kind_label(i18n: &I18n, kind: OrganizationKind) -> String {
    i18n.t(&format!("registry-kind-{}", kind.as_str()))
}

/// A CSV download.
pub(crate) fn csv_response(filename: &str, body: String) -> axum::response::Response {
    use axum::http::header;
    use axum::response::IntoResponse;
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
