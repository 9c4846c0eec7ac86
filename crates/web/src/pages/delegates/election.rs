//! `/elections/{id}`: an election by the base. Public: candidates, how many have voted, the
//! result with its rounds, the digest of the ballot box. For the organization's secretary (or an
//! administrator): nominate (several at once), start the vote (confirmed; the printable list of
//! codes), close, enter a paper count, cancel (with a reason). A member with an account may
//! nominate themself.

use asamblea_app::actions::delegates::cancel_election::{CancelElection, cancel_election};
use asamblea_app::actions::delegates::close_election::close_election;
use asamblea_app::actions::delegates::enter_paper_count::{
    PaperCount, PaperLine, enter_paper_count,
};
use asamblea_app::actions::delegates::may_manage_delegation;
use asamblea_app::actions::delegates::nominate_candidate::nominate_candidates;
use asamblea_app::actions::delegates::start_voting::{VotingCode, start_voting};
use asamblea_app::domain::{CandidateId, ElectionId, ElectionKind, ElectionStatus, MemberId};
use asamblea_app::elections::result::{CountRound, CountTie, ElectionResult, TieBreak};
use asamblea_app::queries::assemblies::time_zone_of;
use asamblea_app::queries::delegates::elections::{
    ElectionSummary, ElectionView, MemberOption, election, nominable_members,
};
use asamblea_app::{Actor, AppError};
use asamblea_rules::count::Step;
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
    /// An election that ended with no valid ballot: nobody elected.
    void_line: Option<String>,
    /// Cancelled: when (local time) and why.
    cancelled: Option<(String, String)>,
    /// What was typed in the paper-count form, by candidate id, shown again on a refusal.
    typed: Vec<(CandidateId, String)>,
    error: Option<String>,
}

impl ElectionPage {
    /// The votes typed for a candidate in the paper-count form (empty at first).
    fn typed_votes(&self, id: &CandidateId) -> &str {
        self.typed
            .iter()
            .find(|(c, _)| c == id)
            .map_or("", |(_, v)| v.as_str())
    }
}

