//! `/delegates/{id}`: a delegate's public history, built from the acts of the record that name
//! them. The organization's secretary recalls from here (by its governing body's decision, or by
//! opening a vote of the members); the credentials commission accepts, rejects and prints cards.

use asamblea_app::actions::accounts::replace_card::ApprovePickup;
use asamblea_app::actions::delegates::accredit_delegate::accredit_delegate;
use asamblea_app::actions::delegates::issue_delegate_card::issue_delegate_card;
use asamblea_app::actions::delegates::open_recall_vote::open_recall_vote;
use asamblea_app::actions::delegates::recall_delegate::{members_vote_of, recall_delegate};
use asamblea_app::actions::delegates::reject_delegate::reject_delegate;
use asamblea_app::actions::delegates::{Offices, may_decide_credentials, may_manage_delegation};
use asamblea_app::domain::{DelegateId, DelegateStatus, ElectionId, RecallBy};
use asamblea_app::queries::assemblies::time_zone_of;
use asamblea_app::queries::delegates::delegates::{DelegateView, delegate, delegate_history};
use asamblea_app::queries::delegates::elections::recall_by;
use asamblea_app::{Actor, AppError};
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::{label, position_label};
use crate::error::{PageError, render};
use crate::extract::{Form, Path};
use crate::page::PageCtx;
use crate::pages::outcome::redirect_or;
use crate::state::AppState;

pub struct Step {
    pub position: i64,
    pub at: String,
    pub what: String,
    pub detail: String,
    pub hash: String,
}

#[derive(Template)]
#[template(path = "delegates/delegate.html")]
struct DelegatePage {
    page: PageCtx,
    d: DelegateView,
    position: String,
    status: String,
    /// Why the delegate has that status (a recall's reference), as a reader reads it; empty if
    /// none.
    status_reason: String,
    /// The members' vote that recalled the delegate, linked from [`DelegatePage::status_reason`].
    recalled_by_vote: Option<ElectionId>,
    steps: Vec<Step>,
    /// The secretary's recall form, by how the organization recalls.
    recall: Option<RecallBy>,
    /// The reader sits on the credentials commission and the delegate is accredited: the form
    /// to approve a new card's pickup number.
    commission: bool,
    error: Option<String>,
    /// Calls and platforms announced to the delegate's organization (the mandate area's block).
    announcements: String,
}

#[derive(Template)]
#[template(path = "delegates/card.html")]
struct CardPage {
    page: PageCtx,
    d: DelegateView,
    badge: String,
}

async fn render_page(
    state: &AppState,
    page: PageCtx,
    id: DelegateId,
    error: Option<String>,
) -> Result<Response, PageError> {
    let d = delegate(&state.store, id)
        .await?
        .ok_or_else(PageError::not_found)?;
    let history = delegate_history(&state.store, &d).await?;
    let zone = time_zone_of(&state.store, d.assembly_id).await?;
    let steps = history
        .into_iter()
        .map(|h| {
            let detail = step_detail(&page, &h.payload);
            Step {
                position: h.position,
                at: page.i18n.date_time(&h.recorded_at, &zone),
                what: history_label(&page, &h.kind),
                detail,
                hash: h.hash,
            }
        })
        .collect();
    let actor = page.user.clone().map(Actor::Account);
    let may_recall = d.status.holds_mandate()
        && actor
            .as_ref()
            .is_some_and(|a| may_manage_delegation(a, d.organization_id));
    let commission = match &actor {
        Some(a) => may_decide_credentials(&Offices::of(&state.store, a, d.assembly_id).await?),
        None => false,
    } && d.status == DelegateStatus::Accredited;
    let recall = if may_recall {
        Some(recall_by(&state.store, d.organization_id).await?)
    } else {
        None
    };
    let status = if error.is_some() {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        axum::http::StatusCode::OK
    };
    let announcements =
        crate::pages::mandate::announcements_for(state, &page, d.organization_id).await?;
    Ok((
        status,
        render(&DelegatePage {
            announcements,
            position: position_label(&page, &d),
            status: label(&page, "dlg-status", d.status.as_str()),
            status_reason: d
                .status_reason
                .as_deref()
                .map(|r| reference_label(&page, r))
                .unwrap_or_default(),
            recalled_by_vote: d.status_reason.as_deref().and_then(members_vote_of),
            page,
            d,
            steps,
            recall,
            commission,
            error,
        }),
    )
        .into_response())
}

pub async fn show(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<DelegateId>,
) -> Result<Response, PageError> {
    render_page(&state, page, id, None).await
}

