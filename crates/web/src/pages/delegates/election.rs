//! `/elections/{id}`: an election by the base. Public: candidates, how many have voted, the
//! result with its rounds, the digest of the ballot box. For the organization's secretary (or an
//! administrator): nominate, start the vote (the printable list of codes), close, enter a paper
//! count. A member with an account may nominate themself.

use asamblea_app::actions::delegates::close_election::close_election;
use asamblea_app::actions::delegates::enter_paper_count::{PaperLine, enter_paper_count};
use asamblea_app::actions::delegates::nominate_candidate::nominate_candidate;
use asamblea_app::actions::delegates::start_voting::{VotingCode, start_voting};
use asamblea_app::queries::delegates::elections::{
    ElectionView, MemberOption, election, organization_members,
};
use asamblea_app::{AppError, Role};
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::Value;

use super::{app_err, label, not_found};
use crate::error::{PageError, render};
use crate::page::PageCtx;
use crate::pages::outcome::redirect_or;
use crate::state::AppState;

pub struct RoundView {
    pub n: i64,
    pub action: String,
    pub cells: Vec<String>,
    pub elected: String,
}

#[derive(Template)]
#[template(path = "delegates/election.html")]
struct ElectionPage {
    page: PageCtx,
    e: ElectionView,
    kind: String,
    status: String,
    method: String,
    manager: bool,
    members: Vec<MemberOption>,
    /// The logged-in member's id in this organization (for self-nomination).
    me_member: Option<i64>,
    names: Vec<String>,
    rounds: Vec<RoundView>,
    titular: Vec<String>,
    substitutes: Vec<String>,
    paper: Vec<(String, i64)>,
    recall_line: Option<String>,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "delegates/codes.html")]
struct CodesPage {
    page: PageCtx,
    id: i64,
    organization: String,
    codes: Vec<VotingCode>,
}

fn names_of(e: &ElectionView, v: Option<&Value>) -> Vec<String> {
    v.and_then(|a| a.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|id| id.as_i64())
                .map(|id| {
                    e.candidates
                        .iter()
                        .find(|c| c.id == id)
                        .map(|c| c.name.clone())
                        .unwrap_or_default()
                })
                .collect()
        })
        .unwrap_or_default()
}

async fn render_page(
    state: &AppState,
    page: PageCtx,
    id: i64,
    error: Option<String>,
) -> Result<Response, PageError> {
    let e = election(&state.store, id)
        .await
        .map_err(app_err(&page))?
        .ok_or_else(|| not_found(&page))?;
    let manager = page.user.as_ref().is_some_and(|u| {
        u.role == Role::Admin
            || (u.role == Role::Secretary
                && u.organization_id.map(i64::from) == Some(e.summary.organization_id))
    });
    let all_members = if page.user.is_some() {
        organization_members(&state.store, e.summary.organization_id)
            .await
            .map_err(app_err(&page))?
    } else {
        Vec::new()
    };
    let me_member = page.user.as_ref().and_then(|u| {
        all_members
            .iter()
            .find(|m| m.account_id == Some(u.id.get()))
            .map(|m| m.id)
    });
    let members = if manager { all_members } else { Vec::new() };
    let names: Vec<String> = e.candidates.iter().map(|c| c.name.clone()).collect();
    let mut rounds = Vec::new();
    let mut paper = Vec::new();
    let mut recall_line = None;
    if let Some(r) = &e.result {
        if let Some(rs) = r["count"]["rounds"].as_array() {
            for round in rs {
                let cells = e
                    .candidates
                    .iter()
                    .map(|c| {
                        round["tallies"]
                            .as_array()
                            .and_then(|t| t.iter().find(|x| x["candidate_id"] == c.id))
                            .and_then(|x| x["votes"].as_str())
                            .unwrap_or("")
                            .to_string()
                    })
                    .collect();
                let elected: Vec<String> = round["elected"]
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(|x| x.as_str().map(String::from))
                            .collect()
                    })
                    .unwrap_or_default();
                rounds.push(RoundView {
                    n: round["round"].as_i64().unwrap_or(0),
                    action: round["action"].as_str().unwrap_or("").to_string(),
                    cells,
                    elected: elected.join(", "),
                });
            }
        }
        if let Some(lines) = r["paper"].as_array() {
            paper = lines
                .iter()
                .map(|l| {
                    (
                        l["name"].as_str().unwrap_or("").to_string(),
                        l["votes"].as_i64().unwrap_or(0),
                    )
                })
                .collect();
        }
        if e.summary.kind == "recall" {
            recall_line = Some(page.i18n.t_args(
                if r["passed"] == true {
                    "dlg-recall-result-carried"
                } else {
                    "dlg-recall-result-lost"
                },
                &[
                    ("yes", r["yes"].as_i64().unwrap_or(0).into()),
                    ("no", r["no"].as_i64().unwrap_or(0).into()),
                ],
            ));
        }
    }
    let titular = names_of(&e, e.result.as_ref().map(|r| &r["titular"]));
    let substitutes = names_of(&e, e.result.as_ref().map(|r| &r["substitutes"]));
    let status = if error.is_some() {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        axum::http::StatusCode::OK
    };
    Ok((
        status,
        render(&ElectionPage {
            kind: label(&page, "dlg-election-kind", &e.summary.kind),
            status: label(&page, "dlg-election-status", &e.summary.status),
            method: label(&page, "dlg-method", &e.summary.method),
            page,
            e,
            manager,
            members,
            me_member,
            names,
            rounds,
            titular,
            substitutes,
            paper,
            recall_line,
            error,
        }),
    )
        .into_response())
}

