//! Reads of the federation area: forwards (a parent's inbox, what an assembly sent and what its
//! parent decided), the parent's resolutions with this assembly's decision on each (going down),
//! the national roll-up by department and by sector, the federation settings, the seats held by
//! substitutes and the standing proxies.

use asamblea_rules::procedure::Quorum;
use asamblea_store::{Store, on_read};
use serde::Serialize;

use crate::AppError;
use crate::actions::federation::forward_resolution::ForwardedAmendment;
use crate::actions::federation::set_federation::FederationSettings;
use crate::domain::{
    AssemblyId, DelegateId, DescentDecision, ForwardId, ForwardKind, ForwardStatus, MotionId,
    MotionStatus, ProxyId, ResolutionId, SessionId, VoteId,
};
use crate::queries::delegates::quorum_base::quorum_base;

/// A forwarded resolution with its origin, its evidence and what the parent decided.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct ForwardView {
    pub id: ForwardId,
    pub from_assembly_id: AssemblyId,
    pub from_slug: String,
    pub from_name: String,
    pub to_assembly_id: AssemblyId,
    pub to_slug: String,
    pub to_name: String,
    /// An adopted resolution, or a motion the originating assembly voted to forward.
    pub kind: ForwardKind,
    /// The resolution forwarded (none for a motion voted to forward).
    pub resolution_id: Option<ResolutionId>,
    /// The resolution's (or the motion's) number in the originating assembly.
    pub number: i64,
    pub session_id: SessionId,
    pub motion_id: MotionId,
    pub title: String,
    /// The final text, amendments merged.
    pub body: String,
    /// The motion's amendments (JSON text; see `amendments()`).
    #[serde(skip)]
    pub amendments: String,
    /// The vote that adopted it, as its result was stored (JSON text; see `vote()`).
    #[serde(skip)]
    pub vote_result: String,
    /// The carried vote that decided it: the adoption, or the vote to forward.
    pub vote_id: Option<VoteId>,
    /// Record position and hash of the act that decided it in the originating assembly
    /// (`resolution.adopted`, or the vote to forward's `vote.closed`).
    pub decided_position: i64,
    pub decided_hash: String,
    pub status: ForwardStatus,
    /// The motion the parent put on its agenda (accepted or merged).
    pub parent_motion_id: Option<MotionId>,
    /// That motion's status in the parent assembly (adopted, rejected, ...).
    pub parent_motion_status: Option<MotionStatus>,
    pub reason: Option<String>,
    pub forwarded_at: String,
    pub decided_at: Option<String>,
    pub version: i64,
}

impl ForwardView {
    pub fn amendments(&self) -> Vec<ForwardedAmendment> {
        serde_json::from_str(&self.amendments).unwrap_or_default()
    }
    pub fn vote(&self) -> serde_json::Value {
        serde_json::from_str(&self.vote_result).unwrap_or_default()
    }
    pub fn is_pending(&self) -> bool {
        self.status == ForwardStatus::Pending
    }
    /// The parent adopted the motion made of it.
    pub fn adopted_above(&self) -> bool {
        self.parent_motion_status == Some(MotionStatus::Adopted)
    }
}

/// A forward with its amendments and vote as JSON values (the API's answer).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ForwardFull {
    #[serde(flatten)]
    pub forward: ForwardView,
    pub amendments: Vec<ForwardedAmendment>,
    #[schema(value_type = Object)]
    pub vote: serde_json::Value,
}

impl From<ForwardView> for ForwardFull {
    fn from(f: ForwardView) -> Self {
        ForwardFull {
            amendments: f.amendments(),
            vote: f.vote(),
            forward: f,
        }
    }
}

const FORWARD_SQL: &str = "SELECT f.id, f.from_assembly_id, fa.slug AS from_slug, fa.name AS from_name, \
     f.to_assembly_id, ta.slug AS to_slug, ta.name AS to_name, f.kind, f.resolution_id, f.vote_id, f.number, f.session_id, f.motion_id, \
     f.title, f.body, f.amendments, f.vote_result, f.decided_position, f.decided_hash, f.status, f.parent_motion_id, \
     m.status AS parent_motion_status, f.reason, f.forwarded_at, f.decided_at, f.version \
     FROM forwards f JOIN assemblies fa ON fa.id = f.from_assembly_id JOIN assemblies ta ON ta.id = f.to_assembly_id \
     LEFT JOIN motions m ON m.id = f.parent_motion_id";

