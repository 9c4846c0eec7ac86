//! The parent assembly's presidium merges several forwards on the same subject into one motion
//! (its own title and text), which keeps all their origins: each forward points at the motion.

use asamblea_store::Store;
use serde::Deserialize;
use serde_json::json;

use super::{decide, forward, place_motion, require_pending};
use crate::actions::sessions::rows::{act, require_chair};
use crate::domain::{ActKind, ForwardId, ForwardStatus, ItemId, MotionId};
use crate::{Actor, AppError};

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct MergeForwards {
    /// Two or more pending forwards to the same assembly.
    pub forward_ids: Vec<ForwardId>,
    pub item_id: ItemId,
    pub title: String,
    /// The merged text.
    pub body: String,
}

/// Returns the new motion's id.
pub async fn merge_forwards(
    store: &Store,
    actor: &Actor,
    input: MergeForwards,
) -> Result<MotionId, AppError> {
    let mut ids = input.forward_ids.clone();
    ids.sort();
    ids.dedup();
    if ids.len() < 2 || ids.len() > 50 {
        return Err(AppError::invalid("forward_ids", "fed-error-merge-two"));
    }
    let mut tx = store.begin().await?;
    let mut rows = Vec::new();
    for id in &ids {
        rows.push(forward(&mut tx, *id).await?);
    }
    let to = rows[0].to_assembly_id;
    require_chair(&mut tx, actor, to).await?;
    if rows.iter().any(|f| f.to_assembly_id != to) {
        return Err(AppError::invalid(
            "forward_ids",
            "fed-error-merge-elsewhere",
        ));
    }
    for f in &rows {
        require_pending(f)?;
    }
    let motion = place_motion(
        &mut tx,
        actor,
        to,
        input.item_id,
        &input.title,
        &input.body,
        &ids,
    )
    .await?;
    for f in &rows {
        decide(&mut tx, f.id, ForwardStatus::Merged, Some(motion), None).await?;
    }
    let from: Vec<_> = rows.iter().map(|f| f.from_assembly_id).collect();
    tx.append(act(
        actor,
        ActKind::ForwardMerged,
        to,
        json!({"forward_ids": ids, "from_assembly_ids": from, "motion_id": motion}),
    ))
    .await?;
    tx.commit().await?;
    Ok(motion)
}
