//! `/organizations/{id}/import`: paste the members' spreadsheet (CSV), see every row's problem,
//! and confirm only a clean file. Secretaries of the organization and administrators.

use asamblea_app::actions::registry::import_members::{HEADER, import_members, preview_members};
use asamblea_app::actions::registry::may_act_for;
use asamblea_app::domain::OrganizationId;
use asamblea_app::queries::registry::organization;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::problem_text;
use crate::error::{PageError, render};
use crate::extract::{Form, Path};
use crate::page::PageCtx;
use crate::pages::outcome::refusal;
use crate::state::AppState;

/// The import page, shared with the organizations' import.
#[derive(Template)]
#[template(path = "registry/import.html")]
pub struct ImportPage {
    pub page: PageCtx,
    pub title: String,
    pub back: String,
    pub back_label: String,
    pub action: String,
    pub columns: String,
    pub help: String,
    pub csv: String,
    pub previewed: bool,
    pub problems: Vec<String>,
    /// Values that look mis-decoded, each naming its line (they do not stop the import).
    pub warnings: Vec<String>,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub digest: String,
    pub error: Option<String>,
}

#[derive(Deserialize)]
pub struct ImportForm {
    csrf: String,
    csv: String,
    #[serde(default)]
    digest: String,
}

impl ImportForm {
    pub fn csrf(&self) -> &str {
        &self.csrf
    }
    pub fn csv(&self) -> &str {
        &self.csv
    }
    pub fn digest(&self) -> &str {
        &self.digest
    }
}

async fn base(
    state: &AppState,
    page: &PageCtx,
    id: OrganizationId,
) -> Result<ImportPage, PageError> {
    let actor = page.actor()?;
    if !may_act_for(&actor, id) {
        return Err(PageError::status(StatusCode::FORBIDDEN, "error-forbidden"));
    }
    let org = organization(&state.store, id)
        .await?
        .ok_or_else(PageError::not_found)?;
    Ok(ImportPage {
        page: page.clone(),
        title: page.i18n.t_args(
            "registry-members-import-title",
            &[("org", org.short_name.clone().into())],
        ),
        back: format!("/organizations/{id}"),
        back_label: org.short_name,
        action: format!("/organizations/{id}/import"),
        columns: HEADER.join(","),
        help: page.i18n.t("registry-members-import-help"),
        csv: String::new(),
        previewed: false,
        problems: Vec::new(),
        warnings: Vec::new(),
        header: Vec::new(),
        rows: Vec::new(),
        digest: String::new(),
        error: None,
    })
}

pub async fn form(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<OrganizationId>,
) -> Result<Response, PageError> {
    let t = base(&state, &page, id).await?;
    Ok(render(&t))
}

pub async fn preview(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<OrganizationId>,
    Form(f): Form<ImportForm>,
) -> Result<Response, PageError> {
    let actor = page.form_actor(&f.csrf)?;
    let mut t = base(&state, &page, id).await?;
    let p = preview_members(&state.store, &actor, id, &f.csv).await?;
    t.previewed = true;
    t.csv = f.csv;
    t.digest = p.digest.clone();
    t.problems = p
        .problems
        .iter()
        .map(|x| problem_text(&page.i18n, x))
        .collect();
    t.warnings = p
        .warnings
        .iter()
        .map(|x| problem_text(&page.i18n, x))
        .collect();
    t.header = [
        "registry-field-line",
        "registry-field-member-number",
        "registry-field-name",
        "registry-field-organization",
        "registry-field-phone",
        "registry-field-email",
    ]
    .iter()
    .map(|k| page.i18n.t(k))
    .collect();
    t.rows = p
        .rows
        .into_iter()
        .map(|r| {
            vec![
                r.line.to_string(),
                r.member_number,
                r.name,
                r.organization,
                r.phone.unwrap_or_default(),
                r.email.unwrap_or_default(),
            ]
        })
        .collect();
    let status = if t.problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((status, render(&t)).into_response())
}

pub async fn confirm(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<OrganizationId>,
    Form(f): Form<ImportForm>,
) -> Result<Response, PageError> {
    let actor = page.form_actor(&f.csrf)?;
    match import_members(&state.store, &actor, id, &f.csv, Some(&f.digest)).await {
        Ok(outcome) if outcome.imported => Ok(crate::pages::see_other(&format!(
            "/organizations/{id}#members"
        ))),
        // The file no longer passes (someone added members meanwhile): show the preview again.
        Ok(_) => preview(State(state), page, Path(id), Form(f)).await,
        Err(e) => {
            let refusal = refusal(&page, e)?;
            let mut t = base(&state, &page, id).await?;
            t.csv = f.csv;
            t.error = Some(refusal.message);
            Ok((refusal.status, render(&t)).into_response())
        }
    }
}
