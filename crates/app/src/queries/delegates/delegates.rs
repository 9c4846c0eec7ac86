//! Delegates of an assembly and the public history of one delegate (from the record).

use crate::domain::ActKind;
use asamblea_store::{Store, on_read};
use serde::Serialize;

use crate::AppError;
use crate::domain::{
    AccountId, AssemblyId, DelegateId, DelegatePosition, DelegateStatus, ElectionId, IntBool,
    OrganizationId, SeatKind,
};

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct DelegateView {
    pub id: DelegateId,
    pub assembly_id: AssemblyId,
    pub organization_id: OrganizationId,
    pub organization: String,
    pub name: String,
    pub seat_kind: SeatKind,
    pub position: DelegatePosition,
    pub substitute_rank: Option<i64>,
    pub status: DelegateStatus,
    pub status_reason: Option<String>,
    pub election_id: Option<ElectionId>,
    #[serde(skip)]
    pub account_id: Option<AccountId>,
    /// Checked in at the hall.
    #[sqlx(try_from = "IntBool")]
    pub present: bool,
}

const SELECT: &str = "SELECT d.id, d.assembly_id, d.organization_id, o.short_name AS organization, d.name, d.seat_kind, \
    d.position, d.substitute_rank, d.status, d.status_reason, d.election_id, d.account_id, \
    CAST((SELECT COUNT(*) FROM attendance t WHERE t.delegate_id = d.id) AS BIGINT) AS present \
    FROM delegates d JOIN organizations o ON o.id = d.organization_id";

/// Delegates of an assembly (optionally of one organization), by organization then position.
pub async fn delegates(
    store: &Store,
    assembly_id: AssemblyId,
    organization_id: Option<OrganizationId>,
) -> Result<Vec<DelegateView>, AppError> {
    let sql = format!(
        "{SELECT} WHERE d.assembly_id = $1 AND ($2 = 0 OR d.organization_id = $2) \
         ORDER BY o.short_name, d.position DESC, d.substitute_rank, d.id"
    );
    let org = organization_id.map_or(0, OrganizationId::get);
    let rows: Vec<DelegateView> = on_read!(store, pool => sqlx::query_as(&sql)
        .bind(assembly_id).bind(org).fetch_all(pool).await)?;
    Ok(rows)
}

pub async fn delegate(store: &Store, id: DelegateId) -> Result<Option<DelegateView>, AppError> {
    let sql = format!("{SELECT} WHERE d.id = $1");
    let row: Option<DelegateView> = on_read!(store, pool => sqlx::query_as(&sql)
        .bind(id).fetch_optional(pool).await)?;
    Ok(row)
}

/// One step in a delegate's public history: a record entry that names them.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct HistoryEntry {
    pub position: i64,
    pub recorded_at: String,
    #[schema(value_type = crate::domain::ActKind)]
    pub kind: String,
    #[schema(value_type = Object)]
    pub payload: serde_json::Value,
    pub hash: String,
}

/// The acts of the delegate's assembly that name this delegate: registration, credential,
/// check-in, recall, substitution, revocation of the delegation.
pub async fn delegate_history(
    store: &Store,
    d: &DelegateView,
) -> Result<Vec<HistoryEntry>, AppError> {
    let scope = format!("assembly:{}", d.assembly_id);
    let mut out = Vec::new();
    let mut after = 0;
    loop {
        let batch = store.scope_entries_after(&scope, after, 1000).await?;
        let Some(last) = batch.last() else { break };
        after = last.position;
        for e in batch {
            let p = &e.payload;
            let id = d.id.get();
            let names = |k: &str| p.get(k).and_then(|v| v.as_i64()) == Some(id);
            let mentions = match e.kind.parse::<ActKind>() {
                Ok(ActKind::DelegateRegistered) => names("id"),
                Ok(ActKind::DelegationRevoked) => p
                    .get("delegate_ids")
                    .and_then(|v| v.as_array())
                    .is_some_and(|a| a.iter().any(|x| x.as_i64() == Some(id))),
                Ok(ActKind::ElectionClosed) => p
                    .get("delegate_ids")
                    .and_then(|v| v.as_array())
                    .is_some_and(|a| a.iter().any(|x| x.as_i64() == Some(id))),
                _ => names("delegate_id") || names("replaces"),
            };
            if mentions {
                out.push(HistoryEntry {
                    position: e.position,
                    recorded_at: e.recorded_at,
                    kind: e.kind,
                    payload: e.payload,
                    hash: e.hash,
                });
            }
        }
    }
    Ok(out)
}
