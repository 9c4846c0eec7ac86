//! Elections by the base: what is public (candidates, status, the published result, the number of
//! voters, the digest and — once closed — the anonymous ballot box to check it against).

use asamblea_store::{Store, on_read};
use serde::Serialize;

use crate::AppError;
use crate::domain::{
    AccountId, AssemblyId, CandidateId, DelegateId, ElectionId, ElectionKind, ElectionMethod,
    ElectionStatus, IntBool, MemberId, OrganizationId, RecallBy,
};
use crate::elections::result::ElectionResult;

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct ElectionSummary {
    pub id: ElectionId,
    pub assembly_id: AssemblyId,
    pub organization_id: OrganizationId,
    pub organization: String,
    pub kind: ElectionKind,
    pub method: ElectionMethod,
    pub titular_seats: i64,
    pub substitute_seats: i64,
    pub recall_delegate_id: Option<DelegateId>,
    pub status: ElectionStatus,
    /// The result was counted on paper and entered by the secretary.
    #[sqlx(try_from = "IntBool")]
    pub paper_count: bool,
    pub voters: Option<i64>,
    pub ballot_digest: Option<String>,
    /// When the election was cancelled (it then counts nothing and seats no one), and why.
    pub cancelled_at: Option<String>,
    pub cancel_reason: Option<String>,
    #[serde(skip)]
    pub result: Option<String>,
    /// The election's encrypted board (`/boards/ID`), when its assembly's secret ballots are
    /// encrypted and its method is plurality or approval.
    pub board: Option<String>,
    #[serde(skip)]
    pub counting: Option<String>,
    #[serde(skip)]
    pub paper_lines: Option<String>,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Candidate {
    pub id: CandidateId,
    pub member_id: MemberId,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ElectionView {
    #[serde(flatten)]
    pub summary: ElectionSummary,
    pub candidates: Vec<Candidate>,
    /// Members who have voted so far (a number, never who).
    pub voted: i64,
    pub electorate: i64,
    /// The published count, with its rounds, once closed.
    pub result: Option<ElectionResult>,
    /// An encrypted election closed to ballots whose tally waits for its trustees: how many
    /// decryption shares are in, of how many needed.
    pub counting: Option<ElectionCounting>,
    /// The assembly's secret ballots are encrypted but this election's method is ranked (STV,
    /// Schulze): its ballots stay plaintext (counting ranked ballots encrypted would need a
    /// mix-net).
    pub ranked_plaintext: bool,
    /// An encrypted election: the paper count entered to be added to the decrypted totals.
    pub paper_added: Vec<crate::elections::result::PaperTally>,
}

/// An encrypted election waiting for its trustees.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ElectionCounting {
    pub shares: i64,
    pub trustees_needed: i64,
}

const SUMMARY: &str = "SELECT e.id, e.assembly_id, e.organization_id, o.short_name AS organization, e.kind, e.method, \
    e.titular_seats, e.substitute_seats, e.recall_delegate_id, e.status, e.paper_count, e.voters, e.ballot_digest, e.cancelled_at, e.cancel_reason, e.result, \
    e.board, e.counting, e.paper_lines FROM elections e JOIN organizations o ON o.id = e.organization_id";

pub async fn election(store: &Store, id: ElectionId) -> Result<Option<ElectionView>, AppError> {
    let sql = format!("{SUMMARY} WHERE e.id = $1");
    let summary: Option<ElectionSummary> = on_read!(store, pool => sqlx::query_as(&sql)
        .bind(id).fetch_optional(pool).await)?;
    let Some(summary) = summary else {
        return Ok(None);
    };
    let candidates: Vec<Candidate> = on_read!(store, pool => sqlx::query_as(
        "SELECT id, member_id, name FROM election_candidates WHERE election_id = $1 ORDER BY id")
        .bind(id).fetch_all(pool).await)?;
    let voted: i64 = on_read!(store, pool => sqlx::query_scalar(
        "SELECT COUNT(*) FROM election_voters WHERE election_id = $1").bind(id).fetch_one(pool).await)?;
    let electorate: i64 = on_read!(store, pool => sqlx::query_scalar(
        "SELECT COUNT(*) FROM voting_codes WHERE election_id = $1").bind(id).fetch_one(pool).await)?;
    let result = match summary.result.as_deref() {
        Some(text) => Some(serde_json::from_str(text).map_err(|err| {
            AppError::Internal(format!("election {id}: unreadable result: {err}"))
        })?),
        None => None,
    };
    let counting = match (&summary.board, summary.counting.as_deref()) {
        (Some(board), Some(text)) => {
            let c: crate::actions::boards::election_boards::Counting =
                serde_json::from_str(text)
                    .map_err(|err| AppError::Internal(format!("election {id}: {err}")))?;
            let shares: i64 = on_read!(store, pool => sqlx::query_scalar(
                "SELECT COUNT(*) FROM secret_board_documents WHERE election_id = $1 AND name LIKE 'share-%'")
                .bind(board).fetch_one(pool).await)?;
            Some(ElectionCounting {
                shares,
                trustees_needed: i64::from(c.trustees_needed),
            })
        }
        _ => None,
    };
    let encrypted_assembly: Option<String> = on_read!(store, pool => sqlx::query_scalar(
        "SELECT secret_ballots FROM assemblies WHERE id = $1")
        .bind(summary.assembly_id).fetch_optional(pool).await)?;
    let ranked_plaintext = encrypted_assembly.as_deref() == Some("encrypted")
        && summary.kind == ElectionKind::Delegates
        && summary.board.is_none()
        && summary.method.ballot() == crate::domain::BallotStyle::Rank;
    let paper: Vec<crate::actions::delegates::enter_paper_count::PaperLine> =
        match summary.paper_lines.as_deref() {
            Some(text) => serde_json::from_str(text)
                .map_err(|err| AppError::Internal(format!("election {id}: {err}")))?,
            None => Vec::new(),
        };
    let paper_added = paper
        .iter()
        .map(|l| crate::elections::result::PaperTally {
            candidate_id: l.candidate_id,
            name: candidates
                .iter()
                .find(|c| c.id == l.candidate_id)
                .map(|c| c.name.clone())
                .unwrap_or_default(),
            votes: l.votes,
        })
        .collect();
    Ok(Some(ElectionView {
        summary,
        candidates,
        voted,
        electorate,
        result,
        counting,
        ranked_plaintext,
        paper_added,
    }))
}

/// Elections in an assembly (optionally of one organization), newest first.
pub async fn elections(
    store: &Store,
    assembly_id: AssemblyId,
    organization_id: Option<OrganizationId>,
) -> Result<Vec<ElectionSummary>, AppError> {
    let sql = format!(
        "{SUMMARY} WHERE e.assembly_id = $1 AND ($2 = 0 OR e.organization_id = $2) ORDER BY e.id DESC"
    );
    let org = organization_id.map_or(0, OrganizationId::get);
    let rows: Vec<ElectionSummary> = on_read!(store, pool => sqlx::query_as(&sql)
        .bind(assembly_id).bind(org).fetch_all(pool).await)?;
    Ok(rows)
}

/// The anonymous ballot box of a closed election, sorted (each ballot's `choices`); `None` while
/// voting goes on, or when the ballots went on an encrypted board (its record is the box). Its
/// SHA-256 (`ballot_box_digest`) is the published digest.
pub async fn ballot_box(store: &Store, id: ElectionId) -> Result<Option<Vec<String>>, AppError> {
    let row: Option<(ElectionStatus, Option<String>)> = on_read!(store, pool => sqlx::query_as(
        "SELECT status, board FROM elections WHERE id = $1").bind(id).fetch_optional(pool).await)?;
    if !matches!(row, Some((ElectionStatus::Closed, None))) {
        return Ok(None);
    }
    let mut rows: Vec<String> = on_read!(store, pool => sqlx::query_scalar(
        "SELECT choices FROM ballots WHERE election_id = $1").bind(id).fetch_all(pool).await)?;
    rows.sort();
    Ok(Some(rows))
}

/// A member of an organization, for nomination forms.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct MemberOption {
    pub id: MemberId,
    pub member_number: String,
    pub name: String,
    pub account_id: Option<AccountId>,
}

