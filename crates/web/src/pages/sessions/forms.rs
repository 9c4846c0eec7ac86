//! The form posts of the sessions pages. Each checks the CSRF token and the login, runs one
//! action, and redirects back (303). A refusal because the state moved on (a stale page, a closed
//! vote or item, a second ballot) answers 409 with the current item page and the reason; an
//! invalid input answers 422 the same way. Any other error is an error page with its own status
//! (`crate::error::classify`): 404 for something that does not exist, 403 for a permission
//! refused, 500 (logged with its cause) for a failure.
//!
//! Closed sets (kinds, methods, majorities, ...) and ids are typed fields: a value that is not
//! one of them is refused when the form is read (422), before any action runs.

use std::str::FromStr;

use asamblea_app::AppError;
use asamblea_app::actions::sessions as act;
use asamblea_app::domain::{
    AmendmentOp, DelegateId, FollowUp, ItemId, MotionId, QuorumRule, QuotaKind, Recommendation,
    ResolutionId, SessionId, SpeakerId, SpeakerKind, VoteId, VoteMajority, VoteMethod, VoteSubject,
};
use asamblea_app::queries::assemblies::assembly_by_slug;
use asamblea_app::queries::sessions::view;
use axum::extract::State;
use axum::response::Response;
use serde::{Deserialize, Deserializer};

use super::item::render_item;
use crate::error::{PageError, render};
use crate::extract::{Form, Path};
use crate::form_fields::{Fields, form_actor};
use crate::page::PageCtx;
use crate::pages::outcome::redirect_or;
use crate::pages::see_other;
use crate::state::AppState;

/// Redirects to `back` on success; on a conflict or invalid input shows item `item` (if any)
/// with the reason; any other error as an error page with its status (500s logged).
async fn finish<T>(
    state: &AppState,
    page: PageCtx,
    r: Result<T, AppError>,
    back: &str,
    item: Option<ItemId>,
) -> Result<Response, PageError> {
    redirect_or(page, r, back, async |page, refusal| match item {
        Some(id) => render_item(state, page.with_error(refusal.key), id, refusal.status).await,
        None => Err(PageError::status(refusal.status, refusal.key)),
    })
    .await
}

fn opt_text(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// A number typed in a field; an empty or unreadable one counts as left out.
fn opt_i64(s: &Option<String>) -> Option<i64> {
    s.as_deref().and_then(|s| s.trim().parse().ok())
}

/// An optional typed field (an id or a name of a closed set): empty is left out, any other value
/// must parse.
fn empty_as_none<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: FromStr,
    T::Err: std::fmt::Display,
{
    match Option::<String>::deserialize(d)?.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => s.parse().map(Some).map_err(serde::de::Error::custom),
    }
}

/// A yes/no field sent as `1` or `0` (the hidden inputs of the move and list buttons).
fn flag<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    match u8::deserialize(d)? {
        0 => Ok(false),
        1 => Ok(true),
        n => Err(serde::de::Error::custom(format!(
            "expected 0 or 1, not {n}"
        ))),
    }
}

async fn item_of_motion(state: &AppState, id: MotionId) -> Result<ItemId, PageError> {
    view::motion(&state.store, id)
        .await?
        .map(|m| m.item_id)
        .ok_or_else(PageError::not_found)
}

#[derive(Deserialize)]
pub struct SessionForm {
    csrf: String,
    title: String,
    planned_at: Option<String>,
    speaking_seconds: Option<String>,
    first_time_first: Option<String>,
    #[serde(default, deserialize_with = "empty_as_none")]
    quota_kind: Option<QuotaKind>,
    quota: Option<String>,
    min_supporters: Option<String>,
}

pub async fn create_session(
    State(state): State<AppState>,
    page: PageCtx,
    Path(slug): Path<String>,
    Form(f): Form<SessionForm>,
) -> Result<Response, PageError> {
    let a = page.form_actor(&f.csrf)?;
    let assembly = assembly_by_slug(&state.store, &slug)
        .await?
        .ok_or_else(PageError::not_found)?;
    let input = act::create_session::NewSession {
        assembly_id: assembly.id,
        title: f.title,
        planned_at: opt_text(&f.planned_at),
        speaking_seconds: opt_i64(&f.speaking_seconds),
        first_time_first: Some(f.first_time_first.is_some()),
        quota_kind: f.quota_kind,
        quota: opt_i64(&f.quota),
        min_supporters: opt_i64(&f.min_supporters),
    };
    match act::create_session::create_session(&state.store, &a, input).await {
        Ok(id) => Ok(see_other(&format!("/sessions/{id}"))),
        Err(e) => Err(PageError::from(e)),
    }
}

