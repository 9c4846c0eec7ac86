//! The door of the hall: a member of the credentials commission (or an administrator) types or
//! scans the code on a delegate's card; the delegate is checked in.

use asamblea_store::{Store, on_read};

use super::check_in::check_in;
use crate::secrets::{digest, normalize_card_code};
use crate::{Actor, AppError};

/// Who was checked in, and whether they were already present.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct CheckedIn {
    pub delegate_id: i64,
    pub name: String,
    pub already_present: bool,
}

pub async fn check_in_by_card(
    store: &Store,
    actor: &Actor,
    assembly_id: i64,
    code: &str,
) -> Result<CheckedIn, AppError> {
    let Some(account) = actor.account() else {
        return Err(AppError::Unauthorized {
            key: "error-login-required",
        });
    };
    let door: i64 = on_read!(store, pool => sqlx::query_scalar(
        "SELECT COUNT(*) FROM assembly_roles WHERE assembly_id = $1 AND account_id = $2 AND role = 'credentials'")
        .bind(assembly_id).bind(account.id).fetch_one(pool).await)?;
    if !(actor.is_admin() || door > 0) {
        return Err(AppError::Forbidden);
    }
    let code = normalize_card_code(code);
    let found: Option<(i64, String)> = on_read!(store, pool => sqlx::query_as(
        "SELECT d.id, d.name FROM delegates d JOIN accounts a ON a.id = d.account_id \
         WHERE a.card_code_digest = $1 AND d.assembly_id = $2 AND d.status = 'accredited' ORDER BY d.id DESC LIMIT 1")
        .bind(digest(&code)).bind(assembly_id).fetch_optional(pool).await)?;
    let Some((delegate_id, name)) = found else {
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
