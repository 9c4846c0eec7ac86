//! API of the delegates area: elections by the base (open, nominate, codes, vote, close, paper
//! count, published result and ballot box), credentials and cards, check-in, presence and quorum,
//! recall and revocation, delegates and their public history.
//!
//! Permissions are decided by the actions: an organization's secretaries (or an administrator) act
//! for it; only the credentials commission decides credentials; the door (commission or
//! administrator) checks in; the public reads results, lists and histories, never who voted what.
//! Request bodies are the actions' own input types where an action has one.

use asamblea_app::actions::accounts::replace_card::{ApprovePickup, ReplacedCard};
use asamblea_app::actions::delegates::accredit_delegate::{Accredited, accredit_delegate};
use asamblea_app::actions::delegates::assign_assembly_role::assign_assembly_role;
use asamblea_app::actions::delegates::cancel_election::{CancelElection, cancel_election};
use asamblea_app::actions::delegates::cast_ballot::CastBallot;
use asamblea_app::actions::delegates::check_in_by_badge::{CheckedIn, check_in_by_badge};
use asamblea_app::actions::delegates::close_election::{Closed, close_election};
use asamblea_app::actions::delegates::enter_paper_count::{PaperCount, enter_paper_count};
use asamblea_app::actions::delegates::issue_delegate_card::issue_delegate_card;
use asamblea_app::actions::delegates::nominate_candidate::nominate_candidates;
use asamblea_app::actions::delegates::open_election::{NewElection, open_election};
use asamblea_app::actions::delegates::open_recall_vote::open_recall_vote;
use asamblea_app::actions::delegates::recall_delegate::recall_delegate;
use asamblea_app::actions::delegates::reject_delegate::reject_delegate;
use asamblea_app::actions::delegates::revoke_delegation::revoke_delegation;
use asamblea_app::actions::delegates::set_recall_method::{RecallMethod, set_recall_method};
use asamblea_app::actions::delegates::start_voting::{VotingCode, start_voting};
use asamblea_app::domain::{
    AccountId, AssemblyId, AssemblyRole, DelegateId, ElectionId, MemberId, OrganizationId,
    Unchecked,
};
use asamblea_app::queries::assemblies::assembly_by_slug;
use asamblea_app::queries::delegates::delegates::{
    DelegateView, HistoryEntry, delegate, delegate_history, delegates,
};
use asamblea_app::queries::delegates::elections::{
    ElectionSummary, ElectionView, ballot_box, election, elections,
};
use asamblea_app::queries::delegates::presence::{Presence, presence};
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::extract::{Json, Path, Query};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/elections", post(open))
        .route("/elections/{id}", get(show))
        .route("/elections/{id}/candidates", post(nominate))
        .route("/elections/{id}/voting", post(start))
        .route("/elections/{id}/close", post(close))
        .route("/elections/{id}/paper-count", post(paper_count))
        .route("/elections/{id}/cancel", post(cancel))
        .route("/elections/{id}/ballots", get(ballots))
        .route("/vote", post(vote))
        .route("/assemblies/{slug}/elections", get(list_elections))
        .route("/assemblies/{slug}/delegates", get(list_delegates))
        .route("/assemblies/{slug}/presence", get(show_presence))
        .route("/assemblies/{slug}/check-in", post(door))
        .route("/assemblies/{slug}/roles", post(roles))
        .route(
            "/assemblies/{slug}/organizations/{org}/revoke",
            post(revoke),
        )
        .route("/delegates/{id}", get(history))
        .route("/delegates/{id}/accredit", post(accredit))
        .route("/delegates/{id}/reject", post(reject))
        .route("/delegates/{id}/card", post(card))
        .route("/delegates/{id}/recall", post(recall))
        .route("/delegates/{id}/recall-vote", post(recall_vote))
        .route("/organizations/{id}/recall-method", post(recall_method))
}