#[derive(Deserialize)]
pub struct VersionForm {
    csrf: String,
    version: Option<String>,
}

/// Closing a session: `confirm` is the box the chair ticks when business is pending.
#[derive(Deserialize)]
pub struct CloseForm {
    csrf: String,
    version: Option<String>,
    confirm: Option<String>,
}

pub async fn open_session(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<SessionId>,
    Form(f): Form<VersionForm>,
) -> Result<Response, PageError> {
    let a = page.form_actor(&f.csrf)?;
    let r = act::open_session::open_session(&state.store, &a, id, opt_i64(&f.version)).await;
    finish(&state, page, r, &format!("/sessions/{id}"), None).await
}

pub async fn close_session(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<SessionId>,
    Form(f): Form<CloseForm>,
) -> Result<Response, PageError> {
    let a = page.form_actor(&f.csrf)?;
    let confirm = f.confirm.is_some_and(|c| !c.is_empty());
    let r =
        act::close_session::close_session(&state.store, &a, id, opt_i64(&f.version), confirm).await;
    finish(&state, page, r, &format!("/sessions/{id}"), None).await
}

#[derive(Deserialize)]
pub struct ItemForm {
    csrf: String,
    title: String,
    description: Option<String>,
    planned_start: Option<String>,
    planned_minutes: Option<String>,
    links: Option<String>,
}

pub async fn add_item(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<SessionId>,
    Form(f): Form<ItemForm>,
) -> Result<Response, PageError> {
    let a = page.form_actor(&f.csrf)?;
    let input = act::add_agenda_item::NewItem {
        title: f.title,
        description: f.description,
        planned_start: opt_text(&f.planned_start),
        planned_minutes: opt_i64(&f.planned_minutes),
        links: f.links,
    };
    let r = act::add_agenda_item::add_agenda_item(&state.store, &a, id, input).await;
    finish(&state, page, r, &format!("/sessions/{id}"), None).await
}

pub async fn open_item(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<ItemId>,
    Form(f): Form<VersionForm>,
) -> Result<Response, PageError> {
    let a = page.form_actor(&f.csrf)?;
    let r = act::open_item::open_item(&state.store, &a, id, opt_i64(&f.version)).await;
    finish(&state, page, r, &format!("/sessions/items/{id}"), Some(id)).await
}

pub async fn close_item(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<ItemId>,
    Form(f): Form<VersionForm>,
) -> Result<Response, PageError> {
    let a = page.form_actor(&f.csrf)?;
    let r = act::close_item::close_item(&state.store, &a, id, opt_i64(&f.version)).await;
    finish(&state, page, r, &format!("/sessions/items/{id}"), Some(id)).await
}

/// A move up (`up` = 1) or down (0).
#[derive(Deserialize)]
pub struct MoveItemForm {
    csrf: String,
    session_id: SessionId,
    #[serde(deserialize_with = "flag")]
    up: bool,
    version: Option<String>,
}

pub async fn move_item(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<ItemId>,
    Form(f): Form<MoveItemForm>,
) -> Result<Response, PageError> {
    let a = page.form_actor(&f.csrf)?;
    let r = act::move_item::move_item(&state.store, &a, id, f.up, opt_i64(&f.version)).await;
    let back = format!("/sessions/{}", f.session_id);
    finish(&state, page, r, &back, Some(id)).await
}

#[derive(Deserialize)]
pub struct SpeakForm {
    csrf: String,
    kind: SpeakerKind,
    /// The chair putting another delegate on the list: picked by name...
    #[serde(default, deserialize_with = "empty_as_none")]
    delegate_id: Option<DelegateId>,
    /// ... or by the code on their card (scanned or typed).
    badge: Option<String>,
    /// Set by the chair's form: one of the two above is required.
    by_chair: Option<String>,
}

