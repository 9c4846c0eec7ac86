//! An administrator names an account to the presidium (chairs sessions) or as a teller (enters
//! the votes of delegates without a phone) of an assembly.

use asamblea_store::{Store, on_tx};
use serde_json::json;

use super::common::act;
use crate::{Actor, AppError};

/// Assigns `role` (`presidium` or `teller`); returns `false` if the account already held it.
pub async fn assign_role(
    store: &Store,
    actor: &Actor,
    assembly_id: i64,
    account_id: i64,
    role: &str,
) -> Result<bool, AppError> {
    if !actor.is_admin() {
        return Err(AppError::Forbidden);
    }
    if !matches!(role, "presidium" | "teller") {
        return Err(AppError::invalid("role", "error-invalid"));
    }
    let mut tx = store.begin().await?;
    let known: i64 = on_tx!(&mut tx, c => sqlx::query_scalar(
        "SELECT CAST((SELECT COUNT(*) FROM accounts WHERE id = $1) + (SELECT COUNT(*) FROM assemblies WHERE id = $2) AS BIGINT)")
        .bind(account_id).bind(assembly_id).fetch_one(&mut **c).await)?;
    if known != 2 {
        return Err(AppError::NotFound);
    }
    let n = on_tx!(&mut tx, c => sqlx::query(
        "INSERT INTO assembly_roles (assembly_id, account_id, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
        .bind(assembly_id).bind(account_id).bind(role).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    if n == 0 {
        return Ok(false);
    }
    tx.append(act(
        actor,
        "session.role_assigned",
        assembly_id,
        json!({"account_id": account_id, "role": role}),
    ))
    .await?;
    tx.commit().await?;
    Ok(true)
}
