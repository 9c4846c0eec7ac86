//! Who holds which office of an assembly: presidium, credentials commission (which also keeps
//! the door), tellers. Public, like the delegates.

use asamblea_store::{Store, on_read};

use crate::AppError;
use crate::domain::{AccountId, AssemblyId, AssemblyRole};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OfficeHolder {
    pub role: AssemblyRole,
    pub account_id: AccountId,
    pub display_name: String,
    pub username: String,
}

/// The office holders of an assembly, by office then name.
pub async fn office_holders(
    store: &Store,
    assembly: AssemblyId,
) -> Result<Vec<OfficeHolder>, AppError> {
    let rows = on_read!(store, pool => sqlx::query_as::<_, OfficeHolder>(
        "SELECT r.role, r.account_id, a.display_name, a.username FROM assembly_roles r \
         JOIN accounts a ON a.id = r.account_id WHERE r.assembly_id = $1 ORDER BY r.role, a.display_name, a.id")
        .bind(assembly).fetch_all(pool).await)?;
    Ok(rows)
}
