//! `/organizations/{id}/import`: paste the members' spreadsheet (CSV) or choose the file, see
//! every row's problem, and confirm only a clean file; the import then runs on the server and
//! its page shows how far it is (`/organizations/{id}/import/{token}`, refreshing itself without
//! JavaScript). The file waits between preview and confirmation on the server
//! (`staged_imports.rs`), not in the page: a register of 200,000 members is sent once.
//! Secretaries of the organization and administrators.

use std::sync::Arc;

use asamblea_app::actions::registry::import_members::{HEADER, preview_members};
use asamblea_app::actions::registry::may_act_for;
use asamblea_app::actions::registry::staged_imports::{import_staged, stage, staged};
use asamblea_app::domain::OrganizationId;
use asamblea_app::queries::registry::organization;
use askama::Template;
use axum::extract::State;
use axum::extract::multipart::Multipart;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::problem_text;
use crate::error::{PageError, render};
use crate::extract::{Form, Path, utf8_position};
use crate::import_jobs::Outcome;
use crate::page::PageCtx;
use crate::state::AppState;

/// Rows and problems a preview page lists; the rest are counted.
const SHOWN: usize = 100;

/// The import page, shared with the organizations' import.
#[derive(Template)]
#[template(path = "registry/import.html")]
pub struct ImportPage {
    pub page: PageCtx,
    pub title: String,
    pub back: String,
    pub back_label: String,
    pub action: String,
    /// Where a chosen file is sent (members only).
    pub upload: Option<String>,
    pub columns: String,
    pub help: String,
    pub csv: String,
    /// The staged file the confirmation names (members); empty: the confirmation carries `csv`.
    pub staged: String,
    pub previewed: bool,
    pub problems: Vec<String>,
    /// Problems beyond those listed.
    pub more_problems: usize,
    /// Values that look mis-decoded, each naming its line (they do not stop the import).
    pub warnings: Vec<String>,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Every clean row of the file (`rows` lists the first ones).
    pub total_rows: usize,
    pub digest: String,
    pub error: Option<String>,
}

impl ImportPage {
    /// An empty page; the caller fills its title, addresses and help.
    pub fn blank(page: &PageCtx) -> Self {
        Self {
            page: page.clone(),
            title: String::new(),
            back: String::new(),
            back_label: String::new(),
            action: String::new(),
            upload: None,
            columns: String::new(),
            help: String::new(),
            csv: String::new(),
            staged: String::new(),
            previewed: false,
            problems: Vec::new(),
            more_problems: 0,
            warnings: Vec::new(),
            header: Vec::new(),
            rows: Vec::new(),
            total_rows: 0,
            digest: String::new(),
            error: None,
        }
    }
}

#[derive(Deserialize)]
pub struct ImportForm {
    csrf: String,
    #[serde(default)]
    csv: String,
    #[serde(default)]
    digest: String,
    /// The staged file (members' import).
    #[serde(default)]
    staged: String,
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
        title: page.i18n.t_args(
            "registry-members-import-title",
            &[("org", org.short_name.clone().into())],
        ),
        back: format!("/organizations/{id}"),
        back_label: org.short_name,
        action: format!("/organizations/{id}/import"),
        upload: Some(format!("/organizations/{id}/import/upload")),
        columns: HEADER.join(","),
        help: page.i18n.t("registry-members-import-help"),
        ..ImportPage::blank(page)
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

/// The pasted text: checked, kept on the server, previewed.
pub async fn preview(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<OrganizationId>,
    Form(f): Form<ImportForm>,
) -> Result<Response, PageError> {
    page.form_actor(&f.csrf)?;
    show_preview(&state, &page, id, f.csv, true).await
}

/// A chosen file (`multipart/form-data`: `csrf`, then `file`): as [`preview`]. A file that is
/// not UTF-8 is refused with the line and byte where it stops being readable.
pub async fn upload(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<OrganizationId>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Response, PageError> {
    // Who may import, before reading what was sent.
    base(&state, &page, id).await?;
    let unreadable = || PageError::status(StatusCode::BAD_REQUEST, "error-input-unreadable");
    let mut multipart = multipart.map_err(|_| unreadable())?;
    let mut csrf = String::new();
    let mut bytes = None;
    while let Some(field) = multipart.next_field().await.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            PageError::status(StatusCode::PAYLOAD_TOO_LARGE, "error-import-too-large")
        } else {
            unreadable()
        }
    })? {
        match field.name() {
            Some("csrf") => csrf = field.text().await.map_err(|_| unreadable())?,
            Some("file") => bytes = Some(field.bytes().await.map_err(|_| unreadable())?),
            _ => {}
        }
    }
    page.form_actor(&csrf)?;
    let bytes = bytes.unwrap_or_default();
    match String::from_utf8(bytes.to_vec()) {
        Ok(text) => show_preview(&state, &page, id, text, false).await,
        Err(e) => {
            let (line, byte) = utf8_position(&bytes, e.utf8_error().valid_up_to());
            let mut t = base(&state, &page, id).await?;
            t.error = Some(page.i18n.t_args(
                "registry-import-not-utf8",
                &[
                    ("line", i64::try_from(line).unwrap_or(0).into()),
                    ("byte", i64::try_from(byte).unwrap_or(0).into()),
                ],
            ));
            Ok((StatusCode::BAD_REQUEST, render(&t)).into_response())
        }
    }
}

