//! `/hall/vote`: the hall's shared device (issue 14). No login: a delegate without a phone types
//! the one-time code a teller gave them, sees the ballot of the vote it is for, and casts it (with
//! JavaScript the device encrypts it, `static/encrypt.js`; without, the server does and the page
//! says so). The page after casting shows the tracking code and a "next voter" button.
//!
//! The device keeps nothing between voters: the code travels in the ballot's form only, no
//! cookie is set for it, and every answer is `Cache-Control: no-store` (the browser's back
//! button does not bring back a previous voter's ballot). The app's side:
//! `asamblea_app::actions::hall`.

use asamblea_app::AppError;
use asamblea_app::actions::hall::cast_hall_ballot::{
    HallBallot, HallCast, cast_hall_ballot, hall_vote,
};
use asamblea_app::domain::{VoteId, VoteMethod};
use asamblea_app::queries::sessions::view::{self, VoteView};
use askama::Template;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::net::SocketAddr;

use crate::error::{PageError, render};
use crate::extract::Form;
use crate::form_fields::{Fields, field};
use crate::page::PageCtx;
use crate::pages::outcome::refusal;
use crate::state::AppState;

/// Where the device is.
pub enum Step {
    /// Waiting for a code.
    Code,
    /// The ballot of the code's vote (the code goes with it, hidden).
    Ballot {
        v: Box<VoteView>,
        title: String,
        options: Vec<(usize, String)>,
        code: String,
        board: String,
    },
    /// Cast: the tracking code; whether the device encrypted the ballot.
    Done { cast: HallCast, by_device: bool },
}

#[derive(Template)]
#[template(path = "hall/device.html")]
struct DevicePage {
    page: PageCtx,
    step: Step,
    wasm: String,
    /// The encryption panel's id suffix: none, one ballot on the page.
    encrypt_id: String,
}

/// Renders the device's page: never cached, WebAssembly allowed on the ballot only.
fn answer(page: PageCtx, step: Step, status: StatusCode) -> Response {
    let ballot = matches!(step, Step::Ballot { .. });
    let mut r = render(&DevicePage {
        page,
        step,
        wasm: crate::encrypt::wasm_path(),
        encrypt_id: String::new(),
    });
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if ballot {
        r = crate::encrypt::allow_wasm(r);
    }
    (status, r).into_response()
}

/// A refusal shown on the device: a wrong or used code, a wait, or an invalid ballot.
fn refused(mut page: PageCtx, e: AppError) -> Result<(PageCtx, StatusCode), PageError> {
    let (status, message) = match e {
        AppError::Unauthorized { key } => (StatusCode::UNAUTHORIZED, page.i18n.t(key)),
        AppError::Throttled => (
            StatusCode::TOO_MANY_REQUESTS,
            page.i18n.t("error-throttled"),
        ),
        e => {
            let r = refusal(&page, e)?;
            (r.status, r.message)
        }
    };
    page.error = Some(message);
    Ok((page, status))
}

pub async fn form(page: PageCtx) -> Response {
    answer(page, Step::Code, StatusCode::OK)
}

/// The ballot step of vote `id` for `code`.
async fn ballot_step(state: &AppState, id: VoteId, code: &str) -> Result<Step, PageError> {
    let v = view::vote(&state.store, id)
        .await?
        .ok_or_else(PageError::not_found)?;
    let board = v.board.clone().ok_or_else(PageError::not_found)?;
    let options = v.option_list().into_iter().enumerate().collect();
    Ok(Step::Ballot {
        title: String::new(),
        options,
        code: code.trim().to_string(),
        board,
        v: Box::new(v),
    })
}

fn titled(page: &PageCtx, step: Step) -> Step {
    match step {
        Step::Ballot {
            v,
            options,
            code,
            board,
            ..
        } => Step::Ballot {
            title: crate::pages::sessions::vote_title(page, &v),
            v,
            options,
            code,
            board,
        },
        s => s,
    }
}

/// The code typed: the ballot of its vote, or the refusal.
pub async fn enter(
    State(state): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    page: PageCtx,
    Form(f): Form<Fields>,
) -> Result<Response, PageError> {
    page.check_csrf(field(&f, "csrf"))?;
    let code = field(&f, "code");
    match hall_vote(&state.store, code, &addr.ip().to_string()).await {
        Ok(id) => {
            let step = titled(&page, ballot_step(&state, id, code).await?);
            Ok(answer(page, step, StatusCode::OK))
        }
        Err(e) => {
            let (page, status) = refused(page, e)?;
            Ok(answer(page, Step::Code, status))
        }
    }
}

/// The choice of a ballot posted without JavaScript: `choice`, or approval boxes `opt-<i>`.
fn choice_of(f: &Fields, method: VoteMethod) -> String {
    if method != VoteMethod::Approval {
        return field(f, "choice").to_string();
    }
    super::sessions::forms::approval_boxes(f)
}

/// The ballot cast: the tracking code and "next voter", or the refusal (a code refused goes
/// back to the code; a ballot refused shows the ballot again).
pub async fn cast(
    State(state): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    page: PageCtx,
    Form(f): Form<Fields>,
) -> Result<Response, PageError> {
    page.check_csrf(field(&f, "csrf"))?;
    let code = field(&f, "code");
    let address = addr.ip().to_string();
    let json = field(&f, "ballot_json");
    let by_device = !json.is_empty();
    let r = if by_device {
        cast_hall_ballot(
            &state.store,
            &state.casts,
            code,
            &address,
            HallBallot::Device(json),
        )
        .await
    } else {
        // The method decides how the choice is read: the code's vote, found without using it.
        match hall_vote(&state.store, code, &address).await {
            Ok(id) => {
                let v = view::vote(&state.store, id)
                    .await?
                    .ok_or_else(PageError::not_found)?;
                let choice = choice_of(&f, v.method);
                cast_hall_ballot(
                    &state.store,
                    &state.casts,
                    code,
                    &address,
                    HallBallot::Choice(&choice),
                )
                .await
            }
            Err(e) => Err(e),
        }
    };
    match r {
        Ok(cast) => Ok(answer(page, Step::Done { cast, by_device }, StatusCode::OK)),
        Err(e) => {
            let code_refused = matches!(
                e,
                AppError::Unauthorized { .. }
                    | AppError::Throttled
                    | AppError::Conflict {
                        key: "error-hall-code-used"
                    }
            );
            let (page, status) = refused(page, e)?;
            if code_refused {
                return Ok(answer(page, Step::Code, status));
            }
            let id = hall_vote(&state.store, code, &address).await;
            let step = match id {
                Ok(id) => titled(&page, ballot_step(&state, id, code).await?),
                Err(_) => Step::Code,
            };
            Ok(answer(page, step, status))
        }
    }
}
