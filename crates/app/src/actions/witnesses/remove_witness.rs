//! An administrator removes a witness (act `witness.removed`): its cosignatures already kept stay
//! (they are on the record), new ones are no longer accepted, and the server stops pushing
//! checkpoints to it. It may be added again later.

use asamblea_record::NewAct;
use asamblea_store::{Store, now_rfc3339, on_tx};
use serde_json::json;

use crate::domain::ActKind;
use crate::{Actor, AppError};

/// Administrators only. A name that is not a current witness: not found.
pub async fn remove_witness(store: &Store, actor: &Actor, name: &str) -> Result<(), AppError> {
    if !super::may_manage_witnesses(actor) {
        return Err(AppError::Forbidden);
    }
    let mut tx = store.begin().await?;
    let removed = on_tx!(&mut tx, c => sqlx::query(
        "UPDATE witnesses SET removed_at = $2 WHERE name = $1 AND removed_at IS NULL")
        .bind(name).bind(now_rfc3339()).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    if removed != 1 {
        return Err(AppError::NotFound);
    }
    tx.append(NewAct {
        actor: actor.record_name(),
        kind: ActKind::WitnessRemoved.as_str().into(),
        scope: "instance".into(),
        payload: json!({"name": name}),
    })
    .await?;
    tx.commit().await?;
    Ok(())
}