/// What a refused form gives back to the page: the message and what was typed.
#[derive(Default)]
struct Refused {
    error: Option<String>,
    typed: Vec<(CandidateId, String)>,
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
    refused: Refused,
) -> Result<Response, PageError> {
    let Refused { error, typed } = refused;
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
    let mut void_line = None;
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
                    action: round_action(&page, round),
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
            ties.extend(r.ties.iter().map(|t| tie_line(&page, &t.tie, &t.seed)));
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
        Some(ElectionResult::Void(r)) => {
            void_line = Some(page.i18n.t_args(
                "dlg-result-void",
                &[(
                    "ballots",
                    i64::try_from(r.ballots).unwrap_or(i64::MAX).into(),
                )],
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
    let cancelled = match (&e.summary.cancelled_at, &e.summary.cancel_reason) {
        (Some(at), reason) => {
            let zone = time_zone_of(&state.store, e.summary.assembly_id).await?;
            Some((
                page.i18n.date_time(at, &zone),
                reason.clone().unwrap_or_default(),
            ))
        }
        _ => None,
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
            status: election_status(&page, &e.summary),
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
            void_line,
            cancelled,
            typed,
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
    render_page(&state, page, id, Refused::default()).await
}

/// An election's status in the reader's language; "cancelled" once cancelled; "counting" while
/// an encrypted election waits for its trustees (closed, no result yet).
pub fn election_status(page: &PageCtx, e: &ElectionSummary) -> String {
    if e.cancelled_at.is_some() {
        page.i18n.t("dlg-election-status-cancelled")
    } else if e.counting.is_some() && e.result.is_none() {
        page.i18n.t("dlg-election-status-counting")
    } else {
        label(page, "dlg-election-status", e.status.as_str())
    }
}

/// Shows domain refusals (conflicts, invalid input) on the election page itself.
async fn outcome<T>(
    state: &AppState,
    page: PageCtx,
    id: ElectionId,
    r: Result<T, AppError>,
) -> Result<Response, PageError> {
    outcome_typed(state, page, id, r, Vec::new()).await
}

/// [`outcome`], giving back what was typed in the paper-count form on a refusal.
async fn outcome_typed<T>(
    state: &AppState,
    page: PageCtx,
    id: ElectionId,
    r: Result<T, AppError>,
    typed: Vec<(CandidateId, String)>,
) -> Result<Response, PageError> {
    redirect_or(
        page,
        r,
        &format!("/elections/{id}"),
        async |page, refusal| {
            let refused = Refused {
                error: Some(refusal.message),
                typed,
            };
            render_page(state, page, id, refused).await
        },
    )
    .await
}

/// The value of a form field (the first one of that name), or "".
fn field<'a>(fields: &'a [(String, String)], name: &str) -> &'a str {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
}

/// Nominates the members ticked (`member_id`, repeated; nobody is ticked at first), all at once.
pub async fn nominate(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<ElectionId>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let actor = page.form_actor(field(&fields, "csrf"))?;
    let mut members = Vec::new();
    for (k, v) in &fields {
        if k == "member_id" {
            match v.trim().parse::<MemberId>() {
                Ok(m) => members.push(m),
                Err(_) => {
                    let r = Err::<(), _>(AppError::invalid("member_id", "error-not-found"));
                    return outcome(&state, page, id, r).await;
                }
            }
        }
    }
    let r = nominate_candidates(&state.store, &actor, id, &members).await;
    outcome(&state, page, id, r).await
}

#[derive(Deserialize)]
pub struct CsrfOnly {
    csrf: String,
}

#[derive(Deserialize)]
pub struct StartForm {
    csrf: String,
    /// The box "nominations close and codes are handed out", ticked.
    #[serde(default)]
    confirm: Option<String>,
}

/// Starts the vote (once its box is ticked) and shows the codes, once, to print.
pub async fn start(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<ElectionId>,
    Form(f): Form<StartForm>,
) -> Result<Response, PageError> {
    let actor = page.form_actor(&f.csrf)?;
    let confirm = f.confirm.is_some_and(|c| !c.is_empty());
    match start_voting(&state.store, &actor, id, confirm).await {
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

#[derive(Deserialize)]
pub struct CancelForm {
    csrf: String,
    reason: String,
}

/// Cancels the election with its reason.
pub async fn cancel(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<ElectionId>,
    Form(f): Form<CancelForm>,
) -> Result<Response, PageError> {
    let actor = page.form_actor(&f.csrf)?;
    let r = cancel_election(
        &state.store,
        &actor,
        id,
        CancelElection { reason: f.reason },
    )
    .await;
    outcome(&state, page, id, r).await
}

/// Paper count: fields `votes_<candidate>`, in any order (the result orders them by votes; a tie
/// at a cut is drawn by lot). A box left empty leaves that candidate out; a value that is not a
/// whole number is refused, and the form comes back with what was typed.
pub async fn paper(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<ElectionId>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let actor = page.form_actor(field(&fields, "csrf"))?;
    let mut lines: Vec<PaperLine> = Vec::new();
    let mut typed = Vec::new();
    let mut bad = false;
    for (k, v) in &fields {
        let Some(candidate_id) = k
            .strip_prefix("votes_")
            .and_then(|c| c.parse::<CandidateId>().ok())
        else {
            continue;
        };
        typed.push((candidate_id, v.chars().take(20).collect()));
        if v.trim().is_empty() {
            continue;
        }
        match v.trim().parse::<i64>() {
            Ok(votes) => lines.push(PaperLine {
                candidate_id,
                votes,
            }),
            Err(_) => bad = true,
        }
    }
    let r = if bad {
        Err(AppError::invalid("lines", "dlg-error-paper-count"))
    } else {
        enter_paper_count(&state.store, &actor, id, PaperCount { lines }).await
    };
    outcome_typed(&state, page, id, r, typed).await
}

/// A count round's step in the reader's language: each step of the count engine
/// (`asamblea_rules::count::Step`) has a message (`dlg-round-*`), with the candidate's name where
/// the step names one. A result published before steps were stored shows the count's words.
fn round_action(page: &PageCtx, round: &CountRound) -> String {
    let Some(step) = round.step else {
        return round.action.clone();
    };
    let (key, candidate) = step_message(step);
    match candidate {
        Some(c) => {
            let name = round
                .tallies
                .get(c as usize)
                .map(|t| t.name.clone())
                .unwrap_or_default();
            page.i18n.t_args(key, &[("name", name.into())])
        }
        None => page.i18n.t(key),
    }
}

/// The message of a count step, and the candidate (an index into the round's tallies) it names.
fn step_message(step: Step) -> (&'static str, Option<u32>) {
    let key = match step {
        Step::FirstPreferences => "dlg-round-first-preferences",
        Step::BlockVote => "dlg-round-block-vote",
        Step::Approvals => "dlg-round-approvals",
        Step::FirstRoundMajority => "dlg-round-first-round-majority",
        Step::FirstRoundSoleCandidate => "dlg-round-first-round-sole",
        Step::FirstRoundRunoffNeeded => "dlg-round-first-round-runoff",
        Step::Majority => "dlg-round-majority",
        Step::LastCandidate => "dlg-round-last-candidate",
        Step::LowestExcluded => "dlg-round-lowest-excluded",
        Step::ReachQuota => "dlg-round-reach-quota",
        Step::OmegaLowestDefeated => "dlg-round-omega-defeated",
        Step::StableLowestDefeated => "dlg-round-stable-defeated",
        Step::FillRemaining | Step::ContinuingFillRemaining => "dlg-round-fill-remaining",
        Step::StrongestPath => "dlg-round-strongest-path",
        Step::Surplus(c) => return ("dlg-round-surplus", Some(c)),
        Step::Excluded(c) => return ("dlg-round-excluded", Some(c)),
    };
    (key, None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{I18n, Lang};

    /// Every step of the count engine reads as a sentence in Spanish and in English, the
    /// candidate's name in it where the step names one.
    #[test]
    fn every_count_step_has_a_message_in_both_languages() {
        let steps = [
            Step::FirstPreferences,
            Step::BlockVote,
            Step::Approvals,
            Step::FirstRoundMajority,
            Step::FirstRoundSoleCandidate,
            Step::FirstRoundRunoffNeeded,
            Step::Majority,
            Step::LastCandidate,
            Step::LowestExcluded,
            Step::ReachQuota,
            Step::OmegaLowestDefeated,
            Step::StableLowestDefeated,
            Step::FillRemaining,
            Step::ContinuingFillRemaining,
            Step::StrongestPath,
            Step::Surplus(0),
            Step::Excluded(0),
        ];
        for lang in [Lang::Es, Lang::En] {
            let i18n = I18n::new(lang);
            for step in steps {
                let (key, candidate) = step_message(step);
                let text = i18n.t_args(key, &[("name", "Rosa Condori".into())]);
                assert!(text != key && !text.is_empty(), "{lang:?} {key}");
                assert_eq!(text.contains("Rosa Condori"), candidate.is_some(), "{text}");
            }
        }
    }
}