/// The OpenAPI paths of this area (merged into the document in `doc.rs`).
#[derive(utoipa::OpenApi)]
#[openapi(paths(
    open,
    show,
    nominate,
    start,
    close,
    paper_count,
    ballots,
    vote,
    cancel,
    list_elections,
    list_delegates,
    show_presence,
    door,
    roles,
    revoke,
    history,
    accredit,
    reject,
    card,
    recall,
    recall_vote,
    recall_method
))]
pub struct Doc;

fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "error-not-found")
}

async fn assembly_id(state: &AppState, slug: &str) -> Result<AssemblyId, ApiError> {
    let a = assembly_by_slug(&state.store, slug)
        .await?
        .ok_or_else(not_found)?;
    Ok(a.id)
}

#[derive(Serialize, ToSchema)]
pub struct Created {
    pub id: i64,
}

/// Open the election of an organization's delegates (its secretary or an administrator).
#[utoipa::path(post, path = "/api/v1/elections", tag = "delegates", request_body = NewElection,
    responses((status = 201, body = Created), (status = 403, description = "Not a secretary of this organization"), (status = 409, description = "No seats, or an election is running")))]
pub async fn open(
    State(state): State<AppState>,
    user: CurrentUser,
    Json(r): Json<NewElection>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let id = open_election(&state.store, &user.actor()?, r).await?;
    Ok((StatusCode::CREATED, Json(Created { id: id.get() })))
}

/// An election: candidates, status, how many have voted, the published result with its rounds.
#[utoipa::path(get, path = "/api/v1/elections/{id}", tag = "delegates",
    params(("id" = i64, Path, description = "Election id")),
    responses((status = 200, body = ElectionView), (status = 404)))]
pub async fn show(
    State(state): State<AppState>,
    Path(id): Path<ElectionId>,
) -> Result<Json<ElectionView>, ApiError> {
    election(&state.store, id)
        .await?
        .map(Json)
        .ok_or_else(not_found)
}

/// Who is nominated: one member (`member_id`) or several at once (`member_ids`, all or none).
#[derive(Deserialize, ToSchema)]
pub struct Nominations {
    #[serde(default)]
    #[schema(value_type = Option<i64>)]
    pub member_id: Option<MemberId>,
    #[serde(default)]
    #[schema(value_type = Vec<i64>)]
    pub member_ids: Vec<MemberId>,
}

/// The candidates created: `id` the first one, `ids` all of them in the order given.
#[derive(Serialize, ToSchema)]
pub struct Nominated {
    pub id: i64,
    pub ids: Vec<i64>,
}

/// Nominate members (the secretary; several at once with `member_ids`), or oneself (a member's
/// own account).
#[utoipa::path(post, path = "/api/v1/elections/{id}/candidates", tag = "delegates", request_body = Nominations,
    params(("id" = i64, Path, description = "Election id")),
    responses((status = 201, body = Nominated), (status = 403), (status = 409, description = "Nominations closed or already nominated"), (status = 422, description = "Nobody named")))]
pub async fn nominate(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<ElectionId>,
    Json(r): Json<Nominations>,
) -> Result<(StatusCode, Json<Nominated>), ApiError> {
    let members: Vec<MemberId> = r.member_id.into_iter().chain(r.member_ids).collect();
    let ids = nominate_candidates(&state.store, &user.actor()?, id, &members).await?;
    let ids: Vec<i64> = ids.into_iter().map(|c| c.get()).collect();
    Ok((
        StatusCode::CREATED,
        Json(Nominated {
            id: ids.first().copied().unwrap_or_default(),
            ids,
        }),
    ))
}

/// Starting the vote: `confirm` must be true (it closes nominations and cannot be undone).
#[derive(Deserialize, ToSchema, Default)]
pub struct StartBody {
    #[serde(default)]
    pub confirm: bool,
}

/// Cancel an election opened by mistake (before or after its vote opened), with the reason.
#[utoipa::path(post, path = "/api/v1/elections/{id}/cancel", tag = "delegates", request_body = CancelElection,
    params(("id" = i64, Path, description = "Election id")),
    responses((status = 204), (status = 403), (status = 409, description = "Closed or already cancelled"), (status = 422, description = "No reason")))]
