//! `POST /assemblies/{slug}/quorum-basis`: an administrator sets, from the seat plan page, what
//! the assembly's votes count their quorum over. A refusal shows the plan page with its message.

use asamblea_app::actions::registry::set_quorum_basis::{QuorumBasisInput, set_quorum_basis};
use asamblea_app::domain::{QuorumBasis, Unchecked};
use axum::extract::State;
use axum::response::Response;

use super::plan::plan_page;
use super::require_registry_manager;
use crate::error::PageError;
use crate::extract::{Form, Path};
use crate::page::PageCtx;
use crate::pages::outcome::redirect_or;
use crate::state::AppState;

#[derive(serde::Deserialize)]
pub struct QuorumBasisForm {
    csrf: String,
    quorum_basis: Unchecked<QuorumBasis>,
}

pub async fn save(
    State(state): State<AppState>,
    page: PageCtx,
    Path(slug): Path<String>,
    Form(f): Form<QuorumBasisForm>,
) -> Result<Response, PageError> {
    let actor = require_registry_manager(&page)?;
    page.check_csrf(&f.csrf)?;
    let input = QuorumBasisInput {
        quorum_basis: f.quorum_basis,
    };
    let result = set_quorum_basis(&state.store, &actor, &slug, input).await;
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
