//! `/assemblies/{slug}/door`: at the door of the hall, a member of the credentials commission (or
//! an administrator) types or scans the code on a delegate's card; the delegate is checked in.
//! Below, the commission seats a substitute in the place of an absent titular for a session
//! (`take_seat`) and sees the seats substitutes hold.

use asamblea_app::actions::delegates::check_in_by_badge::check_in_by_badge;
use asamblea_app::actions::delegates::take_seat::{TakeSeat, take_seat};
use asamblea_app::actions::delegates::{Offices, may_keep_door};
use asamblea_app::domain::{AssemblyId, DelegateId, SessionId};
use asamblea_app::queries::delegates::presence::presence;
use asamblea_app::queries::federation::{
    SeatChoices, SeatHoldView, seat_form_choices, standing_holds,
};
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
    /// The seat form: sessions not closed and absent titulars; what was chosen last.
    seat: SeatChoices,
    holds: Vec<SeatHoldView>,
    chosen: Chosen,
    seat_ok: Option<String>,
    seat_error: Option<String>,
}

/// The seat form's choices as sent (kept when it is refused).
#[derive(Default)]
struct Chosen {
    session: Option<SessionId>,
    titular: Option<DelegateId>,
}

/// What the page says after a form: the check-in's or the seat form's outcome.
#[derive(Default)]
struct Outcome {
    ok: Option<String>,
    error: Option<String>,
    seat_ok: Option<String>,
    seat_error: Option<String>,
    chosen: Chosen,
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
    out: Outcome,
) -> Result<Response, PageError> {
    let a = assembly(state, slug).await?;
    let p = presence(&state.store, a.id).await?;
    let seat = seat_form_choices(&state.store, a.id).await?;
    let holds = standing_holds(&state.store, a.id).await?;
    let status = if out.error.is_some() || out.seat_error.is_some() {
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
            ok: out.ok,
            error: out.error,
            seat,
            holds,
            chosen: out.chosen,
            seat_ok: out.seat_ok,
            seat_error: out.seat_error,
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
    render_page(&state, page, &slug, Outcome::default()).await
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
            let out = Outcome {
                ok: Some(msg),
                ..Outcome::default()
            };
            render_page(&state, page, &slug, out).await
        }
        Err(e) => {
            let refusal = refusal(&page, e)?;
            let out = Outcome {
                error: Some(refusal.message),
                ..Outcome::default()
            };
            render_page(&state, page, &slug, out).await
        }
    }
}

#[derive(Deserialize)]
pub struct SeatForm {
    csrf: String,
    session_id: String,
    titular_id: String,
}

/// `POST /assemblies/{slug}/door/seat`: the commission seats the organization's first available
/// substitute in the place of the chosen absent titular for the chosen session.
pub async fn seat(
    State(state): State<AppState>,
    page: PageCtx,
    Path(slug): Path<String>,
    Form(f): Form<SeatForm>,
) -> Result<Response, PageError> {
    let actor = page.form_actor(&f.csrf)?;
    let a = assembly(&state, &slug).await?;
    require_door(&state, &page, a.id).await?;
    let chosen = Chosen {
        session: f.session_id.trim().parse().ok(),
        titular: f.titular_id.trim().parse().ok(),
    };
    let ours = seat_form_choices(&state.store, a.id).await?;
    let (Some(session_id), Some(titular_id)) = (
        chosen
            .session
            .filter(|s| ours.sessions.iter().any(|(id, _)| id == s)),
        chosen.titular,
    ) else {
        let out = Outcome {
            seat_error: Some(page.i18n.t("fed-seat-choose")),
            chosen,
            ..Outcome::default()
        };
        return render_page(&state, page, &slug, out).await;
    };
    let out = match take_seat(
        &state.store,
        &actor,
        TakeSeat {
            session_id,
            titular_id,
        },
    )
    .await
    {
        Ok(_) => Outcome {
            seat_ok: Some(page.i18n.t("fed-seat-done")),
            ..Outcome::default()
        },
        Err(e) => Outcome {
            seat_error: Some(refusal(&page, e)?.message),
            chosen,
            ..Outcome::default()
        },
    };
    render_page(&state, page, &slug, out).await
}
