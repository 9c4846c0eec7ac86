//! "My assembly now": the assemblies where an account holds a delegate's mandate or an office.

use asamblea_store::{Store, on_read};

use crate::AppError;
use crate::domain::{AccountId, AssemblyId};

/// An assembly the reader belongs to.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MyAssembly {
    pub id: AssemblyId,
    pub slug: String,
    pub name: String,
    pub time_zone: String,
    /// The name of the delegate the account holds there (elected or accredited), if any.
    pub delegate_name: Option<String>,
}

/// The assemblies where `account` holds a delegate (elected or accredited) or an office
/// (presidium, credentials commission, teller), oldest first.
pub async fn my_assemblies(store: &Store, account: AccountId) -> Result<Vec<MyAssembly>, AppError> {
    let rows = on_read!(store, pool => sqlx::query_as::<_, MyAssembly>(
        "SELECT a.id, a.slug, a.name, a.time_zone, \
         (SELECT d.name FROM delegates d WHERE d.assembly_id = a.id AND d.account_id = $1 \
          AND d.status IN ('elected', 'accredited') ORDER BY d.id LIMIT 1) AS delegate_name \
         FROM assemblies a WHERE a.id IN ( \
           SELECT d.assembly_id FROM delegates d WHERE d.account_id = $1 AND d.status IN ('elected', 'accredited') \
           UNION SELECT r.assembly_id FROM assembly_roles r WHERE r.account_id = $1) \
         ORDER BY a.id")
        .bind(account).fetch_all(pool).await)?;
    Ok(rows)
}
