//! An administrator issues a new card code for an account (a lost card); the old code stops working.

use asamblea_record::NewAct;
use asamblea_store::{Store, on_tx};
use serde_json::json;

use super::create_account::AccountCard;
use super::may_manage_accounts;
use crate::domain::AccountId;
use crate::secrets::{digest, new_card_code, normalize_card_code};
use crate::{Actor, AppError};

/// Returns the new card, to be printed.
pub async fn issue_card(
    store: &Store,
    actor: &Actor,
    account_id: AccountId,
) -> Result<AccountCard, AppError> {
    if !may_manage_accounts(actor) {
        return Err(AppError::Forbidden);
    }
    let code = new_card_code();
    let code_digest = digest(&normalize_card_code(&code));
    let mut tx = store.begin().await?;
    let updated = on_tx!(&mut tx, c => sqlx::query("UPDATE accounts SET card_code_digest = $1 WHERE id = $2")
        .bind(&code_digest).bind(account_id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    if updated == 0 {
        return Err(AppError::NotFound);
    }
    tx.append(NewAct {
        actor: actor.record_name(),
        kind: "account.card_issued".into(),
        scope: "instance".into(),
        payload: json!({"id": account_id}),
    })
    .await?;
    tx.commit().await?;
    Ok(AccountCard {
        id: account_id,
        card_code: code,
    })
}
