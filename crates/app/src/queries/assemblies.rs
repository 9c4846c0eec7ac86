//! Assemblies.

use asamblea_store::{Store, on_read};
use serde::Serialize;

use crate::AppError;
use crate::domain::{AssemblyId, AssemblyLevel, QuorumBasis};

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct AssemblySummary {
    pub id: AssemblyId,
    pub slug: String,
    pub name: String,
    pub level: AssemblyLevel,
    pub total_seats: Option<i64>,
    /// What a vote's quorum is counted over.
    pub quorum_basis: QuorumBasis,
}

pub async fn list_assemblies(store: &Store) -> Result<Vec<AssemblySummary>, AppError> {
    let rows = on_read!(store, pool => sqlx::query_as::<_, AssemblySummary>(
        "SELECT a.id, a.slug, a.name, a.level, p.total_seats, a.quorum_basis FROM assemblies a \
         LEFT JOIN seat_plans p ON p.assembly_id = a.id ORDER BY a.id")
        .fetch_all(pool).await)?;
    Ok(rows)
}

pub async fn assembly_by_slug(
    store: &Store,
    slug: &str,
) -> Result<Option<AssemblySummary>, AppError> {
    let row = on_read!(store, pool => sqlx::query_as::<_, AssemblySummary>(
        "SELECT a.id, a.slug, a.name, a.level, p.total_seats, a.quorum_basis FROM assemblies a \
         LEFT JOIN seat_plans p ON p.assembly_id = a.id WHERE a.slug = $1")
        .bind(slug).fetch_optional(pool).await)?;
    Ok(row)
}
