//! The parent assembly's presidium declines a forwarded resolution, with a reason the
//! originating assembly reads on its page.

use asamblea_store::Store;
use serde::Deserialize;
use serde_json::json;

use super::{decide, forward, require_pending};
use crate::actions::sessions::rows::{act, check_version, require_chair, text};
use crate::domain::{ActKind, ForwardId, ForwardStatus};
use crate::{Actor, AppError};

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct DeclineForward {
    /// Why (1 to 2000 characters).
    pub reason: String,
    #[serde(default)]
    pub version: Option<i64>,
}

pub async fn decline_forward(
    store: &Store,
    actor: &Actor,
    id: ForwardId,
    input: DeclineForward,
) -> Result<(), AppError> {
    let mut tx = store.begin().await?;
    let f = forward(&mut tx, id).await?;
    require_chair(&mut tx, actor, f.to_assembly_id).await?;
    require_pending(&f)?;
    check_version(input.version, f.version)?;
    let reason = text(&input.reason, 2000, "reason", "fed-error-reason")?;
    decide(&mut tx, f.id, ForwardStatus::Declined, None, Some(&reason)).await?;
    tx.append(act(
        actor,
        ActKind::ForwardDeclined,
        f.to_assembly_id,
        json!({"forward_id": f.id, "from_assembly_id": f.from_assembly_id, "reason": reason}),
    ))
    .await?;
    tx.commit().await?;
    Ok(())
}
