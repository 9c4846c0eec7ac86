//! `POST /assemblies/{slug}/secret-ballots`: an administrator sets, from the seat plan page, how
//! the assembly's secret votes keep their ballots. Set to encrypted the first time, the answer
//! is a page with the key board's tokens (shown once, to hand to the organizer and to each
//! trustee), as is a new key ceremony (`new_key`); otherwise back to the plan. A refusal shows the plan page with its message.

use asamblea_app::actions::registry::set_secret_ballots::{
    SecretBallotsInput, SecretBallotsSet, set_secret_ballots,
};
use asamblea_app::domain::{SecretBallots, Unchecked};
use askama::Template;
use axum::extract::State;
use axum::response::Response;

use super::plan::plan_page;
use super::require_registry_manager;
use crate::error::{PageError, render};
use crate::extract::{Form, Path};
use crate::page::PageCtx;
use crate::pages::outcome::redirect_or;
use crate::state::AppState;

#[derive(serde::Deserialize)]
pub struct SecretBallotsForm {
    csrf: String,
    secret_ballots: Unchecked<SecretBallots>,
    #[serde(default)]
    trustees: Option<String>,
    #[serde(default)]
    threshold: Option<String>,
    /// The seat plan page's "new key ceremony" button.
    #[serde(default)]
    new_key: Option<String>,
}

#[derive(Template)]
#[template(path = "registry/secret_ballots_tokens.html")]
struct TokensPage {
    page: PageCtx,
    slug: String,
    set: SecretBallotsSet,
    /// The server's address as this page was asked for (for the commands shown).
    board_url: String,
}

fn number(s: &Option<String>) -> Option<u32> {
    s.as_deref().and_then(|s| s.trim().parse().ok())
}

pub async fn save(
    State(state): State<AppState>,
    page: PageCtx,
    Path(slug): Path<String>,
    Form(f): Form<SecretBallotsForm>,
) -> Result<Response, PageError> {
    let actor = require_registry_manager(&page)?;
    page.check_csrf(&f.csrf)?;
    let input = SecretBallotsInput {
        secret_ballots: f.secret_ballots,
        trustees: number(&f.trustees),
        threshold: number(&f.threshold),
        new_key: f.new_key.is_some(),
    };
    let result = set_secret_ballots(&state.store, &actor, &slug, input).await;
    if let Ok(set) = &result
        && !set.tokens.is_empty()
    {
        let board_url = format!(
            "/api/v1/boards/{}",
            set.key_board.clone().unwrap_or_default()
        );
        return Ok(render(&TokensPage {
            page,
            slug,
            set: set.clone(),
            board_url,
        }));
    }
    let to = format!("/assemblies/{slug}/plan");
    redirect_or(page, result, &to, async |page, refusal| {
        plan_page(
            &state,
            page,
            &slug,
            None,
            refusal.status,
            Some(refusal.message),
        )
        .await
    })
    .await
}
