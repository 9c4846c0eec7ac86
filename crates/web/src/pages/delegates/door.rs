//! `/assemblies/{slug}/door`: at the door of the hall, a member of the credentials commission (or
//! an administrator) types or scans the code on a delegate's card; the delegate is checked in.

use asamblea_app::actions::delegates::check_in_by_badge::check_in_by_badge;
use asamblea_app::actions::delegates::{Offices, may_keep_door};
use asamblea_app::domain::AssemblyId;
use asamblea_app::queries::delegates::presence::presence;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::assembly;
use crate::error::{PageError, render};
use crate::extract::{Form, Path};
use crate::page::PageCtx;
use crate::pages::outcome::refusal;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "delegates/door.html")]
struct DoorPage {
    page: PageCtx,
    slug: String,
    name: String,
    present: i64,
    seated: i64,
    ok: Option<String>,
    error: Option<String>,
}

async fn require_door(
    state: &AppState,
    page: &PageCtx,
    assembly_id: AssemblyId,
) -> Result<(), PageError> {
    let actor = page.actor()?;
    let offices = Offices::of(&state.store, &actor, assembly_id).await?;
    if may_keep_door(&actor, &offices) {
        Ok(())
    } else {
        Err(PageError::status(StatusCode::FORBIDDEN, "error-forbidden"))
    }
}

async fn render_page(
    state: &AppState,
    page: PageCtx,
    slug: &str,
    ok: Option<String>,
    error: Option<String>,
) -> Result<Response, PageError> {
    let a = assembly(state, slug).await?;
    let p = presence(&state.store, a.id).await?;
    let status = if error.is_some() {
        StatusCode::CONFLICT
    } else {
        StatusCode::OK
    };
    Ok((
        status,
        render(&DoorPage {
            page,
            slug: a.slug,
            name: a.name,
            present: p.present,
            seated: p.seated,
            ok,
            error,
        }),
    )
        .into_response())
}

pub async fn show(
    State(state): State<AppState>,
    page: PageCtx,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let a = assembly(&state, &slug).await?;
    require_door(&state, &page, a.id).await?;
    render_page(&state, page, &slug, None, None).await
}

#[derive(Deserialize)]
pub struct BadgeForm {
    csrf: String,
    badge: String,
}

pub async fn check(
    State(state): State<AppState>,
    page: PageCtx,
    Path(slug): Path<String>,
    Form(f): Form<BadgeForm>,
) -> Result<Response, PageError> {
    let actor = page.form_actor(&f.csrf)?;
    let a = assembly(&state, &slug).await?;
    match check_in_by_badge(&state.store, &actor, a.id, &f.badge).await {
        Ok(c) => {
            let key = if c.already_present {
                "dlg-door-already"
            } else {
                "dlg-door-welcome"
            };
            let msg = page.i18n.t_args(key, &[("name", c.name.into())]);
            render_page(&state, page, &slug, Some(msg), None).await
        }
        Err(e) => {
            let refusal = refusal(&page, e)?;
            render_page(&state, page, &slug, None, Some(refusal.message)).await
        }
    }
}