/// The forwards an assembly received (its inbox), newest first.
pub async fn inbox(store: &Store, assembly: AssemblyId) -> Result<Vec<ForwardView>, AppError> {
    let sql = format!("{FORWARD_SQL} WHERE f.to_assembly_id = $1 ORDER BY f.id DESC");
    Ok(
        on_read!(store, pool => sqlx::query_as::<_, ForwardView>(&sql).bind(assembly).fetch_all(pool).await)?,
    )
}

/// The forwards an assembly sent, with the parent's decisions, newest first.
pub async fn sent(store: &Store, assembly: AssemblyId) -> Result<Vec<ForwardView>, AppError> {
    let sql = format!("{FORWARD_SQL} WHERE f.from_assembly_id = $1 ORDER BY f.id DESC");
    Ok(
        on_read!(store, pool => sqlx::query_as::<_, ForwardView>(&sql).bind(assembly).fetch_all(pool).await)?,
    )
}

pub async fn forward(store: &Store, id: ForwardId) -> Result<Option<ForwardView>, AppError> {
    let sql = format!("{FORWARD_SQL} WHERE f.id = $1");
    Ok(
        on_read!(store, pool => sqlx::query_as::<_, ForwardView>(&sql).bind(id).fetch_optional(pool).await)?,
    )
}

/// The resolutions of an assembly that can be forwarded (its parent exists and they were not
/// forwarded yet): `(id, number, title)`.
pub async fn forwardable(
    store: &Store,
    assembly: AssemblyId,
) -> Result<Vec<(ResolutionId, i64, String)>, AppError> {
    Ok(
        on_read!(store, pool => sqlx::query_as::<_, (ResolutionId, i64, String)>(
        "SELECT r.id, r.number, r.title FROM resolutions r JOIN assemblies a ON a.id = r.assembly_id \
         WHERE r.assembly_id = $1 AND a.parent_id IS NOT NULL \
         AND NOT EXISTS (SELECT 1 FROM forwards f WHERE f.resolution_id = r.id) ORDER BY r.number")
        .bind(assembly).fetch_all(pool).await)?,
    )
}

/// The motions of an assembly its members voted to forward (the last vote to forward each,
/// closed, carried) and not forwarded yet: `(id, number, title)`.
pub async fn forwardable_motions(
    store: &Store,
    assembly: AssemblyId,
) -> Result<Vec<(MotionId, i64, String)>, AppError> {
    let rows: Vec<(MotionId, i64, String, String)> = on_read!(store, pool => sqlx::query_as(
        "SELECT m.id, m.number, m.title, v.result FROM motions m JOIN assembly_sessions s ON s.id = m.session_id \
         JOIN votes v ON v.motion_id = m.id AND v.forward = 1 AND v.status = 'closed' AND v.result IS NOT NULL \
         WHERE s.assembly_id = $1 AND NOT EXISTS (SELECT 1 FROM forwards f WHERE f.motion_id = m.id) \
         AND v.id = (SELECT MAX(w.id) FROM votes w WHERE w.motion_id = m.id AND w.forward = 1 AND w.status = 'closed') \
         ORDER BY m.number")
        .bind(assembly).fetch_all(pool).await)?;
    Ok(rows
        .into_iter()
        .filter(|(_, _, _, r)| {
            serde_json::from_str::<crate::actions::sessions::close_vote::VoteResult>(r)
                .is_ok_and(|r| r.passed())
        })
        .map(|(id, n, t, _)| (id, n, t))
        .collect())
}

/// A resolution of the parent assembly with this assembly's decision on it (going down).
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct DescentRow {
    pub resolution_id: ResolutionId,
    pub number: i64,
    pub title: String,
    pub body: String,
    pub adopted_at: String,
    pub decision: Option<DescentDecision>,
    pub reason: Option<String>,
    pub decided_at: Option<String>,
}

