//! Assemblies.

use asamblea_store::{Store, on_read};
use serde::Serialize;

use crate::AppError;
use crate::domain::{AccountId, AssemblyId, AssemblyLevel, QuorumBasis};

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct AssemblySummary {
    pub id: AssemblyId,
    pub slug: String,
    pub name: String,
    pub level: AssemblyLevel,
    pub total_seats: Option<i64>,
    /// What a vote's quorum is counted over.
    pub quorum_basis: QuorumBasis,
    /// The IANA time zone its times are shown in, e.g. `America/La_Paz`.
    pub time_zone: String,
}

pub async fn list_assemblies(store: &Store) -> Result<Vec<AssemblySummary>, AppError> {
    let rows = on_read!(store, pool => sqlx::query_as::<_, AssemblySummary>(
        "SELECT a.id, a.slug, a.name, a.level, p.total_seats, a.quorum_basis, a.time_zone FROM assemblies a \
         LEFT JOIN seat_plans p ON p.assembly_id = a.id ORDER BY a.id")
        .fetch_all(pool).await)?;
    Ok(rows)
}

pub async fn assembly_by_slug(
    store: &Store,
    slug: &str,
) -> Result<Option<AssemblySummary>, AppError> {
    let row = on_read!(store, pool => sqlx::query_as::<_, AssemblySummary>(
        "SELECT a.id, a.slug, a.name, a.level, p.total_seats, a.quorum_basis, a.time_zone FROM assemblies a \
         LEFT JOIN seat_plans p ON p.assembly_id = a.id WHERE a.slug = $1")
        .bind(slug).fetch_optional(pool).await)?;
    Ok(row)
}

/// The zone of pages that belong to no one assembly (the record, an account): the first
/// assembly's (the federation's own), else the default of new assemblies.
pub async fn home_time_zone(store: &Store) -> Result<String, AppError> {
    let zone: Option<String> = on_read!(store, pool => sqlx::query_scalar(
        "SELECT time_zone FROM assemblies ORDER BY id LIMIT 1")
        .fetch_optional(pool).await)?;
    Ok(zone
        .unwrap_or_else(|| crate::actions::registry::set_time_zone::DEFAULT_TIME_ZONE.to_string()))
}

/// The time zone of assembly `id` (the default of new assemblies for an unknown id).
pub async fn time_zone_of(store: &Store, id: AssemblyId) -> Result<String, AppError> {
    let zone: Option<String> = on_read!(store, pool => sqlx::query_scalar(
        "SELECT time_zone FROM assemblies WHERE id = $1")
        .bind(id).fetch_optional(pool).await)?;
    Ok(zone
        .unwrap_or_else(|| crate::actions::registry::set_time_zone::DEFAULT_TIME_ZONE.to_string()))
}

/// The time zone of every assembly, by id (the record page shows each act in its own
/// assembly's zone).
pub async fn time_zones(
    store: &Store,
) -> Result<std::collections::HashMap<AssemblyId, String>, AppError> {
    let rows: Vec<(AssemblyId, String)> = on_read!(store, pool => sqlx::query_as(
        "SELECT id, time_zone FROM assemblies").fetch_all(pool).await)?;
    Ok(rows.into_iter().collect())
}

/// The zone of an account's pages: the assembly of its delegate seat (an accredited one first,
/// then the latest), else the instance's own zone ([`home_time_zone`]).
pub async fn account_time_zone(store: &Store, account: AccountId) -> Result<String, AppError> {
    let zone: Option<String> = on_read!(store, pool => sqlx::query_scalar(
        "SELECT a.time_zone FROM delegates d JOIN assemblies a ON a.id = d.assembly_id \
         WHERE d.account_id = $1 \
         ORDER BY CASE WHEN d.status = 'accredited' THEN 0 ELSE 1 END, d.id DESC LIMIT 1")
        .bind(account).fetch_optional(pool).await)?;
    match zone {
        Some(z) => Ok(z),
        None => home_time_zone(store).await,
    }
}

/// How an assembly keeps its secret ballots (`actions::registry::set_secret_ballots`).
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct SecretBallotsState {
    pub secret_ballots: crate::domain::SecretBallots,
    /// The assembly's key board, once it was set to encrypted.
    pub key_board: Option<String>,
    /// The trustees have fixed the key (the key board's ceremony is published).
    pub key_ready: bool,
}

pub async fn secret_ballots(
    store: &Store,
    slug: &str,
) -> Result<Option<SecretBallotsState>, AppError> {
    let row: Option<(crate::domain::SecretBallots, Option<String>, i64)> = on_read!(store, pool => sqlx::query_as(
        "SELECT a.secret_ballots, a.key_board, CAST((SELECT COUNT(*) FROM secret_board_documents d \
         WHERE d.election_id = a.key_board AND d.name = 'ceremony') AS BIGINT) FROM assemblies a WHERE a.slug = $1")
        .bind(slug).fetch_optional(pool).await)?;
    Ok(
        row.map(|(secret_ballots, key_board, ready)| SecretBallotsState {
            secret_ballots,
            key_board,
            key_ready: ready > 0,
        }),
    )
}
