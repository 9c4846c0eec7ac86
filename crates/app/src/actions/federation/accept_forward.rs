//! The parent assembly's presidium puts a forwarded resolution on an agenda item as a motion (one
//! action). A forward already decided is refused: two presidium members accepting the same forward
//! at once make one motion (appends are serialized and only a pending forward changes).

use asamblea_store::Store;
use serde::Deserialize;
use serde_json::json;

use super::{decide, forward, place_motion, require_pending};
use crate::actions::sessions::rows::{act, check_version, require_chair};
use crate::domain::{ActKind, ForwardId, ForwardStatus, ItemId, MotionId};
use crate::{Actor, AppError};

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct AcceptForward {
    /// The agenda item (of a session of the parent assembly) the motion goes on.
    pub item_id: ItemId,
    /// The forward's version the page showed.
    #[serde(default)]
    pub version: Option<i64>,
}

/// Returns the new motion's id.
pub async fn accept_forward(
    store: &Store,
    actor: &Actor,
    id: ForwardId,
    input: AcceptForward,
) -> Result<MotionId, AppError> {
    let mut tx = store.begin().await?;
    let f = forward(&mut tx, id).await?;
    require_chair(&mut tx, actor, f.to_assembly_id).await?;
    require_pending(&f)?;
    check_version(input.version, f.version)?;
    let motion = place_motion(
        &mut tx,
        actor,
        f.to_assembly_id,
        input.item_id,
        &f.title,
        &f.body,
        &[f.id],
    )
    .await?;
    decide(&mut tx, f.id, ForwardStatus::Accepted, Some(motion), None).await?;
    tx.append(act(
        actor,
        ActKind::ForwardAccepted,
        f.to_assembly_id,
        json!({"forward_id": f.id, "from_assembly_id": f.from_assembly_id, "motion_id": motion}),
    ))
    .await?;
    tx.commit().await?;
    Ok(motion)
}
