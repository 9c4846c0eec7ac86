//! `/organizations/import`: paste the organizations' spreadsheet (CSV), see every row's problem,
//! and confirm only a clean file. Administrators.

use asamblea_app::actions::registry::import_organizations::{
    HEADER, import_organizations, preview_organizations,
};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::import_members::{ImportForm, ImportPage};
use super::{kind_label, problem_text, require_registry_manager};
use crate::error::{PageError, render};
use crate::extract::Form;
use crate::page::PageCtx;
use crate::pages::outcome::refusal;
use crate::state::AppState;

fn base(page: &PageCtx) -> ImportPage {
    ImportPage {
        page: page.clone(),
        title: page.i18n.t("registry-organizations-import"),
        back: "/organizations".into(),
        back_label: page.i18n.t("registry-organizations-title"),
        action: "/organizations/import".into(),
        columns: HEADER.join(","),
        help: page.i18n.t("registry-organizations-import-help"),
        csv: String::new(),
        previewed: false,
        problems: Vec::new(),
        warnings: Vec::new(),
        header: Vec::new(),
        rows: Vec::new(),
        digest: String::new(),
        error: None,
        ..ImportPage::blank(page)
    }
}

pub async fn form(page: PageCtx) -> Result<Response, PageError> {
    require_registry_manager(&page)?;
    Ok(render(&base(&page)))
}

pub async fn preview(
    State(state): State<AppState>,
    page: PageCtx,
    Form(f): Form<ImportForm>,
) -> Result<Response, PageError> {
    let actor = require_registry_manager(&page)?;
    page.check_csrf(f.csrf())?;
    let p = preview_organizations(&state.store, &actor, f.csv()).await?;
    let mut t = base(&page);
    t.previewed = true;
    t.csv = f.csv().to_string();
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
        "registry-field-short-name",
        "registry-field-name",
        "registry-field-kind",
        "registry-field-sector",
        "registry-field-parent",
        "registry-field-membership",
    ]
    .iter()
    .map(|k| page.i18n.t(k))
    .collect();
    t.total_rows = p.rows.len();
    t.rows = p
        .rows
        .into_iter()
        .map(|r| {
            vec![
                r.line.to_string(),
                r.short_name,
                r.name,
                kind_label(&page.i18n, r.kind),
                r.sector,
                r.parent.unwrap_or_default(),
                r.membership.to_string(),
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
    Form(f): Form<ImportForm>,
) -> Result<Response, PageError> {
    let actor = require_registry_manager(&page)?;
    page.check_csrf(f.csrf())?;
    match import_organizations(&state.store, &actor, f.csv(), Some(f.digest())).await {
        Ok(outcome) if outcome.imported => Ok(crate::pages::see_other("/organizations")),
        Ok(_) => preview(State(state), page, Form(f)).await,
        Err(e) => {
            let refusal = refusal(&page, e)?;
            let mut t = base(&page);
            t.csv = f.csv().to_string();
            t.error = Some(refusal.message);
            Ok((refusal.status, render(&t)).into_response())
        }
    }
}
