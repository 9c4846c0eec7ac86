//! `/vote`: a member votes on their phone with the one-time code from the secretary's list:
//! enter the code, fill the ballot, cast. No login, no JavaScript needed. In an election through
//! an encrypted board the ballot's form is marked `data-encrypt` (`static/encrypt.js`, the board's
//! choices: the candidates by id, a recall's yes = 0 and no = 1): with JavaScript the phone
//! encrypts the marks and posts `ballot_json` alone; without, the server encrypts them (the page
//! says it sees them). The answer shows the tracking code and who encrypted the ballot.

use asamblea_app::actions::delegates::cast_ballot::CastBallot;
use asamblea_app::domain::{BallotStyle, ElectionId, ElectionStatus};
use asamblea_app::queries::delegates::elections::{ElectionView, election, election_for_code};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::error::{PageError, classify, render};
use crate::extract::Form;
use crate::page::PageCtx;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "delegates/vote_code.html")]
struct CodePage {
    page: PageCtx,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "delegates/vote_ballot.html")]
struct BallotPage {
    page: PageCtx,
    code: String,
    e: ElectionView,
    /// What the election decides, in words.
    kind: String,
    style: BallotStyle,
    ranks: Vec<i64>,
    help: String,
    error: Option<String>,
    /// The ballot's idempotency key (`asamblea_app::cast_receipts`), fresh on each render.
    cast_key: String,
    /// The election's encrypted board, if it has one: then the phone may encrypt the ballot.
    board: Option<String>,
    /// The voter's WebAssembly (`crate::encrypt::wasm_path`).
    wasm: String,
    /// The encryption panel's id suffix: none, one ballot on the page.
    encrypt_id: String,
    /// The most candidates a ballot may mark, if the method limits them (the phone refuses
    /// more with the server's message).
    max_marks: Option<i64>,
}

impl BallotPage {
    /// The rank typed for candidate `id` on a refused ballot ("" when none).
    fn kept_rank(&self, id: &asamblea_app::domain::CandidateId) -> &str {
        self.page.kept(&format!("rank_{id}"))
    }

    /// Whether candidate `id` was marked on a refused ballot.
    fn kept_pick(&self, id: &asamblea_app::domain::CandidateId) -> bool {
        !self.page.kept(&format!("pick_{id}")).is_empty()
    }

    /// Candidate `id`'s choice on the election's board: its position among the candidates by id
    /// (`asamblea_app::actions::boards::election_boards`).
    fn board_choice(&self, id: &asamblea_app::domain::CandidateId) -> usize {
        asamblea_app::actions::boards::election_boards::choice_of(
            self.e.candidates.iter().map(|c| c.id),
            *id,
        )
    }
}

#[derive(Template)]
#[template(path = "delegates/vote_done.html")]
struct DonePage {
    page: PageCtx,
    election_id: ElectionId,
    /// The ballot was recorded before (sent again after a lost answer).
    again: bool,
    /// An encrypted election: its board and the ballot's tracking codes there.
    board: Option<String>,
    tracking_codes: Vec<String>,
    /// The ballot came encrypted from the voter's device (`ballot_json`), not from the server.
    by_device: bool,
}

pub async fn form(page: PageCtx) -> Response {
    render(&CodePage { page, error: None })
}

#[derive(Deserialize)]
pub struct CodeForm {
    csrf: String,
    code: String,
}

fn code_error(page: PageCtx, status: StatusCode, key: &str) -> Response {
    let error = Some(page.i18n.t(key));
    (status, render(&CodePage { page, error })).into_response()
}