pub async fn cancel(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<ElectionId>,
    Json(r): Json<CancelElection>,
) -> Result<StatusCode, ApiError> {
    cancel_election(&state.store, &user.actor()?, id, r).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Start the vote (`{"confirm": true}`; without it 422 and nothing changes): returns every
/// member's one-time voting code, this once (the secretary prints and hands them out).
#[utoipa::path(post, path = "/api/v1/elections/{id}/voting", tag = "delegates", request_body = StartBody,
    params(("id" = i64, Path, description = "Election id")),
    responses((status = 200, body = [VotingCode]), (status = 403), (status = 409), (status = 422, description = "Not confirmed")))]
pub async fn start(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<ElectionId>,
    Json(b): Json<StartBody>,
) -> Result<Json<Vec<VotingCode>>, ApiError> {
    Ok(Json(
        start_voting(&state.store, &user.actor()?, id, b.confirm).await?,
    ))
}

/// Close the vote, count, publish, and register the delegates and substitutes.
#[utoipa::path(post, path = "/api/v1/elections/{id}/close", tag = "delegates",
    params(("id" = i64, Path, description = "Election id")),
    responses((status = 200, body = Closed), (status = 403), (status = 409)))]
pub async fn close(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<ElectionId>,
) -> Result<Json<Closed>, ApiError> {
    Ok(Json(
        close_election(&state.store, &user.actor()?, id).await?,
    ))
}

/// Enter the result of a count made on paper (recorded as `paper_count`).
#[utoipa::path(post, path = "/api/v1/elections/{id}/paper-count", tag = "delegates", request_body = PaperCount,
    params(("id" = i64, Path, description = "Election id")),
    responses((status = 200, body = [i64], description = "The delegates registered"), (status = 403), (status = 409), (status = 422)))]
pub async fn paper_count(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<ElectionId>,
    Json(r): Json<PaperCount>,
) -> Result<Json<Vec<DelegateId>>, ApiError> {
    Ok(Json(
        enter_paper_count(&state.store, &user.actor()?, id, r).await?,
    ))
}

/// The anonymous ballot box of a closed election, sorted; its SHA-256 (each ballot followed by a
/// newline) is the published `ballot_digest`.
#[utoipa::path(get, path = "/api/v1/elections/{id}/ballots", tag = "delegates",
    params(("id" = i64, Path, description = "Election id")),
    responses((status = 200, body = [String]), (status = 404, description = "No such election, or not closed")))]
pub async fn ballots(
    State(state): State<AppState>,
    Path(id): Path<ElectionId>,
) -> Result<Json<Vec<String>>, ApiError> {
    ballot_box(&state.store, id)
        .await?
        .map(Json)
        .ok_or_else(not_found)
}

#[derive(Serialize, ToSchema)]
pub struct Voted {
    pub election_id: ElectionId,
    /// The receipt: the record's position of the `election.ballots_cast` act of the batch this
    /// ballot was cast in (it says how many ballots the batch held, nothing else).
    pub record_position: Option<i64>,
    /// The receipt: the hash of that act.
    pub record_hash: Option<String>,
    /// The receipt: this ballot's place in that act's batch, from 0.
    pub record_index: Option<i64>,
    /// True when the same `cast_key` was answered before with this code: the ballot was
    /// recorded then, and nothing was cast now.
    pub again: bool,
    /// An election through an encrypted board: the ballot's tracking code there
    /// (`/boards/{board}?code=…`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tracking_code: Option<String>,
}

/// Cast a secret ballot with a one-time voting code (no login).
#[utoipa::path(post, path = "/api/v1/vote", tag = "delegates", request_body = CastBallot,
    responses((status = 200, body = Voted), (status = 401, description = "Unknown code"), (status = 429, description = "Too many wrong codes from this address: wait"), (status = 409, description = "Already voted, or voting closed"), (status = 422)))]
