//! Accounts: who holds a session, and the list for administrators.

use asamblea_store::{Store, now_rfc3339, on_read};

use crate::domain::{AccountId, IntBool, OrganizationId};
use crate::secrets::digest;
use crate::{Account, AppError, Role};

#[derive(sqlx::FromRow)]
struct AccountRow {
    id: AccountId,
    username: String,
    display_name: String,
    role: Role,
    organization_id: Option<OrganizationId>,
    #[sqlx(try_from = "IntBool")]
    has_password: bool,
}

impl AccountRow {
    fn into_account(self) -> Account {
        Account {
            id: self.id,
            username: self.username,
            display_name: self.display_name,
            role: self.role,
            organization_id: self.organization_id,
            has_password: self.has_password,
        }
    }
}

const COLUMNS: &str = "a.id, a.username, a.display_name, a.role, a.organization_id, \
     CAST(CASE WHEN a.password_hash IS NULL THEN 0 ELSE 1 END AS BIGINT) AS has_password";

/// The account logged in with this session token, if the session is current.
pub async fn account_by_session(store: &Store, token: &str) -> Result<Option<Account>, AppError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM login_sessions s JOIN accounts a ON a.id = s.account_id \
         WHERE s.token_digest = $1 AND s.expires_at > $2"
    );
    let token_digest = digest(token);
    let now = now_rfc3339();
    let row: Option<AccountRow> = on_read!(store, pool => sqlx::query_as(&sql)
        .bind(&token_digest).bind(&now).fetch_optional(pool).await)?;
    Ok(row.map(AccountRow::into_account))
}

/// All accounts, by username.
pub async fn list_accounts(store: &Store) -> Result<Vec<Account>, AppError> {
    let sql = format!("SELECT {COLUMNS} FROM accounts a ORDER BY a.username");
    let rows: Vec<AccountRow> =
        on_read!(store, pool => sqlx::query_as(&sql).fetch_all(pool).await)?;
    Ok(rows.into_iter().map(AccountRow::into_account).collect())
}

/// One account by id.
pub async fn account(store: &Store, id: AccountId) -> Result<Option<Account>, AppError> {
    let sql = format!("SELECT {COLUMNS} FROM accounts a WHERE a.id = $1");
    let row: Option<AccountRow> =
        on_read!(store, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await)?;
    Ok(row.map(AccountRow::into_account))
}

/// When the account's card was last replaced, if ever (the "your card was replaced" notice shows
/// only this time, never one a link supplies).
pub async fn card_replaced_at(store: &Store, id: AccountId) -> Result<Option<String>, AppError> {
    let at: Option<Option<String>> = on_read!(store, pool => sqlx::query_scalar(
        "SELECT card_replaced_at FROM accounts WHERE id = $1").bind(id).fetch_optional(pool).await)?;
    Ok(at.flatten())
}
