//! Going down: a departmental assembly's presidium records its decision on a resolution of its
//! parent assembly: adopted locally, noted, or objected (with a reason). A later decision
//! replaces the earlier one; each is an act.

use asamblea_store::{Store, now_rfc3339, on_tx};
use serde::Deserialize;
use serde_json::json;

use crate::actions::sessions::rows::{act, require_chair, text};
use crate::domain::{ActKind, AssemblyId, DescentDecision, ResolutionId};
use crate::{Actor, AppError};

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct DescentInput {
    pub decision: DescentDecision,
    /// Required for an objection.
    #[serde(default)]
    pub reason: Option<String>,
}

/// Records `assembly`'s decision on its parent's resolution `resolution_id`.
pub async fn decide_descent(
    store: &Store,
    actor: &Actor,
    assembly: AssemblyId,
    resolution_id: ResolutionId,
    input: DescentInput,
) -> Result<(), AppError> {
    let mut tx = store.begin().await?;
    require_chair(&mut tx, actor, assembly).await?;
    let parent: Option<Option<AssemblyId>> = on_tx!(&mut tx, c => sqlx::query_scalar(
        "SELECT parent_id FROM assemblies WHERE id = $1").bind(assembly).fetch_optional(&mut **c).await)?;
    let parent = parent.ok_or(AppError::NotFound)?;
    let of: Option<AssemblyId> = on_tx!(&mut tx, c => sqlx::query_scalar(
        "SELECT assembly_id FROM resolutions WHERE id = $1").bind(resolution_id).fetch_optional(&mut **c).await)?;
    if of.is_none() || of != parent {
        return Err(AppError::invalid(
            "resolution_id",
            "fed-error-not-parent-resolution",
        ));
    }
    let reason = match (input.decision, input.reason.as_deref().map(str::trim)) {
        (DescentDecision::Objected, r) => {
            Some(text(r.unwrap_or(""), 2000, "reason", "fed-error-reason")?)
        }
        (_, Some(r)) if !r.is_empty() => Some(text(r, 2000, "reason", "fed-error-reason")?),
        _ => None,
    };
    on_tx!(&mut tx, c => sqlx::query(
        "INSERT INTO descent_decisions (assembly_id, resolution_id, decision, reason, decided_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (assembly_id, resolution_id) DO UPDATE SET decision = excluded.decision, reason = excluded.reason, decided_at = excluded.decided_at")
        .bind(assembly).bind(resolution_id).bind(input.decision).bind(&reason).bind(now_rfc3339())
        .execute(&mut **c).await.map(|r| r.rows_affected()))?;
    tx.append(act(
        actor,
        ActKind::ResolutionDescentDecided,
        assembly,
        json!({"resolution_id": resolution_id, "decision": input.decision, "reason": reason}),
    ))
    .await?;
    tx.commit().await?;
    Ok(())
}