/// The parent's resolutions, each with `assembly`'s decision (none: not decided yet).
pub async fn descent(store: &Store, assembly: AssemblyId) -> Result<Vec<DescentRow>, AppError> {
    Ok(on_read!(store, pool => sqlx::query_as::<_, DescentRow>(
        "SELECT r.id AS resolution_id, r.number, r.title, r.body, r.adopted_at, d.decision, d.reason, d.decided_at \
         FROM assemblies a JOIN resolutions r ON r.assembly_id = a.parent_id \
         LEFT JOIN descent_decisions d ON d.resolution_id = r.id AND d.assembly_id = a.id \
         WHERE a.id = $1 ORDER BY r.number")
        .bind(assembly).fetch_all(pool).await)?)
}

/// One departmental assembly on the national roll-up.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DepartmentRow {
    pub assembly_id: AssemblyId,
    pub slug: String,
    pub name: String,
    /// Seats of its plan.
    pub seats: i64,
    /// Accredited titular voting delegates.
    pub accredited: i64,
    /// Present (as its quorum counts them).
    pub present: i64,
    /// Members its quorum is counted over, and how many must be present (more than half).
    pub quorum_base: i64,
    pub quorum_required: u64,
    pub quorum_met: bool,
    /// Its delegation's seats in this (the national) assembly's plan, how many are filled
    /// (titulars elected or accredited, mandate in force) and vacant.
    pub national_seats: i64,
    pub national_filled: i64,
    pub national_vacant: i64,
    /// Its forwards to this assembly: waiting, on the agenda (accepted or merged), adopted,
    /// declined.
    pub forwards_pending: i64,
    pub forwards_on_agenda: i64,
    pub forwards_adopted: i64,
    pub forwards_declined: i64,
}

/// One sector of the national assembly on the roll-up.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct SectorRow {
    pub sector: String,
    pub seats: i64,
    pub accredited: i64,
    pub present: i64,
}

/// The national roll-up: the assembly itself, its departmental assemblies, its sectors.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RollUp {
    pub assembly_id: AssemblyId,
    pub departments: Vec<DepartmentRow>,
    pub sectors: Vec<SectorRow>,
}

type ChildRow = (
    AssemblyId,
    String,
    String,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
);