pub async fn speak(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<ItemId>,
    Form(f): Form<SpeakForm>,
) -> Result<Response, PageError> {
    let a = page.form_actor(&f.csrf)?;
    let badge = opt_text(&f.badge);
    let by_chair = f.by_chair.is_some();
    let r = if by_chair && f.delegate_id.is_none() && badge.is_none() {
        Err(AppError::invalid("delegate_id", "error-ses-speaker-pick"))
    } else {
        let input = act::request_to_speak::SpeakInput {
            kind: f.kind,
            delegate_id: f.delegate_id,
            badge: badge.clone(),
        };
        act::request_to_speak::request_to_speak(&state.store, &a, id, input).await
    };
    let picked = f.delegate_id.map(|d| d.to_string());
    let page = page.keep([
        ("kind", Some(f.kind.as_str())),
        ("by_chair", f.by_chair.as_deref()),
        ("delegate_id", picked.as_deref()),
        ("badge", badge.as_deref()),
    ]);
    finish(&state, page, r, &format!("/sessions/items/{id}"), Some(id)).await
}

pub async fn next_speaker(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<ItemId>,
    Form(f): Form<VersionForm>,
) -> Result<Response, PageError> {
    let a = page.form_actor(&f.csrf)?;
    let r =
        act::call_next_speaker::call_next_speaker(&state.store, &a, id, opt_i64(&f.version)).await;
    finish(&state, page, r, &format!("/sessions/items/{id}"), Some(id)).await
}

/// Open (`open` = 1) or close (0) the speakers' list.
#[derive(Deserialize)]
pub struct ListForm {
    csrf: String,
    #[serde(deserialize_with = "flag")]
    open: bool,
    version: Option<String>,
}

pub async fn speakers_list(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<ItemId>,
    Form(f): Form<ListForm>,
) -> Result<Response, PageError> {
    let a = page.form_actor(&f.csrf)?;
    let r = act::set_speakers_list::set_speakers_list(
        &state.store,
        &a,
        id,
        f.open,
        opt_i64(&f.version),
    )
    .await;
    finish(&state, page, r, &format!("/sessions/items/{id}"), Some(id)).await
}

#[derive(Deserialize)]
pub struct MoveForm {
    csrf: String,
    item_id: ItemId,
    #[serde(deserialize_with = "flag")]
    up: bool,
    version: Option<String>,
}

pub async fn move_speaker(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<SpeakerId>,
    Form(f): Form<MoveForm>,
) -> Result<Response, PageError> {
    let a = page.form_actor(&f.csrf)?;
    let r = act::move_speaker::move_speaker(&state.store, &a, id, f.up, opt_i64(&f.version)).await;
    let back = format!("/sessions/items/{}", f.item_id);
    finish(&state, page, r, &back, Some(f.item_id)).await
}

#[derive(Deserialize)]
pub struct WithdrawSpeakerForm {
    csrf: String,
    item_id: ItemId,
}

pub async fn withdraw_speaker(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<SpeakerId>,
    Form(f): Form<WithdrawSpeakerForm>,
) -> Result<Response, PageError> {
    let a = page.form_actor(&f.csrf)?;
    let r = act::withdraw_speaker::withdraw_speaker(&state.store, &a, id).await;
    let back = format!("/sessions/items/{}", f.item_id);
    finish(&state, page, r, &back, Some(f.item_id)).await
}

#[derive(Deserialize)]
pub struct MotionForm {
    csrf: String,
    #[serde(default, deserialize_with = "empty_as_none")]
    parent_id: Option<MotionId>,
    parent_version: Option<String>,
    title: Option<String>,
    body: Option<String>,
    #[serde(default, deserialize_with = "empty_as_none")]
    op: Option<AmendmentOp>,
    paragraph: Option<String>,
    by_delegation: Option<String>,
}

