//! An administrator adds an organization (a confederation, a federation, a union, ...), possibly
//! inside a parent organization.

use crate::domain::ActKind;
use asamblea_record::NewAct;
use asamblea_store::{Store, Tx, on_tx};
use serde::Deserialize;
use serde_json::json;

use super::{optional_text, require_manage_registry, required_text, term};
use crate::domain::{DepartmentId, OrganizationId, OrganizationKind, SectorId};
use crate::{Actor, AppError};

/// An organization as typed in a form, the API or a CSV row.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct OrganizationInput {
    pub name: String,
    pub short_name: String,
    pub kind: OrganizationKind,
    /// The sector's key, e.g. `labour`.
    pub sector: String,
    /// The department's name (created if new). Empty or absent for none.
    pub department: Option<String>,
    pub parent_id: Option<OrganizationId>,
    /// Members the organization declares (apportions seats); 0 if absent.
    #[serde(default)]
    pub membership: i64,
    /// Start of the leadership term, `YYYY-MM-DD`.
    pub term_from: Option<String>,
    /// End of the leadership term, `YYYY-MM-DD`.
    pub term_to: Option<String>,
}

/// Checked fields, with the sector and department resolved to ids.
pub(crate) struct Resolved {
    pub name: String,
    pub short_name: String,
    pub kind: OrganizationKind,
    pub sector_id: SectorId,
    pub sector: String,
    pub department_id: Option<DepartmentId>,
    pub department: Option<String>,
    pub parent_id: Option<OrganizationId>,
    pub membership: i64,
    pub term_from: Option<String>,
    pub term_to: Option<String>,
}

pub(crate) fn valid_short_name(raw: &str) -> Result<String, AppError> {
    let s = raw.trim();
    let ok = (1..=24).contains(&s.chars().count())
        && !s
            .chars()
            .any(|c| c.is_whitespace() || c == ',' || c.is_control());
    if ok {
        Ok(s.to_string())
    } else {
        Err(AppError::invalid("short_name", "error-registry-short-name"))
    }
}

/// Validates `input` and resolves it inside `tx`.
pub(crate) async fn resolve(tx: &mut Tx, input: &OrganizationInput) -> Result<Resolved, AppError> {
    let name = required_text("name", &input.name, 200)?;
    let short_name = valid_short_name(&input.short_name)?;
    super::valid_membership(input.membership)?;
    let (term_from, term_to) = term(
        input.term_from.as_deref().unwrap_or(""),
        input.term_to.as_deref().unwrap_or(""),
    )?;
    let sector = input.sector.trim().to_lowercase();
    let sector_id: Option<SectorId> = on_tx!(tx, c => sqlx::query_scalar("SELECT id FROM sectors WHERE key = $1")
        .bind(&sector).fetch_optional(&mut **c).await)?;
    let sector_id =
        sector_id.ok_or(AppError::invalid("sector", "error-registry-sector-unknown"))?;
    let department = optional_text("department", input.department.as_deref(), 80)?;
    let department_id = match &department {
        None => None,
        Some(d) => Some(on_tx!(tx, c => sqlx::query_scalar::<_, DepartmentId>(
            "INSERT INTO departments (name) VALUES ($1) ON CONFLICT (name) DO UPDATE SET name = excluded.name RETURNING id")
            .bind(d).fetch_one(&mut **c).await)?),
    };
    if let Some(p) = input.parent_id {
        let found: i64 = on_tx!(tx, c => sqlx::query_scalar("SELECT COUNT(*) FROM organizations WHERE id = $1")
            .bind(p).fetch_one(&mut **c).await)?;
        if found == 0 {
            return Err(AppError::invalid(
                "parent_id",
                "error-registry-parent-unknown",
            ));
        }
    }
    Ok(Resolved {
        name,
        short_name,
        kind: input.kind,
        sector_id,
        sector,
        department_id,
        department,
        parent_id: input.parent_id,
        membership: input.membership,
        term_from,
        term_to,
    })
}

/// Inserts a resolved organization; refuses a short name in use. Returns the id.
pub(crate) async fn insert(tx: &mut Tx, r: &Resolved) -> Result<OrganizationId, AppError> {
    let taken: i64 = on_tx!(tx, c => sqlx::query_scalar("SELECT COUNT(*) FROM organizations WHERE short_name = $1")
        .bind(&r.short_name).fetch_one(&mut **c).await)?;
    if taken > 0 {
        return Err(AppError::invalid(
            "short_name",
            "error-registry-short-name-taken",
        ));
    }
    let id: OrganizationId = on_tx!(tx, c => sqlx::query_scalar(
        "INSERT INTO organizations (parent_id, name, short_name, kind, sector_id, department_id, membership, term_from, term_to, illustrative) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0) RETURNING id")
        .bind(r.parent_id).bind(&r.name).bind(&r.short_name).bind(r.kind).bind(r.sector_id)
        .bind(r.department_id).bind(r.membership).bind(&r.term_from).bind(&r.term_to)
        .fetch_one(&mut **c).await)?;
    Ok(id)
}

/// The public description of an organization in an act's payload.
pub(crate) fn payload(id: OrganizationId, r: &Resolved) -> serde_json::Value {
    json!({
        "id": id, "name": r.name, "short_name": r.short_name, "kind": r.kind, "sector": r.sector,
        "parent_id": r.parent_id, "department": r.department, "membership": r.membership,
        "term_from": r.term_from, "term_to": r.term_to,
    })
}

/// Adds the organization; returns its id. Administrators only ([`super::may_manage_registry`]).
pub async fn create_organization(
    store: &Store,
    actor: &Actor,
    input: OrganizationInput,
) -> Result<OrganizationId, AppError> {
    require_manage_registry(actor)?;
    let mut tx = store.begin().await?;
    let r = resolve(&mut tx, &input).await?;
    let id = insert(&mut tx, &r).await?;
    tx.append(NewAct {
        actor: actor.record_name(),
        kind: ActKind::OrganizationCreated.as_str().into(),
        scope: format!("organization:{id}"),
        payload: payload(id, &r),
    })
    .await?;
    tx.commit().await?;
    Ok(id)
}