pub async fn rollup(store: &Store, assembly: AssemblyId) -> Result<RollUp, AppError> {
    let children: Vec<ChildRow> = on_read!(store, pool => sqlx::query_as(
        "SELECT a.id, a.slug, a.name, \
         CAST(COALESCE((SELECT p.total_seats FROM seat_plans p WHERE p.assembly_id = a.id), 0) AS BIGINT), \
         CAST((SELECT COUNT(*) FROM delegates d WHERE d.assembly_id = a.id AND d.position = 'titular' AND d.seat_kind = 'voting' AND d.status = 'accredited') AS BIGINT), \
         CAST((SELECT COUNT(*) FROM forwards f WHERE f.from_assembly_id = a.id AND f.to_assembly_id = $1 AND f.status = 'pending') AS BIGINT), \
         CAST((SELECT COUNT(*) FROM forwards f LEFT JOIN motions m ON m.id = f.parent_motion_id WHERE f.from_assembly_id = a.id AND f.to_assembly_id = $1 \
               AND f.status IN ('accepted', 'merged') AND (m.status IS NULL OR m.status <> 'adopted')) AS BIGINT), \
         CAST((SELECT COUNT(*) FROM forwards f JOIN motions m ON m.id = f.parent_motion_id WHERE f.from_assembly_id = a.id AND f.to_assembly_id = $1 AND m.status = 'adopted') AS BIGINT), \
         CAST((SELECT COUNT(*) FROM forwards f WHERE f.from_assembly_id = a.id AND f.to_assembly_id = $1 AND f.status = 'declined') AS BIGINT), \
         CAST(COALESCE((SELECT SUM(s.seats) FROM seat_allocations s JOIN organizations o ON o.id = s.organization_id \
            WHERE s.assembly_id = $1 AND o.delegation_of = a.id), 0) AS BIGINT), \
         CAST((SELECT COUNT(*) FROM delegates d JOIN organizations o ON o.id = d.organization_id WHERE d.assembly_id = $1 \
            AND o.delegation_of = a.id AND d.position = 'titular' AND d.seat_kind = 'voting' AND d.status IN ('elected', 'accredited')) AS BIGINT) \
         FROM assemblies a WHERE a.parent_id = $1 ORDER BY a.name")
        .bind(assembly).fetch_all(pool).await)?;
    let mut departments = Vec::new();
    for (id, slug, name, seats, accredited, pending, on_agenda, adopted, declined, nat, filled) in
        children
    {
        let base = quorum_base(store, id).await?;
        let required =
            Quorum::MORE_THAN_HALF.required(u32::try_from(base.members).unwrap_or(u32::MAX));
        departments.push(DepartmentRow {
            assembly_id: id,
            slug,
            name,
            seats,
            accredited,
            present: base.present,
            quorum_base: base.members,
            quorum_required: required,
            quorum_met: u64::try_from(base.present).unwrap_or(0) >= required,
            national_seats: nat,
            national_filled: filled.min(nat),
            national_vacant: (nat - filled).max(0),
            forwards_pending: pending,
            forwards_on_agenda: on_agenda,
            forwards_adopted: adopted,
            forwards_declined: declined,
        });
    }
    let sectors: Vec<SectorRow> = on_read!(store, pool => sqlx::query_as::<_, SectorRow>(
        "SELECT se.name AS sector, \
         CAST(COALESCE((SELECT SUM(s.seats) FROM seat_allocations s JOIN organizations o ON o.id = s.organization_id \
            WHERE s.assembly_id = $1 AND o.sector_id = se.id), 0) AS BIGINT) AS seats, \
         CAST((SELECT COUNT(*) FROM delegates d JOIN organizations o ON o.id = d.organization_id WHERE d.assembly_id = $1 \
            AND o.sector_id = se.id AND d.position = 'titular' AND d.seat_kind = 'voting' AND d.status = 'accredited') AS BIGINT) AS accredited, \
         CAST((SELECT COUNT(*) FROM delegates d JOIN organizations o ON o.id = d.organization_id \
            JOIN attendance t ON t.delegate_id = d.id AND t.assembly_id = d.assembly_id WHERE d.assembly_id = $1 \
            AND o.sector_id = se.id AND d.seat_kind = 'voting' AND d.status = 'accredited' AND (d.position = 'titular' \
            OR EXISTS (SELECT 1 FROM seat_holds h WHERE h.substitute_id = d.id AND h.ended_at IS NULL))) AS BIGINT) AS present \
         FROM sectors se ORDER BY se.name")
        .bind(assembly).fetch_all(pool).await)?;
    let sectors = sectors
        .into_iter()
        .filter(|s| s.seats > 0 || s.accredited > 0)
        .collect();
    Ok(RollUp {
        assembly_id: assembly,
        departments,
        sectors,
    })
}

/// An assembly's federation settings.
pub async fn settings(store: &Store, assembly: AssemblyId) -> Result<FederationSettings, AppError> {
    let row: Option<FederationSettings> = on_read!(store, pool => sqlx::query_as(
        concat!("SELECT ", crate::actions::federation::set_federation::settings_columns!(""),
            " FROM assemblies WHERE id = $1"))
        .bind(assembly).fetch_optional(pool).await)?;
    row.ok_or(AppError::NotFound)
}

/// A seat held by a substitute in a session.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct SeatHoldView {
    pub session_id: SessionId,
    pub titular_id: DelegateId,
    pub titular: String,
    pub substitute_id: DelegateId,
    pub substitute: String,
    pub organization: String,
    pub since: String,
    pub ended_at: Option<String>,
}

