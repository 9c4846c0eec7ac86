//! `/boards/{id}`: the public page of a secret election's board (issue 14). Anyone finds a
//! tracking code on it (a GET form, no JavaScript), sees which steps are published, and gets the
//! documents and the record to check with `asamblea verify-election`.

use asamblea_app::queries::boards;
use asamblea_ballot_crypto::board::{Document, Draft};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;

use crate::error::{PageError, render};
use crate::extract::{Path, Query};
use crate::page::PageCtx;
use crate::state::AppState;

#[derive(Deserialize)]
pub struct Lookup {
    code: Option<String>,
}

/// What a tracking-code search found.
pub enum Found {
    NotAsked,
    /// The code is on the board (as typed, lowercased).
    OnBoard(String),
    NotOnBoard(String),
    /// The code is a challenged ballot's: noted, never cast.
    Challenged(String),
}

#[derive(Template)]
#[template(path = "boards/board.html")]
struct BoardPage {
    page: PageCtx,
    id: String,
    draft: Draft,
    /// The board's documents published so far, in the order of the election's steps.
    published: Vec<String>,
    ballots: i64,
    t: i64,
    n: i64,
    has_record: bool,
    /// Credentials issued and no tally yet: voters with a credential vote here (a secret
    /// session vote's board never: its delegates vote on the vote's page).
    box_open: bool,
    found: Found,
    code: String,
    /// The tracking codes of the challenged ballots (they can never be cast).
    challenged: Vec<String>,
}

/// The names of a board's documents for `n` trustees, in the order of the steps.
fn step_names(n: u32) -> Vec<String> {
    let each = |p: &'static str| (1..=n).map(move |i| format!("{p}-{i}"));
    ["election".to_string()]
        .into_iter()
        .chain(each("trustee"))
        .chain(each("dealing"))
        .chain(each("check"))
        .chain(["ceremony", "manifest", "credentials", "tally"].map(String::from))
        .chain(each("share"))
        .chain(["record".to_string()])
        .filter(|name| Document::parse(name).is_some())
        .collect()
}

pub async fn board(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<String>,
    Query(q): Query<Lookup>,
) -> Result<Response, PageError> {
    let body = boards::document(&state.store, &id, "election")
        .await?
        .ok_or_else(PageError::not_found)?;
    let draft: Draft = serde_json::from_str(&body).map_err(|_| PageError::not_found())?;
    let mut published = Vec::new();
    for name in step_names(draft.trustees.n) {
        if boards::document(&state.store, &id, &name).await?.is_some() {
            published.push(name);
        }
    }
    let ballots = boards::ballot_count(&state.store, &id).await?;
    let (t, n) = (i64::from(draft.trustees.t), i64::from(draft.trustees.n));
    let code = q.code.unwrap_or_default().trim().to_ascii_lowercase();
    let challenged = boards::challenged(&state.store, &id).await?;
    let found = if code.is_empty() {
        Found::NotAsked
    } else if challenged.contains(&code) {
        Found::Challenged(code.clone())
    } else if code.len() <= 128
        && boards::ballot_by_tracking_code(&state.store, &id, &code)
            .await?
            .is_some()
    {
        Found::OnBoard(code.clone())
    } else {
        Found::NotOnBoard(code.clone())
    };
    let has_record = published.iter().any(|n| n == "record");
    let box_open =
        published.iter().any(|d| d == "credentials") && !published.iter().any(|d| d == "tally");
    Ok(render(&BoardPage {
        page,
        id,
        draft,
        box_open,
        published,
        ballots,
        t,
        n,
        has_record,
        found,
        code,
        challenged,
    }))
}

/// A question as the vote form shows it.
pub struct QuestionView {
    pub index: usize,
    pub title: String,
    /// `one` (choose one, or blank), `yna` (yes, no or abstain) or `approval`.
    pub kind: &'static str,
    pub max: i64,
    pub choices: Vec<(usize, String)>,
}

#[derive(Template)]
#[template(path = "boards/vote.html")]
struct VotePage {
    page: PageCtx,
    id: String,
    title: String,
    questions: Vec<QuestionView>,
    /// The box is open (a manifest, credentials, no tally).
    open: bool,
    /// The tracking code of the ballot just cast, and whether the voter's device encrypted it
    /// (`ballot_json`) rather than the server.
    cast: Option<(String, bool)>,
    /// The voter's WebAssembly (`crate::encrypt`): with JavaScript the ballot is encrypted on
    /// the device.
    wasm: String,
}

impl VotePage {
    /// Whether field `name` was ticked (`value`) in the refused form.
    fn kept_is(&self, name: &str, value: &str) -> bool {
        self.page.kept(name) == value
    }
}

