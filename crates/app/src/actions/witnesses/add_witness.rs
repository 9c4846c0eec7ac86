//! An administrator adds a witness of the log by its verifier key
//! (`<name>+<key id>+<base64(0x04 || Ed25519 key)>`, printed by `asamblea witness key`): from then
//! on its cosignatures are accepted and shown with the checkpoints.

use asamblea_record::NewAct;
use asamblea_record::witness::parse_witness_vkey;
use asamblea_store::{Store, now_rfc3339, on_tx};
use serde_json::json;

use crate::domain::ActKind;
use crate::{Actor, AppError};

/// The longest verifier key accepted (a name of up to 200 characters and the key).
pub const MAX_VKEY: usize = 300;

/// Administrators only. Returns the witness's name. A name already added is refused.
pub async fn add_witness(store: &Store, actor: &Actor, vkey: &str) -> Result<String, AppError> {
    if !actor.is_admin() {
        return Err(AppError::Forbidden);
    }
    let vkey = vkey.trim();
    if vkey.chars().count() > MAX_VKEY {
        return Err(AppError::invalid("vkey", "witness-error-vkey"));
    }
    let (name, _) =
        parse_witness_vkey(vkey).ok_or(AppError::invalid("vkey", "witness-error-vkey"))?;
    let mut tx = store.begin().await?;
    let exists: i64 = on_tx!(&mut tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM witnesses WHERE name = $1").bind(&name).fetch_one(&mut **c).await)?;
    if exists > 0 {
        return Err(AppError::Conflict {
            key: "witness-error-exists",
        });
    }
    on_tx!(&mut tx, c => sqlx::query("INSERT INTO witnesses (name, vkey, added_at) VALUES ($1, $2, $3)")
        .bind(&name).bind(vkey).bind(now_rfc3339()).execute(&mut **c).await.map(|_| ()))?;
    tx.append(NewAct {
        actor: actor.record_name(),
        kind: ActKind::WitnessAdded.as_str().into(),
        scope: "instance".into(),
        payload: json!({"name": name, "vkey": vkey}),
    })
    .await?;
    tx.commit().await?;
    Ok(name)
}