pub async fn vote(
    State(state): State<AppState>,
    axum::extract::ConnectInfo(addr): axum::extract::ConnectInfo<std::net::SocketAddr>,
    Json(r): Json<CastBallot>,
) -> Result<Json<Voted>, ApiError> {
    let receipt = state.member_casts.cast(r, &addr.ip().to_string()).await?;
    let election_id = receipt
        .election_id
        .ok_or_else(|| asamblea_app::AppError::Internal("a receipt without its election".into()))?;
    Ok(Json(Voted {
        election_id,
        record_position: receipt.position,
        record_hash: receipt.hash,
        record_index: receipt.index,
        again: receipt.again,
        tracking_code: receipt.tracking_codes.into_iter().next(),
    }))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct OrgFilter {
    #[param(value_type = Option<i64>)]
    pub organization_id: Option<OrganizationId>,
}

/// Elections in an assembly.
#[utoipa::path(get, path = "/api/v1/assemblies/{slug}/elections", tag = "delegates",
    params(("slug" = String, Path, description = "The assembly's slug"), OrgFilter),
    responses((status = 200, body = [ElectionSummary])))]
pub async fn list_elections(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(q): Query<OrgFilter>,
) -> Result<Json<Vec<ElectionSummary>>, ApiError> {
    let id = assembly_id(&state, &slug).await?;
    Ok(Json(elections(&state.store, id, q.organization_id).await?))
}

/// Delegates of an assembly (public).
#[utoipa::path(get, path = "/api/v1/assemblies/{slug}/delegates", tag = "delegates",
    params(("slug" = String, Path, description = "The assembly's slug"), OrgFilter),
    responses((status = 200, body = [DelegateView])))]
pub async fn list_delegates(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(q): Query<OrgFilter>,
) -> Result<Json<Vec<DelegateView>>, ApiError> {
    let id = assembly_id(&state, &slug).await?;
    Ok(Json(delegates(&state.store, id, q.organization_id).await?))
}

/// Presence and quorum (public).
#[utoipa::path(get, path = "/api/v1/assemblies/{slug}/presence", tag = "delegates",
    params(("slug" = String, Path, description = "The assembly's slug")),
    responses((status = 200, body = Presence)))]
pub async fn show_presence(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Json<Presence>, ApiError> {
    let id = assembly_id(&state, &slug).await?;
    Ok(Json(presence(&state.store, id).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct Badge {
    /// The badge number printed on the card (not its login code).
    pub badge: String,
}

/// Check a delegate in at the door by the badge number on their card (commission or administrator).
#[utoipa::path(post, path = "/api/v1/assemblies/{slug}/check-in", tag = "delegates", request_body = Badge,
    params(("slug" = String, Path, description = "The assembly's slug")),
    responses((status = 200, body = CheckedIn), (status = 403), (status = 409, description = "No accredited delegate with this card")))]
pub async fn door(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(slug): Path<String>,
    Json(r): Json<Badge>,
) -> Result<Json<CheckedIn>, ApiError> {
    let actor = user.actor()?;
    let id = assembly_id(&state, &slug).await?;
    Ok(Json(
        check_in_by_badge(&state.store, &actor, id, &r.badge).await?,
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct RoleRequest {
    pub account_id: AccountId,
    /// Checked after the permission.
    #[schema(value_type = AssemblyRole)]
    pub role: Unchecked<AssemblyRole>,
    /// `false` removes the office.
    #[serde(default = "yes")]
    pub holds: bool,
}

fn yes() -> bool {
    true
}

/// Name an account to an office of the assembly (administrators).
#[utoipa::path(post, path = "/api/v1/assemblies/{slug}/roles", tag = "delegates", request_body = RoleRequest,
    params(("slug" = String, Path, description = "The assembly's slug")),
    responses((status = 204), (status = 403)))]
pub async fn roles(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(slug): Path<String>,
    Json(r): Json<RoleRequest>,
) -> Result<StatusCode, ApiError> {
    let actor = user.actor()?;
    let id = assembly_id(&state, &slug).await?;
    assign_assembly_role(&state.store, &actor, id, r.account_id, r.role, r.holds).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
pub struct Reference {
    /// The decision: minutes, resolution or vote number.
    pub reference: String,
}

/// The assembly revokes a whole delegation (administrator or presidium), citing its vote.
#[utoipa::path(post, path = "/api/v1/assemblies/{slug}/organizations/{org}/revoke", tag = "delegates", request_body = Reference,
    params(("slug" = String, Path, description = "The assembly's slug"), ("org" = i64, Path, description = "Organization id")),
    responses((status = 200, body = [i64]), (status = 403), (status = 409)))]
pub async fn revoke(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((slug, org)): Path<(String, OrganizationId)>,
    Json(r): Json<Reference>,
) -> Result<Json<Vec<DelegateId>>, ApiError> {
    let actor = user.actor()?;
    let id = assembly_id(&state, &slug).await?;
    Ok(Json(
        revoke_delegation(&state.store, &actor, id, org, &r.reference).await?,
    ))
}

#[derive(Serialize, ToSchema)]
pub struct DelegateHistory {
    pub delegate: DelegateView,
    pub history: Vec<HistoryEntry>,
}

/// A delegate and their public history (the acts of the record that name them).
#[utoipa::path(get, path = "/api/v1/delegates/{id}", tag = "delegates",
    params(("id" = i64, Path, description = "Delegate id")),
    responses((status = 200, body = DelegateHistory), (status = 404)))]
