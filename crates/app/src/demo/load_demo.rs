//! Loads the demo federation (the People's Assembly of 1971) from `demo/people-assembly-1971.toml`.
//! Every row it writes has its act; loading into a database that has the demo changes nothing.

use crate::domain::ActKind;
use std::collections::HashMap;

use asamblea_record::NewAct;
use asamblea_rules::apportion::{Entry, Options, apportion};
use asamblea_store::{Store, Tx, on_tx};
use serde::Deserialize;
use serde_json::json;

use crate::AppError;
use crate::domain::{
    ApportionMethod, AssemblyId, AssemblyLevel, DepartmentId, OrganizationId, OrganizationKind,
    SectorId,
};

const DEMO: &str = include_str!("../../demo/people-assembly-1971.toml");
/// The demo assembly met in La Paz: its times are shown there.
const DEMO_TIME_ZONE: &str = "America/La_Paz";

#[derive(Debug, Deserialize)]
pub struct DemoFile {
    pub assembly: DemoAssembly,
    pub departments: Vec<String>,
    pub sector: Vec<DemoSector>,
    pub organization: Vec<DemoOrganization>,
}

#[derive(Debug, Deserialize)]
pub struct DemoAssembly {
    pub slug: String,
    pub name: String,
    pub level: AssemblyLevel,
    pub total_seats: u32,
    pub method: ApportionMethod,
}

#[derive(Debug, Deserialize)]
pub struct DemoSector {
    pub key: String,
    pub name: String,
    pub colour: String,
    pub seats: u32,
    #[serde(default)]
    pub illustrative: bool,
}

#[derive(Debug, Deserialize)]
pub struct DemoOrganization {
    pub short: String,
    pub name: String,
    pub kind: OrganizationKind,
    pub sector: String,
    pub parent: Option<String>,
    pub department: Option<String>,
    #[serde(default)]
    pub membership: u64,
    /// Seats fixed by the sources (the parties); otherwise seats follow from membership.
    pub seats: Option<u32>,
}

/// The slug of the demo's assembly (the demo file's; a test checks they agree).
pub const DEMO_SLUG: &str = "asamblea-popular-1971";

/// Whether `slug` is the demo's assembly, whose figures are illustrative.
pub fn is_demo_assembly(slug: &str) -> bool {
    slug == DEMO_SLUG
}

/// The parsed demo file.
pub fn demo_file() -> Result<DemoFile, AppError> {
    toml::from_str(DEMO).map_err(|e| AppError::Internal(format!("demo data: {e}")))
}

/// Seats per organization (by short name): fixed seats where the sources give them, otherwise the
/// sector's seats split by the assembly's method over the membership of the sector's organizations
/// that have no child organization (the confederations sit through their federations).
pub fn demo_allocation(demo: &DemoFile) -> Result<Vec<(String, u32)>, AppError> {
    let method = demo.assembly.method.rule();
    let parents: Vec<&str> = demo
        .organization
        .iter()
        .filter_map(|o| o.parent.as_deref())
        .collect();
    let mut out = Vec::new();
    for sector in &demo.sector {
        let members: Vec<&DemoOrganization> = demo
            .organization
            .iter()
            .filter(|o| o.sector == sector.key && !parents.contains(&o.short.as_str()))
            .collect();
        let fixed: u32 = members.iter().filter_map(|o| o.seats).sum();
        if members.iter().all(|o| o.seats.is_some()) {
            if fixed != sector.seats {
                return Err(AppError::Internal(format!(
                    "demo data: sector {} fixed seats {fixed} != {}",
                    sector.key, sector.seats
                )));
            }
            out.extend(
                members
                    .iter()
                    .map(|o| (o.short.clone(), o.seats.unwrap_or(0))),
            );
            continue;
        }
        let entries: Vec<Entry> = members
            .iter()
            .map(|o| Entry::new(o.short.clone(), o.membership))
            .collect();
        let result = apportion(&entries, sector.seats, method, &Options::default())
            .map_err(|e| AppError::Internal(format!("demo data: {e}")))?;
        out.extend(result.seats);
    }
    Ok(out)
}

