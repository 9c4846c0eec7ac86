//! The credentials commission prints a (new) card for an accredited delegate: a new login code for
//! the delegate's account; the old code stops working. Only accounts with the role `delegate`.

use asamblea_record::NewAct;
use asamblea_store::{Store, on_tx};
use serde::Serialize;
use serde_json::json;

use super::accredit_delegate::{load_delegate, require_commission};
use crate::domain::{AccountId, DelegateId, DelegateStatus, Role};
use crate::secrets::{digest, new_card_code, normalize_card_code};
use crate::{Actor, AppError};

/// The delegate's account and its new card code (shown once).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DelegateCard {
    pub account_id: AccountId,
    pub card_code: String,
}

pub async fn issue_delegate_card(
    store: &Store,
    actor: &Actor,
    delegate_id: DelegateId,
) -> Result<DelegateCard, AppError> {
    let mut tx = store.begin().await?;
    let d = load_delegate(&mut tx, delegate_id).await?;
    require_commission(&mut tx, actor, d.assembly_id).await?;
    let Some(account_id) = d
        .account_id
        .filter(|_| d.status == DelegateStatus::Accredited)
    else {
        return Err(AppError::Conflict {
            key: "error-not-accredited",
        });
    };
    let code = new_card_code();
    let n = on_tx!(&mut tx, c => sqlx::query("UPDATE accounts SET card_code_digest = $1 WHERE id = $2 AND role = $3")
        .bind(digest(&normalize_card_code(&code))).bind(account_id).bind(Role::Delegate).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    if n == 0 {
        return Err(AppError::Forbidden);
    }
    tx.append(NewAct {
        actor: actor.record_name(),
        kind: "account.card_issued".into(),
        scope: "instance".into(),
        payload: json!({"id": account_id, "delegate_id": delegate_id}),
    })
    .await?;
    tx.commit().await?;
    Ok(DelegateCard {
        account_id,
        card_code: code,
    })
}
