//! A members' file kept between its preview and its confirmation on the pages, so that a
//! register of 200,000 rows is not carried inside the page twice. Only the account that staged
//! it reads it back, for the organization it was staged for; its import deletes it in the same
//! transaction; a file left a day is deleted by the next staging. Staging is not an act (the
//! registry does not change until the import, which is `members.imported`).

use asamblea_store::{Store, on_read, on_tx};
use time::OffsetDateTime;

use super::import_members::{ImportOutcome, ImportProgress, import_members_tracked};
use super::require_act_for;
use crate::domain::OrganizationId;
use crate::{Actor, AppError};

/// Seconds a staged file is kept.
const KEEP_SECONDS: i64 = 24 * 60 * 60;

fn now() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp()
}

/// Keeps `text` for `actor`'s later confirmation of an import into `organization_id`; the
/// token that names it. Replaces what the same account staged for the same organization.
pub async fn stage(
    store: &Store,
    actor: &Actor,
    organization_id: OrganizationId,
    text: &str,
) -> Result<String, AppError> {
    require_act_for(actor, organization_id)?;
    let account = actor.account().ok_or(AppError::Forbidden)?.id;
    let token = crate::secrets::new_token();
    let mut tx = store.begin().await?;
    on_tx!(&mut tx, c => sqlx::query(
        "DELETE FROM staged_imports WHERE created_unix < $1 OR (account_id = $2 AND organization_id = $3)")
        .bind(now() - KEEP_SECONDS).bind(account).bind(organization_id)
        .execute(&mut **c).await.map(|_| ()))?;
    on_tx!(&mut tx, c => sqlx::query(
        "INSERT INTO staged_imports (token, organization_id, account_id, body, created_unix) VALUES ($1, $2, $3, $4, $5)")
        .bind(&token).bind(organization_id).bind(account).bind(text).bind(now())
        .execute(&mut **c).await.map(|_| ()))?;
    tx.commit().await?;
    Ok(token)
}

/// The file `actor` staged under `token` for `organization_id`; `NotFound` for anyone else's,
/// an expired one or one already imported.
pub async fn staged(
    store: &Store,
    actor: &Actor,
    organization_id: OrganizationId,
    token: &str,
) -> Result<String, AppError> {
    require_act_for(actor, organization_id)?;
    let account = actor.account().ok_or(AppError::Forbidden)?.id;
    let body: Option<String> = on_read!(store, pool => sqlx::query_scalar(
        "SELECT body FROM staged_imports WHERE token = $1 AND organization_id = $2 AND account_id = $3 AND created_unix >= $4")
        .bind(token).bind(organization_id).bind(account).bind(now() - KEEP_SECONDS)
        .fetch_optional(pool).await)?;
    body.ok_or(AppError::NotFound)
}

/// Imports the staged file (checked again, `expected_digest` as in
/// [`super::import_members::import_members`]); `progress` counts the rows as they are written,
/// for a progress page. The staged file is deleted with the import.
pub async fn import_staged(
    store: &Store,
    actor: &Actor,
    organization_id: OrganizationId,
    token: &str,
    expected_digest: &str,
    progress: &ImportProgress,
) -> Result<ImportOutcome, AppError> {
    let text = staged(store, actor, organization_id, token).await?;
    import_members_tracked(
        store,
        actor,
        organization_id,
        &text,
        Some(expected_digest),
        progress,
        Some(token),
    )
    .await
}