/// Loads the demo; returns `false` when it was there already.
pub async fn load_demo(store: &Store) -> Result<bool, AppError> {
    let demo = demo_file()?;
    let allocation = demo_allocation(&demo)?;
    let mut tx = store.begin().await?;
    let existing: i64 = on_tx!(&mut tx, c => sqlx::query_scalar("SELECT COUNT(*) FROM assemblies WHERE slug = $1")
        .bind(&demo.assembly.slug).fetch_one(&mut **c).await)?;
    if existing > 0 {
        return Ok(false);
    }
    let mut departments = HashMap::new();
    for name in &demo.departments {
        let id = insert_department(&mut tx, name).await?;
        departments.insert(name.clone(), id);
    }
    let mut sectors = HashMap::new();
    for s in &demo.sector {
        let id: SectorId = on_tx!(&mut tx, c => sqlx::query_scalar(
            "INSERT INTO sectors (key, name, colour) VALUES ($1, $2, $3) ON CONFLICT (key) DO UPDATE SET key = excluded.key RETURNING id")
            .bind(&s.key).bind(&s.name).bind(&s.colour).fetch_one(&mut **c).await)?;
        append(
            &mut tx,
            ActKind::SectorCreated,
            "instance",
            json!({"id": id, "key": s.key, "name": s.name}),
        )
        .await?;
        sectors.insert(s.key.clone(), id);
    }
    let mut organizations = HashMap::new();
    for o in &demo.organization {
        let sector_id = *sectors
            .get(&o.sector)
            .ok_or_else(|| AppError::Internal(format!("demo: sector {}", o.sector)))?;
        let parent_id = o
            .parent
            .as_ref()
            .and_then(|p| organizations.get(p).copied());
        let department_id = o
            .department
            .as_ref()
            .and_then(|d| departments.get(d).copied());
        let membership = i64::try_from(o.membership).unwrap_or(i64::MAX);
        let id: OrganizationId = on_tx!(&mut tx, c => sqlx::query_scalar(
            "INSERT INTO organizations (parent_id, name, short_name, kind, sector_id, department_id, membership, illustrative) VALUES ($1, $2, $3, $4, $5, $6, $7, 1) RETURNING id")
            .bind(parent_id).bind(&o.name).bind(&o.short).bind(o.kind).bind(sector_id)
            .bind(department_id).bind(membership).fetch_one(&mut **c).await)?;
        append(
            &mut tx,
            ActKind::OrganizationCreated,
            &format!("organization:{id}"),
            json!({
                "id": id, "name": o.name, "short_name": o.short, "kind": o.kind, "sector": o.sector,
                "parent_id": parent_id, "department": o.department, "membership": membership,
                "illustrative": true,
            }),
        )
        .await?;
        organizations.insert(o.short.clone(), id);
    }
    let a = &demo.assembly;
    let assembly_id: AssemblyId = on_tx!(&mut tx, c => sqlx::query_scalar(
        "INSERT INTO assemblies (slug, name, level, time_zone) VALUES ($1, $2, $3, $4) RETURNING id")
        .bind(&a.slug).bind(&a.name).bind(a.level).bind(DEMO_TIME_ZONE).fetch_one(&mut **c).await)?;
    let scope = format!("assembly:{assembly_id}");
    append(
        &mut tx,
        ActKind::AssemblyCreated,
        &scope,
        json!({"id": assembly_id, "slug": a.slug, "name": a.name, "level": a.level,
               "time_zone": DEMO_TIME_ZONE}),
    )
    .await?;
    let total = i64::from(a.total_seats);
    on_tx!(&mut tx, c => sqlx::query("INSERT INTO seat_plans (assembly_id, total_seats, method, version) VALUES ($1, $2, $3, 1)")
        .bind(assembly_id).bind(total).bind(a.method).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    let mut sector_payload = Vec::new();
    for s in &demo.sector {
        let seats = i64::from(s.seats);
        let sector_id = sectors[&s.key];
        on_tx!(&mut tx, c => sqlx::query("INSERT INTO seat_plan_sectors (assembly_id, sector_id, seats) VALUES ($1, $2, $3)")
            .bind(assembly_id).bind(sector_id).bind(seats).execute(&mut **c).await.map(|r| r.rows_affected()))?;
        sector_payload
            .push(json!({"sector": s.key, "seats": seats, "illustrative": s.illustrative}));
    }
    // Organizations whose seats the sources fix (the parties) keep them when the plan is
    // saved again through the form.
    let mut fixed_payload = Vec::new();
    for o in demo.organization.iter().filter(|o| o.seats.is_some()) {
        let (org_id, seats) = (organizations[&o.short], i64::from(o.seats.unwrap_or(0)));
        on_tx!(&mut tx, c => sqlx::query("INSERT INTO seat_plan_fixed (assembly_id, organization_id, seats) VALUES ($1, $2, $3)")
            .bind(assembly_id).bind(org_id).bind(seats).execute(&mut **c).await.map(|r| r.rows_affected()))?;
        fixed_payload.push(json!({"organization_id": org_id, "seats": seats}));
    }
    let mut seat_payload = Vec::new();
    for (short, seats) in &allocation {
        let org_id = organizations[short];
        let seats = i64::from(*seats);
        on_tx!(&mut tx, c => sqlx::query("INSERT INTO seat_allocations (assembly_id, organization_id, seats) VALUES ($1, $2, $3)")
            .bind(assembly_id).bind(org_id).bind(seats).execute(&mut **c).await.map(|r| r.rows_affected()))?;
        seat_payload.push(json!({"organization_id": org_id, "short_name": short, "seats": seats}));
    }
    append(
        &mut tx,
        ActKind::SeatPlanSet,
        &scope,
        json!({
            "assembly_id": assembly_id, "version": 1, "total_seats": total, "method": a.method,
            "sectors": sector_payload, "fixed": fixed_payload, "organizations": seat_payload,
        }),
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

async fn insert_department(tx: &mut Tx, name: &str) -> Result<DepartmentId, AppError> {
    let id: DepartmentId = on_tx!(tx, c => sqlx::query_scalar(
        "INSERT INTO departments (name) VALUES ($1) ON CONFLICT (name) DO UPDATE SET name = excluded.name RETURNING id")
        .bind(name).fetch_one(&mut **c).await)?;
    Ok(id)
}

async fn append(
    tx: &mut Tx,
    kind: ActKind,
    scope: &str,
    payload: serde_json::Value,
) -> Result<(), AppError> {
    tx.append(NewAct {
        actor: Some("system".into()),
        kind: kind.as_str().into(),
        scope: scope.into(),
        payload,
    })
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_demo_slug_is_the_demo_files() {
        assert_eq!(super::demo_file().unwrap().assembly.slug, super::DEMO_SLUG);
    }

    use super::*;

    #[test]
    fn the_demo_has_220_seats_and_labour_holds_60_percent() {
        let demo = demo_file().unwrap();
        assert_eq!(demo.assembly.total_seats, 220);
        let by_sector: u32 = demo.sector.iter().map(|s| s.seats).sum();
        assert_eq!(by_sector, 220);
        let labour = demo.sector.iter().find(|s| s.key == "labour").unwrap();
        assert_eq!(labour.seats * 100, 60 * 220);
        let allocation = demo_allocation(&demo).unwrap();
        assert_eq!(allocation.iter().map(|(_, s)| s).sum::<u32>(), 220);
        let seats = |n: &str| allocation.iter().find(|(s, _)| s == n).map(|(_, s)| *s);
        assert_eq!(seats("MNR"), Some(2));
        assert_eq!(seats("MRE"), Some(1));
        assert_eq!(
            seats("COB"),
            None,
            "a confederation sits through its federations"
        );
    }
}
