//! The assembly's secretariat merges demands that say the same thing into one: a new demand with
//! its own text, whose supporters are the originals' (their organizations and their counts
//! summed). Every original stays, pointing at the merged one; rankings that named an original
//! count for the merged demand.

use std::collections::BTreeSet;

use asamblea_store::{Store, now_rfc3339, on_tx};
use serde::Deserialize;
use serde_json::json;

use super::may_curate;
use crate::actions::registry::required_text;
use crate::actions::sessions::rows::{act, is_chair};
use crate::domain::{ActKind, AssemblyId, DemandId};
use crate::{Actor, AppError};

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct MergeDemands {
    pub assembly_id: AssemblyId,
    /// Two or more current (not yet merged) demands of the assembly.
    pub demand_ids: Vec<DemandId>,
    /// The merged demand's text.
    pub body: String,
    pub category: String,
}

pub async fn merge_demands(
    store: &Store,
    actor: &Actor,
    input: MergeDemands,
) -> Result<DemandId, AppError> {
    let mut tx = store.begin().await?;
    if !may_curate(is_chair(&mut tx, actor, input.assembly_id).await?) {
        return Err(AppError::Forbidden);
    }
    let ids: BTreeSet<DemandId> = input.demand_ids.iter().copied().collect();
    if ids.len() < 2 || ids.len() != input.demand_ids.len() || ids.len() > 100 {
        return Err(AppError::invalid("demand_ids", "error-mandate-merge-two"));
    }
    let body = input.body.trim().to_string();
    if body.is_empty() || body.chars().count() > 2_000 || body.contains("\n\n") {
        return Err(AppError::invalid("body", "error-mandate-body"));
    }
    let category = required_text("category", &input.category, 60)?;
    let mut support = 0i64;
    for &d in &ids {
        let row: Option<(AssemblyId, Option<DemandId>, i64)> = on_tx!(&mut tx, c => sqlx::query_as(
            "SELECT assembly_id, merged_into, support FROM demands WHERE id = $1")
            .bind(d).fetch_optional(&mut **c).await)?;
        match row {
            Some((a, None, s)) if a == input.assembly_id => support = support.saturating_add(s),
            Some((a, Some(_), _)) if a == input.assembly_id => {
                return Err(AppError::Conflict {
                    key: "error-mandate-already-merged",
                });
            }
            _ => {
                return Err(AppError::invalid(
                    "demand_ids",
                    "error-mandate-unknown-demand",
                ));
            }
        }
    }
    let id: DemandId = on_tx!(&mut tx, c => sqlx::query_scalar(
        "INSERT INTO demands (assembly_id, organization_id, body, category, support, created_at) \
         VALUES ($1, NULL, $2, $3, $4, $5) RETURNING id")
        .bind(input.assembly_id).bind(&body).bind(&category).bind(support)
        .bind(now_rfc3339()).fetch_one(&mut **c).await)?;
    for &d in &ids {
        on_tx!(&mut tx, c => sqlx::query("UPDATE demands SET merged_into = $1 WHERE id = $2")
            .bind(id).bind(d).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    }
    tx.append(act(
        actor,
        ActKind::DemandsMerged,
        input.assembly_id,
        json!({"demand_id": id, "merged": ids, "body": body, "category": category, "support": support}),
    ))
    .await?;
    tx.commit().await?;
    Ok(id)
}
