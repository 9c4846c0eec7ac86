//! The presidium marks a delegate as voting through a teller (no phone), or no longer so, on the
//! record. A teller may enter the votes of a marked delegate only in open votes that opened after
//! the mark (`cast_vote.rs`); never in a secret vote, where the teller would learn the choice (a
//! secret vote through tellers is a paper vote: the tellers count the slips).

use asamblea_store::{Store, now_rfc3339, on_tx};
use serde::Deserialize;
use serde_json::json;

use super::rows::{act, require_chair};
use crate::domain::{ActKind, AssemblyId, DelegateId};
use crate::{Actor, AppError};

/// Whether the delegate votes through a teller from now on.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct ViaTeller {
    pub via_teller: bool,
}

pub async fn set_via_teller(
    store: &Store,
    actor: &Actor,
    delegate_id: DelegateId,
    input: &ViaTeller,
) -> Result<(), AppError> {
    let mut tx = store.begin().await?;
    let assembly_id: Option<AssemblyId> = on_tx!(&mut tx, c => sqlx::query_scalar(
        "SELECT assembly_id FROM delegates WHERE id = $1")
        .bind(delegate_id).fetch_optional(&mut **c).await)?;
    let assembly_id = assembly_id.ok_or(AppError::NotFound)?;
    require_chair(&mut tx, actor, assembly_id).await?;
    let since = input.via_teller.then(now_rfc3339);
    on_tx!(&mut tx, c => sqlx::query("UPDATE delegates SET via_teller_since = $1 WHERE id = $2")
        .bind(&since).bind(delegate_id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    tx.append(act(
        actor,
        ActKind::DelegateViaTellerSet,
        assembly_id,
        json!({"delegate_id": delegate_id, "via_teller": input.via_teller}),
    ))
    .await?;
    tx.commit().await?;
    Ok(())
}