pub async fn show(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    render_page(&state, page, id, None).await
}

/// Shows domain refusals (conflicts, invalid input) on the election page itself.
async fn outcome<T>(
    state: &AppState,
    page: PageCtx,
    id: i64,
    r: Result<T, AppError>,
) -> Result<Response, PageError> {
    redirect_or(
        page,
        r,
        &format!("/elections/{id}"),
        async |page, refusal| render_page(state, page, id, Some(refusal.message)).await,
    )
    .await
}

#[derive(Deserialize)]
pub struct NominateForm {
    csrf: String,
    member_id: i64,
}

pub async fn nominate(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<i64>,
    Form(f): Form<NominateForm>,
) -> Result<Response, PageError> {
    page.check_csrf(&f.csrf)?;
    let actor = page.actor()?;
    let r = nominate_candidate(&state.store, &actor, id, f.member_id).await;
    outcome(&state, page, id, r).await
}

#[derive(Deserialize)]
pub struct CsrfOnly {
    csrf: String,
}

/// Starts the vote and shows the codes, once, to print.
pub async fn start(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<i64>,
    Form(f): Form<CsrfOnly>,
) -> Result<Response, PageError> {
    page.check_csrf(&f.csrf)?;
    let actor = page.actor()?;
    match start_voting(&state.store, &actor, id).await {
        Ok(codes) => {
            let organization = election(&state.store, id)
                .await
                .map_err(app_err(&page))?
                .map(|e| e.summary.organization)
                .unwrap_or_default();
            Ok(render(&CodesPage {
                page,
                id,
                organization,
                codes,
            }))
        }
        Err(e) => outcome(&state, page, id, Err::<(), _>(e)).await,
    }
}

pub async fn close(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<i64>,
    Form(f): Form<CsrfOnly>,
) -> Result<Response, PageError> {
    page.check_csrf(&f.csrf)?;
    let actor = page.actor()?;
    let r = close_election(&state.store, &actor, id).await;
    outcome(&state, page, id, r).await
}

/// Paper count: fields `votes_<candidate>`; the order of the result is by votes, highest first.
pub async fn paper(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let csrf = fields
        .iter()
        .find(|(k, _)| k == "csrf")
        .map(|(_, v)| v.as_str())
        .unwrap_or("");
    page.check_csrf(csrf)?;
    let actor = page.actor()?;
    let mut lines: Vec<PaperLine> = Vec::new();
    for (k, v) in &fields {
        if let Some(c) = k.strip_prefix("votes_")
            && let (Ok(candidate_id), Ok(votes)) = (c.parse::<i64>(), v.trim().parse::<i64>())
        {
            lines.push(PaperLine {
                candidate_id,
                votes,
            });
        }
    }
    lines.sort_by_key(|l| std::cmp::Reverse(l.votes));
    let r = enter_paper_count(&state.store, &actor, id, lines).await;
    outcome(&state, page, id, r).await
}
