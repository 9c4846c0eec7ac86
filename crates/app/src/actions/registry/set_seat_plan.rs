//! An administrator sets an assembly's seat plan: voting seats shared among sectors by their
//! shares, then among each sector's organizations by membership (`asamblea_rules::apportion`),
//! with a minimum per organization, and fixed seats for organizations whose seats the plan sets
//! itself (by statute; the parties of 1971); plus attached seats (voice, no vote) and fraternal
//! guests.
//! The form carries the version it was based on: a stale version is refused, so two people
//! editing at once cannot overwrite each other. The act `seat_plan.set` carries the allocation.

use crate::domain::ActKind;
use std::collections::BTreeMap;

use asamblea_record::NewAct;
use asamblea_rules::apportion::{ApportionError, Entry, GroupShare, Options, apportion_two_tier};
use asamblea_store::{Store, Tx, on_tx};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::require_manage_registry;
use crate::domain::{ApportionMethod, AssemblyId, DepartmentId, OrganizationId, SectorId};
use crate::{Actor, AppError};

/// The largest number of seats of any kind a plan may have.
pub const MAX_PLAN_SEATS: i64 = 10_000;

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct SeatPlanInput {
    /// The version this change is based on (0 when the assembly has no plan yet).
    pub expected_version: i64,
    pub voting_seats: i64,
    #[serde(default)]
    pub attached_seats: i64,
    #[serde(default)]
    pub fraternal_seats: i64,
    #[serde(default)]
    pub min_seats_per_organization: i64,
    pub method: ApportionMethod,
    /// Sector key -> integer share, e.g. `{"labour": 60, "peasants": 10}`; sectors with share 0
    /// or not listed get no seats.
    pub shares: BTreeMap<String, i64>,
    /// Organizations whose seats the plan fixes, not their membership (e.g. parties by
    /// statute): the rest of each sector's seats go to its other organizations.
    #[serde(default)]
    pub fixed: Vec<FixedSeats>,
}

/// An organization's seats fixed by the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, utoipa::ToSchema)]
pub struct FixedSeats {
    pub organization_id: OrganizationId,
    pub seats: i64,
}

/// An organization that may receive seats: a leaf of the tree (a confederation sits through its
/// federations) of a sector in the plan, and of the assembly's department if it is departmental.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Candidate {
    pub id: OrganizationId,
    pub short_name: String,
    pub sector: String,
    pub membership: i64,
}

/// The computed allocation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Allocation {
    /// (sector key, share, seats), in the order given.
    pub sectors: Vec<(String, i64, i64)>,
    /// (organization id, seats), in candidate order.
    pub organizations: Vec<(OrganizationId, i64)>,
}

fn to_u32(field: &'static str, n: i64, min: i64) -> Result<u32, AppError> {
    if n < min || n > MAX_PLAN_SEATS {
        return Err(AppError::invalid(field, "error-registry-plan-number"));
    }
    u32::try_from(n).map_err(|_| AppError::invalid(field, "error-registry-plan-number"))
}

fn apportion_error(e: &ApportionError) -> AppError {
    let key = match e {
        ApportionError::InGroup { error, .. } => return apportion_error(error),
        ApportionError::EmptyGroup { .. } => "error-registry-plan-empty-sector",
        ApportionError::MinimumsExceedSeats { .. } => "error-registry-plan-minimums",
        ApportionError::NotEnoughCapacity { .. } => "error-registry-plan-capacity",
        _ => "error-registry-plan-invalid",
    };
    AppError::invalid("shares", key)
}

