//! What the server's pusher of checkpoints to witnesses reads and keeps (the HTTP side is
//! `asamblea_web`'s `witness_push`, a background task started with the server).
//!
//! A witness with a URL gets each new checkpoint with the consistency proof from the size it
//! last cosigned; its answer goes through [`accept_cosignature`](crate::actions::witnesses::accept_cosignature)
//! (an act). A checkpoint whose new entries since that size are all `checkpoint.cosigned` acts is
//! not sent: each cosignature is an act, so sending those would call for a new cosignature
//! every few seconds for ever. The last push to each witness (when, which size, the error) is
//! kept in `witness_pushes`: operational state, not an act (a witness that is down is retried).

use asamblea_store::{Store, now_rfc3339, on_read, on_tx};

use crate::AppError;
use crate::domain::ActKind;

/// A witness the server pushes checkpoints to.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PushTarget {
    pub name: String,
    /// The submission prefix (`<url>/add-checkpoint`).
    pub url: String,
    /// The size of the latest checkpoint it cosigned here (0: none).
    pub cosigned: i64,
}

/// The current witnesses that have a URL, by name.
pub async fn push_targets(store: &Store) -> Result<Vec<PushTarget>, AppError> {
    Ok(on_read!(store, pool => sqlx::query_as(
        "SELECT w.name, w.url, COALESCE((SELECT MAX(position) FROM cosignatures c \
             WHERE c.witness = w.name), 0) AS cosigned \
         FROM witnesses w WHERE w.removed_at IS NULL AND w.url IS NOT NULL ORDER BY w.name")
        .fetch_all(pool).await)?)
}

/// Whether the entries after position `after` up to `upto` hold anything but cosignatures
/// (what a witness that cosigned `after` would be asked to cosign anew).
pub async fn news_between(store: &Store, after: i64, upto: i64) -> Result<bool, AppError> {
    let other: i64 = on_read!(store, pool => sqlx::query_scalar(
        "SELECT COUNT(*) FROM record WHERE position > $1 AND position <= $2 AND kind <> $3")
        .bind(after).bind(upto).bind(ActKind::CheckpointCosigned.as_str())
        .fetch_one(pool).await)?;
    Ok(other > 0)
}

/// Keeps the outcome of a push of the checkpoint of `size` entries to `witness` (`error`: why
/// it failed; `None`: cosigned). Not an act (see the module's note).
pub async fn record_push(
    store: &Store,
    witness: &str,
    size: i64,
    error: Option<&str>,
) -> Result<(), AppError> {
    let mut tx = store.begin().await?;
    on_tx!(&mut tx, c => sqlx::query(
        "INSERT INTO witness_pushes (witness, attempted_at, size, error) \
         SELECT name, $2, $3, $4 FROM witnesses WHERE name = $1 \
         ON CONFLICT (witness) DO UPDATE SET attempted_at = excluded.attempted_at, \
             size = excluded.size, error = excluded.error")
        .bind(witness).bind(now_rfc3339()).bind(size).bind(error)
        .execute(&mut **c).await.map(|_| ()))?;
    tx.commit().await?;
    Ok(())
}
