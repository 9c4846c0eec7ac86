//! Queries of the registry area: sectors, departments, the organization tree, members (for
//! their organization's secretaries and administrators), seat plans, CSV exports.

use asamblea_store::{Store, on_read};
use serde::Serialize;

use crate::actions::registry::set_seat_plan::{CANDIDATES_SQL, Candidate};
use crate::actions::registry::{import_members, import_organizations, may_act_for, today};
use crate::csv_rows::write;
use crate::domain::{
    AccountId, ApportionMethod, AssemblyId, AssemblyLevel, DepartmentId, MemberId, OrganizationId,
    OrganizationKind, SectorId,
};
use crate::{Actor, AppError, Role};

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Sector {
    pub id: SectorId,
    pub key: String,
    pub name: String,
    pub colour: String,
}

pub async fn list_sectors(store: &Store) -> Result<Vec<Sector>, AppError> {
    Ok(on_read!(store, pool => sqlx::query_as::<_, Sector>(
        "SELECT id, key, name, colour FROM sectors ORDER BY id").fetch_all(pool).await)?)
}

pub async fn list_departments(store: &Store) -> Result<Vec<String>, AppError> {
    Ok(on_read!(store, pool => sqlx::query_scalar::<_, String>(
        "SELECT name FROM departments ORDER BY id").fetch_all(pool).await)?)
}

/// An organization as the public sees it (no members' personal data).
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Organization {
    pub id: OrganizationId,
    pub parent_id: Option<OrganizationId>,
    pub name: String,
    pub short_name: String,
    pub kind: OrganizationKind,
    pub sector: String,
    pub sector_name: String,
    #[serde(skip)]
    pub sector_colour: String,
    pub department: Option<String>,
    /// Members the organization declares (used to apportion seats).
    pub membership: i64,
    pub term_from: Option<String>,
    pub term_to: Option<String>,
    /// Members registered in Asamblea.
    pub member_count: i64,
    #[sqlx(skip)]
    pub term_lapsed: bool,
    #[sqlx(skip)]
    #[serde(skip)]
    pub depth: usize,
}

const ORG_SQL: &str = "SELECT o.id, o.parent_id, o.name, o.short_name, o.kind, s.key AS sector, s.name AS sector_name, \
     s.colour AS sector_colour, d.name AS department, o.membership, o.term_from, o.term_to, \
     (SELECT COUNT(*) FROM members m WHERE m.organization_id = o.id) AS member_count \
     FROM organizations o JOIN sectors s ON s.id = o.sector_id LEFT JOIN departments d ON d.id = o.department_id";

fn finish(mut o: Organization, today: &str) -> Organization {
    o.term_lapsed = o.term_to.as_deref().is_some_and(|t| t < today);
    o
}

/// Every organization, in tree order (each followed by its children, by short name), with its
/// depth in the tree.
pub async fn list_organizations(store: &Store) -> Result<Vec<Organization>, AppError> {
    let sql = format!("{ORG_SQL} ORDER BY o.short_name");
    let rows: Vec<Organization> =
        on_read!(store, pool => sqlx::query_as(&sql).fetch_all(pool).await)?;
    let today = today();
    let rows: Vec<Organization> = rows.into_iter().map(|o| finish(o, &today)).collect();
    Ok(tree_order(rows))
}

/// Orders organizations depth-first; orphans (parent missing) are treated as roots.
pub fn tree_order(rows: Vec<Organization>) -> Vec<Organization> {
    let ids: std::collections::HashSet<OrganizationId> = rows.iter().map(|o| o.id).collect();
    let mut out = Vec::with_capacity(rows.len());
    let mut placed = std::collections::HashSet::new();
    fn visit(
        rows: &[Organization],
        id: OrganizationId,
        depth: usize,
        out: &mut Vec<Organization>,
        placed: &mut std::collections::HashSet<OrganizationId>,
    ) {
        if !placed.insert(id) || depth > 32 {
            return;
        }
        if let Some(o) = rows.iter().find(|o| o.id == id) {
            let mut o = o.clone();
            o.depth = depth;
            out.push(o);
        }
        for c in rows.iter().filter(|c| c.parent_id == Some(id)) {
            visit(rows, c.id, depth + 1, out, placed);
        }
    }
    for r in rows
        .iter()
        .filter(|o| o.parent_id.is_none_or(|p| !ids.contains(&p)))
    {
        visit(&rows, r.id, 0, &mut out, &mut placed);
    }
    out
}

pub async fn organization(
    store: &Store,
    id: OrganizationId,
) -> Result<Option<Organization>, AppError> {
    let sql = format!("{ORG_SQL} WHERE o.id = $1");
    let row: Option<Organization> =
        on_read!(store, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await)?;
    let today = today();
    Ok(row.map(|o| finish(o, &today)))
}

