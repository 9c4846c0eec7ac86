//! The delegator revokes their standing proxy (not while a vote of the assembly is open); they
//! vote themself again.

use asamblea_store::{Store, now_rfc3339, on_tx};
use serde_json::json;

use super::give_proxy::require_no_open_vote;
use crate::actions::sessions::rows::{act, own_delegate};
use crate::domain::{ActKind, AssemblyId, DelegateId, ProxyId};
use crate::{Actor, AppError};

pub async fn revoke_proxy(store: &Store, actor: &Actor, id: ProxyId) -> Result<(), AppError> {
    let mut tx = store.begin().await?;
    let row: Option<(AssemblyId, DelegateId, DelegateId, Option<String>)> = on_tx!(&mut tx, c => sqlx::query_as(
        "SELECT assembly_id, delegator_id, holder_id, revoked_at FROM proxies WHERE id = $1")
        .bind(id).fetch_optional(&mut **c).await)?;
    let (assembly, delegator, holder, revoked) = row.ok_or(AppError::NotFound)?;
    let mine = own_delegate(&mut tx, actor, assembly).await?;
    if mine.map(|d| d.id) != Some(delegator) {
        return Err(AppError::Forbidden);
    }
    if revoked.is_some() {
        return Err(AppError::Conflict {
            key: "fed-error-proxy-revoked",
        });
    }
    require_no_open_vote(&mut tx, assembly).await?;
    on_tx!(&mut tx, c => sqlx::query("UPDATE proxies SET revoked_at = $1 WHERE id = $2")
        .bind(now_rfc3339()).bind(id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    tx.append(act(
        actor,
        ActKind::ProxyRevoked,
        assembly,
        json!({"proxy_id": id, "delegator_id": delegator, "holder_id": holder}),
    ))
    .await?;
    tx.commit().await?;
    Ok(())
}
