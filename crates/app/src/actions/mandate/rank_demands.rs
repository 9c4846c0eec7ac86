//! A base organization ranks the assembly's current demands (its secretary sends the ranks, best
//! first, each rank one or more demands ranked equally); under approval, every demand it lists
//! is approved. A new ranking replaces the organization's previous one.

use std::collections::BTreeSet;

use asamblea_store::{Store, on_tx};
use serde::Deserialize;
use serde_json::json;

use super::{require_act_for, require_base_organization};
use crate::actions::sessions::rows::act;
use crate::domain::{ActKind, AssemblyId, DemandId, OrganizationId};
use crate::{Actor, AppError};

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct RankDemands {
    pub assembly_id: AssemblyId,
    pub organization_id: OrganizationId,
    /// Ranks, best first; each a list of demands ranked equally. Unlisted demands rank last (and
    /// are not approved). An empty list withdraws the organization's ranking.
    pub ranks: Vec<Vec<DemandId>>,
}

pub async fn rank_demands(
    store: &Store,
    actor: &Actor,
    input: RankDemands,
) -> Result<(), AppError> {
    require_act_for(actor, input.organization_id)?;
    let mut seen = BTreeSet::new();
    for d in input.ranks.iter().flatten() {
        if !seen.insert(*d) {
            return Err(AppError::invalid("ranks", "error-mandate-rank-twice"));
        }
    }
    if input.ranks.iter().any(Vec::is_empty) || seen.len() > 1_000 {
        return Err(AppError::invalid("ranks", "error-mandate-rank-empty"));
    }
    let mut tx = store.begin().await?;
    require_base_organization(&mut tx, input.assembly_id, input.organization_id).await?;
    for &d in &seen {
        let row: Option<(AssemblyId, Option<DemandId>)> = on_tx!(&mut tx, c => sqlx::query_as(
            "SELECT assembly_id, merged_into FROM demands WHERE id = $1")
            .bind(d).fetch_optional(&mut **c).await)?;
        match row {
            Some((a, None)) if a == input.assembly_id => {}
            Some((a, Some(_))) if a == input.assembly_id => {
                return Err(AppError::Conflict {
                    key: "error-mandate-already-merged",
                });
            }
            _ => return Err(AppError::invalid("ranks", "error-mandate-unknown-demand")),
        }
    }
    on_tx!(&mut tx, c => sqlx::query("DELETE FROM demand_ballots WHERE assembly_id = $1 AND organization_id = $2")
        .bind(input.assembly_id).bind(input.organization_id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    for (i, rank) in input.ranks.iter().enumerate() {
        for &d in rank {
            on_tx!(&mut tx, c => sqlx::query(
                "INSERT INTO demand_ballots (assembly_id, organization_id, demand_id, rank) VALUES ($1, $2, $3, $4)")
                .bind(input.assembly_id).bind(input.organization_id).bind(d).bind(i as i64 + 1)
                .execute(&mut **c).await.map(|r| r.rows_affected()))?;
        }
    }
    tx.append(act(
        actor,
        ActKind::DemandsRanked,
        input.assembly_id,
        json!({"organization_id": input.organization_id, "ranks": input.ranks}),
    ))
    .await?;
    tx.commit().await?;
    Ok(())
}
