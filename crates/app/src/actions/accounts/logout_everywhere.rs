//! "Log out everywhere": the owner ends every login session of their account (a lost or stolen
//! phone), this one too.

use asamblea_store::Store;

use super::login_sessions;
use crate::{Actor, AppError};

/// Returns how many sessions ended.
pub async fn logout_everywhere(store: &Store, actor: &Actor) -> Result<u64, AppError> {
    let account = actor.account().ok_or(AppError::Unauthorized {
        key: "error-login-required",
    })?;
    let mut tx = store.begin().await?;
    let n = login_sessions::end_all(&mut tx, account.id, None).await?;
    tx.commit().await?;
    Ok(n)
}