pub async fn propose(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<ItemId>,
    Form(f): Form<MotionForm>,
) -> Result<Response, PageError> {
    let a = page.form_actor(&f.csrf)?;
    // Shown again if the motion is refused, so nothing typed is lost (an amendment's fields
    // under its parent's form).
    let parent = f.parent_id.map(|p| p.to_string());
    let page = match &parent {
        None => page.keep([("title", f.title.as_deref()), ("body", f.body.as_deref())]),
        Some(p) => page.keep([
            ("amend-parent", Some(p.as_str())),
            ("amend-title", f.title.as_deref()),
            ("amend-body", f.body.as_deref()),
            ("amend-paragraph", f.paragraph.as_deref()),
        ]),
    };
    let input = act::propose_motion::NewMotion {
        item_id: id,
        parent_id: f.parent_id,
        parent_version: opt_i64(&f.parent_version),
        title: f.title,
        body: f.body.unwrap_or_default(),
        op: f.op,
        paragraph: opt_i64(&f.paragraph),
        by_delegation: f.by_delegation.is_some(),
    };
    let r = act::propose_motion::propose_motion(&state.store, &a, input).await;
    finish(&state, page, r, &format!("/sessions/items/{id}"), Some(id)).await
}

#[derive(Deserialize)]
pub struct CsrfForm {
    csrf: String,
}

pub async fn support(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<MotionId>,
    Form(f): Form<CsrfForm>,
) -> Result<Response, PageError> {
    let a = page.form_actor(&f.csrf)?;
    let item = item_of_motion(&state, id).await?;
    let r = act::support_motion::support_motion(&state.store, &a, id).await;
    let back = format!("/sessions/items/{item}");
    finish(&state, page, r, &back, Some(item)).await
}

pub async fn withdraw(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<MotionId>,
    Form(f): Form<CsrfForm>,
) -> Result<Response, PageError> {
    let a = page.form_actor(&f.csrf)?;
    let item = item_of_motion(&state, id).await?;
    let r = act::withdraw_motion::withdraw_motion(&state.store, &a, id).await;
    let back = format!("/sessions/items/{item}");
    finish(&state, page, r, &back, Some(item)).await
}

#[derive(Deserialize)]
pub struct RecommendForm {
    csrf: String,
    recommendation: Recommendation,
    by: Option<String>,
}

pub async fn recommend(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<MotionId>,
    Form(f): Form<RecommendForm>,
) -> Result<Response, PageError> {
    let a = page.form_actor(&f.csrf)?;
    let item = item_of_motion(&state, id).await?;
    let input = act::recommend_motion::Recommend {
        recommendation: f.recommendation,
        by: f.by.unwrap_or_default(),
    };
    let r = act::recommend_motion::recommend_motion(&state.store, &a, id, input).await;
    let back = format!("/sessions/items/{item}");
    finish(&state, page, r, &back, Some(item)).await
}

#[derive(Deserialize)]
pub struct VoteForm {
    csrf: String,
    session_id: SessionId,
    subject: VoteSubject,
    #[serde(default, deserialize_with = "empty_as_none")]
    motion_id: Option<MotionId>,
    question: Option<String>,
    #[serde(default, deserialize_with = "empty_as_none")]
    method: Option<VoteMethod>,
    options: Option<String>,
    secret: Option<String>,
    /// Empty: the method's default.
    #[serde(default, deserialize_with = "empty_as_none")]
    majority: Option<VoteMajority>,
    #[serde(default, deserialize_with = "empty_as_none")]
    quorum: Option<QuorumRule>,
    /// A vote to forward the motion to the parent assembly.
    forward: Option<String>,
}

pub async fn open_vote(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<ItemId>,
    Form(f): Form<VoteForm>,
) -> Result<Response, PageError> {
    let a = page.form_actor(&f.csrf)?;
    let input = act::open_vote::NewVote {
        session_id: f.session_id,
        item_id: Some(id),
        subject: f.subject,
        motion_id: f.motion_id,
        question: opt_text(&f.question),
        method: f.method,
        options: f
            .options
            .unwrap_or_default()
            .lines()
            .map(str::to_string)
            .collect(),
        secret: f.secret.is_some(),
        majority: f.majority,
        quorum: f.quorum,
        forward: f.forward.is_some(),
    };
    let r = act::open_vote::open_vote(&state.store, &a, input).await;
    finish(&state, page, r, &format!("/sessions/items/{id}"), Some(id)).await
}