/// The seats held by substitutes in a session (those ended too).
pub async fn seat_holds(store: &Store, session: SessionId) -> Result<Vec<SeatHoldView>, AppError> {
    Ok(on_read!(store, pool => sqlx::query_as::<_, SeatHoldView>(
        "SELECT h.session_id, h.titular_id, t.name AS titular, h.substitute_id, s.name AS substitute, o.short_name AS organization, \
         h.since, h.ended_at FROM seat_holds h JOIN delegates t ON t.id = h.titular_id JOIN delegates s ON s.id = h.substitute_id \
         JOIN organizations o ON o.id = t.organization_id WHERE h.session_id = $1 ORDER BY h.id")
        .bind(session).fetch_all(pool).await)?)
}

/// A standing proxy.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct ProxyView {
    pub id: ProxyId,
    pub delegator_id: DelegateId,
    pub delegator: String,
    pub holder_id: DelegateId,
    pub holder: String,
    pub given_at: String,
}

/// The standing proxies of an assembly.
pub async fn proxies(store: &Store, assembly: AssemblyId) -> Result<Vec<ProxyView>, AppError> {
    Ok(on_read!(store, pool => sqlx::query_as::<_, ProxyView>(
        "SELECT p.id, p.delegator_id, a.name AS delegator, p.holder_id, b.name AS holder, p.given_at FROM proxies p \
         JOIN delegates a ON a.id = p.delegator_id JOIN delegates b ON b.id = p.holder_id \
         WHERE p.assembly_id = $1 AND p.revoked_at IS NULL ORDER BY b.name, a.name")
        .bind(assembly).fetch_all(pool).await)?)
}

/// Present accredited titular voting delegates other than `except`, who may hold a proxy:
/// `(id, name, organization)`.
pub async fn proxy_candidates(
    store: &Store,
    assembly: AssemblyId,
    except: DelegateId,
) -> Result<Vec<(DelegateId, String, String)>, AppError> {
    Ok(
        on_read!(store, pool => sqlx::query_as::<_, (DelegateId, String, String)>(
        "SELECT d.id, d.name, o.short_name FROM delegates d JOIN organizations o ON o.id = d.organization_id \
         JOIN attendance t ON t.delegate_id = d.id AND t.assembly_id = d.assembly_id \
         WHERE d.assembly_id = $1 AND d.id <> $2 AND d.position = 'titular' AND d.seat_kind = 'voting' AND d.status = 'accredited' \
         ORDER BY d.name")
        .bind(assembly).bind(except).fetch_all(pool).await)?,
    )
}

/// The parent assembly of `assembly`, if any: `(slug, name)`.
pub async fn parent(
    store: &Store,
    assembly: AssemblyId,
) -> Result<Option<(String, String)>, AppError> {
    Ok(
        on_read!(store, pool => sqlx::query_as::<_, (String, String)>(
        "SELECT p.slug, p.name FROM assemblies a JOIN assemblies p ON p.id = a.parent_id WHERE a.id = $1")
        .bind(assembly).fetch_optional(pool).await)?,
    )
}

/// The agenda items of the assembly a motion can be put on (not closed, in a session not
/// closed): `(item id, "session — item")`.
pub async fn open_items(
    store: &Store,
    assembly: AssemblyId,
) -> Result<Vec<(crate::domain::ItemId, String)>, AppError> {
    let rows: Vec<(crate::domain::ItemId, String, String)> = on_read!(store, pool => sqlx::query_as(
        "SELECT i.id, s.title, i.title FROM agenda_items i JOIN assembly_sessions s ON s.id = i.session_id \
         WHERE s.assembly_id = $1 AND s.status <> 'closed' AND i.status <> 'closed' ORDER BY s.id, i.ordinal")
        .bind(assembly).fetch_all(pool).await)?;
    Ok(rows
        .into_iter()
        .map(|(id, s, i)| (id, format!("{s} — {i}")))
        .collect())
}