pub async fn organization_members(
    store: &Store,
    org: OrganizationId,
) -> Result<Vec<MemberOption>, AppError> {
    let rows: Vec<MemberOption> = on_read!(store, pool => sqlx::query_as(
        "SELECT id, member_number, name, account_id FROM members WHERE organization_id = $1 ORDER BY member_number, id")
        .bind(org).fetch_all(pool).await)?;
    Ok(rows)
}

/// Members of the election's organization who may still be nominated: not candidates in it
/// already, and holding no delegate place in its assembly.
pub async fn nominable_members(
    store: &Store,
    election_id: ElectionId,
) -> Result<Vec<MemberOption>, AppError> {
    let sql = format!(
        "SELECT m.id, m.member_number, m.name, m.account_id FROM members m \
         JOIN elections e ON e.organization_id = m.organization_id AND e.id = $2 \
         WHERE NOT {} AND NOT EXISTS (SELECT 1 FROM election_candidates c WHERE c.election_id = e.id AND c.member_id = m.id) \
         ORDER BY m.member_number, m.id",
        crate::actions::delegates::seats_held::HOLDS_PLACE
    );
    let assembly: Option<AssemblyId> = on_read!(store, pool => sqlx::query_scalar(
        "SELECT assembly_id FROM elections WHERE id = $1").bind(election_id).fetch_optional(pool).await)?;
    let Some(assembly) = assembly else {
        return Ok(Vec::new());
    };
    let rows: Vec<MemberOption> = on_read!(store, pool => sqlx::query_as(&sql)
        .bind(assembly).bind(election_id).fetch_all(pool).await)?;
    Ok(rows)
}

/// The election a voting code belongs to and whether it has been used (for the code's holder).
pub async fn election_for_code(
    store: &Store,
    code: &str,
) -> Result<Option<(ElectionId, bool)>, AppError> {
    let code = crate::secrets::normalize_card_code(code);
    let row: Option<(ElectionId, i64)> = on_read!(store, pool => sqlx::query_as(
        "SELECT v.election_id, CAST((SELECT COUNT(*) FROM election_voters x WHERE x.election_id = v.election_id AND x.member_id = v.member_id) AS BIGINT) \
         FROM voting_codes v WHERE v.code_digest = $1")
        .bind(crate::secrets::digest(&code)).fetch_optional(pool).await)?;
    Ok(row.map(|(e, n)| (e, n > 0)))
}

/// How an organization recalls its delegates.
pub async fn recall_by(store: &Store, org: OrganizationId) -> Result<RecallBy, AppError> {
    let r: Option<RecallBy> = on_read!(store, pool => sqlx::query_scalar(
        "SELECT recall_by FROM organizations WHERE id = $1").bind(org).fetch_optional(pool).await)?;
    Ok(r.unwrap_or(RecallBy::GoverningBody))
}