pub async fn history(
    State(state): State<AppState>,
    Path(id): Path<DelegateId>,
) -> Result<Json<DelegateHistory>, ApiError> {
    let d = delegate(&state.store, id).await?.ok_or_else(not_found)?;
    let history = delegate_history(&state.store, &d).await?;
    Ok(Json(DelegateHistory {
        delegate: d,
        history,
    }))
}

#[derive(Deserialize, ToSchema)]
pub struct Reason {
    #[serde(default)]
    pub reason: String,
}

/// Accept a delegate's credential (credentials commission). Creates the delegate's account and
/// card code if needed (returned once).
#[utoipa::path(post, path = "/api/v1/delegates/{id}/accredit", tag = "delegates", request_body = Reason,
    params(("id" = i64, Path, description = "Delegate id")),
    responses((status = 200, body = Accredited), (status = 403), (status = 409, description = "Decided already, or the organization's leadership term has lapsed")))]
pub async fn accredit(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<DelegateId>,
    Json(r): Json<Reason>,
) -> Result<Json<Accredited>, ApiError> {
    Ok(Json(
        accredit_delegate(&state.store, &user.actor()?, id, &r.reason).await?,
    ))
}

/// Reject a delegate's credential, with a reason (credentials commission).
#[utoipa::path(post, path = "/api/v1/delegates/{id}/reject", tag = "delegates", request_body = Reason,
    params(("id" = i64, Path, description = "Delegate id")),
    responses((status = 204), (status = 403), (status = 422, description = "No reason")))]
pub async fn reject(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<DelegateId>,
    Json(r): Json<Reason>,
) -> Result<StatusCode, ApiError> {
    reject_delegate(&state.store, &user.actor()?, id, &r.reason).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Replace an accredited delegate's card by approving the pickup number the delegate's own phone
/// shows (credentials commission). No login code is returned: the delegate's phone collects it.
#[utoipa::path(post, path = "/api/v1/delegates/{id}/card", tag = "delegates", request_body = ApprovePickup,
    params(("id" = i64, Path, description = "Delegate id")),
    responses((status = 200, body = ReplacedCard), (status = 403), (status = 409), (status = 422, description = "Unknown pickup number")))]
pub async fn card(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<DelegateId>,
    Json(input): Json<ApprovePickup>,
) -> Result<Json<ReplacedCard>, ApiError> {
    Ok(Json(
        issue_delegate_card(&state.store, &user.actor()?, id, &input).await?,
    ))
}

