//! End a login session.

use asamblea_store::{Store, on_tx};

use crate::AppError;
use crate::secrets::digest;

pub async fn logout(store: &Store, session_token: &str) -> Result<(), AppError> {
    let token_digest = digest(session_token);
    let mut tx = store.begin().await?;
    tx.logins_changed();
    on_tx!(&mut tx, c => sqlx::query("DELETE FROM login_sessions WHERE token_digest = $1")
        .bind(&token_digest).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    tx.commit().await?;
    Ok(())
}
