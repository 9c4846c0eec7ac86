//! `/elections/{id}`: an election by the base. Public: candidates, how many have voted, the
//! result with its rounds, the digest of the ballot box. For the organization's secretary (or an
//! administrator): nominate, start the vote (the printable list of codes), close, enter a paper
//! count. A member with an account may nominate themself.

use asamblea_app::actions::delegates::close_election::close_election;
use asamblea_app::actions::delegates::enter_paper_count::{
    PaperCount, PaperLine, enter_paper_count,
};
use asamblea_app::actions::delegates::may_manage_delegation;
use asamblea_app::actions::delegates::nominate_candidate::{Nomination, nominate_candidate};
use asamblea_app::actions::delegates::start_voting::{VotingCode, start_voting};
use asamblea_app::domain::{CandidateId, ElectionId, ElectionKind, ElectionStatus, MemberId};
use asamblea_app::elections::result::{CountTie, ElectionResult, TieBreak};
use asamblea_app::queries::delegates::elections::{
    ElectionView, MemberOption, election, nominable_members,
};
use asamblea_app::{Actor, AppError};
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::label;
use crate::error::{PageError, render};
use crate::extract::{Form, Path};
use crate::page::PageCtx;
use crate::pages::outcome::redirect_or;
use crate::state::AppState;

/// A tie of a count in the reader's language: "Ronda 2: empate entre A y B; decidido por sorteo
/// (semilla …): B".
fn tie_line(page: &PageCtx, t: &CountTie, seed: &str) -> String {
    let key = match t.resolved_by {
        TieBreak::Lot => "dlg-election-tie-lot",
        TieBreak::EarlierStage => "dlg-election-tie-earlier",
    };
    page.i18n.t_args(
        key,
        &[
            ("round", (t.round as i64).into()),
            ("between", t.between.join(", ").into()),
            ("chosen", t.chosen.clone().into()),
            ("seed", seed.to_string().into()),
        ],
    )
}

pub struct RoundView {
    pub n: usize,
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
    me_member: Option<MemberId>,
    names: Vec<String>,
    rounds: Vec<RoundView>,
    /// Every tie of the counts, in words: the round, who tied, how it was broken (by lot: the
    /// seed) and who was chosen.
    ties: Vec<String>,
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
    id: ElectionId,
    organization: String,
    codes: Vec<VotingCode>,
}

fn names_of(e: &ElectionView, ids: &[CandidateId]) -> Vec<String> {
    ids.iter()
        .map(|id| {
            e.candidates
                .iter()
                .find(|c| c.id == *id)
                .map(|c| c.name.clone())
                .unwrap_or_default()
        })
        .collect()
}

