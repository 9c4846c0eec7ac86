//! `/admin/witnesses`: administrators list, add (name and key in one verifier key, and an
//! optional add-checkpoint URL the server pushes checkpoints to) and remove the witnesses of the
//! record. Each witness shows its latest cosigned checkpoint and the server's last push to it.
//! The same list, without the forms, is on `/record/checkpoint`.

use asamblea_app::actions::witnesses::add_witness::{NewWitness, add_witness};
use asamblea_app::actions::witnesses::may_manage_witnesses;
use asamblea_app::actions::witnesses::remove_witness::remove_witness;
use asamblea_app::queries::assemblies::home_time_zone;
use asamblea_app::queries::witnesses::{Witness, witnesses};
use asamblea_app::{Actor, AppError};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::error::{PageError, render};
use crate::extract::Form;
use crate::page::PageCtx;
use crate::pages::outcome::redirect_or;
use crate::state::AppState;

/// A witness as the pages show it (times in the assembly's zone, sentences in the reader's
/// language).
pub struct WitnessRow {
    pub name: String,
    pub vkey: String,
    pub url: Option<String>,
    /// "Latest cosigned: N acts, at ..." or "has not cosigned yet".
    pub cosigned: String,
    /// The last push: its sentence, whether it failed, and the witness's own words (if failed).
    pub push: Option<(String, bool, String)>,
}

/// Seconds since 1970 as RFC 3339 UTC (what the reader's clock formatting takes).
pub fn rfc3339(seconds: i64) -> String {
    jiff::Timestamp::from_second(seconds)
        .map(|t| t.to_string())
        .unwrap_or_else(|_| seconds.to_string())
}

/// The current witnesses as rows for `page`.
pub async fn witness_rows(state: &AppState, page: &PageCtx) -> Result<Vec<WitnessRow>, AppError> {
    let zone = home_time_zone(&state.store).await?;
    Ok(witnesses(&state.store)
        .await?
        .into_iter()
        .map(|w: Witness| {
            let cosigned = match (w.cosigned_size, w.cosigned_at) {
                (Some(size), Some(at)) => page.i18n.t_args(
                    "witnesses-cosigned",
                    &[
                        ("size", size.into()),
                        ("at", page.i18n.date_time(&rfc3339(at), &zone).into()),
                    ],
                ),
                _ => page.i18n.t("witnesses-never-cosigned"),
            };
            let push = match (w.pushed_at, w.pushed_size) {
                (Some(at), Some(size)) => {
                    let at = page.i18n.date_time(&at, &zone);
                    Some(match w.push_error {
                        None => (
                            page.i18n.t_args(
                                "witnesses-push-ok",
                                &[("size", size.into()), ("at", at.into())],
                            ),
                            false,
                            String::new(),
                        ),
                        Some(error) => {
                            let (kind, detail) =
                                error.split_once(": ").unwrap_or(("internal", &error));
                            let key = format!("witness-push-{kind}");
                            let why = if page.i18n.has(&key) {
                                page.i18n.t(&key)
                            } else {
                                page.i18n.t("witness-push-internal")
                            };
                            (
                                page.i18n.t_args(
                                    "witnesses-push-failed",
                                    &[
                                        ("size", size.into()),
                                        ("at", at.into()),
                                        ("why", why.into()),
                                    ],
                                ),
                                true,
                                detail.to_string(),
                            )
                        }
                    })
                }
                _ => None,
            };
            WitnessRow {
                name: w.name,
                vkey: w.vkey,
                url: w.url,
                cosigned,
                push,
            }
        })
        .collect())
}

#[derive(Template)]
#[template(path = "admin_witnesses.html")]
struct WitnessesPage {
    page: PageCtx,
    witnesses: Vec<WitnessRow>,
    error: Option<String>,
}

/// The logged-in administrator, or a 401/403 page.
fn require_admin(page: &PageCtx) -> Result<Actor, PageError> {
    let user = page.require_user()?;
    let actor = Actor::Account(user.clone());
    if may_manage_witnesses(&actor) {
        Ok(actor)
    } else {
        Err(PageError::status(StatusCode::FORBIDDEN, "error-forbidden"))
    }
}

async fn list_page(
    state: &AppState,
    page: PageCtx,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let witnesses = witness_rows(state, &page).await?;
    Ok((
        status,
        render(&WitnessesPage {
            page,
            witnesses,
            error,
        }),
    )
        .into_response())
}

pub async fn list(State(state): State<AppState>, page: PageCtx) -> Result<Response, PageError> {
    require_admin(&page)?;
    list_page(&state, page, None, StatusCode::OK).await
}

#[derive(Deserialize)]
pub struct AddForm {
    csrf: String,
    vkey: String,
    #[serde(default)]
    url: String,
}

pub async fn add(
    State(state): State<AppState>,
    page: PageCtx,
    Form(f): Form<AddForm>,
) -> Result<Response, PageError> {
    let actor = require_admin(&page)?;
    page.check_csrf(&f.csrf)?;
    let input = NewWitness {
        vkey: f.vkey.clone(),
        url: Some(f.url.clone()),
    };
    let result = add_witness(&state.store, &actor, &input).await;
    let page = page.keep([
        ("vkey", Some(f.vkey.as_str())),
        ("url", Some(f.url.as_str())),
    ]);
    redirect_or(page, result, "/admin/witnesses", async |page, refusal| {
        list_page(&state, page, Some(refusal.message), refusal.status).await
    })
    .await
}

#[derive(Deserialize)]
pub struct RemoveForm {
    csrf: String,
    name: String,
}

pub async fn remove(
    State(state): State<AppState>,
    page: PageCtx,
    Form(f): Form<RemoveForm>,
) -> Result<Response, PageError> {
    let actor = require_admin(&page)?;
    page.check_csrf(&f.csrf)?;
    let result = remove_witness(&state.store, &actor, &f.name).await;
    redirect_or(page, result, "/admin/witnesses", async |page, refusal| {
        list_page(&state, page, Some(refusal.message), refusal.status).await
    })
    .await
}
