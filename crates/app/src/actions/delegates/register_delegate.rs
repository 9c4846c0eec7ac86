//! Registers a delegate (or substitute) of an organization in an assembly, as elected by its base.
//! Elections call this for their winners; an administrator may also register one directly (for a
//! result decided outside Asamblea). The credentials commission accredits afterwards.

use crate::domain::ActKind;
use asamblea_record::NewAct;
use asamblea_store::{Store, Tx, now_rfc3339, on_tx};
use serde_json::json;

use crate::domain::{
    AccountId, AssemblyId, DelegateId, DelegatePosition, DelegateStatus, ElectionId, MemberId,
    OrganizationId, SeatKind,
};
use crate::{Actor, AppError};

#[derive(Debug, Clone)]
pub struct NewDelegate {
    pub assembly_id: AssemblyId,
    pub organization_id: OrganizationId,
    pub name: String,
    pub member_id: Option<MemberId>,
    pub account_id: Option<AccountId>,
    pub seat_kind: SeatKind,
    /// `None` for a titular delegate; `Some(rank)` for a substitute (1 steps in first).
    pub substitute_rank: Option<i64>,
    pub election_id: Option<ElectionId>,
}

/// Registers the delegate; returns its id. Administrators only.
pub async fn register_delegate(
    store: &Store,
    actor: &Actor,
    input: NewDelegate,
) -> Result<DelegateId, AppError> {
    if !actor.is_admin() {
        return Err(AppError::Forbidden);
    }
    let mut tx = store.begin().await?;
    let id = insert_delegate(&mut tx, actor, &input).await?;
    tx.commit().await?;
    Ok(id)
}

/// Inserts the delegate row and its act inside an open transaction (used by elections too).
pub async fn insert_delegate(
    tx: &mut Tx,
    actor: &Actor,
    input: &NewDelegate,
) -> Result<DelegateId, AppError> {
    let name = input.name.trim().to_string();
    if name.is_empty() || name.chars().count() > 120 {
        return Err(AppError::invalid("name", "error-display-name"));
    }
    let position = if input.substitute_rank.is_some() {
        DelegatePosition::Substitute
    } else {
        DelegatePosition::Titular
    };
    let now = now_rfc3339();
    let id: DelegateId = on_tx!(tx, c => sqlx::query_scalar(
        "INSERT INTO delegates (assembly_id, organization_id, member_id, account_id, name, seat_kind, position, substitute_rank, status, election_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id")
        .bind(input.assembly_id).bind(input.organization_id).bind(input.member_id).bind(input.account_id)
        .bind(&name).bind(input.seat_kind).bind(position).bind(input.substitute_rank)
        .bind(DelegateStatus::Elected).bind(input.election_id).bind(&now).fetch_one(&mut **c).await)?;
    tx.append(NewAct {
        actor: actor.record_name(),
        kind: ActKind::DelegateRegistered.as_str().into(),
        scope: format!("assembly:{}", input.assembly_id),
        payload: json!({
            "id": id, "assembly_id": input.assembly_id, "organization_id": input.organization_id,
            "name": name, "seat_kind": input.seat_kind, "position": position,
            "substitute_rank": input.substitute_rank, "election_id": input.election_id,
        }),
    })
    .await?;
    Ok(id)
}
