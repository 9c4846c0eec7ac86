//! The assembly's credentials commission accepts a delegate's credential. A delegate of an
//! organization whose leadership term has lapsed (`term_to` before today) cannot be accredited.
//! A delegate without an account gets one (role `delegate`) with no login code yet: the delegate
//! collects their card's code on their own phone (`accounts/card_pickup.rs`), so the commission
//! never sees it. Every accredited delegate gets a badge number for the door (no secret).

use crate::domain::ActKind;
use asamblea_record::NewAct;
use asamblea_store::{Store, Tx, now_rfc3339, on_tx};
use serde::Serialize;
use serde_json::json;

use super::{Offices, may_decide_credentials, today};
use crate::domain::{
    AccountId, AssemblyId, DelegateId, DelegateStatus, MemberId, OrganizationId, Role,
};
use crate::secrets::{new_badge, normalize_card_code};
use crate::{Actor, AppError};

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Accredited {
    pub delegate_id: DelegateId,
    pub account_id: AccountId,
    /// The badge number printed on the card, typed or scanned at the door (not a login code).
    pub badge: String,
}

#[derive(sqlx::FromRow)]
pub(crate) struct DelegateRow {
    pub assembly_id: AssemblyId,
    pub organization_id: OrganizationId,
    pub status: DelegateStatus,
    pub account_id: Option<AccountId>,
    pub member_id: Option<MemberId>,
    pub name: String,
}

pub(crate) async fn load_delegate(tx: &mut Tx, id: DelegateId) -> Result<DelegateRow, AppError> {
    let row: Option<DelegateRow> = on_tx!(tx, c => sqlx::query_as(
        "SELECT assembly_id, organization_id, status, account_id, member_id, name FROM delegates WHERE id = $1")
        .bind(id).fetch_optional(&mut **c).await)?;
    row.ok_or(AppError::NotFound)
}

/// Only members of the assembly's credentials commission decide credentials.
pub(crate) async fn require_commission(
    tx: &mut Tx,
    actor: &Actor,
    assembly_id: AssemblyId,
) -> Result<(), AppError> {
    if actor.account().is_none() {
        return Err(AppError::Unauthorized {
            key: "error-login-required",
        });
    }
    if may_decide_credentials(&Offices::of_in_tx(tx, actor, assembly_id).await?) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

pub async fn accredit_delegate(
    store: &Store,
    actor: &Actor,
    delegate_id: DelegateId,
    reason: &str,
) -> Result<Accredited, AppError> {
    let reason = reason.trim().chars().take(500).collect::<String>();
    let mut tx = store.begin().await?;
    let d = load_delegate(&mut tx, delegate_id).await?;
    require_commission(&mut tx, actor, d.assembly_id).await?;
    if !d.status.awaits_credential() {
        return Err(AppError::Conflict {
            key: "dlg-error-credential-decided",
        });
    }
    let term_to: Option<String> = on_tx!(&mut tx, c => sqlx::query_scalar(
        "SELECT term_to FROM organizations WHERE id = $1")
        .bind(d.organization_id).fetch_one(&mut **c).await)?;
    if let Some(t) = term_to.as_deref()
        && !t.is_empty()
        && t < today().as_str()
    {
        return Err(AppError::Conflict {
            key: "dlg-error-term-lapsed",
        });
    }
    let mut account_id = d.account_id;
    if account_id.is_none()
        && let Some(m) = d.member_id
    {
        account_id = on_tx!(&mut tx, c => sqlx::query_scalar("SELECT account_id FROM members WHERE id = $1")
            .bind(m).fetch_one(&mut **c).await)?;
    }
    let account_id = match account_id {
        Some(a) => a,
        None => {
            let username = format!("delegado-{delegate_id}-{}", &super::random_id()[..6]);
            let id: AccountId = on_tx!(&mut tx, c => sqlx::query_scalar(
                "INSERT INTO accounts (username, display_name, role, organization_id, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id")
                .bind(&username).bind(&d.name).bind(Role::Delegate).bind(d.organization_id)
                .bind(now_rfc3339()).fetch_one(&mut **c).await)?;
            tx.append(NewAct {
                actor: actor.record_name(),
                kind: ActKind::AccountCreated.as_str().into(),
                scope: "instance".into(),
                payload: json!({"id": id, "username": username, "display_name": d.name,
                                "role": Role::Delegate, "organization_id": d.organization_id}),
            })
            .await?;
            if let Some(m) = d.member_id {
                on_tx!(&mut tx, c => sqlx::query("UPDATE members SET account_id = $1 WHERE id = $2 AND account_id IS NULL")
                    .bind(id).bind(m).execute(&mut **c).await.map(|r| r.rows_affected()))?;
            }
            id
        }
    };
    let badge = new_badge();
    on_tx!(&mut tx, c => sqlx::query(
        "UPDATE delegates SET status = $1, status_reason = $2, account_id = $3, badge = COALESCE(badge, $5) WHERE id = $4")
        .bind(DelegateStatus::Accredited).bind(&reason).bind(account_id).bind(delegate_id).bind(normalize_card_code(&badge)).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    tx.append(NewAct {
        actor: actor.record_name(),
        kind: ActKind::DelegateAccredited.as_str().into(),
        scope: format!("assembly:{}", d.assembly_id),
        payload: json!({"delegate_id": delegate_id, "organization_id": d.organization_id,
                        "account_id": account_id, "reason": reason}),
    })
    .await?;
    let badge: Option<String> = on_tx!(&mut tx, c => sqlx::query_scalar("SELECT badge FROM delegates WHERE id = $1")
        .bind(delegate_id).fetch_one(&mut **c).await)?;
    tx.commit().await?;
    Ok(Accredited {
        delegate_id,
        account_id,
        badge: badge.unwrap_or_default(),
    })
}
