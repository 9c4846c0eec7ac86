//! What the actions of the sessions area share inside their transaction: the rows they act on
//! (session, item, vote, delegate), the actor's offices and delegate in the assembly, version
//! checks and bumps, the act they append, the waiting speakers in speaking order, and the check
//! of a required text.

use crate::domain::ActKind;
use asamblea_record::NewAct;
use asamblea_rules::speakers::{Request, speaking_order};
use asamblea_store::{Tx, on_tx};
use serde_json::Value;

use super::may_chair;
use crate::actions::federation::set_federation::{FederationSettings, settings_columns};
use crate::domain::{
    AssemblyId, AssemblyRole, DelegateId, IntBool, ItemId, ItemStatus, MotionId, OrganizationId,
    QuorumRule, QuotaKind, SessionId, SessionStatus, SpeakerId, SpeakerKind, VoteId, VoteMajority,
    VoteMethod, VoteStatus, VoteSubject,
};
use crate::group_commit::{IN, Keys, select_in};
use crate::{Actor, AppError};

#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct SessionRow {
    pub id: SessionId,
    pub assembly_id: AssemblyId,
    pub status: SessionStatus,
    pub version: i64,
    pub speaking_seconds: i64,
    #[sqlx(try_from = "IntBool")]
    pub first_time_first: bool,
    pub quota_kind: QuotaKind,
    pub quota: i64,
    pub min_supporters: i64,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct ItemRow {
    pub id: ItemId,
    pub session_id: SessionId,
    pub status: ItemStatus,
    #[sqlx(try_from = "IntBool")]
    pub list_open: bool,
    pub version: i64,
    pub assembly_id: AssemblyId,
    pub session_status: SessionStatus,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct VoteRow {
    pub id: VoteId,
    pub session_id: SessionId,
    pub item_id: Option<ItemId>,
    pub assembly_id: AssemblyId,
    pub subject: VoteSubject,
    pub motion_id: Option<MotionId>,
    pub method: VoteMethod,
    /// The options of a choose-one or approval vote, as a JSON array of strings.
    pub options: String,
    #[sqlx(try_from = "IntBool")]
    pub secret: bool,
    pub majority: VoteMajority,
    pub quorum: QuorumRule,
    pub status: VoteStatus,
    pub version: i64,
    /// An encrypted secret vote's board (`actions::boards::session_boards`).
    pub board: Option<String>,
    /// How many have voted (migration 0097); read under the write lock, it stays so until the
    /// batch that read it adds its own ([`super::cast_vote::record_batch`]).
    pub cast_count: i64,
}

impl VoteRow {
    pub fn option_list(&self) -> Vec<String> {
        serde_json::from_str(&self.options).unwrap_or_default()
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct DelegateRow {
    pub id: DelegateId,
    pub organization_id: OrganizationId,
}

pub(crate) async fn session(tx: &mut Tx, id: SessionId) -> Result<SessionRow, AppError> {
    let row: Option<SessionRow> = on_tx!(tx, c => sqlx::query_as(
        "SELECT id, assembly_id, status, version, speaking_seconds, first_time_first, quota_kind, quota, min_supporters \
         FROM assembly_sessions WHERE id = $1")
        .bind(id).fetch_optional(&mut **c).await)?;
    row.ok_or(AppError::NotFound)
}

pub(crate) async fn item(tx: &mut Tx, id: ItemId) -> Result<ItemRow, AppError> {
    let row: Option<ItemRow> = on_tx!(tx, c => sqlx::query_as(
        "SELECT i.id, i.session_id, i.status, i.list_open, i.version, s.assembly_id, s.status AS session_status \
         FROM agenda_items i JOIN assembly_sessions s ON s.id = i.session_id WHERE i.id = $1")
        .bind(id).fetch_optional(&mut **c).await)?;
    row.ok_or(AppError::NotFound)
}

/// The columns of a [`VoteRow`] (`v` the vote, `s` its session).
macro_rules! vote_columns {
    () => {
        "v.id, v.session_id, v.item_id, s.assembly_id, v.subject, v.motion_id, v.method, \
         v.options, v.secret, v.majority, v.quorum, v.status, v.version, v.board, v.cast_count"
    };
}

/// A vote with its assembly; the vote's id follows (`= $1`, or a batch's `IN (…)`).
const VOTE: &str = concat!(
    "SELECT ",
    vote_columns!(),
    " FROM votes v JOIN assembly_sessions s ON s.id = v.session_id WHERE v.id "
);

pub(crate) async fn vote(tx: &mut Tx, id: VoteId) -> Result<VoteRow, AppError> {
    let row: Option<VoteRow> = on_tx!(tx, c => sqlx::query_as(&format!("{VOTE}= $1"))
        .bind(id).fetch_optional(&mut **c).await)?;
    row.ok_or(AppError::NotFound)
}

/// A vote with its assembly's federation settings (`set_federation::settings_tx`).
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct VoteAndSettings {
    #[sqlx(flatten)]
    pub vote: VoteRow,
    #[sqlx(flatten)]
    pub settings: FederationSettings,
}

/// A vote with its assembly and the assembly's settings; the vote's id follows.
const VOTE_AND_SETTINGS: &str = concat!(
    "SELECT ",
    vote_columns!(),
    ", ",
    settings_columns!("a."),
    " FROM votes v JOIN assembly_sessions s ON s.id = v.session_id \
     JOIN assemblies a ON a.id = s.assembly_id WHERE v.id "
);

/// The votes of `ids` found, as [`vote`] reads each, with their assemblies' settings, in one
/// statement for a batch (`group_commit::select_in`; a batch of a hall with many votes open
/// read each apart, and the settings after them, issue 15).
pub(crate) async fn votes(tx: &mut Tx, ids: &[i64]) -> Result<Vec<VoteAndSettings>, AppError> {
    select_in(tx, &format!("{VOTE_AND_SETTINGS}{IN}"), &[], Keys::Int(ids)).await
}

/// The offices (presidium, teller, ...) the actor holds in the assembly.
pub(crate) async fn roles(
    tx: &mut Tx,
    actor: &Actor,
    assembly_id: AssemblyId,
) -> Result<Vec<AssemblyRole>, AppError> {
    let Some(a) = actor.account() else {
        return Ok(Vec::new());
    };
    let rows: Vec<(AssemblyRole,)> = on_tx!(tx, c => sqlx::query_as(
        "SELECT role FROM assembly_roles WHERE assembly_id = $1 AND account_id = $2")
        .bind(assembly_id).bind(a.id).fetch_all(&mut **c).await)?;
    Ok(rows.into_iter().map(|(r,)| r).collect())
}

/// Whether the actor chairs the assembly ([`may_chair`]).
pub(crate) async fn is_chair(
    tx: &mut Tx,
    actor: &Actor,
    assembly_id: AssemblyId,
) -> Result<bool, AppError> {
    if actor.is_admin() {
        return Ok(true);
    }
    let roles = roles(tx, actor, assembly_id).await?;
    Ok(may_chair(actor, &roles))
}

/// `Forbidden` unless the actor chairs the assembly ([`may_chair`]).
pub(crate) async fn require_chair(
    tx: &mut Tx,
    actor: &Actor,
    assembly_id: AssemblyId,
) -> Result<(), AppError> {
    if is_chair(tx, actor, assembly_id).await? {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// The accredited delegate (titular, of any seat kind) the actor's account holds in the assembly;
/// or the substitute it holds who sits in an absent titular's place this session (federation).
pub(crate) async fn own_delegate(
    tx: &mut Tx,
    actor: &Actor,
    assembly_id: AssemblyId,
) -> Result<Option<DelegateRow>, AppError> {
    let Some(a) = actor.account() else {
        return Ok(None);
    };
    let row: Option<DelegateRow> = on_tx!(tx, c => sqlx::query_as(OWN_DELEGATE)
        .bind(assembly_id).bind(a.id).fetch_optional(&mut **c).await)?;
    Ok(row)
}

/// Which of an account's delegates in assembly `$assembly` (an SQL expression) is theirs: an
/// accredited titular, else a substitute holding a seat; the lowest id first (the order of
/// [`OWN_DELEGATE`]). The account follows (`= $2`). Also read with a batch's voters
/// (`batch_voters.rs`).
macro_rules! own_delegate_where {
    ($assembly:literal) => {
        concat!(
            "FROM delegates WHERE assembly_id = ",
            $assembly,
            " AND status = 'accredited' AND (position = 'titular' \
         OR EXISTS (SELECT 1 FROM seat_holds h WHERE h.substitute_id = delegates.id AND h.ended_at IS NULL)) \
         AND account_id "
        )
    };
}
pub(crate) use own_delegate_where;

/// The actor's delegate (run for a session ballot not read with its batch's, under the write
/// lock: found through `delegates_account_assembly`, migration 0110, not by reading the
/// assembly's delegates).
const OWN_DELEGATE: &str = concat!(
    "SELECT id, organization_id ",
    own_delegate_where!("$1"),
    "= $2 ORDER BY CASE WHEN position = 'titular' THEN 0 ELSE 1 END, id LIMIT 1"
);

/// An accredited delegate of the assembly by id.
pub(crate) async fn delegate(
    tx: &mut Tx,
    assembly_id: AssemblyId,
    id: DelegateId,
) -> Result<DelegateRow, AppError> {
    let row: Option<DelegateRow> = on_tx!(tx, c => sqlx::query_as(
        "SELECT id, organization_id FROM delegates \
         WHERE assembly_id = $1 AND id = $2 AND status = 'accredited'")
        .bind(assembly_id).bind(id).fetch_optional(&mut **c).await)?;
    row.ok_or(AppError::invalid("delegate_id", "error-ses-not-delegate"))
}

/// The accredited delegate of the assembly whose card carries `badge` (typed or scanned, as at
/// the door: case, spaces and dashes do not matter).
pub(crate) async fn delegate_by_badge(
    tx: &mut Tx,
    assembly_id: AssemblyId,
    badge: &str,
) -> Result<DelegateRow, AppError> {
    let badge = crate::secrets::normalize_card_code(badge);
    if badge.is_empty() {
        return Err(AppError::invalid("badge", "error-ses-speaker-pick"));
    }
    let row: Option<DelegateRow> = on_tx!(tx, c => sqlx::query_as(
        "SELECT id, organization_id FROM delegates \
         WHERE assembly_id = $1 AND badge = $2 AND status = 'accredited'")
        .bind(assembly_id).bind(&badge).fetch_optional(&mut **c).await)?;
    row.ok_or(AppError::invalid("badge", "error-ses-badge-unknown"))
}

/// Refuses a form made from an older state (`expected` is the version the page showed).
pub(crate) fn check_version(expected: Option<i64>, current: i64) -> Result<(), AppError> {
    match expected {
        Some(v) if v != current => Err(AppError::Conflict {
            key: "error-ses-stale",
        }),
        _ => Ok(()),
    }
}

pub(crate) async fn bump_item(tx: &mut Tx, item_id: ItemId) -> Result<(), AppError> {
    on_tx!(tx, c => sqlx::query("UPDATE agenda_items SET version = version + 1 WHERE id = $1")
        .bind(item_id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub(crate) async fn bump_session(tx: &mut Tx, session_id: SessionId) -> Result<(), AppError> {
    on_tx!(tx, c => sqlx::query("UPDATE assembly_sessions SET version = version + 1 WHERE id = $1")
        .bind(session_id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub(crate) async fn bump_motion(tx: &mut Tx, motion_id: MotionId) -> Result<(), AppError> {
    on_tx!(tx, c => sqlx::query("UPDATE motions SET version = version + 1 WHERE id = $1")
        .bind(motion_id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// The act `kind` by `actor` in the assembly's scope.
pub(crate) fn act(actor: &Actor, kind: ActKind, assembly_id: AssemblyId, payload: Value) -> NewAct {
    NewAct {
        actor: actor.record_name(),
        kind: kind.as_str().into(),
        scope: format!("assembly:{assembly_id}"),
        payload,
    }
}

/// A trimmed text of 1..=max characters, or the error `key` on `field`.
pub(crate) fn text(
    s: &str,
    max: usize,
    field: &'static str,
    key: &'static str,
) -> Result<String, AppError> {
    let t = s.trim().to_string();
    if t.is_empty() || t.chars().count() > max {
        return Err(AppError::invalid(field, key));
    }
    Ok(t)
}

/// The waiting speakers of an item, in speaking order (`asamblea_rules::speakers`).
pub(crate) async fn waiting_order(
    tx: &mut Tx,
    item_id: ItemId,
    first_time_first: bool,
) -> Result<Vec<SpeakerId>, AppError> {
    Ok(speaking_order(
        &waiting(tx, item_id).await?,
        first_time_first,
    ))
}

/// The waiting requests to speak on an item, as the speaking order needs them.
pub(crate) async fn waiting(
    tx: &mut Tx,
    item_id: ItemId,
) -> Result<Vec<Request<SpeakerId>>, AppError> {
    let rows: Vec<(SpeakerId, SpeakerKind, Option<i64>, i64)> = on_tx!(tx, c => sqlx::query_as(
        "SELECT s.id, s.kind, s.manual_rank, CAST((SELECT COUNT(*) FROM speakers d WHERE d.item_id = s.item_id \
           AND d.delegate_id = s.delegate_id AND d.status = 'done') AS BIGINT) \
         FROM speakers s WHERE s.item_id = $1 AND s.status = 'waiting'")
        .bind(item_id).fetch_all(&mut **c).await)?;
    Ok(rows
        .into_iter()
        .map(|(id, kind, manual_rank, spoken_before)| Request {
            id,
            point_of_order: kind == SpeakerKind::Order,
            manual_rank,
            spoken_before,
            seq: id.get(),
        })
        .collect())
}

#[cfg(test)]
pub(crate) mod tests {
    use asamblea_store::testing::TestDb;
    use asamblea_store::{on_read, sqlx};

    /// SQLite's plan of the voter's delegate: by account, not a read of every delegate of the
    /// assembly per ballot (it was, through `delegates_assembly`, before migration 0110).
    #[tokio::test]
    async fn the_voters_delegate_is_found_by_account() {
        let db = TestDb::sqlite().await;
        // Alone, and a batch's (`batch_voters`, 32 ballots).
        let batch = super::super::batch_voters::voters_sql(32);
        for (sql, params) in [(super::OWN_DELEGATE, 2), (&batch, 4 * 32)] {
            let plan = sqlite_plan(&db, sql, params).await;
            assert!(
                plan.iter()
                    .any(|p| p.contains("USING INDEX delegates_account_assembly")),
                "{sql}: {plan:?}"
            );
            // (The batch's own list of ballots, `b` and `o`, is read whole.)
            assert!(
                plan.iter().all(|p| !p.starts_with("SCAN")
                    || p.contains("CONSTANT ROWS")
                    || p == "SCAN b"
                    || p == "SCAN o"),
                "no table read whole: {sql}: {plan:?}"
            );
        }
        db.cleanup().await;
    }

    /// SQLite's plan of `sql` (its `$1`..`$params` bound to numbers), a line per step.
    pub(crate) async fn sqlite_plan(db: &TestDb, sql: &str, params: i64) -> Vec<String> {
        let explain = format!("EXPLAIN QUERY PLAN {sql}");
        let plan: Vec<(i64, i64, i64, String)> = on_read!(db.store, pool => (1..=params)
            .fold(sqlx::query_as(&explain), |q, p: i64| q.bind(p))
            .fetch_all(pool).await)
        .unwrap();
        plan.into_iter().map(|r| r.3).collect()
    }
}