pub async fn children(store: &Store, id: OrganizationId) -> Result<Vec<Organization>, AppError> {
    let sql = format!("{ORG_SQL} WHERE o.parent_id = $1 ORDER BY o.short_name");
    let rows: Vec<Organization> =
        on_read!(store, pool => sqlx::query_as(&sql).bind(id).fetch_all(pool).await)?;
    let today = today();
    Ok(rows.into_iter().map(|o| finish(o, &today)).collect())
}

/// A member, with personal data: only for the organization's secretaries and administrators.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Member {
    pub id: MemberId,
    pub organization_id: OrganizationId,
    pub member_number: String,
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
}

/// The members of organization `id`, by member number; `Forbidden` unless `actor` acts for it.
pub async fn members(
    store: &Store,
    actor: &Actor,
    id: OrganizationId,
) -> Result<Vec<Member>, AppError> {
    if !may_act_for(actor, id) {
        return Err(AppError::Forbidden);
    }
    Ok(on_read!(store, pool => sqlx::query_as::<_, Member>(
        "SELECT id, organization_id, member_number, name, phone, email FROM members WHERE organization_id = $1 \
         ORDER BY LENGTH(member_number), member_number")
        .bind(id).fetch_all(pool).await)?)
}

/// One page of an organization's members, in member-number order; `find` (if not empty) keeps
/// those whose number is it or whose name contains it (letters case-blind, ASCII only on
/// SQLite). `matching`: how many pass `find`; a register of 200,000 is never sent whole.
pub async fn members_page(
    store: &Store,
    actor: &Actor,
    id: OrganizationId,
    find: &str,
    offset: i64,
    limit: i64,
) -> Result<(Vec<Member>, i64), AppError> {
    if !may_act_for(actor, id) {
        return Err(AppError::Forbidden);
    }
    let find = find.trim();
    let pattern = format!(
        "%{}%",
        find.to_lowercase()
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    );
    const WHERE: &str = "WHERE organization_id = $1 AND ($2 = '' OR member_number = $2 OR LOWER(name) LIKE $3 ESCAPE '\\')";
    let matching: i64 = on_read!(store, pool => sqlx::query_scalar(&format!("SELECT COUNT(*) FROM members {WHERE}"))
        .bind(id).bind(find).bind(&pattern).fetch_one(pool).await)?;
    let rows = on_read!(store, pool => sqlx::query_as::<_, Member>(&format!(
        "SELECT id, organization_id, member_number, name, phone, email FROM members {WHERE} \
         ORDER BY LENGTH(member_number), member_number LIMIT $4 OFFSET $5"))
        .bind(id).bind(find).bind(&pattern).bind(limit).bind(offset).fetch_all(pool).await)?;
    Ok((rows, matching))
}

/// The members of organization `id` as CSV (the columns the import reads).
pub async fn members_csv(
    store: &Store,
    actor: &Actor,
    id: OrganizationId,
) -> Result<String, AppError> {
    let org = organization(store, id).await?.ok_or(AppError::NotFound)?;
    let rows: Vec<Vec<String>> = members(store, actor, id)
        .await?
        .into_iter()
        .map(|m| {
            vec![
                m.member_number,
                m.name,
                org.short_name.clone(),
                m.phone.unwrap_or_default(),
                m.email.unwrap_or_default(),
            ]
        })
        .collect();
    Ok(write(&import_members::HEADER, &rows))
}

/// Every organization as CSV (the columns the import reads), parents before children.
pub async fn organizations_csv(store: &Store) -> Result<String, AppError> {
    let all = list_organizations(store).await?;
    let short = |id: Option<OrganizationId>| {
        id.and_then(|p| all.iter().find(|o| o.id == p))
            .map(|o| o.short_name.clone())
            .unwrap_or_default()
    };
    let rows: Vec<Vec<String>> = all
        .iter()
        .map(|o| {
            vec![
                o.short_name.clone(),
                o.name.clone(),
                o.kind.as_str().to_string(),
                o.sector.clone(),
                short(o.parent_id),
                o.department.clone().unwrap_or_default(),
                o.membership.to_string(),
                o.term_from.clone().unwrap_or_default(),
                o.term_to.clone().unwrap_or_default(),
            ]
        })
        .collect();
    Ok(write(&import_organizations::HEADER, &rows))
}

/// An account that is an organization's secretary.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Secretary {
    pub id: AccountId,
    pub username: String,
    pub display_name: String,
}

pub async fn secretaries(store: &Store, id: OrganizationId) -> Result<Vec<Secretary>, AppError> {
    Ok(on_read!(store, pool => sqlx::query_as::<_, Secretary>(
        "SELECT id, username, display_name FROM accounts WHERE organization_id = $1 AND role = $2 ORDER BY username")
        .bind(id).bind(Role::Secretary).fetch_all(pool).await)?)
}

