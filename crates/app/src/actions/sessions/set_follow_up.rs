//! The presidium records how a resolution is being carried out: adopted, in progress, done, not
//! done. The assembly may update it in any later session.

use crate::domain::ActKind;
use asamblea_store::{Store, on_tx};
use serde_json::json;

use super::rows::{act, require_chair};
use crate::domain::{AssemblyId, FollowUp, ResolutionId};
use crate::{Actor, AppError};

pub async fn set_follow_up(
    store: &Store,
    actor: &Actor,
    resolution_id: ResolutionId,
    follow_up: FollowUp,
) -> Result<(), AppError> {
    let mut tx = store.begin().await?;
    let row: Option<(AssemblyId, i64)> = on_tx!(&mut tx, c => sqlx::query_as(
        "SELECT assembly_id, number FROM resolutions WHERE id = $1")
        .bind(resolution_id).fetch_optional(&mut **c).await)?;
    let (assembly_id, number) = row.ok_or(AppError::NotFound)?;
    require_chair(&mut tx, actor, assembly_id).await?;
    on_tx!(&mut tx, c => sqlx::query("UPDATE resolutions SET follow_up = $1 WHERE id = $2")
        .bind(follow_up).bind(resolution_id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    tx.append(act(
        actor,
        ActKind::ResolutionFollowUp,
        assembly_id,
        json!({"resolution_id": resolution_id, "number": number, "follow_up": follow_up}),
    ))
    .await?;
    tx.commit().await?;
    Ok(())
}
