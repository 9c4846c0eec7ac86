//! The form posts of the federation page. Each checks the CSRF token and the login, runs one
//! action and redirects back to the page (303); a refusal (invalid input, or the state moved on)
//! shows the page again with its reason (422, 409); other errors are error pages.

use asamblea_app::AppError;
use asamblea_app::actions::delegates::give_proxy::{GiveProxy, give_proxy as give};
use asamblea_app::actions::delegates::revoke_proxy::revoke_proxy as revoke;
use asamblea_app::actions::federation::accept_forward::{AcceptForward, accept_forward};
use asamblea_app::actions::federation::decide_descent::{DescentInput, decide_descent};
use asamblea_app::actions::federation::decline_forward::{DeclineForward, decline_forward};
use asamblea_app::actions::federation::forward_resolution::forward_resolution;
use asamblea_app::actions::federation::merge_forwards::{MergeForwards, merge_forwards};
use asamblea_app::domain::{
    DelegateId, DescentDecision, ForwardId, ItemId, MotionId, ProxyId, ResolutionId,
};
use axum::Form;
use axum::extract::{Path, State};
use axum::response::Response;

use super::render_federation;
use crate::error::PageError;
use crate::form_fields::{Fields, form_actor, number};
use crate::page::PageCtx;
use crate::pages::delegates::assembly;
use crate::pages::outcome::redirect_or;
use crate::state::AppState;

/// Back to the federation page on success; the page again with the refusal otherwise.
async fn finish<T>(
    state: &AppState,
    page: PageCtx,
    slug: &str,
    r: Result<T, AppError>,
) -> Result<Response, PageError> {
    let back = format!("/assemblies/{slug}/federation");
    redirect_or(page, r, &back, async |page, refusal| {
        render_federation(state, page.with_error(refusal.key), slug, refusal.status).await
    })
    .await
}

pub async fn forward(
    State(state): State<AppState>,
    page: PageCtx,
    Path((slug, resolution)): Path<(String, ResolutionId)>,
    Form(f): Form<Fields>,
) -> Result<Response, PageError> {
    let a = form_actor(&page, &f)?;
    let r = forward_resolution(&state.store, &a, resolution).await;
    finish(&state, page, &slug, r).await
}

/// `POST /assemblies/{slug}/federation/forward-motion/{motion}`: the chair forwards a motion the
/// assembly voted to forward.
pub async fn forward_motion(
    State(state): State<AppState>,
    page: PageCtx,
    Path((slug, motion)): Path<(String, MotionId)>,
    Form(f): Form<Fields>,
) -> Result<Response, PageError> {
    let a = form_actor(&page, &f)?;
    let r =
        asamblea_app::actions::federation::forward_motion::forward_motion(&state.store, &a, motion)
            .await;
    finish(&state, page, &slug, r).await
}

pub async fn accept(
    State(state): State<AppState>,
    page: PageCtx,
    Path((slug, forward)): Path<(String, ForwardId)>,
    Form(f): Form<Fields>,
) -> Result<Response, PageError> {
    let a = form_actor(&page, &f)?;
    let r = match number(&f, "item_id") {
        Some(item) => {
            let input = AcceptForward {
                item_id: ItemId(item),
                version: number(&f, "version"),
            };
            accept_forward(&state.store, &a, forward, input).await
        }
        None => Err(AppError::invalid("item_id", "error-invalid")),
    };
    finish(&state, page, &slug, r).await
}

pub async fn decline(
    State(state): State<AppState>,
    page: PageCtx,
    Path((slug, forward)): Path<(String, ForwardId)>,
    Form(f): Form<Fields>,
) -> Result<Response, PageError> {
    let a = form_actor(&page, &f)?;
    let input = DeclineForward {
        reason: f.get("reason").cloned().unwrap_or_default(),
        version: number(&f, "version"),
    };
    let r = decline_forward(&state.store, &a, forward, input).await;
    let id = forward.to_string();
    let page = page.keep([
        ("decline_for", Some(id.as_str())),
        ("reason", f.get("reason").map(String::as_str)),
    ]);
    finish(&state, page, &slug, r).await
}

