//! The assembly's secretariat chooses how the ranking of demands is counted: Schulze over the
//! organizations' rankings or approval, each organization weighing one, its seats or its members.

use asamblea_store::{Store, on_tx};
use serde::Deserialize;
use serde_json::json;

use super::may_curate;
use crate::actions::sessions::rows::{act, is_chair};
use crate::domain::{ActKind, AssemblyId, RankingMethod, RankingWeight};
use crate::{Actor, AppError};

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct MandateRule {
    pub assembly_id: AssemblyId,
    pub method: RankingMethod,
    pub weighting: RankingWeight,
}

pub async fn set_mandate_rule(
    store: &Store,
    actor: &Actor,
    input: MandateRule,
) -> Result<(), AppError> {
    let mut tx = store.begin().await?;
    if !may_curate(is_chair(&mut tx, actor, input.assembly_id).await?) {
        return Err(AppError::Forbidden);
    }
    on_tx!(&mut tx, c => sqlx::query(
        "INSERT INTO mandate_settings (assembly_id, method, weighting) VALUES ($1, $2, $3) \
         ON CONFLICT (assembly_id) DO UPDATE SET method = excluded.method, weighting = excluded.weighting, \
         version = mandate_settings.version + 1")
        .bind(input.assembly_id).bind(input.method).bind(input.weighting)
        .execute(&mut **c).await.map(|r| r.rows_affected()))?;
    tx.append(act(
        actor,
        ActKind::MandateRuleSet,
        input.assembly_id,
        json!({"method": input.method, "weighting": input.weighting}),
    ))
    .await?;
    tx.commit().await?;
    Ok(())
}