/// An assembly's seat plan in full, with every sector (share 0 when not in the plan).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SeatPlan {
    pub assembly_id: AssemblyId,
    pub slug: String,
    pub name: String,
    pub level: AssemblyLevel,
    pub department: Option<String>,
    /// 0 when the assembly has no plan yet.
    pub version: i64,
    pub voting_seats: i64,
    pub attached_seats: i64,
    pub fraternal_seats: i64,
    pub min_seats_per_organization: i64,
    pub method: ApportionMethod,
    pub sectors: Vec<PlanSector>,
    /// Organizations whose seats the plan fixes (not apportioned by membership).
    pub fixed: Vec<PlanFixed>,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct PlanFixed {
    pub organization_id: OrganizationId,
    pub short_name: String,
    pub seats: i64,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct PlanSector {
    pub key: String,
    pub name: String,
    pub colour: String,
    pub share: i64,
    pub seats: i64,
}

#[derive(sqlx::FromRow)]
struct AssemblyRow {
    id: AssemblyId,
    slug: String,
    name: String,
    level: AssemblyLevel,
    department: Option<String>,
}

#[derive(sqlx::FromRow)]
struct PlanRow {
    total_seats: i64,
    attached_seats: i64,
    fraternal_seats: i64,
    min_seats_per_org: i64,
    method: ApportionMethod,
    version: i64,
}

pub async fn seat_plan(store: &Store, slug: &str) -> Result<Option<SeatPlan>, AppError> {
    let a: Option<AssemblyRow> = on_read!(store, pool => sqlx::query_as(
        "SELECT a.id, a.slug, a.name, a.level, d.name AS department FROM assemblies a \
         LEFT JOIN departments d ON d.id = a.department_id WHERE a.slug = $1")
        .bind(slug).fetch_optional(pool).await)?;
    let Some(a) = a else { return Ok(None) };
    let plan: Option<PlanRow> = on_read!(store, pool => sqlx::query_as(
        "SELECT total_seats, attached_seats, fraternal_seats, min_seats_per_org, method, version FROM seat_plans WHERE assembly_id = $1")
        .bind(a.id).fetch_optional(pool).await)?;
    let sectors: Vec<PlanSector> = on_read!(store, pool => sqlx::query_as(
        "SELECT s.key, s.name, s.colour, CAST(COALESCE(p.share, 0) AS BIGINT) AS share, CAST(COALESCE(p.seats, 0) AS BIGINT) AS seats \
         FROM sectors s LEFT JOIN seat_plan_sectors p ON p.sector_id = s.id AND p.assembly_id = $1 ORDER BY s.id")
        .bind(a.id).fetch_all(pool).await)?;
    let fixed: Vec<PlanFixed> = on_read!(store, pool => sqlx::query_as(
        "SELECT f.organization_id, o.short_name, f.seats FROM seat_plan_fixed f \
         JOIN organizations o ON o.id = f.organization_id WHERE f.assembly_id = $1 ORDER BY f.organization_id")
        .bind(a.id).fetch_all(pool).await)?;
    let plan = plan.unwrap_or(PlanRow {
        total_seats: 0,
        attached_seats: 0,
        fraternal_seats: 0,
        min_seats_per_org: 0,
        method: ApportionMethod::default(),
        version: 0,
    });
    Ok(Some(SeatPlan {
        assembly_id: a.id,
        slug: a.slug,
        name: a.name,
        level: a.level,
        department: a.department,
        version: plan.version,
        voting_seats: plan.total_seats,
        attached_seats: plan.attached_seats,
        fraternal_seats: plan.fraternal_seats,
        min_seats_per_organization: plan.min_seats_per_org,
        method: plan.method,
        sectors,
        fixed,
    }))
}

/// The organizations that can hold seats in assembly `slug`, in id order.
pub async fn plan_candidates(store: &Store, slug: &str) -> Result<Vec<Candidate>, AppError> {
    let department: Option<Option<DepartmentId>> = on_read!(store, pool => sqlx::query_scalar(
        "SELECT department_id FROM assemblies WHERE slug = $1").bind(slug).fetch_optional(pool).await)?;
    let Some(department) = department else {
        return Ok(Vec::new());
    };
    Ok(on_read!(store, pool => sqlx::query_as(
        CANDIDATES_SQL)
        .bind(department.map_or(0, DepartmentId::get)).fetch_all(pool).await)?)
}

/// One member of organization `org`; `Forbidden` unless `actor` acts for it.
pub async fn member(
    store: &Store,
    actor: &Actor,
    org: OrganizationId,
    id: MemberId,
) -> Result<Option<Member>, AppError> {
    if !may_act_for(actor, org) {
        return Err(AppError::Forbidden);
    }
    Ok(on_read!(store, pool => sqlx::query_as::<_, Member>(
        "SELECT id, organization_id, member_number, name, phone, email FROM members WHERE organization_id = $1 AND id = $2")
        .bind(org).bind(id).fetch_optional(pool).await)?)
}