pub async fn merge(
    State(state): State<AppState>,
    page: PageCtx,
    Path(slug): Path<String>,
    Form(f): Form<Fields>,
) -> Result<Response, PageError> {
    let a = form_actor(&page, &f)?;
    let mut forward_ids: Vec<ForwardId> = f
        .keys()
        .filter_map(|k| {
            k.strip_prefix("fw-")
                .and_then(|i| i.parse().ok())
                .map(ForwardId)
        })
        .collect();
    forward_ids.sort();
    let ticked: Vec<String> = forward_ids.iter().map(ToString::to_string).collect();
    let page = page
        .keep(ticked.iter().map(|id| ("merge_fw", Some(id.as_str()))))
        .keep([
            ("merge_item_id", f.get("item_id").map(String::as_str)),
            ("title", f.get("title").map(String::as_str)),
            ("body", f.get("body").map(String::as_str)),
        ]);
    let r = match number(&f, "item_id") {
        Some(item) => {
            let input = MergeForwards {
                forward_ids,
                item_id: ItemId(item),
                title: f.get("title").cloned().unwrap_or_default(),
                body: f.get("body").cloned().unwrap_or_default(),
            };
            merge_forwards(&state.store, &a, input).await
        }
        None => Err(AppError::invalid("item_id", "error-invalid")),
    };
    finish(&state, page, &slug, r).await
}

pub async fn descent(
    State(state): State<AppState>,
    page: PageCtx,
    Path((slug, resolution)): Path<(String, ResolutionId)>,
    Form(f): Form<Fields>,
) -> Result<Response, PageError> {
    let a = form_actor(&page, &f)?;
    let id = assembly(&state, &slug).await?.id;
    let r = match f
        .get("decision")
        .and_then(|d| d.parse::<DescentDecision>().ok())
    {
        Some(decision) => {
            let input = DescentInput {
                decision,
                reason: f.get("reason").cloned(),
            };
            decide_descent(&state.store, &a, id, resolution, input).await
        }
        None => Err(AppError::invalid("decision", "error-invalid")),
    };
    finish(&state, page, &slug, r).await
}

pub async fn give_proxy(
    State(state): State<AppState>,
    page: PageCtx,
    Path(slug): Path<String>,
    Form(f): Form<Fields>,
) -> Result<Response, PageError> {
    let a = form_actor(&page, &f)?;
    let id = assembly(&state, &slug).await?.id;
    let r = match number(&f, "holder_id") {
        Some(h) => give(
            &state.store,
            &a,
            id,
            GiveProxy {
                holder_id: DelegateId(h),
            },
        )
        .await
        .map(|_| ()),
        None => Err(AppError::invalid("holder_id", "fed-error-proxy-holder")),
    };
    finish(&state, page, &slug, r).await
}

pub async fn revoke_proxy(
    State(state): State<AppState>,
    page: PageCtx,
    Path((slug, proxy)): Path<(String, ProxyId)>,
    Form(f): Form<Fields>,
) -> Result<Response, PageError> {
    let a = form_actor(&page, &f)?;
    let r = revoke(&state.store, &a, proxy).await;
    finish(&state, page, &slug, r).await
}

/// The reader checks themself in (a substitute may then take an absent titular's seat, where the
/// assembly allows it at check-in).
pub async fn check_in(
    State(state): State<AppState>,
    page: PageCtx,
    Path(slug): Path<String>,
    Form(f): Form<Fields>,
) -> Result<Response, PageError> {
    let a = form_actor(&page, &f)?;
    let id = assembly(&state, &slug).await?.id;
    let account = page.require_user()?.id;
    let r = match asamblea_app::queries::federation::my_seat(&state.store, id, account).await? {
        Some((delegate, _)) => {
            asamblea_app::actions::delegates::check_in::check_in(&state.store, &a, id, delegate)
                .await
        }
        None => Err(AppError::Forbidden),
    };
    finish(&state, page, &slug, r).await
}
