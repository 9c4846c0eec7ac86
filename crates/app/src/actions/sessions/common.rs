//! Helpers shared by the actions of the sessions area: loading rows inside a transaction,
//! permissions (chair, teller, own delegate), version checks.

use asamblea_record::NewAct;
use asamblea_store::{Tx, on_tx};
use serde_json::Value;

use crate::{Actor, AppError};

#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct SessionRow {
    pub id: i64,
    pub assembly_id: i64,
    pub status: String,
    pub version: i64,
    pub speaking_seconds: i64,
    pub first_time_first: i64,
    pub quota_kind: String,
    pub quota: i64,
    pub min_supporters: i64,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct ItemRow {
    pub id: i64,
    pub session_id: i64,
    pub status: String,
    pub list_open: i64,
    pub version: i64,
    pub assembly_id: i64,
    pub session_status: String,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct DelegateRow {
    pub id: i64,
    pub organization_id: i64,
}

pub(crate) async fn session(tx: &mut Tx, id: i64) -> Result<SessionRow, AppError> {
    let row: Option<SessionRow> = on_tx!(tx, c => sqlx::query_as(
        "SELECT id, assembly_id, status, version, speaking_seconds, first_time_first, quota_kind, quota, min_supporters \
         FROM assembly_sessions WHERE id = $1")
        .bind(id).fetch_optional(&mut **c).await)?;
    row.ok_or(AppError::NotFound)
}

pub(crate) async fn item(tx: &mut Tx, id: i64) -> Result<ItemRow, AppError> {
    let row: Option<ItemRow> = on_tx!(tx, c => sqlx::query_as(
        "SELECT i.id, i.session_id, i.status, i.list_open, i.version, s.assembly_id, s.status AS session_status \
         FROM agenda_items i JOIN assembly_sessions s ON s.id = i.session_id WHERE i.id = $1")
        .bind(id).fetch_optional(&mut **c).await)?;
    row.ok_or(AppError::NotFound)
}

/// Whether the actor holds `role` in the assembly.
pub(crate) async fn has_role(
    tx: &mut Tx,
    actor: &Actor,
    assembly_id: i64,
    role: &str,
) -> Result<bool, AppError> {
    let Some(a) = actor.account() else {
        return Ok(false);
    };
    let n: i64 = on_tx!(tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM assembly_roles WHERE assembly_id = $1 AND account_id = $2 AND role = $3")
        .bind(assembly_id).bind(a.id).bind(role).fetch_one(&mut **c).await)?;
    Ok(n > 0)
}

/// Administrators and the presidium chair; anyone else is refused.
pub(crate) async fn require_chair(
    tx: &mut Tx,
    actor: &Actor,
    assembly_id: i64,
) -> Result<(), AppError> {
    if actor.is_admin() || has_role(tx, actor, assembly_id, "presidium").await? {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// The accredited delegate (titular, of any seat kind) the actor's account holds in the assembly.
pub(crate) async fn own_delegate(
    tx: &mut Tx,
    actor: &Actor,
    assembly_id: i64,
) -> Result<Option<DelegateRow>, AppError> {
    let Some(a) = actor.account() else {
        return Ok(None);
    };
    let row: Option<DelegateRow> = on_tx!(tx, c => sqlx::query_as(
        "SELECT id, organization_id FROM delegates \
         WHERE assembly_id = $1 AND account_id = $2 AND status = 'accredited' AND position = 'titular' ORDER BY id LIMIT 1")
        .bind(assembly_id).bind(a.id).fetch_optional(&mut **c).await)?;
    Ok(row)
}

/// An accredited delegate of the assembly by id.
pub(crate) async fn delegate(
    tx: &mut Tx,
    assembly_id: i64,
    id: i64,
) -> Result<DelegateRow, AppError> {
    let row: Option<DelegateRow> = on_tx!(tx, c => sqlx::query_as(
        "SELECT id, organization_id FROM delegates \
         WHERE assembly_id = $1 AND id = $2 AND status = 'accredited'")
        .bind(assembly_id).bind(id).fetch_optional(&mut **c).await)?;
    row.ok_or(AppError::invalid("delegate_id", "error-ses-not-delegate"))
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

pub(crate) async fn bump_item(tx: &mut Tx, item_id: i64) -> Result<(), AppError> {
    on_tx!(tx, c => sqlx::query("UPDATE agenda_items SET version = version + 1 WHERE id = $1")
        .bind(item_id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub(crate) async fn bump_session(tx: &mut Tx, session_id: i64) -> Result<(), AppError> {
    on_tx!(tx, c => sqlx::query("UPDATE assembly_sessions SET version = version + 1 WHERE id = $1")
        .bind(session_id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub(crate) fn act(actor: &Actor, kind: &str, assembly_id: i64, payload: Value) -> NewAct {
    NewAct {
        actor: actor.record_name(),
        kind: kind.into(),
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

/// The waiting speakers of an item, in speaking order (see `queries::sessions::speaker_order`).
pub(crate) async fn waiting_order(
    tx: &mut Tx,
    item_id: i64,
    first_time_first: bool,
) -> Result<Vec<i64>, AppError> {
    use crate::queries::sessions::speaker_order::{Request, speaking_order};
    let rows: Vec<(i64, String, Option<i64>, i64)> = on_tx!(tx, c => sqlx::query_as(
        "SELECT s.id, s.kind, s.manual_rank, CAST((SELECT COUNT(*) FROM speakers d WHERE d.item_id = s.item_id \
           AND d.delegate_id = s.delegate_id AND d.status = 'done') AS BIGINT) \
         FROM speakers s WHERE s.item_id = $1 AND s.status = 'waiting'")
        .bind(item_id).fetch_all(&mut **c).await)?;
    let reqs: Vec<Request> = rows
        .into_iter()
        .map(|(id, kind, manual_rank, spoken_before)| Request {
            id,
            point_of_order: kind == "order",
            manual_rank,
            spoken_before,
            seq: id,
        })
        .collect();
    Ok(speaking_order(&reqs, first_time_first))
}
