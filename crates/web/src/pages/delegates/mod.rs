//! Pages of the delegates area, one file per page: voting with a code (`/vote`), elections by the
//! base, the delegates of an assembly with the credentials commission's forms, a delegate's
//! public history, the door (check-in) and the presence list with the quorum.

mod delegate;
mod delegates_list;
mod door;
mod election;
mod elections_list;
mod offices;
mod presence;
mod vote;

use asamblea_app::domain::DelegatePosition;
use asamblea_app::queries::assemblies::{AssemblySummary, assembly_by_slug};
use asamblea_app::queries::delegates::delegates::DelegateView;
use axum::Router;
use axum::routing::{get, post};

use crate::error::PageError;
use crate::page::PageCtx;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/vote", get(vote::form).post(vote::ballot))
        .route("/vote/cast", post(vote::cast))
        .route(
            "/assemblies/{slug}/elections",
            get(elections_list::show).post(elections_list::open),
        )
        .route(
            "/organizations/{id}/recall-method",
            post(elections_list::recall_method),
        )
        .route("/elections/{id}", get(election::show))
        .route("/elections/{id}/candidates", post(election::nominate))
        .route("/elections/{id}/voting", post(election::start))
        .route("/elections/{id}/close", post(election::close))
        .route("/elections/{id}/paper-count", post(election::paper))
        .route("/elections/{id}/cancel", post(election::cancel))
        .route("/assemblies/{slug}/delegates", get(delegates_list::show))
        .route("/assemblies/{slug}/roles", post(delegates_list::roles))
        .route("/assemblies/{slug}/revoke", post(delegates_list::revoke))
        .route("/assemblies/{slug}/offices", get(offices::show))
        .route("/assemblies/{slug}/offices/remove", post(offices::remove))
        .route("/delegates/{id}", get(delegate::show))
        .route("/delegates/{id}/accredit", post(delegate::accredit))
        .route("/delegates/{id}/reject", post(delegate::reject))
        .route("/delegates/{id}/card", post(delegate::card))
        .route("/delegates/{id}/recall", post(delegate::recall))
        .route("/delegates/{id}/recall-vote", post(delegate::recall_vote))
        .route("/assemblies/{slug}/door", get(door::show).post(door::check))
        .route("/assemblies/{slug}/presence", get(presence::show))
        .route("/assemblies/{slug}/door/seat", post(door::seat))
}

pub(crate) async fn assembly(state: &AppState, slug: &str) -> Result<AssemblySummary, PageError> {
    assembly_by_slug(&state.store, slug)
        .await?
        .ok_or_else(PageError::not_found)
}

/// A status, kind or method as the reader's language says it: message `{prefix}-{value}`.
pub(crate) fn label(page: &PageCtx, prefix: &str, value: &str) -> String {
    page.i18n
        .t(&format!("{prefix}-{}", value.replace('_', "-")))
}

/// A delegate's position: titular, or substitute with their rank.
pub(crate) fn position_label(page: &PageCtx, d: &DelegateView) -> String {
    match (d.position, d.substitute_rank) {
        (DelegatePosition::Substitute, Some(r)) => page
            .i18n
            .t_args("dlg-position-substitute-rank", &[("rank", r.into())]),
        _ => label(page, "dlg-position", d.position.as_str()),
    }
}
