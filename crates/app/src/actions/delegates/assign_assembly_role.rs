//! An administrator names an account to an office of an assembly: presidium, credentials
//! commission or teller (or removes it).

use crate::domain::ActKind;
use asamblea_record::NewAct;
use asamblea_store::{Store, on_tx};
use serde_json::json;

use super::may_assign_offices;
use crate::domain::{AccountId, AssemblyId, AssemblyRole, Unchecked};
use crate::{Actor, AppError};

pub async fn assign_assembly_role(
    store: &Store,
    actor: &Actor,
    assembly_id: AssemblyId,
    account_id: AccountId,
    role: Unchecked<AssemblyRole>,
    holds: bool,
) -> Result<(), AppError> {
    // The demo story (`Actor::System`) names its commission and presidium too.
    if actor.account().is_none() && !actor.is_admin() {
        return Err(AppError::Unauthorized {
            key: "error-login-required",
        });
    }
    if !may_assign_offices(actor) {
        return Err(AppError::Forbidden);
    }
    let role = role.check("role", "error-invalid")?;
    let mut tx = store.begin().await?;
    let known: i64 = on_tx!(&mut tx, c => sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM accounts WHERE id = $1) + (SELECT COUNT(*) FROM assemblies WHERE id = $2)")
        .bind(account_id).bind(assembly_id).fetch_one(&mut **c).await)?;
    if known != 2 {
        return Err(AppError::NotFound);
    }
    let sql = if holds {
        "INSERT INTO assembly_roles (assembly_id, account_id, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING"
    } else {
        "DELETE FROM assembly_roles WHERE assembly_id = $1 AND account_id = $2 AND role = $3"
    };
    let changed = on_tx!(&mut tx, c => sqlx::query(sql)
        .bind(assembly_id).bind(account_id).bind(role).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    if changed == 0 {
        return Ok(());
    }
    tx.append(NewAct {
        actor: actor.record_name(),
        kind: if holds {
            ActKind::AssemblyRoleAssigned.as_str()
        } else {
            ActKind::AssemblyRoleRemoved.as_str()
        }
        .into(),
        scope: format!("assembly:{assembly_id}"),
        payload: json!({"assembly_id": assembly_id, "account_id": account_id, "role": role}),
    })
    .await?;
    tx.commit().await?;
    Ok(())
}
