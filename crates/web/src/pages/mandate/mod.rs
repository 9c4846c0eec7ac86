//! Pages of the mandate and calls to action: the mandate of an assembly (its platform, the
//! ranking of demands with the count's explanation, the demands, and the forms of secretaries
//! and the chair), the platform's exports (JSON, CSV, PDF), the calls of an assembly, a call
//! with its live adherence dashboard and map, and the assembly's Atom feed. Every page works
//! without JavaScript; `/static/live.js` refreshes the dashboard on each act of the assembly.

mod call;
mod calls;
mod exports;
mod feed;
mod forms;
mod mandate_page;

use asamblea_app::actions::registry::may_act_for;
use asamblea_app::domain::{AssemblyId, OrganizationId};
use asamblea_app::queries::assemblies::{AssemblySummary, assembly_by_slug};
use asamblea_app::queries::mandate::base_organizations;
use asamblea_app::{Actor, AppError};
use axum::Router;
use axum::routing::{get, post};

use crate::error::PageError;
use crate::page::PageCtx;
use crate::state::AppState;

pub use calls::announcements_for;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/assemblies/{slug}/mandate", get(mandate_page::show))
        .route("/assemblies/{slug}/mandate/demands", post(forms::submit))
        .route("/assemblies/{slug}/mandate/rank", post(forms::rank))
        .route("/assemblies/{slug}/mandate/merge", post(forms::merge))
        .route("/assemblies/{slug}/mandate/rule", post(forms::rule))
        .route("/assemblies/{slug}/mandate/motion", post(forms::propose))
        .route("/assemblies/{slug}/mandate/platform", post(forms::adopt))
        .route("/assemblies/{slug}/platform.json", get(exports::json))
        .route("/assemblies/{slug}/platform.csv", get(exports::csv))
        .route("/assemblies/{slug}/platform.pdf", get(exports::pdf))
        .route("/assemblies/{slug}/feed.atom", get(feed::atom))
        .route(
            "/assemblies/{slug}/calls",
            get(calls::list).post(forms::issue),
        )
        .route("/assemblies/{slug}/commands", post(forms::command))
        .route("/calls/{id}", get(call::show))
        .route("/calls/{id}/arm", post(forms::arm))
        .route("/calls/{id}/confirm", post(forms::confirm))
        .route("/calls/{id}/escalate", post(forms::escalate))
        .route("/calls/{id}/lift", post(forms::lift))
        .route("/calls/{id}/adherence", post(forms::adherence))
}

/// The assembly `slug`, or a 404 page.
async fn assembly(state: &AppState, slug: &str) -> Result<AssemblySummary, PageError> {
    assembly_by_slug(&state.store, slug)
        .await?
        .ok_or_else(PageError::not_found)
}

/// The assembly's base organizations the reader may act for (their secretaries; administrators:
/// all), for the forms that speak for an organization.
async fn my_organizations(
    state: &AppState,
    page: &PageCtx,
    assembly_id: AssemblyId,
) -> Result<Vec<(OrganizationId, String, String)>, AppError> {
    let Some(user) = page.user.as_ref() else {
        return Ok(Vec::new());
    };
    let actor = Actor::Account(user.clone());
    Ok(base_organizations(&state.store, assembly_id)
        .await?
        .into_iter()
        .filter(|(id, _, _)| may_act_for(&actor, *id))
        .collect())
}

/// The name of a closed-set value in the reader's language (`mandate-<prefix>-<value>`).
pub fn label(page: &PageCtx, prefix: &str, key: &str) -> String {
    page.i18n
        .name_or(&format!("mandate-{prefix}"), &key.replace('_', "-"), key)
}
