//! Changes an organization. Administrators may change every field; an organization's own
//! secretary may change only its membership and leadership term.

use crate::domain::ActKind;
use asamblea_record::NewAct;
use asamblea_store::{Store, on_tx};
use serde::Deserialize;

use super::create_organization::{OrganizationInput, payload, resolve};
use super::set_seat_plan::reapportion;
use super::{may_manage_registry, require_act_for};
use crate::domain::{AssemblyId, DepartmentId, OrganizationId, OrganizationKind};
use crate::{Actor, AppError};

/// The fields to change; an absent field stays as it is.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct OrganizationPatch {
    pub name: Option<String>,
    pub short_name: Option<String>,
    pub kind: Option<OrganizationKind>,
    pub sector: Option<String>,
    /// The department's name; an empty string removes it.
    pub department: Option<String>,
    /// The parent's id; 0 removes the parent.
    pub parent_id: Option<OrganizationId>,
    pub membership: Option<i64>,
    /// `YYYY-MM-DD`; an empty string removes it.
    pub term_from: Option<String>,
    /// `YYYY-MM-DD`; an empty string removes it.
    pub term_to: Option<String>,
}

impl OrganizationPatch {
    /// True if it touches anything but membership and term.
    fn touches_identity(&self) -> bool {
        self.name.is_some()
            || self.short_name.is_some()
            || self.kind.is_some()
            || self.sector.is_some()
            || self.department.is_some()
            || self.parent_id.is_some()
    }
}

#[derive(sqlx::FromRow)]
struct Current {
    name: String,
    short_name: String,
    kind: OrganizationKind,
    sector: String,
    department: Option<String>,
    parent_id: Option<OrganizationId>,
    membership: i64,
    term_from: Option<String>,
    term_to: Option<String>,
}

/// Applies `patch` to organization `id`: its secretaries may change membership and term, those
/// who [`may_manage_registry`] every field.
pub async fn update_organization(
    store: &Store,
    actor: &Actor,
    id: OrganizationId,
    patch: OrganizationPatch,
) -> Result<(), AppError> {
    require_act_for(actor, id)?;
    if !may_manage_registry(actor) && patch.touches_identity() {
        return Err(AppError::Forbidden);
    }
    let mut tx = store.begin().await?;
    let current: Option<Current> = on_tx!(&mut tx, c => sqlx::query_as(
        "SELECT o.name, o.short_name, o.kind, s.key AS sector, d.name AS department, o.parent_id, o.membership, o.term_from, o.term_to \
         FROM organizations o JOIN sectors s ON s.id = o.sector_id LEFT JOIN departments d ON d.id = o.department_id WHERE o.id = $1")
        .bind(id).fetch_optional(&mut **c).await)?;
    let cur = current.ok_or(AppError::NotFound)?;
    let old_department: Option<DepartmentId> = on_tx!(&mut tx, c => sqlx::query_scalar(
        "SELECT department_id FROM organizations WHERE id = $1")
        .bind(id).fetch_one(&mut **c).await)?;
    let parent_id = match patch.parent_id {
        None => cur.parent_id,
        Some(p) if p.get() <= 0 => None,
        Some(p) => Some(p),
    };
    let input = OrganizationInput {
        name: patch.name.unwrap_or(cur.name),
        short_name: patch.short_name.unwrap_or(cur.short_name),
        kind: patch.kind.unwrap_or(cur.kind),
        sector: patch.sector.unwrap_or(cur.sector),
        department: patch.department.or(cur.department),
        parent_id,
        membership: patch.membership.unwrap_or(cur.membership),
        term_from: patch.term_from.or(cur.term_from),
        term_to: patch.term_to.or(cur.term_to),
    };
    let r = resolve(&mut tx, &input).await?;
    // No organization may be its own ancestor.
    let mut up = r.parent_id;
    let mut steps = 0;
    while let Some(p) = up {
        if p == id || steps > 64 {
            return Err(AppError::invalid(
                "parent_id",
                "error-registry-parent-cycle",
            ));
        }
        up = on_tx!(&mut tx, c => sqlx::query_scalar::<_, Option<OrganizationId>>("SELECT parent_id FROM organizations WHERE id = $1")
            .bind(p).fetch_optional(&mut **c).await)?
        .flatten();
        steps += 1;
    }
    let taken: i64 = on_tx!(&mut tx, c => sqlx::query_scalar("SELECT COUNT(*) FROM organizations WHERE short_name = $1 AND id <> $2")
        .bind(&r.short_name).bind(id).fetch_one(&mut **c).await)?;
    if taken > 0 {
        return Err(AppError::invalid(
            "short_name",
            "error-registry-short-name-taken",
        ));
    }
    on_tx!(&mut tx, c => sqlx::query(
        "UPDATE organizations SET parent_id = $1, name = $2, short_name = $3, kind = $4, sector_id = $5, department_id = $6, \
         membership = $7, term_from = $8, term_to = $9 WHERE id = $10")
        .bind(r.parent_id).bind(&r.name).bind(&r.short_name).bind(r.kind).bind(r.sector_id)
        .bind(r.department_id).bind(r.membership).bind(&r.term_from).bind(&r.term_to).bind(id)
        .execute(&mut **c).await.map(|x| x.rows_affected()))?;
    tx.append(NewAct {
        actor: actor.record_name(),
        kind: ActKind::OrganizationUpdated.as_str().into(),
        scope: format!("organization:{id}"),
        payload: payload(id, &r),
    })
    .await?;
    // A move between departments changes who sits in the departmental assemblies of both: their
    // plans are apportioned again (the seats page would otherwise still seat it where it was).
    if old_department != r.department_id {
        let affected: Vec<AssemblyId> = on_tx!(&mut tx, c => sqlx::query_scalar(
            "SELECT a.id FROM assemblies a JOIN seat_plans p ON p.assembly_id = a.id \
             WHERE a.department_id IS NOT NULL AND (a.department_id = $1 OR a.department_id = $2) ORDER BY a.id")
            .bind(old_department).bind(r.department_id).fetch_all(&mut **c).await)?;
        for a in affected {
            reapportion(&mut tx, actor, a, "organization_department_changed").await?;
        }
    }
    tx.commit().await?;
    Ok(())
}