/// Checks `text`, keeps it for the confirmation, and shows the first rows and problems.
/// `keep_text`: the paste box shows the text again (a chosen file is not put in the page).
async fn show_preview(
    state: &AppState,
    page: &PageCtx,
    id: OrganizationId,
    text: String,
    keep_text: bool,
) -> Result<Response, PageError> {
    let mut t = base(state, page, id).await?;
    let actor = page.actor()?;
    let p = preview_members(&state.store, &actor, id, &text).await?;
    if p.is_clean() {
        t.staged = stage(&state.store, &actor, id, &text).await?;
    }
    t.previewed = true;
    if keep_text {
        t.csv = text;
    }
    t.digest = p.digest.clone();
    t.more_problems = p.problems.len().saturating_sub(SHOWN);
    t.problems = p
        .problems
        .iter()
        .take(SHOWN)
        .map(|x| problem_text(&page.i18n, x))
        .collect();
    t.warnings = p
        .warnings
        .iter()
        .take(SHOWN)
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
    t.total_rows = p.rows.len();
    t.rows = p
        .rows
        .into_iter()
        .take(SHOWN)
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

/// Starts the import of the staged file and sends the browser to its progress page.
pub async fn confirm(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<OrganizationId>,
    Form(f): Form<ImportForm>,
) -> Result<Response, PageError> {
    let actor = page.form_actor(&f.csrf)?;
    // The file must still be there (and be this account's): otherwise say so on the form.
    if let Err(e) = staged(&state.store, &actor, id, &f.staged).await {
        let mut t = base(&state, &page, id).await?;
        t.error = Some(page.i18n.t(match e {
            asamblea_app::AppError::NotFound => "registry-import-staged-gone",
            _ => "error-invalid",
        }));
        return Ok((StatusCode::CONFLICT, render(&t)).into_response());
    }
    // Confirmed twice (a double tap): the running import's page.
    if state
        .imports
        .get(&f.staged)
        .is_some_and(|j| j.outcome().is_none())
    {
        return Ok(crate::pages::see_other(&format!(
            "/organizations/{id}/import/{}",
            f.staged
        )));
    }
    let job = state.imports.start(&f.staged);
    let (store, token, digest) = (state.store.clone(), f.staged.clone(), f.digest.clone());
    let running = Arc::clone(&job);
    tokio::spawn(async move {
        let outcome = import_staged(&store, &actor, id, &token, &digest, &running.progress).await;
        running.finish(match outcome {
            Ok(o) if o.imported => Outcome::Imported(o.count),
            Ok(o) => Outcome::Problems(o.preview.problems.len()),
            Err(e) => Outcome::Refused(crate::error::PageError::from(e).key),
        });
    });
    Ok(crate::pages::see_other(&format!(
        "/organizations/{id}/import/{}",
        f.staged
    )))
}

/// How far an import is.
#[derive(Template)]
#[template(path = "registry/import_progress.html")]
pub struct ProgressPage {
    pub page: PageCtx,
    pub title: String,
    pub back: String,
    pub back_label: String,
    pub again: String,
    /// Rows written so far, and of how many (0: not known on this server).
    pub written: usize,
    pub total: usize,
    pub running: bool,
    pub done: Option<String>,
    pub error: Option<String>,
}

/// The progress page: while the import runs it asks the browser to load it again every two
/// seconds (a `Refresh` header, no JavaScript).
pub async fn progress(
    State(state): State<AppState>,
    page: PageCtx,
    Path((id, token)): Path<(OrganizationId, String)>,
) -> Result<Response, PageError> {
    let import = base(&state, &page, id).await?;
    let mut t = ProgressPage {
        title: import.title,
        back: import.back,
        back_label: import.back_label,
        again: import.action,
        written: 0,
        total: 0,
        running: true,
        done: None,
        error: None,
        page: page.clone(),
    };
    match state.imports.get(&token) {
        Some(job) => {
            t.written = job.written();
            t.total = job.total();
            match job.outcome() {
                None => {}
                Some(Outcome::Imported(n)) => {
                    t.running = false;
                    t.done = Some(page.i18n.t_args(
                        "registry-import-done",
                        &[("count", i64::try_from(n).unwrap_or(0).into())],
                    ));
                }
                Some(Outcome::Problems(n)) => {
                    t.running = false;
                    t.error = Some(page.i18n.t_args(
                        "registry-import-problems-now",
                        &[("count", i64::try_from(n).unwrap_or(0).into())],
                    ));
                }
                Some(Outcome::Refused(key)) => {
                    t.running = false;
                    t.error = Some(page.i18n.t(key));
                }
            }
        }
        // Not running here: gone (imported, or expired), or still staged: never confirmed, stopped
        // with a restart, or running on another server. Said so, not shown as running for ever.
        None => {
            let actor = page.actor()?;
            if staged(&state.store, &actor, id, &token).await.is_err() {
                return Ok(crate::pages::see_other(&format!(
                    "/organizations/{id}#members"
                )));
            }
            t.running = false;
            t.error = Some(page.i18n.t("registry-import-not-here"));
        }
    }
    let mut response = render(&t);
    if t.running {
        response
            .headers_mut()
            .insert(header::REFRESH, HeaderValue::from_static("2"));
    }
    Ok(response)
}
