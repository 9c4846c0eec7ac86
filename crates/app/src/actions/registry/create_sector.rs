//! An administrator adds a sector (labour, peasants, students, ...): sectors are data.

use crate::domain::ActKind;
use asamblea_record::NewAct;
use asamblea_store::{Store, on_tx};
use serde::Deserialize;
use serde_json::json;

use super::{require_manage_registry, required_text};
use crate::domain::SectorId;
use crate::{Actor, AppError};

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct NewSector {
    /// Stable key: lower-case letters, digits and `-`, e.g. `artisans`.
    pub key: String,
    pub name: String,
    /// `#rrggbb`, the colour of the sector's seats in the hemicycle.
    pub colour: String,
}

fn valid_key(raw: &str) -> Result<String, AppError> {
    let key = raw.trim().to_lowercase();
    let ok = (2..=32).contains(&key.len())
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if ok {
        Ok(key)
    } else {
        Err(AppError::invalid("key", "error-registry-sector-key"))
    }
}

fn valid_colour(raw: &str) -> Result<String, AppError> {
    let c = raw.trim().to_lowercase();
    if c.len() == 7 && c.starts_with('#') && c[1..].chars().all(|x| x.is_ascii_hexdigit()) {
        Ok(c)
    } else {
        Err(AppError::invalid("colour", "error-registry-colour"))
    }
}

/// Adds the sector; returns its id. Administrators only ([`super::may_manage_registry`]).
pub async fn create_sector(
    store: &Store,
    actor: &Actor,
    input: NewSector,
) -> Result<SectorId, AppError> {
    require_manage_registry(actor)?;
    let key = valid_key(&input.key)?;
    let name = required_text("name", &input.name, 120)?;
    let colour = valid_colour(&input.colour)?;
    let mut tx = store.begin().await?;
    let taken: i64 = on_tx!(&mut tx, c => sqlx::query_scalar("SELECT COUNT(*) FROM sectors WHERE key = $1")
        .bind(&key).fetch_one(&mut **c).await)?;
    if taken > 0 {
        return Err(AppError::invalid("key", "error-registry-sector-taken"));
    }
    let id: SectorId = on_tx!(&mut tx, c => sqlx::query_scalar(
        "INSERT INTO sectors (key, name, colour) VALUES ($1, $2, $3) RETURNING id")
        .bind(&key).bind(&name).bind(&colour).fetch_one(&mut **c).await)?;
    tx.append(NewAct {
        actor: actor.record_name(),
        kind: ActKind::SectorCreated.as_str().into(),
        scope: "instance".into(),
        payload: json!({"id": id, "key": key, "name": name, "colour": colour}),
    })
    .await?;
    tx.commit().await?;
    Ok(id)
}
