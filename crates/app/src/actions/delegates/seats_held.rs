//! Seats already held in an assembly, so that an election never over-fills an organization's
//! seats nor seats a person twice: a titular or substitute whose mandate is in force (`elected`
//! or `accredited`) holds a place; rejected and recalled ones do not.

use asamblea_store::{Tx, on_tx};

use crate::AppError;
use crate::domain::{AssemblyId, DelegateStatus, MemberId, OrganizationId};

/// The SQL condition "the mandate of delegate row `$alias` is in force" (`elected` or
/// `accredited`: a seat held), written once for every query that counts held seats.
/// `mandate_in_force!()` for an unaliased `delegates`, `mandate_in_force!("d")` for `d.status`.
macro_rules! mandate_in_force {
    () => {
        "status IN ('elected', 'accredited')"
    };
    ($alias:literal) => {
        concat!($alias, ".status IN ('elected', 'accredited')")
    };
}
pub(crate) use mandate_in_force;

/// The statuses [`mandate_in_force!`] names.
pub const IN_FORCE: [DelegateStatus; 2] = [DelegateStatus::Elected, DelegateStatus::Accredited];

/// The SQL condition "member `m.id` holds a delegate place in assembly `$1`" (for queries over
/// `members m`).
pub const HOLDS_PLACE: &str = concat!(
    "EXISTS (SELECT 1 FROM delegates hd WHERE hd.assembly_id = $1 AND hd.member_id = m.id AND ",
    mandate_in_force!("hd"),
    ")"
);

/// Whether the member already holds a delegate place (titular or substitute) in the assembly.
pub async fn member_holds_place(
    tx: &mut Tx,
    assembly_id: AssemblyId,
    member_id: MemberId,
) -> Result<bool, AppError> {
    let n: i64 = on_tx!(tx, c => sqlx::query_scalar(
        concat!("SELECT COUNT(*) FROM delegates WHERE assembly_id = $1 AND member_id = $2 AND ", mandate_in_force!()))
        .bind(assembly_id).bind(member_id).fetch_one(&mut **c).await)?;
    Ok(n > 0)
}

/// Titular voting delegates of the organization whose mandate is in force in the assembly.
pub async fn titulars_holding(
    tx: &mut Tx,
    assembly_id: AssemblyId,
    organization_id: OrganizationId,
) -> Result<i64, AppError> {
    let n: i64 = on_tx!(tx, c => sqlx::query_scalar(
        concat!("SELECT COUNT(*) FROM delegates WHERE assembly_id = $1 AND organization_id = $2 \
         AND position = 'titular' AND seat_kind = 'voting' AND ", mandate_in_force!()))
        .bind(assembly_id).bind(organization_id).fetch_one(&mut **c).await)?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_condition_names_the_statuses_in_force() {
        let listed = IN_FORCE
            .iter()
            .map(|s| format!("'{}'", s.as_str()))
            .collect::<Vec<_>>()
            .join(", ");
        assert_eq!(mandate_in_force!(), format!("status IN ({listed})"));
        assert_eq!(mandate_in_force!("d"), format!("d.status IN ({listed})"));
    }
}