async fn outcome<T>(
    state: &AppState,
    page: PageCtx,
    id: DelegateId,
    r: Result<T, AppError>,
) -> Result<Response, PageError> {
    redirect_or(
        page,
        r,
        &format!("/delegates/{id}"),
        async |page, refusal| render_page(state, page, id, Some(refusal.message)).await,
    )
    .await
}

async fn card_page(
    state: &AppState,
    page: PageCtx,
    id: DelegateId,
    badge: String,
) -> Result<Response, PageError> {
    let d = delegate(&state.store, id)
        .await?
        .ok_or_else(PageError::not_found)?;
    Ok(render(&CardPage { page, d, badge }))
}

#[derive(Deserialize)]
pub struct ReasonForm {
    csrf: String,
    #[serde(default)]
    reason: String,
}

/// Accepts the credential; the card to print (name and badge number, no login code) is shown.
pub async fn accredit(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<DelegateId>,
    Form(f): Form<ReasonForm>,
) -> Result<Response, PageError> {
    let actor = page.form_actor(&f.csrf)?;
    match accredit_delegate(&state.store, &actor, id, &f.reason).await {
        Ok(a) => card_page(&state, page, id, a.badge).await,
        Err(e) => outcome(&state, page, id, Err::<(), _>(e)).await,
    }
}

pub async fn reject(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<DelegateId>,
    Form(f): Form<ReasonForm>,
) -> Result<Response, PageError> {
    let actor = page.form_actor(&f.csrf)?;
    let r = reject_delegate(&state.store, &actor, id, &f.reason).await;
    outcome(&state, page, id, r).await
}

#[derive(Deserialize)]
pub struct CsrfOnly {
    csrf: String,
}

#[derive(Deserialize)]
pub struct PickupForm {
    csrf: String,
    pickup: String,
}

/// Replaces the delegate's card: approves the pickup number their phone shows. The commission
/// never sees the new login code.
pub async fn card(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<DelegateId>,
    Form(f): Form<PickupForm>,
) -> Result<Response, PageError> {
    let actor = page.form_actor(&f.csrf)?;
    let input = ApprovePickup {
        pickup: f.pickup.clone(),
    };
    match issue_delegate_card(&state.store, &actor, id, &input).await {
        Ok(_) => render_page(&state, page.with_notice("card-replaced-done"), id, None).await,
        Err(e) => {
            let page = page.keep([("pickup", Some(f.pickup.as_str()))]);
            outcome(&state, page, id, Err::<(), _>(e)).await
        }
    }
}

#[derive(Deserialize)]
pub struct RecallForm {
    csrf: String,
    reference: String,
}

pub async fn recall(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<DelegateId>,
    Form(f): Form<RecallForm>,
) -> Result<Response, PageError> {
    let actor = page.form_actor(&f.csrf)?;
    let r = recall_delegate(&state.store, &actor, id, &f.reference).await;
    outcome(&state, page, id, r).await
}

pub async fn recall_vote(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<DelegateId>,
    Form(f): Form<CsrfOnly>,
) -> Result<Response, PageError> {
    let actor = page.form_actor(&f.csrf)?;
    match open_recall_vote(&state.store, &actor, id).await {
        Ok(eid) => Ok(crate::pages::see_other(&format!("/elections/{eid}"))),
        Err(e) => outcome(&state, page, id, Err::<(), _>(e)).await,
    }
}

/// An act in a delegate's history: the delegate-centred phrase where there is one
/// ("Registrado como delegado"), else the record's sentence for the act kind, never a raw key.
fn history_label(page: &PageCtx, kind: &str) -> String {
    let own = format!("dlg-act-{}", kind.replace(['.', '_'], "-"));
    if page.i18n.has(&own) {
        return page.i18n.t(&own);
    }
    page.i18n.act_sentence(kind)
}

/// What a history step adds to its act's name: the reference or reason written with it, and by
/// which way it was done (`via`, named in the reader's language).
fn step_detail(page: &PageCtx, payload: &serde_json::Value) -> String {
    let text = |k: &str| {
        payload
            .get(k)
            .and_then(|v| v.as_str())
            .filter(|s| !s.is_empty())
    };
    let reference = text("reference").map(|r| reference_label(page, r));
    let reason = text("reason").map(str::to_string);
    let via = text("via").map(|v| label(page, "dlg-via", v));
    [reference, reason, via]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ")
}

/// A recall's reference as a reader reads it: the one its secretary wrote, or, for a recall
/// carried by the members' vote, that vote ([`members_vote_of`]).
fn reference_label(page: &PageCtx, reference: &str) -> String {
    match members_vote_of(reference) {
        Some(id) => page
            .i18n
            .t_args("dlg-reference-election", &[("id", id.get().into())]),
        None => reference.to_string(),
    }
}