/// Computes the allocation of `input` over `candidates` (pure; the rules do the arithmetic).
pub fn compute(input: &SeatPlanInput, candidates: &[Candidate]) -> Result<Allocation, AppError> {
    let seats = to_u32("voting_seats", input.voting_seats, 1)?;
    to_u32("attached_seats", input.attached_seats, 0)?;
    to_u32("fraternal_seats", input.fraternal_seats, 0)?;
    let min = to_u32(
        "min_seats_per_organization",
        input.min_seats_per_organization,
        0,
    )?;
    let method = input.method.rule();
    let mut groups = Vec::new();
    for (key, share) in &input.shares {
        let share = to_u32("shares", *share, 0)?;
        if share > 0 {
            groups.push(GroupShare::new(key.clone(), Some(share)));
        }
    }
    if groups.is_empty() {
        return Err(AppError::invalid("shares", "error-registry-plan-no-shares"));
    }
    let mut fixed: Vec<(OrganizationId, u32)> = Vec::new();
    for f in &input.fixed {
        let (org, n) = (f.organization_id, to_u32("fixed", f.seats, 0)?);
        if fixed.iter().any(|(o, _)| *o == org) || !candidates.iter().any(|c| c.id == org) {
            return Err(AppError::invalid("fixed", "error-registry-plan-fixed"));
        }
        fixed.push((org, n));
    }
    let entries: Vec<Entry> = candidates
        .iter()
        .filter(|c| groups.iter().any(|g| g.name == c.sector))
        .map(|c| {
            let e = Entry::new(c.id.to_string(), u64::try_from(c.membership).unwrap_or(0))
                .in_group(c.sector.clone());
            match fixed.iter().find(|(o, _)| *o == c.id) {
                Some((_, n)) => e.with_min(*n).with_max(*n),
                None if min > 0 => e.with_min(min),
                None => e,
            }
        })
        .collect();
    let result = apportion_two_tier(&groups, &entries, seats, method, &Options::default())
        .map_err(|e| apportion_error(&e))?;
    let sectors = groups
        .iter()
        .zip(&result.groups.seats)
        .map(|(g, (_, s))| {
            (
                g.name.clone(),
                i64::from(g.share.unwrap_or(0)),
                i64::from(*s),
            )
        })
        .collect();
    let organizations = result
        .seats
        .iter()
        .map(|(id, s)| (OrganizationId(id.parse().unwrap_or(0)), i64::from(*s)))
        .collect();
    Ok(Allocation {
        sectors,
        organizations,
    })
}

#[derive(sqlx::FromRow)]
struct AssemblyRow {
    id: AssemblyId,
    department_id: Option<DepartmentId>,
}

/// The organizations that may receive seats in an assembly of `department_id` (None: national).
pub(crate) const CANDIDATES_SQL: &str = "SELECT o.id, o.short_name, s.key AS sector, o.membership FROM organizations o \
     JOIN sectors s ON s.id = o.sector_id \
     WHERE NOT EXISTS (SELECT 1 FROM organizations c WHERE c.parent_id = o.id) \
     AND ($1 = 0 OR o.department_id = $1) ORDER BY o.id";

/// Sets the plan of assembly `slug`; returns the new version. Administrators only
/// ([`super::may_manage_registry`]).
pub async fn set_seat_plan(
    store: &Store,
    actor: &Actor,
    slug: &str,
    input: SeatPlanInput,
) -> Result<i64, AppError> {
    require_manage_registry(actor)?;
    let mut tx = store.begin().await?;
    let assembly: Option<AssemblyRow> = on_tx!(&mut tx, c => sqlx::query_as("SELECT id, department_id FROM assemblies WHERE slug = $1")
        .bind(slug).fetch_optional(&mut **c).await)?;
    let assembly = assembly.ok_or(AppError::NotFound)?;
    let current: Option<i64> = on_tx!(&mut tx, c => sqlx::query_scalar("SELECT version FROM seat_plans WHERE assembly_id = $1")
        .bind(assembly.id).fetch_optional(&mut **c).await)?;
    let current = current.unwrap_or(0);
    if input.expected_version != current {
        return Err(AppError::Conflict {
            key: "error-registry-plan-stale",
        });
    }
    let version = write_plan(&mut tx, actor, &assembly, current, &input, None).await?;
    tx.commit().await?;
    Ok(version)
}

/// Apportions the plan of an assembly again from its stored inputs (shares, fixed seats,
/// totals), after a change to the organizations it is made from (an organization moved to or
/// from its department): the allocation the seats page shows is never stale. The act
/// `seat_plan.set` says why (`reason`). Nothing happens for an assembly without a plan.
pub(crate) async fn reapportion(
    tx: &mut Tx,
    actor: &Actor,
    assembly_id: AssemblyId,
    reason: &str,
) -> Result<(), AppError> {
    let assembly: AssemblyRow = on_tx!(tx, c => sqlx::query_as("SELECT id, department_id FROM assemblies WHERE id = $1")
        .bind(assembly_id).fetch_one(&mut **c).await)?;
    let plan: Option<(i64, ApportionMethod, i64, i64, i64, i64)> = on_tx!(tx, c => sqlx::query_as(
        "SELECT total_seats, method, attached_seats, fraternal_seats, min_seats_per_org, version FROM seat_plans WHERE assembly_id = $1")
        .bind(assembly_id).fetch_optional(&mut **c).await)?;
    let Some((voting_seats, method, attached, fraternal, min, version)) = plan else {
        return Ok(());
    };
    let shares: Vec<(String, i64)> = on_tx!(tx, c => sqlx::query_as(
        "SELECT s.key, p.share FROM seat_plan_sectors p JOIN sectors s ON s.id = p.sector_id WHERE p.assembly_id = $1")
        .bind(assembly_id).fetch_all(&mut **c).await)?;
    let fixed: Vec<(OrganizationId, i64)> = on_tx!(tx, c => sqlx::query_as(
        "SELECT organization_id, seats FROM seat_plan_fixed WHERE assembly_id = $1 ORDER BY organization_id")
        .bind(assembly_id).fetch_all(&mut **c).await)?;
    let input = SeatPlanInput {
        expected_version: version,
        voting_seats,
        attached_seats: attached,
        fraternal_seats: fraternal,
        min_seats_per_organization: min,
        method,
        shares: shares.into_iter().filter(|(_, s)| *s > 0).collect(),
        fixed: fixed
            .into_iter()
            .map(|(organization_id, seats)| FixedSeats {
                organization_id,
                seats,
            })
            .collect(),
    };
    write_plan(tx, actor, &assembly, version, &input, Some(reason)).await?;
    Ok(())
}

