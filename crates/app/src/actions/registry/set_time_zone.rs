//! An administrator sets the time zone an assembly's times are shown in (an IANA name such as
//! `America/La_Paz`). Times are stored in UTC; the zone changes only how pages, the minutes and
//! their PDF show them.

use crate::domain::ActKind;
use asamblea_record::NewAct;
use asamblea_store::{Store, on_tx};
use serde::Deserialize;
use serde_json::json;

use super::require_manage_registry;
use crate::domain::AssemblyId;
use crate::{Actor, AppError};

/// The zone a new assembly gets when none is given and it has no parent: the zone of the
/// federations this software is made for (Bolivia). Each assembly may change it.
pub const DEFAULT_TIME_ZONE: &str = "America/La_Paz";

/// The time zone of an assembly.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct TimeZoneInput {
    /// An IANA time zone name, e.g. `America/La_Paz` (case-insensitive; stored as the
    /// database spells it).
    pub time_zone: String,
}

/// The zone's name as the time zone database spells it, or a refusal naming the field.
pub fn valid_time_zone(raw: &str) -> Result<String, AppError> {
    let raw = raw.trim();
    let bad = || AppError::invalid("time_zone", "error-registry-time-zone");
    if raw.is_empty() || raw.len() > 64 {
        return Err(bad());
    }
    let zone = jiff::tz::TimeZone::get(raw).map_err(|_| bad())?;
    Ok(zone.iana_name().unwrap_or(raw).to_string())
}

/// Administrators only ([`super::may_manage_registry`]).
pub async fn set_time_zone(
    store: &Store,
    actor: &Actor,
    slug: &str,
    input: TimeZoneInput,
) -> Result<(), AppError> {
    require_manage_registry(actor)?;
    let zone = valid_time_zone(&input.time_zone)?;
    let mut tx = store.begin().await?;
    let id: Option<AssemblyId> = on_tx!(&mut tx, c => sqlx::query_scalar("SELECT id FROM assemblies WHERE slug = $1")
        .bind(slug).fetch_optional(&mut **c).await)?;
    let id = id.ok_or(AppError::NotFound)?;
    on_tx!(&mut tx, c => sqlx::query("UPDATE assemblies SET time_zone = $1 WHERE id = $2")
        .bind(&zone).bind(id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    tx.append(NewAct {
        actor: actor.record_name(),
        kind: ActKind::AssemblyTimeZoneSet.as_str().into(),
        scope: format!("assembly:{id}"),
        payload: json!({"assembly_id": id, "time_zone": zone}),
    })
    .await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zones_are_checked_against_the_database() {
        assert_eq!(
            valid_time_zone(" America/La_Paz ").unwrap(),
            "America/La_Paz"
        );
        assert_eq!(valid_time_zone("america/la_paz").unwrap(), "America/La_Paz");
        assert_eq!(valid_time_zone("UTC").unwrap(), "UTC");
        assert!(valid_time_zone("Bolivia/Oruro").is_err());
        assert!(valid_time_zone("").is_err());
    }
}
