//! An assembly's seats, by sector and by organization.

use asamblea_store::{Store, on_read};
use serde::Serialize;

use crate::AppError;
use crate::domain::{ApportionMethod, OrganizationId};
use crate::queries::assemblies::{AssemblySummary, assembly_by_slug};

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SeatReport {
    pub assembly: AssemblySummary,
    pub total_seats: i64,
    pub method: ApportionMethod,
    pub version: i64,
    pub sectors: Vec<SectorSeats>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SectorSeats {
    pub key: String,
    pub name: String,
    pub colour: String,
    pub seats: i64,
    pub organizations: Vec<OrganizationSeats>,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct OrganizationSeats {
    pub id: OrganizationId,
    pub short_name: String,
    pub name: String,
    pub membership: i64,
    pub seats: i64,
    #[serde(skip)]
    pub sector_key: String,
}

#[derive(sqlx::FromRow)]
struct PlanRow {
    total_seats: i64,
    method: ApportionMethod,
    version: i64,
}

#[derive(sqlx::FromRow)]
struct SectorRow {
    key: String,
    name: String,
    colour: String,
    seats: i64,
}

/// The seat report of the assembly `slug`, or `None` if it has no seat plan.
pub async fn seat_report(store: &Store, slug: &str) -> Result<Option<SeatReport>, AppError> {
    let Some(assembly) = assembly_by_slug(store, slug).await? else {
        return Ok(None);
    };
    let plan: Option<PlanRow> = on_read!(store, pool => sqlx::query_as(
        "SELECT total_seats, method, version FROM seat_plans WHERE assembly_id = $1")
        .bind(assembly.id).fetch_optional(pool).await)?;
    let Some(plan) = plan else { return Ok(None) };
    let sectors: Vec<SectorRow> = on_read!(store, pool => sqlx::query_as(
        "SELECT s.key, s.name, s.colour, p.seats FROM seat_plan_sectors p JOIN sectors s ON s.id = p.sector_id \
         WHERE p.assembly_id = $1 ORDER BY p.seats DESC, s.key")
        .bind(assembly.id).fetch_all(pool).await)?;
    let organizations: Vec<OrganizationSeats> = on_read!(store, pool => sqlx::query_as(
        "SELECT o.id, o.short_name, o.name, o.membership, a.seats, s.key AS sector_key FROM seat_allocations a \
         JOIN organizations o ON o.id = a.organization_id JOIN sectors s ON s.id = o.sector_id \
         WHERE a.assembly_id = $1 ORDER BY a.seats DESC, o.short_name")
        .bind(assembly.id).fetch_all(pool).await)?;
    let sectors = sectors
        .into_iter()
        .map(|s| SectorSeats {
            organizations: organizations
                .iter()
                .filter(|o| o.sector_key == s.key)
                .cloned()
                .collect(),
            key: s.key,
            name: s.name,
            colour: s.colour,
            seats: s.seats,
        })
        .collect();
    Ok(Some(SeatReport {
        assembly,
        total_seats: plan.total_seats,
        method: plan.method,
        version: plan.version,
        sectors,
    }))
}
