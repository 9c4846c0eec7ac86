//! `/assemblies/{slug}/elections`: the elections by the base in an assembly; an organization's
//! secretary (or an administrator) opens one, and sets how the organization recalls.

use asamblea_app::Actor;
use asamblea_app::actions::delegates::may_manage_delegation;
use asamblea_app::actions::delegates::open_election::{NewElection, open_election};
use asamblea_app::actions::delegates::set_recall_method::{RecallMethod, set_recall_method};
use asamblea_app::domain::{ElectionMethod, OrganizationId, RecallBy, Unchecked};
use asamblea_app::queries::delegates::elections::{ElectionSummary, elections, recall_by};
use asamblea_app::queries::seats::seat_report;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::{assembly, label};
use crate::error::{PageError, render};
use crate::extract::{Form, Path};
use crate::page::PageCtx;
use crate::pages::outcome::refusal;
use crate::state::AppState;

pub struct Row {
    pub e: ElectionSummary,
    pub kind: String,
    pub status: String,
}

pub struct OrgOption {
    pub id: OrganizationId,
    pub label: String,
}

#[derive(Template)]
#[template(path = "delegates/elections.html")]
struct ElectionsPage {
    page: PageCtx,
    slug: String,
    name: String,
    rows: Vec<Row>,
    /// Organizations the user may open an election for (with seats here).
    orgs: Vec<OrgOption>,
    methods: Vec<(ElectionMethod, String)>,
    /// The secretary's organization and its recall method.
    recall: Option<(OrganizationId, RecallBy)>,
    recall_choices: Vec<(RecallBy, String)>,
    error: Option<String>,
}

async fn render_page(
    state: &AppState,
    page: PageCtx,
    slug: &str,
    error: Option<String>,
) -> Result<Response, PageError> {
    let a = assembly(state, slug).await?;
    let rows = elections(&state.store, a.id, None)
        .await?
        .into_iter()
        .map(|e| Row {
            kind: label(&page, "dlg-election-kind", e.kind.as_str()),
            status: super::election::election_status(&page, &e),
            e,
        })
        .collect();
    let mut orgs = Vec::new();
    let mut recall = None;
    if let Some(actor) = page.user.clone().map(Actor::Account) {
        let report = seat_report(&state.store, slug).await?;
        for s in report.iter().flat_map(|r| r.sectors.iter()) {
            for o in &s.organizations {
                if may_manage_delegation(&actor, o.id) && o.seats > 0 {
                    orgs.push(OrgOption {
                        id: o.id,
                        label: format!("{} ({})", o.short_name, o.seats),
                    });
                }
            }
        }
        // The form for the organization of one's own account (a secretary's).
        if let Some(org) = actor.account().and_then(|a| a.organization_id)
            && may_manage_delegation(&actor, org)
        {
            let r = recall_by(&state.store, org).await?;
            recall = Some((org, r));
        }
    }
    let methods = ElectionMethod::FOR_DELEGATES
        .iter()
        .map(|m| (*m, label(&page, "dlg-method", m.as_str())))
        .collect();
    let recall_choices = RecallBy::ALL
        .iter()
        .map(|r| (*r, label(&page, "dlg-recall-by", r.as_str())))
        .collect();
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok((
        status,
        render(&ElectionsPage {
            page,
            slug: a.slug,
            name: a.name,
            rows,
            orgs,
            methods,
            recall,
            recall_choices,
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
    render_page(&state, page, &slug, None).await
}

#[derive(Deserialize)]
pub struct OpenForm {
    csrf: String,
    organization_id: OrganizationId,
    method: Unchecked<ElectionMethod>,
    substitutes: i64,
}

pub async fn open(
    State(state): State<AppState>,
    page: PageCtx,
    Path(slug): Path<String>,
    Form(f): Form<OpenForm>,
) -> Result<Response, PageError> {
    let actor = page.form_actor(&f.csrf)?;
    let a = assembly(&state, &slug).await?;
    let input = NewElection {
        assembly_id: a.id,
        organization_id: f.organization_id,
        method: f.method,
        substitutes: f.substitutes,
    };
    match open_election(&state.store, &actor, input).await {
        Ok(id) => Ok(crate::pages::see_other(&format!("/elections/{id}"))),
        Err(e) => {
            let refusal = refusal(&page, e)?;
            render_page(&state, page, &slug, Some(refusal.message)).await
        }
    }
}

#[derive(Deserialize)]
pub struct RecallForm {
    csrf: String,
    recall_by: Unchecked<RecallBy>,
    back: String,
}

pub async fn recall_method(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<OrganizationId>,
    Form(f): Form<RecallForm>,
) -> Result<Response, PageError> {
    let actor = page.form_actor(&f.csrf)?;
    let input = RecallMethod {
        recall_by: f.recall_by,
    };
    set_recall_method(&state.store, &actor, id, input).await?;
    let back = crate::redirect::local_or_home(Some(&f.back));
    Ok(crate::pages::see_other(&back))
}
