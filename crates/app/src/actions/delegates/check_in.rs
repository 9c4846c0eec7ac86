//! Check-in at the hall: the door registers an accredited delegate as present (by the code on the
//! card, resolved to the delegate's account by the caller). Checking in twice changes nothing.

use crate::domain::ActKind;
use asamblea_record::NewAct;
use asamblea_store::{Store, now_rfc3339, on_tx};
use serde_json::json;

use super::{Offices, may_check_in};
use crate::domain::{AccountId, AssemblyId, DelegateId, DelegateStatus};
use crate::{Actor, AppError};

/// Marks delegate `delegate_id` present in `assembly_id`; returns `false` if already present.
/// Administrators, the assembly's credentials commission (at the door), and the delegate themself,
/// may check in. Only titular delegates with an accepted credential count as present.
pub async fn check_in(
    store: &Store,
    actor: &Actor,
    assembly_id: AssemblyId,
    delegate_id: DelegateId,
) -> Result<bool, AppError> {
    let mut tx = store.begin().await?;
    let row: Option<(DelegateStatus, Option<AccountId>)> = on_tx!(&mut tx, c => sqlx::query_as(
        "SELECT status, account_id FROM delegates WHERE id = $1 AND assembly_id = $2")
        .bind(delegate_id).bind(assembly_id).fetch_optional(&mut **c).await)?;
    let Some((status, account_id)) = row else {
        return Err(AppError::NotFound);
    };
    let offices = Offices::of_in_tx(&mut tx, actor, assembly_id).await?;
    if !may_check_in(actor, &offices, account_id) {
        return Err(AppError::Forbidden);
    }
    if status != DelegateStatus::Accredited {
        return Err(AppError::Conflict {
            key: "error-not-accredited",
        });
    }
    let present: i64 = on_tx!(&mut tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM attendance WHERE assembly_id = $1 AND delegate_id = $2")
        .bind(assembly_id).bind(delegate_id).fetch_one(&mut **c).await)?;
    if present > 0 {
        return Ok(false);
    }
    let now = now_rfc3339();
    on_tx!(&mut tx, c => sqlx::query("INSERT INTO attendance (assembly_id, delegate_id, checked_in_at) VALUES ($1, $2, $3)")
        .bind(assembly_id).bind(delegate_id).bind(&now).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    tx.append(NewAct {
        actor: actor.record_name(),
        kind: ActKind::DelegateCheckedIn.as_str().into(),
        scope: format!("assembly:{assembly_id}"),
        payload: json!({"delegate_id": delegate_id}),
    })
    .await?;
    // A substitute may take an absent titular's seat at check-in, if the assembly allows it.
    super::take_seat::seat_at_check_in(&mut tx, actor, delegate_id).await?;
    tx.commit().await?;
    Ok(true)
}