/// Writes the plan `input` of `assembly` (at version `current`) and its act; the new version.
async fn write_plan(
    tx: &mut Tx,
    actor: &Actor,
    assembly: &AssemblyRow,
    current: i64,
    input: &SeatPlanInput,
    reason: Option<&str>,
) -> Result<i64, AppError> {
    let mut tx = tx;
    let known: Vec<(String, SectorId)> = on_tx!(&mut tx, c => sqlx::query_as("SELECT key, id FROM sectors")
        .fetch_all(&mut **c).await)?;
    let sector_id = |k: &str| known.iter().find(|(key, _)| key == k).map(|(_, id)| *id);
    if input.shares.iter().any(|(k, _)| sector_id(k).is_none()) {
        return Err(AppError::invalid("shares", "error-registry-sector-unknown"));
    }
    let candidates: Vec<Candidate> = on_tx!(&mut tx, c => sqlx::query_as(CANDIDATES_SQL)
        .bind(assembly.department_id.map_or(0, DepartmentId::get)).fetch_all(&mut **c).await)?;
    let allocation = compute(input, &candidates)?;
    let version = current + 1;
    let method = input.method;
    on_tx!(&mut tx, c => sqlx::query(
        "INSERT INTO seat_plans (assembly_id, total_seats, method, version, attached_seats, fraternal_seats, min_seats_per_org) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (assembly_id) DO UPDATE SET total_seats = excluded.total_seats, \
         method = excluded.method, version = excluded.version, attached_seats = excluded.attached_seats, \
         fraternal_seats = excluded.fraternal_seats, min_seats_per_org = excluded.min_seats_per_org")
        .bind(assembly.id).bind(input.voting_seats).bind(method).bind(version)
        .bind(input.attached_seats).bind(input.fraternal_seats).bind(input.min_seats_per_organization)
        .execute(&mut **c).await.map(|r| r.rows_affected()))?;
    on_tx!(&mut tx, c => sqlx::query("DELETE FROM seat_plan_sectors WHERE assembly_id = $1")
        .bind(assembly.id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    on_tx!(&mut tx, c => sqlx::query("DELETE FROM seat_allocations WHERE assembly_id = $1")
        .bind(assembly.id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    on_tx!(&mut tx, c => sqlx::query("DELETE FROM seat_plan_fixed WHERE assembly_id = $1")
        .bind(assembly.id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    let mut fixed_payload = Vec::new();
    for f in &input.fixed {
        on_tx!(&mut tx, c => sqlx::query("INSERT INTO seat_plan_fixed (assembly_id, organization_id, seats) VALUES ($1, $2, $3)")
            .bind(assembly.id).bind(f.organization_id).bind(f.seats)
            .execute(&mut **c).await.map(|r| r.rows_affected()))?;
        fixed_payload.push(json!({"organization_id": f.organization_id, "seats": f.seats}));
    }
    let mut sectors_payload = Vec::new();
    for (key, share, seats) in &allocation.sectors {
        let sid = sector_id(key).unwrap_or(SectorId(0));
        on_tx!(&mut tx, c => sqlx::query("INSERT INTO seat_plan_sectors (assembly_id, sector_id, seats, share) VALUES ($1, $2, $3, $4)")
            .bind(assembly.id).bind(sid).bind(*seats).bind(*share)
            .execute(&mut **c).await.map(|r| r.rows_affected()))?;
        sectors_payload.push(json!({"sector": key, "share": share, "seats": seats}));
    }
    let mut orgs_payload = Vec::new();
    for (org, seats) in &allocation.organizations {
        on_tx!(&mut tx, c => sqlx::query("INSERT INTO seat_allocations (assembly_id, organization_id, seats) VALUES ($1, $2, $3)")
            .bind(assembly.id).bind(*org).bind(*seats)
            .execute(&mut **c).await.map(|r| r.rows_affected()))?;
        let short = candidates
            .iter()
            .find(|c| c.id == *org)
            .map(|c| c.short_name.as_str())
            .unwrap_or("");
        orgs_payload.push(json!({"organization_id": org, "short_name": short, "seats": seats}));
    }
    tx.append(NewAct {
        actor: actor.record_name(),
        kind: ActKind::SeatPlanSet.as_str().into(),
        scope: format!("assembly:{}", assembly.id),
        payload: json!({
            "assembly_id": assembly.id, "version": version, "total_seats": input.voting_seats,
            "attached_seats": input.attached_seats, "fraternal_seats": input.fraternal_seats,
            "min_seats_per_organization": input.min_seats_per_organization, "method": method,
            "sectors": sectors_payload, "fixed": fixed_payload, "organizations": orgs_payload,
            "reason": reason,
        }),
    })
    .await?;
    Ok(version)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cand(id: i64, sector: &str, membership: i64) -> Candidate {
        Candidate {
            id: OrganizationId(id),
            short_name: format!("O{id}"),
            sector: sector.into(),
            membership,
        }
    }

    fn orgs(pairs: &[(i64, i64)]) -> Vec<(OrganizationId, i64)> {
        pairs.iter().map(|&(o, s)| (OrganizationId(o), s)).collect()
    }

    fn fixed(pairs: &[(i64, i64)]) -> Vec<FixedSeats> {
        pairs
            .iter()
            .map(|&(o, seats)| FixedSeats {
                organization_id: OrganizationId(o),
                seats,
            })
            .collect()
    }

    #[test]
    fn sectors_by_share_then_organizations_by_membership() {
        let input = SeatPlanInput {
            expected_version: 0,
            voting_seats: 10,
            method: ApportionMethod::DHondt,
            shares: [("labour".into(), 60), ("peasants".into(), 40)].into(),
            ..Default::default()
        };
        let c = [
            cand(1, "labour", 6000),
            cand(2, "labour", 3000),
            cand(3, "peasants", 100),
        ];
        let a = compute(&input, &c).unwrap();
        assert_eq!(
            a.sectors,
            [("labour".into(), 60, 6), ("peasants".into(), 40, 4)]
        );
        assert_eq!(a.organizations, orgs(&[(1, 4), (2, 2), (3, 4)]));
        let with_min = SeatPlanInput {
            min_seats_per_organization: 3,
            ..input.clone()
        };
        assert_eq!(
            compute(&with_min, &c).unwrap().organizations,
            orgs(&[(1, 3), (2, 3), (3, 4)])
        );
        let empty = SeatPlanInput {
            shares: [("students".into(), 10)].into(),
            ..input
        };
        assert!(matches!(
            compute(&empty, &c),
            Err(AppError::Invalid {
                key: "error-registry-plan-empty-sector",
                ..
            })
        ));
    }

    #[test]
    fn fixed_seats_come_first_and_may_stand_without_members() {
        // A sector of parties with no membership figures, seats fixed; the labour sector's
        // organization 2 fixed at 1, the rest of labour's seats by membership.
        let input = SeatPlanInput {
            voting_seats: 10,
            method: ApportionMethod::DHondt,
            shares: [("labour".into(), 7), ("parties".into(), 3)].into(),
            fixed: fixed(&[(4, 2), (5, 1), (2, 1)]),
            ..Default::default()
        };
        let c = [
            cand(1, "labour", 6000),
            cand(2, "labour", 3000),
            cand(3, "labour", 1500),
            cand(4, "parties", 0),
            cand(5, "parties", 0),
        ];
        let a = compute(&input, &c).unwrap();
        assert_eq!(
            a.organizations,
            orgs(&[(1, 5), (2, 1), (3, 1), (4, 2), (5, 1)])
        );
        // Without the fixed seats the parties' sector cannot be split.
        let none = SeatPlanInput {
            fixed: vec![],
            ..input.clone()
        };
        assert!(compute(&none, &c).is_err());
        // Fixed seats beyond the sector's share are refused, as is an unknown organization.
        let over = SeatPlanInput {
            fixed: fixed(&[(4, 3), (5, 1)]),
            ..input.clone()
        };
        assert!(compute(&over, &c).is_err());
        let unknown = SeatPlanInput {
            fixed: fixed(&[(99, 1)]),
            ..input
        };
        assert!(matches!(
            compute(&unknown, &c),
            Err(AppError::Invalid { field: "fixed", .. })
        ));
    }
}
