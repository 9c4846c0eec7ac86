//! Reads for the session pages, the projector, the API and the minutes.

use asamblea_rules::amendments::paragraphs;
use asamblea_rules::speakers::{Request, speaking_order};
use asamblea_store::{Store, on_read};
use serde::{Serialize, Serializer};

use crate::AppError;
use crate::actions::sessions::close_vote::{ChoiceResult, VoteResult, YesNoResult};
use crate::domain::{
    AccountId, AmendmentOp, AssemblyId, AssemblyRole, DelegateId, DelegatePosition, FollowUp,
    IntBool, ItemId, ItemStatus, MotionId, MotionStatus, QuorumRule, QuotaKind, Recommendation,
    ResolutionId, SeatKind, SessionId, SessionStatus, SpeakerId, SpeakerKind, SpeakerStatus,
    VoteId, VoteMajority, VoteMethod, VoteStatus, VoteSubject,
};

/// Writes a flag kept as an INTEGER column as it has always been sent: `0` or `1`.
fn as_int<S: Serializer>(b: &bool, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_i64(i64::from(*b))
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct SessionView {
    pub id: SessionId,
    pub assembly_id: AssemblyId,
    pub assembly_slug: String,
    pub assembly_name: String,
    /// The assembly's time zone (IANA name): its times are shown in it.
    pub time_zone: String,
    pub title: String,
    pub status: SessionStatus,
    pub planned_at: Option<String>,
    pub opened_at: Option<String>,
    pub closed_at: Option<String>,
    pub speaking_seconds: i64,
    /// Delegates who have not yet spoken on an item go first (sent as `0` or `1`).
    #[sqlx(try_from = "IntBool")]
    #[serde(serialize_with = "as_int")]
    #[schema(value_type = i64)]
    pub first_time_first: bool,
    pub quota_kind: QuotaKind,
    pub quota: i64,
    pub min_supporters: i64,
    pub current_item_id: Option<ItemId>,
    pub closed_position: Option<i64>,
    pub closed_hash: Option<String>,
    pub version: i64,
}

impl SessionView {
    pub fn is_current(&self, item_id: &ItemId) -> bool {
        self.current_item_id == Some(*item_id)
    }
    pub fn is_planned(&self) -> bool {
        self.status == SessionStatus::Planned
    }
    pub fn is_open(&self) -> bool {
        self.status == SessionStatus::Open
    }
    pub fn is_closed(&self) -> bool {
        self.status == SessionStatus::Closed
    }
}

const SESSION_SQL: &str = "SELECT s.id, s.assembly_id, a.slug AS assembly_slug, a.name AS assembly_name, a.time_zone, s.title, s.status, \
    s.planned_at, s.opened_at, s.closed_at, s.speaking_seconds, s.first_time_first, s.quota_kind, s.quota, s.min_supporters, \
    s.current_item_id, s.closed_position, s.closed_hash, s.version \
    FROM assembly_sessions s JOIN assemblies a ON a.id = s.assembly_id";

pub async fn session(store: &Store, id: SessionId) -> Result<Option<SessionView>, AppError> {
    let sql = format!("{SESSION_SQL} WHERE s.id = $1");
    Ok(
        on_read!(store, pool => sqlx::query_as::<_, SessionView>(&sql).bind(id).fetch_optional(pool).await)?,
    )
}

pub async fn sessions_of(
    store: &Store,
    assembly_id: AssemblyId,
) -> Result<Vec<SessionView>, AppError> {
    let sql = format!("{SESSION_SQL} WHERE s.assembly_id = $1 ORDER BY s.id");
    Ok(
        on_read!(store, pool => sqlx::query_as::<_, SessionView>(&sql).bind(assembly_id).fetch_all(pool).await)?,
    )
}

/// The session the assembly is in now: the open one, else the latest.
pub async fn current_session(
    store: &Store,
    assembly_id: AssemblyId,
) -> Result<Option<SessionView>, AppError> {
    let sql = format!(
        "{SESSION_SQL} WHERE s.assembly_id = $1 ORDER BY CASE WHEN s.status = 'open' THEN 0 ELSE 1 END, s.id DESC LIMIT 1"
    );
    Ok(
        on_read!(store, pool => sqlx::query_as::<_, SessionView>(&sql).bind(assembly_id).fetch_optional(pool).await)?,
    )
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct ItemView {
    pub id: ItemId,
    pub session_id: SessionId,
    pub ordinal: i64,
    pub title: String,
    pub description: String,
    pub planned_start: Option<String>,
    pub planned_minutes: Option<i64>,
    pub links: String,
    pub status: ItemStatus,
    /// Delegates may still ask to speak (sent as `0` or `1`).
    #[sqlx(try_from = "IntBool")]
    #[serde(serialize_with = "as_int")]
    #[schema(value_type = i64)]
    pub list_open: bool,
    pub version: i64,
}

impl ItemView {
    pub fn is_open(&self) -> bool {
        self.status == ItemStatus::Open
    }
    pub fn is_closed(&self) -> bool {
        self.status == ItemStatus::Closed
    }
    pub fn link_list(&self) -> Vec<String> {
        self.links.lines().map(str::to_string).collect()
    }
}

const ITEM_SQL: &str = "SELECT id, session_id, ordinal, title, description, planned_start, planned_minutes, links, status, list_open, version FROM agenda_items";

pub async fn items(store: &Store, session_id: SessionId) -> Result<Vec<ItemView>, AppError> {
    let sql = format!("{ITEM_SQL} WHERE session_id = $1 ORDER BY ordinal");
    Ok(
        on_read!(store, pool => sqlx::query_as::<_, ItemView>(&sql).bind(session_id).fetch_all(pool).await)?,
    )
}

pub async fn item(store: &Store, id: ItemId) -> Result<Option<ItemView>, AppError> {
    let sql = format!("{ITEM_SQL} WHERE id = $1");
    Ok(
        on_read!(store, pool => sqlx::query_as::<_, ItemView>(&sql).bind(id).fetch_optional(pool).await)?,
    )
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct SpeakerView {
    pub id: SpeakerId,
    pub item_id: ItemId,
    pub delegate_id: DelegateId,
    pub name: String,
    pub organization: String,
    pub sector: String,
    pub kind: SpeakerKind,
    pub status: SpeakerStatus,
    pub manual_rank: Option<i64>,
    pub requested_at: String,
    pub started_at: Option<String>,
    pub ended_at: Option<String>,
    pub limit_seconds: i64,
    pub spoken_before: i64,
}

impl SpeakerView {
    pub fn is_point_of_order(&self) -> bool {
        self.kind == SpeakerKind::Order
    }
    /// When the speaking time runs out (RFC 3339), for a speaker on the floor.
    pub fn ends_at(&self) -> Option<String> {
        let started = self.started_at.as_deref()?;
        let t =
            time::OffsetDateTime::parse(started, &time::format_description::well_known::Rfc3339)
                .ok()?;
        let end = t + time::Duration::seconds(self.limit_seconds);
        let fmt =
            time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
        end.format(&fmt).ok()
    }
}

/// An item's speakers: `(on the floor, waiting in speaking order, done)`.
pub type SpeakerList = (Option<SpeakerView>, Vec<SpeakerView>, Vec<SpeakerView>);

pub async fn speakers(
    store: &Store,
    item_id: ItemId,
    first_time_first: bool,
) -> Result<SpeakerList, AppError> {
    let rows = on_read!(store, pool => sqlx::query_as::<_, SpeakerView>(
        "SELECT sp.id, sp.item_id, sp.delegate_id, d.name, o.short_name AS organization, se.name AS sector, sp.kind, sp.status, \
         sp.manual_rank, sp.requested_at, sp.started_at, sp.ended_at, sp.limit_seconds, \
         CAST((SELECT COUNT(*) FROM speakers x WHERE x.item_id = sp.item_id AND x.delegate_id = sp.delegate_id AND x.status = 'done') AS BIGINT) AS spoken_before \
         FROM speakers sp JOIN delegates d ON d.id = sp.delegate_id JOIN organizations o ON o.id = d.organization_id \
         JOIN sectors se ON se.id = o.sector_id WHERE sp.item_id = $1 ORDER BY sp.id")
        .bind(item_id).fetch_all(pool).await)?;
    let reqs: Vec<Request<SpeakerId>> = rows
        .iter()
        .filter(|s| s.status == SpeakerStatus::Waiting)
        .map(|s| Request {
            id: s.id,
            point_of_order: s.is_point_of_order(),
            manual_rank: s.manual_rank,
            spoken_before: s.spoken_before,
            seq: s.id.get(),
        })
        .collect();
    let order = speaking_order(&reqs, first_time_first);
    let floor = rows
        .iter()
        .find(|s| s.status == SpeakerStatus::Speaking)
        .cloned();
    let waiting = order
        .iter()
        .filter_map(|id| rows.iter().find(|s| s.id == *id).cloned())
        .collect();
    let done = rows
        .iter()
        .filter(|s| s.status == SpeakerStatus::Done)
        .cloned()
        .collect();
    Ok((floor, waiting, done))
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct MotionView {
    pub id: MotionId,
    /// Its number within the assembly ("Moción #1"), shared by motions and amendments.
    pub number: i64,
    /// The number of the motion an amendment amends.
    pub parent_number: Option<i64>,
    pub item_id: ItemId,
    pub parent_id: Option<MotionId>,
    pub title: String,
    pub body: String,
    pub op: Option<AmendmentOp>,
    pub paragraph: Option<i64>,
    /// The delegate who proposed it (who may withdraw it), if a delegate did.
    #[serde(skip)]
    pub by_delegate_id: Option<DelegateId>,
    pub by_name: Option<String>,
    pub by_organization: Option<String>,
    pub supporters: i64,
    pub min_supporters: i64,
    pub status: MotionStatus,
    pub recommendation: Option<Recommendation>,
    pub recommended_by: Option<String>,
    pub version: i64,
}

impl MotionView {
    pub fn paragraphs(&self) -> Vec<String> {
        paragraphs(&self.body)
    }
    pub fn is_proposed(&self) -> bool {
        self.status == MotionStatus::Proposed
    }
    /// The name of an amendment's edit (`replace`, `insert`, `delete`); empty for a motion.
    pub fn op_name(&self) -> &'static str {
        self.op.map_or("", AmendmentOp::as_str)
    }
}

const MOTION_SQL: &str = "SELECT m.id, m.number, (SELECT p.number FROM motions p WHERE p.id = m.parent_id) AS parent_number, m.item_id, m.parent_id, m.title, m.body, m.op, m.paragraph, m.by_delegate_id, d.name AS by_name, \
    o.short_name AS by_organization, CAST((SELECT COUNT(*) FROM motion_supporters ms WHERE ms.motion_id = m.id) AS BIGINT) AS supporters, \
    m.min_supporters, m.status, m.recommendation, m.recommended_by, m.version \
    FROM motions m LEFT JOIN delegates d ON d.id = m.by_delegate_id LEFT JOIN organizations o ON o.id = m.by_organization_id";

pub async fn motions(store: &Store, item_id: ItemId) -> Result<Vec<MotionView>, AppError> {
    let sql = format!("{MOTION_SQL} WHERE m.item_id = $1 ORDER BY m.id");
    Ok(
        on_read!(store, pool => sqlx::query_as::<_, MotionView>(&sql).bind(item_id).fetch_all(pool).await)?,
    )
}

/// The motions and amendments of a session not yet decided nor withdrawn (what closing the
/// session leaves pending).
pub async fn pending_motions(
    store: &Store,
    session_id: SessionId,
) -> Result<Vec<MotionView>, AppError> {
    let sql =
        format!("{MOTION_SQL} WHERE m.session_id = $1 AND m.status = 'proposed' ORDER BY m.id");
    Ok(
        on_read!(store, pool => sqlx::query_as::<_, MotionView>(&sql).bind(session_id).fetch_all(pool).await)?,
    )
}

pub async fn motion(store: &Store, id: MotionId) -> Result<Option<MotionView>, AppError> {
    let sql = format!("{MOTION_SQL} WHERE m.id = $1");
    Ok(
        on_read!(store, pool => sqlx::query_as::<_, MotionView>(&sql).bind(id).fetch_optional(pool).await)?,
    )
}

/// A vote as the pages and the API read it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct VoteView {
    pub id: VoteId,
    pub session_id: SessionId,
    pub assembly_id: AssemblyId,
    pub item_id: Option<ItemId>,
    pub subject: VoteSubject,
    pub motion_id: Option<MotionId>,
    /// For a vote on an amendment: the motion it amends (the vote is "amendment `motion_id` to
    /// motion `amends`", never the motion's title alone).
    pub amends: Option<MotionId>,
    /// The numbers within the assembly of `motion_id` and `amends` (what pages show).
    pub motion_number: Option<i64>,
    pub amends_number: Option<i64>,
    pub question: String,
    pub method: VoteMethod,
    /// The options of a choose-one or approval vote, as a JSON array (see [`Self::option_list`]).
    pub options: String,
    #[sqlx(try_from = "IntBool")]
    pub secret: bool,
    pub majority: VoteMajority,
    pub quorum: QuorumRule,
    pub status: VoteStatus,
    pub opened_at: String,
    pub closed_at: Option<String>,
    /// The result of a closed vote, as JSON (see [`Self::result`]).
    pub result: Option<String>,
    pub digest: Option<String>,
    pub voted: i64,
    pub version: i64,
    /// An encrypted secret vote's board (`/boards/ID`).
    pub board: Option<String>,
    /// Closed to ballots and waiting for its trustees: what the close fixed, as JSON (with
    /// `trustees_needed`).
    pub counting: Option<String>,
    /// Decryption shares on the vote's board so far.
    pub shares: i64,
}

impl VoteView {
    /// Closed to ballots, waiting for the trustees' decryption shares: `(in, needed)`.
    pub fn waiting_for_trustees(&self) -> Option<(i64, i64)> {
        let c: serde_json::Value = serde_json::from_str(self.counting.as_deref()?).ok()?;
        Some((self.shares, c["trustees_needed"].as_i64().unwrap_or(0)))
    }
    /// Waiting for its trustees (closed to ballots, no result yet).
    pub fn is_counting(&self) -> bool {
        self.status == VoteStatus::Closed && self.counting.is_some()
    }
    pub fn option_list(&self) -> Vec<String> {
        serde_json::from_str(&self.options).unwrap_or_default()
    }
    pub fn is_open(&self) -> bool {
        self.status == VoteStatus::Open
    }
    /// Closed, with its result (an encrypted vote once its trustees decrypted).
    pub fn is_closed(&self) -> bool {
        self.status == VoteStatus::Closed && self.counting.is_none()
    }
    /// Decided by the option with the most votes (no majority of a base).
    pub fn by_plurality(&self) -> bool {
        self.majority == VoteMajority::Plurality
    }
    /// The result, once the vote is closed.
    pub fn result(&self) -> Option<VoteResult> {
        serde_json::from_str(self.result.as_deref()?).ok()
    }
    /// The result of a closed yes/no/abstain vote.
    pub fn yes_no(&self) -> Option<YesNoResult> {
        match self.result()? {
            VoteResult::YesNo(r) => Some(r),
            VoteResult::Choice(_) => None,
        }
    }
    /// The result of a closed choose-one or approval vote.
    pub fn choice(&self) -> Option<ChoiceResult> {
        match self.result()? {
            VoteResult::Choice(r) => Some(r),
            VoteResult::YesNo(_) => None,
        }
    }
    pub fn passed(&self) -> bool {
        self.result().is_some_and(|r| r.passed())
    }
    /// `(option, count)` of a closed choose-one or approval vote.
    pub fn option_counts(&self) -> Vec<(String, i64)> {
        let counts = self.choice().map(|r| r.counts).unwrap_or_default();
        self.option_list()
            .into_iter()
            .enumerate()
            .map(|(i, o)| (o, counts.get(i).copied().map_or(0, i64::from)))
            .collect()
    }
    /// A choose-one or approval vote where two or more options tied for the most votes.
    pub fn is_tied(&self) -> bool {
        self.choice().is_some_and(|r| r.tied.len() > 1)
    }
    /// The winning option of a closed choose-one or approval vote (empty if none).
    pub fn winner(&self) -> String {
        self.choice()
            .and_then(|r| r.winner)
            .and_then(|i| self.option_list().get(i).cloned())
            .unwrap_or_default()
    }
}

const VOTE_SQL: &str = "SELECT v.id, v.session_id, s.assembly_id, v.item_id, v.subject, v.motion_id, \
    (SELECT am.parent_id FROM motions am WHERE am.id = v.motion_id) AS amends, \
    (SELECT am.number FROM motions am WHERE am.id = v.motion_id) AS motion_number, \
    (SELECT p.number FROM motions am JOIN motions p ON p.id = am.parent_id WHERE am.id = v.motion_id) AS amends_number, v.question, v.method, v.options, \
    v.secret, v.majority, v.quorum, v.status, v.opened_at, v.closed_at, v.result, v.digest, \
    CAST((SELECT COUNT(*) FROM vote_casts c WHERE c.vote_id = v.id) AS BIGINT) AS voted, v.version, \
    v.board, v.counting, CAST((SELECT COUNT(*) FROM secret_board_documents d WHERE d.election_id = v.board \
    AND d.name LIKE 'share-%') AS BIGINT) AS shares \
    FROM votes v JOIN assembly_sessions s ON s.id = v.session_id";

pub async fn votes(store: &Store, session_id: SessionId) -> Result<Vec<VoteView>, AppError> {
    let sql = format!("{VOTE_SQL} WHERE v.session_id = $1 ORDER BY v.id");
    Ok(
        on_read!(store, pool => sqlx::query_as::<_, VoteView>(&sql).bind(session_id).fetch_all(pool).await)?,
    )
}

pub async fn vote(store: &Store, id: VoteId) -> Result<Option<VoteView>, AppError> {
    let sql = format!("{VOTE_SQL} WHERE v.id = $1");
    Ok(
        on_read!(store, pool => sqlx::query_as::<_, VoteView>(&sql).bind(id).fetch_optional(pool).await)?,
    )
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct RollCallRow {
    pub delegate_id: DelegateId,
    pub name: String,
    pub organization: String,
    pub sector: String,
    /// The ballot of an open vote (`yes`, `no`, `abstain`, or option indices); none for a
    /// secret vote.
    pub choice: Option<String>,
    /// Entered by a teller (sent as `0` or `1`).
    #[sqlx(try_from = "IntBool")]
    #[serde(serialize_with = "as_int")]
    #[schema(value_type = i64)]
    pub by_teller: bool,
    /// What the ballot weighed: one, plus the proxies it carried, or the delegation's seats.
    pub weight: i64,
    /// The absent titular whose seat this substitute held at the vote.
    pub seat_of: Option<String>,
    /// The delegates whose proxies the ballot carried ("X, also for Y").
    #[sqlx(skip)]
    pub also_for: Vec<String>,
}

/// Who voted how in an open vote (names, organization, sector; teller-entered votes marked;
/// the seat a substitute held, the proxies a ballot carried).
pub async fn roll_call(store: &Store, vote_id: VoteId) -> Result<Vec<RollCallRow>, AppError> {
    let mut rows = on_read!(store, pool => sqlx::query_as::<_, RollCallRow>(
        "SELECT c.delegate_id, d.name, o.short_name AS organization, se.name AS sector, c.choice, c.by_teller, c.weight, \
         (SELECT t.name FROM vote_seat_holders h JOIN delegates t ON t.id = h.titular_id WHERE h.vote_id = c.vote_id AND h.holder_id = c.delegate_id) AS seat_of \
         FROM vote_casts c JOIN delegates d ON d.id = c.delegate_id JOIN organizations o ON o.id = d.organization_id \
         JOIN sectors se ON se.id = o.sector_id WHERE c.vote_id = $1 ORDER BY se.name, o.short_name, d.name")
        .bind(vote_id).fetch_all(pool).await)?;
    let proxies: Vec<(DelegateId, String)> = on_read!(store, pool => sqlx::query_as(
        "SELECT p.holder_id, d.name FROM vote_proxies p JOIN delegates d ON d.id = p.delegator_id WHERE p.vote_id = $1 ORDER BY d.name")
        .bind(vote_id).fetch_all(pool).await)?;
    for (holder, name) in proxies {
        if let Some(r) = rows.iter_mut().find(|r| r.delegate_id == holder) {
            r.also_for.push(name);
        }
    }
    Ok(rows)
}

/// Who held the seat of an absent titular at a vote: `(titular, holder)` names.
pub async fn seat_holders(
    store: &Store,
    vote_id: VoteId,
) -> Result<Vec<(String, String)>, AppError> {
    Ok(
        on_read!(store, pool => sqlx::query_as::<_, (String, String)>(
        "SELECT t.name, h.name FROM vote_seat_holders s JOIN delegates t ON t.id = s.titular_id \
         JOIN delegates h ON h.id = s.holder_id WHERE s.vote_id = $1 ORDER BY t.name")
        .bind(vote_id).fetch_all(pool).await)?,
    )
}

/// Counts of choices by group (`organization` or `sector`): `(group, choice, count)`.
pub fn grouped(rows: &[RollCallRow], by_sector: bool) -> Vec<(String, String, i64)> {
    let mut out: Vec<(String, String, i64)> = Vec::new();
    for r in rows {
        let g = if by_sector {
            &r.sector
        } else {
            &r.organization
        };
        let c = r.choice.clone().unwrap_or_default();
        match out.iter_mut().find(|(og, oc, _)| og == g && *oc == c) {
            Some(e) => e.2 += r.weight,
            None => out.push((g.clone(), c, r.weight)),
        }
    }
    out.sort();
    out
}

/// The ballot box of a closed secret vote, sorted by ballot id (empty while it is open).
pub async fn ballot_box(store: &Store, vote_id: VoteId) -> Result<Vec<(String, String)>, AppError> {
    Ok(
        on_read!(store, pool => sqlx::query_as::<_, (String, String)>(
        "SELECT b.ballot_id, b.choice FROM secret_ballots b JOIN votes v ON v.id = b.vote_id \
         WHERE b.vote_id = $1 AND v.status = 'closed' ORDER BY b.ballot_id")
        .bind(vote_id).fetch_all(pool).await)?,
    )
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct ResolutionView {
    pub id: ResolutionId,
    pub assembly_id: AssemblyId,
    pub number: i64,
    pub motion_id: MotionId,
    pub session_id: SessionId,
    pub title: String,
    pub body: String,
    pub follow_up: FollowUp,
    pub adopted_at: String,
}

impl ResolutionView {
    pub fn paragraphs(&self) -> Vec<String> {
        paragraphs(&self.body)
    }
}

pub async fn resolutions(
    store: &Store,
    assembly_id: AssemblyId,
) -> Result<Vec<ResolutionView>, AppError> {
    Ok(on_read!(store, pool => sqlx::query_as::<_, ResolutionView>(
        "SELECT id, assembly_id, number, motion_id, session_id, title, body, follow_up, adopted_at FROM resolutions \
         WHERE assembly_id = $1 ORDER BY number")
        .bind(assembly_id).fetch_all(pool).await)?)
}

/// The delegate an account holds in an assembly (accredited, titular).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MyDelegate {
    pub id: DelegateId,
    pub name: String,
    /// Holds a voting seat (not an attached or fraternal one).
    pub voting_seat: bool,
    /// Checked in at the door.
    pub present: bool,
}

pub async fn my_delegate(
    store: &Store,
    assembly_id: AssemblyId,
    account_id: AccountId,
) -> Result<Option<MyDelegate>, AppError> {
    let row: Option<(DelegateId, String, SeatKind, DelegatePosition, i64)> = on_read!(store, pool => sqlx::query_as(
        "SELECT d.id, d.name, d.seat_kind, d.position, \
         CAST((SELECT COUNT(*) FROM attendance a WHERE a.delegate_id = d.id AND a.assembly_id = d.assembly_id) AS BIGINT) \
         FROM delegates d WHERE d.assembly_id = $1 AND d.account_id = $2 AND d.status = 'accredited' AND (d.position = 'titular' \
         OR EXISTS (SELECT 1 FROM seat_holds h WHERE h.substitute_id = d.id AND h.ended_at IS NULL)) \
         ORDER BY CASE WHEN d.position = 'titular' THEN 0 ELSE 1 END, d.id LIMIT 1")
        .bind(assembly_id).bind(account_id).fetch_optional(pool).await)?;
    Ok(row.map(|(id, name, kind, position, present)| MyDelegate {
        id,
        name,
        // A substitute is found here only while holding an absent titular's seat.
        voting_seat: kind == SeatKind::Voting
            && matches!(
                position,
                DelegatePosition::Titular | DelegatePosition::Substitute
            ),
        present: present > 0,
    }))
}

/// The offices (presidium, teller, ...) an account holds in an assembly.
pub async fn roles(
    store: &Store,
    assembly_id: AssemblyId,
    account_id: AccountId,
) -> Result<Vec<AssemblyRole>, AppError> {
    let rows: Vec<(AssemblyRole,)> = on_read!(store, pool => sqlx::query_as(
        "SELECT role FROM assembly_roles WHERE assembly_id = $1 AND account_id = $2")
        .bind(assembly_id).bind(account_id).fetch_all(pool).await)?;
    Ok(rows.into_iter().map(|(r,)| r).collect())
}

pub async fn has_voted(
    store: &Store,
    vote_id: VoteId,
    delegate_id: DelegateId,
) -> Result<bool, AppError> {
    let n: i64 = on_read!(store, pool => sqlx::query_scalar(
        "SELECT COUNT(*) FROM vote_casts WHERE vote_id = $1 AND delegate_id = $2")
        .bind(vote_id).bind(delegate_id).fetch_one(pool).await)?;
    Ok(n > 0)
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct SeatedDelegate {
    pub id: DelegateId,
    pub name: String,
    pub organization: String,
    pub sector: String,
    /// Checked in at the door.
    #[sqlx(try_from = "IntBool")]
    pub present: bool,
}

/// Seated voting delegates of an assembly, with presence.
pub async fn seated(
    store: &Store,
    assembly_id: AssemblyId,
) -> Result<Vec<SeatedDelegate>, AppError> {
    Ok(on_read!(store, pool => sqlx::query_as::<_, SeatedDelegate>(
        "SELECT d.id, d.name, o.short_name AS organization, se.name AS sector, \
         CAST((SELECT COUNT(*) FROM attendance a WHERE a.delegate_id = d.id AND a.assembly_id = d.assembly_id) AS BIGINT) AS present \
         FROM delegates d JOIN organizations o ON o.id = d.organization_id JOIN sectors se ON se.id = o.sector_id \
         WHERE d.assembly_id = $1 AND d.status = 'accredited' AND d.position = 'titular' AND d.seat_kind = 'voting' \
         ORDER BY se.name, o.short_name, d.name")
        .bind(assembly_id).fetch_all(pool).await)?)
}

/// In an assembly whose secret ballots are encrypted, what a ballot of `delegate_id` weighs now
/// (the sum `cast_vote` makes: one plus the standing proxies it carries, or its delegation's
/// seats where the assembly votes by delegation); `None` where they are not encrypted. A page
/// lets the voter's device encrypt only a ballot that weighs one: a heavier one the server
/// encrypts as that many ballots of one (`cast_vote` refuses a device's ballot that weighs more).
pub async fn encrypted_ballot_weight(
    store: &Store,
    assembly_id: AssemblyId,
    delegate_id: Option<DelegateId>,
) -> Result<Option<i64>, AppError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        secret_ballots: String,
        key_board: Option<String>,
        vote_weight: String,
        seats: Option<i64>,
        proxies: i64,
    }
    let row: Option<Row> = on_read!(store, pool => sqlx::query_as(
        "SELECT a.secret_ballots, a.key_board, a.vote_weight, \
         (SELECT s.seats FROM seat_allocations s JOIN delegates d ON d.organization_id = s.organization_id \
          WHERE s.assembly_id = a.id AND d.id = $2) AS seats, \
         CAST((SELECT COUNT(*) FROM proxies p WHERE p.holder_id = $2 AND p.revoked_at IS NULL) AS BIGINT) AS proxies \
         FROM assemblies a WHERE a.id = $1")
        .bind(assembly_id).bind(delegate_id).fetch_optional(pool).await)?;
    Ok(row
        .filter(|r| r.secret_ballots == "encrypted" && r.key_board.is_some())
        .map(|r| {
            if r.vote_weight == "delegation" {
                asamblea_rules::weights::delegation_weight(r.seats.unwrap_or(0))
            } else {
                asamblea_rules::weights::proxy_weight(usize::try_from(r.proxies).unwrap_or(0))
            }
        }))
}