#[derive(Serialize, ToSchema)]
pub struct Recalled {
    /// The substitute now seated, if any.
    pub substitute_id: Option<DelegateId>,
}

/// Recall a delegate by decision of the organization's governing body (its secretary records it).
#[utoipa::path(post, path = "/api/v1/delegates/{id}/recall", tag = "delegates", request_body = Reference,
    params(("id" = i64, Path, description = "Delegate id")),
    responses((status = 200, body = Recalled), (status = 403), (status = 409, description = "This organization recalls by a vote of its members, or not an active delegate")))]
pub async fn recall(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<DelegateId>,
    Json(r): Json<Reference>,
) -> Result<Json<Recalled>, ApiError> {
    let substitute_id = recall_delegate(&state.store, &user.actor()?, id, &r.reference).await?;
    Ok(Json(Recalled { substitute_id }))
}

/// Open a vote of the members on recalling a delegate (organizations that recall that way).
#[utoipa::path(post, path = "/api/v1/delegates/{id}/recall-vote", tag = "delegates",
    params(("id" = i64, Path, description = "Delegate id")),
    responses((status = 201, body = Created), (status = 403), (status = 409)))]
pub async fn recall_vote(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<DelegateId>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let eid = open_recall_vote(&state.store, &user.actor()?, id).await?;
    Ok((StatusCode::CREATED, Json(Created { id: eid.get() })))
}

/// How the organization recalls its delegates (its secretary or an administrator).
#[utoipa::path(post, path = "/api/v1/organizations/{id}/recall-method", tag = "delegates", request_body = RecallMethod,
    params(("id" = i64, Path, description = "Organization id")),
    responses((status = 204), (status = 403)))]
pub async fn recall_method(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<OrganizationId>,
    Json(r): Json<RecallMethod>,
) -> Result<StatusCode, ApiError> {
    set_recall_method(&state.store, &user.actor()?, id, r).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    use asamblea_app::domain::{
        AssemblyRole, DelegatePosition, DelegateStatus, ElectionKind, ElectionMethod,
        ElectionStatus, RecallBy, SeatKind,
    };
    use serde_json::json;
    use utoipa::OpenApi;

    #[test]
    fn the_document_lists_every_closed_value() {
        let doc = serde_json::to_value(super::Doc::openapi()).unwrap();
        let schemas = &doc["components"]["schemas"];
        for (name, values) in [
            ("ElectionMethod", ElectionMethod::NAMES),
            ("ElectionKind", ElectionKind::NAMES),
            ("ElectionStatus", ElectionStatus::NAMES),
            ("DelegateStatus", DelegateStatus::NAMES),
            ("DelegatePosition", DelegatePosition::NAMES),
            ("SeatKind", SeatKind::NAMES),
            ("RecallBy", RecallBy::NAMES),
            ("AssemblyRole", AssemblyRole::NAMES),
        ] {
            assert_eq!(schemas[name]["enum"], json!(values), "{name}");
        }
        // The request bodies that carry a closed value refer to it.
        let field = |schema: &str, f: &str| schemas[schema]["properties"][f]["$ref"].clone();
        assert_eq!(
            field("NewElection", "method"),
            "#/components/schemas/ElectionMethod"
        );
        assert_eq!(
            field("RecallMethod", "recall_by"),
            "#/components/schemas/RecallBy"
        );
        assert_eq!(
            field("RoleRequest", "role"),
            "#/components/schemas/AssemblyRole"
        );
        // No free-form object but a record entry's payload (the record's own shape, per act).
        let free: Vec<String> = schemas
            .as_object()
            .unwrap()
            .iter()
            .flat_map(|(name, s)| {
                s["properties"]
                    .as_object()
                    .into_iter()
                    .flatten()
                    .filter(|(_, p)| **p == json!({"type": "object"}))
                    .map(move |(f, _)| format!("{name}.{f}"))
            })
            .collect();
        assert_eq!(free, ["HistoryEntry.payload"]);
    }
}
