//! An administrator creates an assembly: national, or departmental (of a department, possibly
//! under a national parent assembly). Its seat plan is set afterwards (`set_seat_plan`).

use crate::domain::ActKind;
use asamblea_record::NewAct;
use asamblea_store::{Store, on_tx};
use serde::Deserialize;
use serde_json::json;

use super::set_time_zone::{DEFAULT_TIME_ZONE, valid_time_zone};
use super::{optional_text, require_manage_registry, required_text};
use crate::domain::{AssemblyId, AssemblyLevel, DepartmentId};
use crate::{Actor, AppError};

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct NewAssembly {
    /// Lower-case letters, digits and `-`: the assembly's address, e.g. `asamblea-oruro-1971`.
    pub slug: String,
    pub name: String,
    pub level: AssemblyLevel,
    /// The department's name (departmental assemblies).
    pub department: Option<String>,
    /// The parent assembly's slug (departmental assemblies, optional).
    pub parent: Option<String>,
    /// The IANA time zone its times are shown in, e.g. `America/La_Paz`; by default the parent
    /// assembly's, else `America/La_Paz`.
    #[serde(default)]
    pub time_zone: Option<String>,
}

pub(crate) fn valid_slug(raw: &str) -> Result<String, AppError> {
    let s = raw.trim().to_lowercase();
    let ok = (3..=60).contains(&s.len())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !s.starts_with('-')
        && s != "new";
    if ok {
        Ok(s)
    } else {
        Err(AppError::invalid("slug", "error-registry-slug"))
    }
}

/// Creates the assembly; returns its id. Administrators only ([`super::may_manage_registry`]).
pub async fn create_assembly(
    store: &Store,
    actor: &Actor,
    input: NewAssembly,
) -> Result<AssemblyId, AppError> {
    require_manage_registry(actor)?;
    let slug = valid_slug(&input.slug)?;
    let name = required_text("name", &input.name, 200)?;
    let level = input.level;
    let departmental = level == AssemblyLevel::Departmental;
    let department = optional_text("department", input.department.as_deref(), 80)?;
    if departmental && department.is_none() {
        return Err(AppError::invalid(
            "department",
            "error-registry-department-required",
        ));
    }
    let parent = optional_text("parent", input.parent.as_deref(), 60)?;
    if !departmental && parent.is_some() {
        return Err(AppError::invalid(
            "parent",
            "error-registry-parent-national",
        ));
    }
    let time_zone = match input.time_zone.as_deref().map(str::trim) {
        Some(z) if !z.is_empty() => Some(valid_time_zone(z)?),
        _ => None,
    };
    let mut tx = store.begin().await?;
    let taken: i64 = on_tx!(&mut tx, c => sqlx::query_scalar("SELECT COUNT(*) FROM assemblies WHERE slug = $1")
        .bind(&slug).fetch_one(&mut **c).await)?;
    if taken > 0 {
        return Err(AppError::invalid("slug", "error-registry-slug-taken"));
    }
    let department_id = match (departmental, &department) {
        (true, Some(d)) => Some(on_tx!(&mut tx, c => sqlx::query_scalar::<_, DepartmentId>(
            "INSERT INTO departments (name) VALUES ($1) ON CONFLICT (name) DO UPDATE SET name = excluded.name RETURNING id")
            .bind(d).fetch_one(&mut **c).await)?),
        _ => None,
    };
    let parent_id = match &parent {
        None => None,
        Some(p) => {
            let id: Option<AssemblyId> = on_tx!(&mut tx, c => sqlx::query_scalar("SELECT id FROM assemblies WHERE slug = $1")
                .bind(p).fetch_optional(&mut **c).await)?;
            Some(id.ok_or(AppError::invalid("parent", "error-registry-parent-unknown"))?)
        }
    };
    let department = department.filter(|_| departmental);
    let time_zone = match (time_zone, parent_id) {
        (Some(z), _) => z,
        (None, Some(p)) => {
            on_tx!(&mut tx, c => sqlx::query_scalar::<_, String>("SELECT time_zone FROM assemblies WHERE id = $1")
            .bind(p).fetch_one(&mut **c).await)?
        }
        (None, None) => DEFAULT_TIME_ZONE.to_string(),
    };
    let id: AssemblyId = on_tx!(&mut tx, c => sqlx::query_scalar(
        "INSERT INTO assemblies (slug, name, level, department_id, parent_id, time_zone) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
        .bind(&slug).bind(&name).bind(level).bind(department_id).bind(parent_id).bind(&time_zone)
        .fetch_one(&mut **c).await)?;
    tx.append(NewAct {
        actor: actor.record_name(),
        kind: ActKind::AssemblyCreated.as_str().into(),
        scope: format!("assembly:{id}"),
        payload: json!({"id": id, "slug": slug, "name": name, "level": level,
                        "department": department, "parent_id": parent_id,
                        "time_zone": time_zone}),
    })
    .await?;
    tx.commit().await?;
    Ok(id)
}
