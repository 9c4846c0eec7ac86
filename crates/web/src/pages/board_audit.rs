//! `/boards/{id}/audit`: anyone pastes a challenged ballot (the block the vote page shows after
//! "Check this ballot") and the server checks it against the board's manifest, a second device
//! independent of the one that voted (issue 14). No JavaScript: a form and a page.

use asamblea_app::actions::boards::BoardError;
use asamblea_app::actions::boards::challenges::{Noted, note_challenge};
use asamblea_app::queries::boards;
use asamblea_ballot_crypto::ballot::Manifest;
use asamblea_ballot_crypto::challenge::{Challenge, shown_lines};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::error::{PageError, render};
use crate::extract::{Form, Path};
use crate::page::PageCtx;
use crate::state::AppState;

/// The longest challenge accepted (a ballot of many questions and choices fits many times).
pub const MAX_CHALLENGE: usize = 200_000;

/// What the check found.
pub enum Outcome {
    NotAsked,
    /// The tracking code and, per question, the line's head (its title, `shown_lines`) and the
    /// choices marked (`None`: none).
    Verified(String, Vec<(String, Option<String>)>),
    Refused(String),
}

#[derive(Template)]
#[template(path = "boards/audit.html")]
struct AuditPage {
    page: PageCtx,
    id: String,
    title: String,
    outcome: Outcome,
    /// A verified challenge: what the board did with it (kept, so the ballot can never be cast).
    noted: Option<Noted>,
    text: String,
}

async fn manifest(state: &AppState, id: &str) -> Result<(String, Option<Manifest>), PageError> {
    let draft = boards::document(&state.store, id, "election")
        .await?
        .ok_or_else(PageError::not_found)?;
    let draft: asamblea_ballot_crypto::board::Draft =
        serde_json::from_str(&draft).map_err(|_| PageError::not_found())?;
    let m = boards::document(&state.store, id, "manifest")
        .await?
        .and_then(|m| serde_json::from_str::<Manifest>(&m).ok());
    Ok((draft.title, m))
}

pub async fn audit_form(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let (title, _) = manifest(&state, &id).await?;
    Ok(render(&AuditPage {
        page,
        id,
        title,
        outcome: Outcome::NotAsked,
        noted: None,
        text: String::new(),
    }))
}

/// The check, in the reader's words: verified with the choices, or the reason it is refused.
fn check(page: &PageCtx, m: Option<&Manifest>, text: &str) -> Outcome {
    let t = |k: &str| page.i18n.t(k);
    if text.trim().is_empty() {
        return Outcome::Refused(t("board-audit-empty"));
    }
    if text.len() > MAX_CHALLENGE {
        return Outcome::Refused(t("board-audit-too-long"));
    }
    let Some(m) = m else {
        return Outcome::Refused(t("board-audit-no-manifest"));
    };
    let c = match Challenge::parse(text) {
        Ok(c) => c,
        Err(e) => return Outcome::Refused(format!("{} {e}", t("board-audit-unreadable"))),
    };
    match c.check(m) {
        Err(e) => Outcome::Refused(format!("{} {e}", t("board-audit-refused"))),
        Ok(shown) => {
            let lines = shown_lines(m, shown);
            Outcome::Verified(c.ballot.tracking_code(), lines)
        }
    }
}

pub async fn audit(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let field = |name: &str| {
        fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    };
    page.check_csrf(field("csrf"))?;
    let (title, m) = manifest(&state, &id).await?;
    let text = field("challenge");
    let outcome = check(&page, m.as_ref(), text);
    // A challenge that checks is kept: its ballot can never be cast (the app checks it again).
    let noted = match (&outcome, Challenge::parse(text)) {
        (Outcome::Verified(..), Ok(c)) => match note_challenge(&state.store, &id, &c).await {
            Ok(n) => Some(n),
            Err(BoardError::App(e)) => return Err(e.into()),
            Err(BoardError::Refused(_)) => None,
        },
        _ => None,
    };
    let status = match outcome {
        Outcome::Refused(_) => StatusCode::UNPROCESSABLE_ENTITY,
        _ => StatusCode::OK,
    };
    let text: String = text.chars().take(MAX_CHALLENGE).collect();
    let r = render(&AuditPage {
        page,
        id,
        title,
        outcome,
        noted,
        text,
    });
    Ok((status, r).into_response())
}
