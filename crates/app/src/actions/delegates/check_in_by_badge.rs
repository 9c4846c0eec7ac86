//! The door of the hall: a member of the credentials commission (or an administrator) types or
//! scans the badge number printed on a delegate's card; the delegate is checked in. The badge is
//! no login secret: the door never sees a login code.

use asamblea_store::{Store, on_read};

use super::check_in::check_in;
use super::{Offices, may_keep_door};
use crate::domain::{AssemblyId, DelegateId, DelegateStatus};
use crate::secrets::normalize_card_code;
use crate::{Actor, AppError};

/// Who was checked in, and whether they were already present.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct CheckedIn {
    pub delegate_id: DelegateId,
    pub name: String,
    pub already_present: bool,
}

pub async fn check_in_by_badge(
    store: &Store,
    actor: &Actor,
    assembly_id: AssemblyId,
    badge: &str,
) -> Result<CheckedIn, AppError> {
    if actor.account().is_none() {
        return Err(AppError::Unauthorized {
            key: "error-login-required",
        });
    }
    if !may_keep_door(actor, &Offices::of(store, actor, assembly_id).await?) {
        return Err(AppError::Forbidden);
    }
    let keeper = actor.account().map(|a| a.id.get()).unwrap_or_default();
    let subject = crate::throttle::Subject::Door { keeper };
    crate::throttle::check_before(store, &subject).await?;
    let badge = normalize_card_code(badge);
    let found: Option<(DelegateId, String)> = on_read!(store, pool => sqlx::query_as(
        "SELECT id, name FROM delegates WHERE badge = $1 AND assembly_id = $2 AND status = $3")
        .bind(&badge).bind(assembly_id).bind(DelegateStatus::Accredited).fetch_optional(pool).await)?;
    let Some((delegate_id, name)) = found else {
        let mut tx = store.begin().await?;
        crate::throttle::record_failure(&mut tx, &subject).await?;
        tx.commit().await?;
        return Err(AppError::Conflict {
            key: "error-not-accredited",
        });
    };
    let fresh = check_in(store, actor, assembly_id, delegate_id).await?;
    Ok(CheckedIn {
        delegate_id,
        name,
        already_present: !fresh,
    })
}
