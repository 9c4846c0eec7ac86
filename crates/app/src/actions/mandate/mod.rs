//! Actions of the mandate: base organizations (their secretaries) submit demands and rank them;
//! the assembly's secretariat (the chair) merges demands, sets how the ranking is counted, and
//! records a platform adopted by resolution. The platform itself is proposed, amended and voted
//! as a motion of the sessions area (one paragraph per demand, `[D<id>]` first), so it is
//! amendable exactly like any motion.
//!
//! Who may do what: [`may_act_for`](crate::actions::registry::may_act_for) for an
//! organization's demands and ranking, [`may_curate`] for the rest.

pub mod adopt_platform;
pub mod merge_demands;
pub mod rank_demands;
pub mod set_mandate_rule;
pub mod submit_demand;

use asamblea_store::{Tx, on_tx};

use crate::domain::{AssemblyId, DemandId, OrganizationId};
use crate::{Actor, AppError};

pub use crate::actions::registry::may_act_for;

/// Whether the chair of an assembly (`chair`, from
/// [`may_chair`](crate::actions::sessions::may_chair)) may curate its mandate: merge demands,
/// choose the ranking rule, record an adopted platform. The chair only.
pub fn may_curate(chair: bool) -> bool {
    chair
}

/// The prefix that ties a paragraph of a platform motion to a demand: `[D12] ...`.
pub fn demand_tag(id: DemandId) -> String {
    format!("[D{id}]")
}

/// The demand a paragraph of a platform motion names (`[D12] text`), and the text after it.
pub fn split_tag(paragraph: &str) -> (Option<DemandId>, &str) {
    let p = paragraph.trim_start();
    if let Some(rest) = p.strip_prefix("[D")
        && let Some((n, text)) = rest.split_once(']')
        && let Ok(n) = n.parse::<i64>()
    {
        return (Some(DemandId(n)), text.trim());
    }
    (None, paragraph.trim())
}

/// `Invalid` unless the organization is one of the assembly's base organizations (it has a row
/// in the assembly's seat plan).
pub(crate) async fn require_base_organization(
    tx: &mut Tx,
    assembly_id: AssemblyId,
    org: OrganizationId,
) -> Result<(), AppError> {
    let n: i64 = on_tx!(tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM seat_allocations WHERE assembly_id = $1 AND organization_id = $2")
        .bind(assembly_id).bind(org).fetch_one(&mut **c).await)?;
    if n == 0 {
        return Err(AppError::invalid(
            "organization_id",
            "error-mandate-not-base-organization",
        ));
    }
    Ok(())
}

/// `Forbidden` unless the actor may act for `org`.
pub(crate) fn require_act_for(actor: &Actor, org: OrganizationId) -> Result<(), AppError> {
    crate::actions::registry::require_act_for(actor, org)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_name_demands() {
        assert_eq!(demand_tag(DemandId(12)), "[D12]");
        assert_eq!(
            split_tag("[D12] Nacionalizar"),
            (Some(DemandId(12)), "Nacionalizar")
        );
        assert_eq!(split_tag("Sin etiqueta"), (None, "Sin etiqueta"));
        assert_eq!(split_tag("[Dx] texto"), (None, "[Dx] texto"));
        assert!(may_curate(true) && !may_curate(false));
    }
}