/// The reader's accredited delegate in the assembly (titular or substitute) and whether they are
/// in the hall: for checking oneself in.
pub async fn my_seat(
    store: &Store,
    assembly: AssemblyId,
    account: crate::domain::AccountId,
) -> Result<Option<(DelegateId, bool)>, AppError> {
    let row: Option<(DelegateId, i64)> = on_read!(store, pool => sqlx::query_as(
        "SELECT d.id, CAST((SELECT COUNT(*) FROM attendance t WHERE t.assembly_id = d.assembly_id AND t.delegate_id = d.id) AS BIGINT) \
         FROM delegates d WHERE d.assembly_id = $1 AND d.account_id = $2 AND d.status = 'accredited' \
         ORDER BY CASE WHEN d.position = 'titular' THEN 0 ELSE 1 END, d.id LIMIT 1")
        .bind(assembly).bind(account).fetch_optional(pool).await)?;
    Ok(row.map(|(id, present)| (id, present > 0)))
}

/// What the credentials commission's seat form offers: the assembly's sessions not closed
/// `(id, title)`, and its accredited titular voting delegates not in the hall `(id, "name (org)")`.
pub async fn seat_form_choices(
    store: &Store,
    assembly: AssemblyId,
) -> Result<SeatChoices, AppError> {
    let sessions: Vec<(SessionId, String)> = on_read!(store, pool => sqlx::query_as(
        "SELECT id, title FROM assembly_sessions WHERE assembly_id = $1 AND status <> 'closed' ORDER BY id DESC")
        .bind(assembly).fetch_all(pool).await)?;
    let rows: Vec<(DelegateId, String, String)> = on_read!(store, pool => sqlx::query_as(
        "SELECT d.id, d.name, o.short_name FROM delegates d JOIN organizations o ON o.id = d.organization_id \
         WHERE d.assembly_id = $1 AND d.position = 'titular' AND d.seat_kind = 'voting' AND d.status = 'accredited' \
         AND NOT EXISTS (SELECT 1 FROM attendance t WHERE t.assembly_id = d.assembly_id AND t.delegate_id = d.id) \
         ORDER BY o.short_name, d.name")
        .bind(assembly).fetch_all(pool).await)?;
    Ok(SeatChoices {
        sessions,
        absent: rows
            .into_iter()
            .map(|(id, name, org)| (id, format!("{name} ({org})")))
            .collect(),
    })
}

/// See [`seat_form_choices`].
#[derive(Debug, Clone, Default)]
pub struct SeatChoices {
    pub sessions: Vec<(SessionId, String)>,
    pub absent: Vec<(DelegateId, String)>,
}

/// The seats substitutes hold now (not ended) in the assembly's sessions not closed.
pub async fn standing_holds(
    store: &Store,
    assembly: AssemblyId,
) -> Result<Vec<SeatHoldView>, AppError> {
    Ok(on_read!(store, pool => sqlx::query_as::<_, SeatHoldView>(
        "SELECT h.session_id, h.titular_id, t.name AS titular, h.substitute_id, s.name AS substitute, o.short_name AS organization, \
         h.since, h.ended_at FROM seat_holds h JOIN delegates t ON t.id = h.titular_id JOIN delegates s ON s.id = h.substitute_id \
         JOIN organizations o ON o.id = t.organization_id WHERE h.assembly_id = $1 AND h.ended_at IS NULL ORDER BY h.id")
        .bind(assembly).fetch_all(pool).await)?)
}

/// The departmental assemblies an organization may stand for as their delegation to the national
/// assembly (departmental, with a parent, no delegation yet): slug and name.
pub async fn delegation_choices(store: &Store) -> Result<Vec<(String, String)>, AppError> {
    Ok(on_read!(store, pool => sqlx::query_as(
        "SELECT a.slug, a.name FROM assemblies a WHERE a.level = 'departmental' AND a.parent_id IS NOT NULL \
         AND NOT EXISTS (SELECT 1 FROM organizations o WHERE o.delegation_of = a.id) ORDER BY a.name")
        .fetch_all(pool).await)?)
}

/// The departmental assembly (slug, name) organization `org` is the delegation of, if any.
pub async fn delegation_of(
    store: &Store,
    org: crate::domain::OrganizationId,
) -> Result<Option<(String, String)>, AppError> {
    Ok(on_read!(store, pool => sqlx::query_as(
        "SELECT a.slug, a.name FROM organizations o JOIN assemblies a ON a.id = o.delegation_of WHERE o.id = $1")
        .bind(org).fetch_optional(pool).await)?)
}