/// The options ticked in approval boxes `opt-<i>`, as the ballot's choice ("0,2").
pub(crate) fn approval_boxes(f: &Fields) -> String {
    let mut picked: Vec<usize> = f
        .keys()
        .filter_map(|k| k.strip_prefix("opt-").and_then(|i| i.parse().ok()))
        .collect();
    picked.sort_unstable();
    picked
        .iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

/// A ballot: `choice` (yes/no/abstain or an option index), or approval boxes `opt-<i>`; a teller
/// adds `delegate_id`; `version` is the vote's version.
pub async fn ballot(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<VoteId>,
    Form(f): Form<Fields>,
) -> Result<Response, PageError> {
    let a = form_actor(&page, &f)?;
    let v = view::vote(&state.store, id)
        .await?
        .ok_or_else(PageError::not_found)?;
    let choice = match f.get("choice") {
        Some(c) => c.clone(),
        None => approval_boxes(&f),
    };
    let get = |k: &str| f.get(k).cloned();
    let input = act::cast_vote::CastInput {
        choice,
        delegate_id: opt_i64(&get("delegate_id")).map(DelegateId),
        version: opt_i64(&get("version")),
        cast_key: get("cast_key"),
        ballot_json: get("ballot_json"),
    };
    let input_by_device = input
        .ballot_json
        .as_deref()
        .is_some_and(|j| !j.trim().is_empty());
    let r = state.casts.cast(a, id, input).await;
    let back = match v.item_id {
        Some(item) => format!("/sessions/items/{item}"),
        None => format!("/sessions/votes/{id}"),
    };
    // The same form sent again after its answer was lost: the ballot was recorded then. Or
    // this voter had already voted (another form, or a teller): 409, with the receipt of the act
    // that recorded their participation. An encrypted vote's ballot: its tracking code, to find
    // it on the vote's board.
    if let Ok(receipt) = &r
        && (receipt.again || receipt.already || !receipt.tracking_codes.is_empty())
    {
        let status = if receipt.already {
            axum::http::StatusCode::CONFLICT
        } else {
            axum::http::StatusCode::OK
        };
        let page = ReceiptPage {
            page,
            receipt: receipt.clone(),
            back,
            board: v.board.clone(),
            by_device: input_by_device,
        };
        return Ok(axum::response::IntoResponse::into_response((
            status,
            render(&page),
        )));
    }
    finish(&state, page, r, &back, v.item_id).await
}

/// The answer to a ballot sent again after its first answer was lost: it was recorded, with
/// its receipt.
#[derive(askama::Template)]
#[template(path = "sessions/ballot_receipt.html")]
struct ReceiptPage {
    page: PageCtx,
    receipt: asamblea_app::cast_receipts::Receipt,
    back: String,
    /// An encrypted vote's board.
    board: Option<String>,
    /// The ballot was encrypted on the voter's device (`ballot_json`), not by the server.
    by_device: bool,
}

pub async fn close_vote(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<VoteId>,
    Form(f): Form<VersionForm>,
) -> Result<Response, PageError> {
    let a = page.form_actor(&f.csrf)?;
    let v = view::vote(&state.store, id)
        .await?
        .ok_or_else(PageError::not_found)?;
    let r = act::close_vote::close_vote(&state.store, &a, id, opt_i64(&f.version)).await;
    finish(&state, page, r, &format!("/sessions/votes/{id}"), v.item_id).await
}

#[derive(Deserialize)]
pub struct FollowUpForm {
    csrf: String,
    follow_up: FollowUp,
    back: Option<String>,
}

/// Any refusal other than an invalid value is an error page with its own status: a resolution
/// that does not exist is a 404, someone not chairing a 403.
pub async fn follow_up(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<ResolutionId>,
    Form(f): Form<FollowUpForm>,
) -> Result<Response, PageError> {
    let a = page.form_actor(&f.csrf)?;
    let r = act::set_follow_up::set_follow_up(&state.store, &a, id, f.follow_up).await;
    let back = f
        .back
        .filter(|b| b.starts_with('/') && !b.starts_with("//"))
        .unwrap_or_else(|| "/".into());
    finish(&state, page, r, &back, None).await
}