async fn vote_page(
    state: &AppState,
    page: PageCtx,
    id: String,
    cast: Option<(String, bool)>,
    status: axum::http::StatusCode,
) -> Result<Response, PageError> {
    use asamblea_ballot_crypto::ballot::{Manifest, Method};
    use axum::response::IntoResponse;
    let body = boards::document(&state.store, &id, "election")
        .await?
        .ok_or_else(PageError::not_found)?;
    let draft: Draft = serde_json::from_str(&body).map_err(|_| PageError::not_found())?;
    let manifest = boards::document(&state.store, &id, "manifest").await?;
    let open = manifest
        .as_deref()
        .and_then(|m| serde_json::from_str::<Manifest>(m).ok())
        .is_some()
        && boards::document(&state.store, &id, "credentials")
            .await?
            .is_some()
        && boards::document(&state.store, &id, "tally")
            .await?
            .is_none();
    let questions = draft
        .questions
        .iter()
        .enumerate()
        .map(|(index, q)| {
            let (kind, max) = match q.method {
                Method::ChooseOne => ("one", 1),
                Method::YesNoAbstain => ("yna", 1),
                Method::Approval { max } => ("approval", i64::from(max)),
            };
            QuestionView {
                index,
                title: q.title.clone(),
                kind,
                max,
                choices: q.choices.iter().cloned().enumerate().collect(),
            }
        })
        .collect();
    let mut r = render(&VotePage {
        page,
        id,
        title: draft.title,
        questions,
        open,
        cast,
        wasm: crate::encrypt::wasm_path(),
    });
    if status != axum::http::StatusCode::OK {
        r = (status, r).into_response();
    }
    Ok(crate::encrypt::allow_wasm(r))
}

pub async fn vote_form(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    vote_page(&state, page, id, None, axum::http::StatusCode::OK).await
}

/// The choices of a posted vote form: per question, 0 or 1 per choice (`q_I` = the chosen
/// choice's index or `blank`; approval: `q_I_K` = `1` for each choice ticked).
fn selections(draft: &Draft, fields: &[(String, String)]) -> Vec<Vec<u64>> {
    let get = |name: &str| {
        fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    draft
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let picked = get(&format!("q_{i}")).and_then(|v| v.parse::<usize>().ok());
            (0..q.choices.len())
                .map(|k| {
                    let ticked = picked == Some(k) || get(&format!("q_{i}_{k}")) == Some("1");
                    u64::from(ticked)
                })
                .collect()
        })
        .collect()
}

pub async fn vote(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<String>,
    crate::extract::Form(fields): crate::extract::Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    use asamblea_app::actions::boards::BoardError;
    use asamblea_app::actions::boards::cast_board_ballot::{cast_board_ballot, encrypt_and_cast};
    use asamblea_ballot_crypto::ballot::Ballot;
    use axum::http::StatusCode;
    let field = |name: &str| {
        fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    };
    page.check_csrf(field("csrf"))?;
    let body = boards::document(&state.store, &id, "election")
        .await?
        .ok_or_else(PageError::not_found)?;
    let draft: Draft = serde_json::from_str(&body).map_err(|_| PageError::not_found())?;
    // With JavaScript the device encrypted the ballot (static/encrypt.js): it comes alone, in
    // `ballot_json`, and the board checks it as any ballot. Without, the server encrypts.
    let by_device = !field("ballot_json").is_empty();
    let cast = match field("ballot_json") {
        "" => {
            let sel = selections(&draft, &fields);
            encrypt_and_cast(&state.store, &id, field("credential"), &sel).await
        }
        json => match serde_json::from_str::<Ballot>(json) {
            Ok(ballot) => cast_board_ballot(&state.store, &id, &ballot).await,
            Err(e) => Err(BoardError::Refused(e.to_string())),
        },
    };
    match cast {
        Ok(code) => vote_page(&state, page, id, Some((code, by_device)), StatusCode::OK).await,
        Err(e) => {
            let (status, message) = match e {
                BoardError::App(e) => {
                    let r = crate::pages::outcome::refusal(&page, e)?;
                    (r.status, r.message)
                }
                BoardError::Refused(why) => (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    format!("{} {why}", page.i18n.t("error-board-refused")),
                ),
            };
            let mut page = page.keep(
                fields
                    .iter()
                    .filter(|(n, _)| n != "csrf" && n != "ballot_json")
                    .map(|(n, v)| (n.as_str(), Some(v.as_str()))),
            );
            page.error = Some(message);
            vote_page(&state, page, id, None, status).await
        }
    }
}