async fn render_page(
    state: &AppState,
    page: PageCtx,
    id: ElectionId,
    error: Option<String>,
) -> Result<Response, PageError> {
    let e = election(&state.store, id)
        .await?
        .ok_or_else(PageError::not_found)?;
    let manager = page
        .user
        .clone()
        .map(Actor::Account)
        .is_some_and(|a| may_manage_delegation(&a, e.summary.organization_id));
    // Only members who may still be nominated: not candidates already, holding no delegate place.
    let all_members = if page.user.is_some() {
        nominable_members(&state.store, e.summary.id).await?
    } else {
        Vec::new()
    };
    let me_member = page.user.as_ref().and_then(|u| {
        all_members
            .iter()
            .find(|m| m.account_id == Some(u.id))
            .map(|m| m.id)
    });
    let members = if manager { all_members } else { Vec::new() };
    let names: Vec<String> = e.candidates.iter().map(|c| c.name.clone()).collect();
    let mut rounds = Vec::new();
    let mut ties = Vec::new();
    let mut paper = Vec::new();
    let mut recall_line = None;
    match &e.result {
        Some(ElectionResult::Counted(r)) => {
            for round in &r.count.rounds {
                let cells = e
                    .candidates
                    .iter()
                    .map(|c| {
                        round
                            .tallies
                            .iter()
                            .find(|t| t.candidate_id == c.id)
                            .map(|t| t.votes.clone())
                            .unwrap_or_default()
                    })
                    .collect();
                rounds.push(RoundView {
                    n: round.round,
                    action: round_action(&page, &round.action, &names),
                    cells,
                    elected: round.elected.join(", "),
                });
            }
            for count in std::iter::once(&r.count).chain(&r.substitute_counts) {
                ties.extend(count.ties.iter().map(|t| tie_line(&page, t, &count.seed)));
            }
        }
        Some(ElectionResult::Paper(r)) => {
            paper = r.paper.iter().map(|l| (l.name.clone(), l.votes)).collect();
        }
        Some(ElectionResult::Recall(r)) => {
            recall_line = Some(page.i18n.t_args(
                if r.passed {
                    "dlg-recall-result-carried"
                } else {
                    "dlg-recall-result-lost"
                },
                &[
                    ("yes", i64::from(r.yes).into()),
                    ("no", i64::from(r.no).into()),
                ],
            ));
        }
        None => {}
    }
    let (titular, substitutes) = match &e.result {
        Some(r) => {
            let (t, s) = r.elected();
            (names_of(&e, t), names_of(&e, s))
        }
        None => (Vec::new(), Vec::new()),
    };
    let status = if error.is_some() {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        axum::http::StatusCode::OK
    };
    Ok((
        status,
        render(&ElectionPage {
            kind: label(&page, "dlg-election-kind", e.summary.kind.as_str()),
            status: label(&page, "dlg-election-status", e.summary.status.as_str()),
            method: label(&page, "dlg-method", e.summary.method.as_str()),
            page,
            e,
            manager,
            members,
            me_member,
            names,
            rounds,
            ties,
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
    Path(id): Path<ElectionId>,
) -> Result<Response, PageError> {
    render_page(&state, page, id, None).await
}

/// Shows domain refusals (conflicts, invalid input) on the election page itself.
async fn outcome<T>(
    state: &AppState,
    page: PageCtx,
    id: ElectionId,
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
    member_id: MemberId,
}

pub async fn nominate(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<ElectionId>,
    Form(f): Form<NominateForm>,
) -> Result<Response, PageError> {
    let actor = page.form_actor(&f.csrf)?;
    let nomination = Nomination {
        member_id: f.member_id,
    };
    let r = nominate_candidate(&state.store, &actor, id, nomination).await;
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
    Path(id): Path<ElectionId>,
    Form(f): Form<CsrfOnly>,
) -> Result<Response, PageError> {
    let actor = page.form_actor(&f.csrf)?;
    match start_voting(&state.store, &actor, id).await {
        Ok(codes) => {
            let organization = election(&state.store, id)
                .await?
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
    Path(id): Path<ElectionId>,
    Form(f): Form<CsrfOnly>,
) -> Result<Response, PageError> {
    let actor = page.form_actor(&f.csrf)?;
    let r = close_election(&state.store, &actor, id).await;
    outcome(&state, page, id, r).await
}

/// Paper count: fields `votes_<candidate>`; the order of the result is by votes, highest first.
pub async fn paper(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<ElectionId>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let csrf = fields
        .iter()
        .find(|(k, _)| k == "csrf")
        .map(|(_, v)| v.as_str())
        .unwrap_or("");
    let actor = page.form_actor(csrf)?;
    let mut lines: Vec<PaperLine> = Vec::new();
    for (k, v) in &fields {
        if let Some(c) = k.strip_prefix("votes_")
            && let (Ok(candidate_id), Ok(votes)) =
                (c.parse::<CandidateId>(), v.trim().parse::<i64>())
        {
            lines.push(PaperLine {
                candidate_id,
                votes,
            });
        }
    }
    lines.sort_by_key(|l| std::cmp::Reverse(l.votes));
    let r = enter_paper_count(&state.store, &actor, id, PaperCount { lines }).await;
    outcome(&state, page, id, r).await
}

/// A count round's step in the reader's language. The count (`asamblea-rules`) names its steps
/// in English words; each known one has a message (`dlg-round-*`), with the candidate's name
/// where the step names one. An unknown step is shown as the count wrote it.
fn round_action(page: &PageCtx, action: &str, names: &[String]) -> String {
    let fixed = [
        ("first preferences", "dlg-round-first-preferences"),
        ("candidates reach the quota", "dlg-round-reach-quota"),
        (
            "continuing candidates fill the remaining seats",
            "dlg-round-fill-remaining",
        ),
        (
            "remaining candidates fill the remaining seats",
            "dlg-round-fill-remaining",
        ),
        ("no majority: lowest excluded", "dlg-round-lowest-excluded"),
        (
            "pairwise wins by strongest path",
            "dlg-round-strongest-path",
        ),
    ];
    if let Some((_, key)) = fixed.iter().find(|(a, _)| *a == action) {
        return page.i18n.t(key);
    }
    let named = |key: &str, name: &str| {
        names
            .iter()
            .any(|n| n == name)
            .then(|| page.i18n.t_args(key, &[("name", name.to_string().into())]))
    };
    if let Some(name) = action
        .strip_prefix("surplus of ")
        .and_then(|r| r.strip_suffix(" transferred"))
        && let Some(t) = named("dlg-round-surplus", name)
    {
        return t;
    }
    if let Some(name) = action.strip_suffix(" excluded")
        && let Some(t) = named("dlg-round-excluded", name)
    {
        return t;
    }
    action.to_string()
}
