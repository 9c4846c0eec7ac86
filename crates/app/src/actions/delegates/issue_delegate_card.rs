//! The credentials commission replaces an accredited delegate's card: it approves the pickup
//! number the delegate's own phone shows (`accounts/card_pickup.rs`), and only that phone receives
//! the new login code. The old card stops working, every login of the account ends, the act is on
//! the record. Only accounts with the role `delegate`.

use asamblea_store::{Store, on_tx};
use serde_json::json;

use super::accredit_delegate::{load_delegate, require_commission};
use crate::actions::accounts::replace_card::{ApprovePickup, ReplacedCard, approve_pickup};
use crate::domain::{DelegateId, DelegateStatus, Role};
use crate::{Actor, AppError};

pub async fn issue_delegate_card(
    store: &Store,
    actor: &Actor,
    delegate_id: DelegateId,
    input: &ApprovePickup,
) -> Result<ReplacedCard, AppError> {
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
    let role: Option<Role> = on_tx!(&mut tx, c => sqlx::query_scalar("SELECT role FROM accounts WHERE id = $1")
        .bind(account_id).fetch_optional(&mut **c).await)?;
    if role != Some(Role::Delegate) {
        return Err(AppError::Forbidden);
    }
    let card = approve_pickup(
        &mut tx,
        actor,
        account_id,
        &input.pickup,
        json!({"delegate_id": delegate_id}),
    )
    .await?;
    tx.commit().await?;
    Ok(card)
}
