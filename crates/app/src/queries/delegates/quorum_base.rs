//! What a vote's quorum is counted over: the assembly's [`QuorumBasis`] and the number it gives.
//! Present are always the accredited titular voting delegates checked in, and the substitutes
//! checked in who hold the seat of an absent titular (federation).

use asamblea_store::{Store, Tx, on_read, on_tx};
use serde::Serialize;

use crate::AppError;
use crate::domain::{AssemblyId, QuorumBasis};

/// The assembly's quorum basis, and the number of members it counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct QuorumBase {
    pub basis: QuorumBasis,
    /// Members the quorum is counted over ("seated" in a result).
    pub members: i64,
    /// Accredited titular voting delegates checked in.
    pub present: i64,
}

/// One row: the basis, the plan's voting seats, the seats filled, the accredited, the present.
const SQL: &str = concat!(
    "SELECT a.quorum_basis, \
     CAST(COALESCE((SELECT p.total_seats FROM seat_plans p WHERE p.assembly_id = a.id), 0) AS BIGINT), \
     CAST((SELECT COUNT(*) FROM delegates d WHERE d.assembly_id = a.id AND d.position = 'titular' \
        AND d.seat_kind = 'voting' AND ",
    crate::actions::delegates::seats_held::mandate_in_force!("d"),
    ") AS BIGINT), \
     CAST((SELECT COUNT(*) FROM delegates d WHERE d.assembly_id = a.id AND d.position = 'titular' \
        AND d.seat_kind = 'voting' AND d.status = 'accredited') AS BIGINT), \
     CAST((SELECT COUNT(*) FROM delegates d JOIN attendance t ON t.delegate_id = d.id AND t.assembly_id = d.assembly_id \
        WHERE d.assembly_id = a.id AND d.position = 'titular' AND d.seat_kind = 'voting' AND d.status = 'accredited') \
        + (SELECT COUNT(*) FROM seat_holds h JOIN attendance t ON t.delegate_id = h.substitute_id AND t.assembly_id = h.assembly_id \
        WHERE h.assembly_id = a.id AND h.ended_at IS NULL \
        AND NOT EXISTS (SELECT 1 FROM attendance x WHERE x.assembly_id = h.assembly_id AND x.delegate_id = h.titular_id)) AS BIGINT) \
     FROM assemblies a WHERE a.id = $1"
);

type Row = (QuorumBasis, i64, i64, i64, i64);

fn base((basis, plan, filled, accredited, present): Row) -> QuorumBase {
    let members = match basis {
        QuorumBasis::PlanSeats => plan,
        QuorumBasis::FilledSeats => filled,
        QuorumBasis::Accredited => accredited,
    };
    // Never fewer members than are present (a plan cut below the delegates already seated).
    QuorumBase {
        basis,
        members: members.max(present),
        present,
    }
}

/// The quorum base of an assembly, inside a transaction (closing a vote).
pub async fn quorum_base_tx(tx: &mut Tx, assembly_id: AssemblyId) -> Result<QuorumBase, AppError> {
    let row: Option<Row> =
        on_tx!(tx, c => sqlx::query_as(SQL).bind(assembly_id).fetch_optional(&mut **c).await)?;
    row.map(base).ok_or(AppError::NotFound)
}

/// The quorum base of an assembly (presence page and API).
pub async fn quorum_base(store: &Store, assembly_id: AssemblyId) -> Result<QuorumBase, AppError> {
    let row: Option<Row> =
        on_read!(store, pool => sqlx::query_as(SQL).bind(assembly_id).fetch_optional(pool).await)?;
    row.map(base).ok_or(AppError::NotFound)
}