async fn ballot_page(
    state: &AppState,
    page: PageCtx,
    code: String,
    error: Option<String>,
) -> Result<Response, PageError> {
    let Some((eid, used)) = election_for_code(&state.store, &code).await? else {
        return Ok(code_error(
            page,
            StatusCode::UNAUTHORIZED,
            "dlg-error-voting-code",
        ));
    };
    if used {
        return Ok(code_error(
            page,
            StatusCode::CONFLICT,
            "dlg-error-already-voted",
        ));
    }
    let e = election(&state.store, eid)
        .await?
        .ok_or_else(PageError::not_found)?;
    if e.summary.cancelled_at.is_some() {
        return Ok(code_error(
            page,
            StatusCode::CONFLICT,
            "dlg-error-election-cancelled",
        ));
    }
    if e.summary.status != ElectionStatus::Voting {
        return Ok(code_error(
            page,
            StatusCode::CONFLICT,
            "dlg-error-election-not-voting",
        ));
    }
    let style = e.summary.method.ballot();
    let help = match style {
        BallotStyle::YesNo => "dlg-vote-help-recall".to_string(),
        BallotStyle::Rank => "dlg-vote-help-rank".to_string(),
        // dlg-vote-help-plurality, dlg-vote-help-approval
        BallotStyle::Pick => format!("dlg-vote-help-{}", e.summary.method.as_str()),
    };
    // "Mark up to N" (plurality: the method's limit), never more than there are candidates.
    let max_marks = e.summary.method.max_marks(e.summary.titular_seats);
    let up_to = max_marks
        .unwrap_or(e.summary.titular_seats)
        .min(e.candidates.len() as i64);
    let help = page.i18n.t_args(&help, &[("seats", up_to.into())]);
    let kind = super::label(&page, "dlg-election-kind", e.summary.kind.as_str());
    let ranks = (1..=e.candidates.len() as i64).collect();
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    // Ranked methods never have a board: their ballots stay plaintext.
    let board = e
        .summary
        .board
        .clone()
        .filter(|_| style != BallotStyle::Rank);
    let r = render(&BallotPage {
        page,
        code,
        e,
        kind,
        style,
        ranks,
        help,
        error,
        cast_key: asamblea_app::cast_receipts::new_key(),
        board: board.clone(),
        wasm: crate::encrypt::wasm_path(),
        encrypt_id: String::new(),
        max_marks,
    });
    // Only a ballot that can be encrypted on the phone may compile WebAssembly.
    let r = if board.is_some() {
        crate::encrypt::allow_wasm(r)
    } else {
        r
    };
    Ok((status, r).into_response())
}

/// The code was typed: show the ballot of its election.
pub async fn ballot(
    State(state): State<AppState>,
    page: PageCtx,
    Form(f): Form<CodeForm>,
) -> Result<Response, PageError> {
    page.check_csrf(&f.csrf)?;
    ballot_page(&state, page, f.code.trim().to_string(), None).await
}

/// Cast: fields `rank_<candidate>` (a number), `pick_<candidate>` (a box) or `answer` (yes/no).
pub async fn cast(
    State(state): State<AppState>,
    axum::extract::ConnectInfo(addr): axum::extract::ConnectInfo<std::net::SocketAddr>,
    page: PageCtx,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let get = |k: &str| {
        fields
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    page.check_csrf(&get("csrf"))?;
    let code = get("code");
    // What the voter marked is shown again if the ballot is refused (two candidates ranked 1,
    // a blank vote with marks...): nothing to fill in again.
    let page = page.keep(
        fields
            .iter()
            .filter(|(n, _)| n.starts_with("rank_") || n.starts_with("pick_") || n == "answer")
            .map(|(n, v)| (n.as_str(), Some(v.as_str()))),
    );
    let mut ranked: Vec<(i64, String)> = Vec::new();
    let mut duplicate = false;
    let mut choices: Vec<String> = Vec::new();
    for (name, value) in &fields {
        if let Some(c) = name.strip_prefix("rank_") {
            if let Ok(r) = value.trim().parse::<i64>() {
                duplicate |= ranked.iter().any(|(x, _)| *x == r);
                ranked.push((r, c.to_string()));
            }
        } else if let Some(c) = name.strip_prefix("pick_") {
            choices.push(c.to_string());
        } else if name == "answer" {
            choices.push(value.clone());
        } else if name == "blank" {
            choices.push(asamblea_app::elections::ballot_box::BLANK.to_string());
        }
    }
    if duplicate {
        let msg = Some(page.i18n.t("dlg-error-ballot-same-rank"));
        return ballot_page(&state, page, code, msg).await;
    }
    ranked.sort();
    choices.extend(ranked.into_iter().map(|(_, c)| c));
    let ballot_json = Some(get("ballot_json")).filter(|j| !j.trim().is_empty());
    let by_device = ballot_json.is_some();
    match state
        .member_casts
        .cast(
            CastBallot {
                code: code.clone(),
                choices,
                cast_key: Some(get("cast_key")),
                ballot_json,
            },
            &addr.ip().to_string(),
        )
        .await
    {
        Ok(receipt) => match receipt.election_id {
            Some(election_id) => Ok(render(&DonePage {
                page,
                election_id,
                again: receipt.again,
                board: election(&state.store, election_id)
                    .await?
                    .and_then(|e| e.summary.board),
                tracking_codes: receipt.tracking_codes,
                by_device,
            })),
            None => Err(PageError::not_found()),
        },
        Err(e @ asamblea_app::AppError::Invalid { .. }) => {
            let msg = Some(page.i18n.t(classify(&e).1));
            ballot_page(&state, page, code, msg).await
        }
        Err(e) => {
            let (status, key) = classify(&e);
            Ok(code_error(page, status, key))
        }
    }
}
