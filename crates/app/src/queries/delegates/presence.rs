//! Presence and quorum of an assembly: titular voting delegates with an accepted credential are
//! seated; those checked in are present; the quorum is `asamblea_rules::procedure::Quorum`
//! (more than half) of the members the assembly's quorum basis counts (see
//! [`super::quorum_base`]).

use asamblea_rules::procedure::Quorum;
use asamblea_store::{Store, on_read};
use serde::Serialize;

use super::delegates::{DelegateView, delegates};
use crate::AppError;
use crate::domain::{AssemblyId, DelegatePosition, DelegateStatus, QuorumBasis, SeatKind};

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Presence {
    pub assembly_id: AssemblyId,
    /// Seats of the seat plan.
    pub total_seats: i64,
    /// Accredited titular voting delegates.
    pub seated: i64,
    /// Of those, checked in.
    pub present: i64,
    /// What the quorum is counted over, and how many members that is.
    pub quorum_basis: QuorumBasis,
    pub quorum_members: i64,
    pub quorum_required: i64,
    pub quorum_met: bool,
    pub quorum_rule: String,
    /// Accredited titular delegates, present or not.
    pub delegates: Vec<DelegateView>,
}

pub async fn presence(store: &Store, assembly_id: AssemblyId) -> Result<Presence, AppError> {
    let total_seats: Option<i64> = on_read!(store, pool => sqlx::query_scalar(
        "SELECT total_seats FROM seat_plans WHERE assembly_id = $1").bind(assembly_id).fetch_optional(pool).await)?;
    let list: Vec<DelegateView> = delegates(store, assembly_id, None)
        .await?
        .into_iter()
        .filter(|d| {
            d.status == DelegateStatus::Accredited && d.position == DelegatePosition::Titular
        })
        .collect();
    let voting: Vec<&DelegateView> = list
        .iter()
        .filter(|d| d.seat_kind == SeatKind::Voting)
        .collect();
    let seated = voting.len() as i64;
    let present = voting.iter().filter(|d| d.present).count() as i64;
    let quorum = Quorum::MORE_THAN_HALF;
    let base = super::quorum_base::quorum_base(store, assembly_id).await?;
    let required = quorum.required(u32::try_from(base.members).unwrap_or(u32::MAX)) as i64;
    Ok(Presence {
        assembly_id,
        total_seats: total_seats.unwrap_or(0),
        seated,
        present,
        quorum_basis: base.basis,
        quorum_members: base.members,
        quorum_required: required,
        quorum_met: base.members > 0 && present >= required,
        quorum_rule: quorum.to_string(),
        delegates: list,
    })
}
