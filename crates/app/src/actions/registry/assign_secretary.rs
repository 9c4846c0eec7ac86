//! An administrator makes an account the secretary of an organization (or takes it away): sets
//! the account's organization and, for a delegate account, its role to secretary.

use crate::domain::ActKind;
use asamblea_record::NewAct;
use asamblea_store::{Store, on_tx};
use serde_json::json;

use super::require_manage_registry;
use crate::domain::{AccountId, OrganizationId};
use crate::{Account, Actor, AppError, Role};

/// Whether `account` can be offered as a new secretary of organization `org`: not one already,
/// and not an administrator (who acts for every organization and keeps that role).
pub fn may_become_secretary(account: &Account, org: OrganizationId) -> bool {
    account.organization_id != Some(org) && account.role != Role::Admin
}

/// Sets account `account_id`'s organization to `organization_id` (`None` to detach it). An
/// account that was a delegate becomes a secretary; an administrator stays one.
/// Administrators only ([`super::may_manage_registry`]).
pub async fn assign_secretary(
    store: &Store,
    actor: &Actor,
    account_id: AccountId,
    organization_id: Option<OrganizationId>,
) -> Result<(), AppError> {
    require_manage_registry(actor)?;
    let mut tx = store.begin().await?;
    let role: Option<Role> = on_tx!(&mut tx, c => sqlx::query_scalar("SELECT role FROM accounts WHERE id = $1")
        .bind(account_id).fetch_optional(&mut **c).await)?;
    let role = role.ok_or(AppError::invalid(
        "account_id",
        "error-registry-account-unknown",
    ))?;
    if let Some(org) = organization_id {
        let found: i64 = on_tx!(&mut tx, c => sqlx::query_scalar("SELECT COUNT(*) FROM organizations WHERE id = $1")
            .bind(org).fetch_one(&mut **c).await)?;
        if found == 0 {
            return Err(AppError::NotFound);
        }
    }
    let new_role = if role == Role::Admin || organization_id.is_none() {
        role
    } else {
        Role::Secretary
    };
    tx.logins_changed();
    on_tx!(&mut tx, c => sqlx::query("UPDATE accounts SET organization_id = $1, role = $2 WHERE id = $3")
        .bind(organization_id).bind(new_role).bind(account_id)
        .execute(&mut **c).await.map(|r| r.rows_affected()))?;
    let scope = match organization_id {
        Some(o) => format!("organization:{o}"),
        None => "instance".into(),
    };
    tx.append(NewAct {
        actor: actor.record_name(),
        kind: ActKind::AccountOrganizationSet.as_str().into(),
        scope,
        payload: json!({"account_id": account_id, "organization_id": organization_id, "role": new_role}),
    })
    .await?;
    tx.commit().await?;
    Ok(())
}
