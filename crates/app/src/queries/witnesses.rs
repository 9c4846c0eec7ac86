//! The witnesses of the record's log and their cosignatures (see `actions/witnesses/`).

use asamblea_store::{Store, on_read};
use serde::Serialize;

use crate::AppError;

/// A witness an administrator added (and did not remove).
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Witness {
    pub name: String,
    /// Its verifier key (`<name>+<key id>+<base64>`).
    pub vkey: String,
    pub added_at: String,
    /// The add-checkpoint URL prefix the server pushes checkpoints to (absent: the witness pulls).
    pub url: Option<String>,
    /// The size of the latest checkpoint it cosigned, if any.
    pub cosigned_size: Option<i64>,
    /// When it signed that cosignature (seconds since 1970, as the witness says).
    pub cosigned_at: Option<i64>,
    /// The server's last push to it: when (RFC 3339), which size, and why it failed (absent: it
    /// was cosigned).
    pub pushed_at: Option<String>,
    pub pushed_size: Option<i64>,
    pub push_error: Option<String>,
}

/// One witness's cosignature on the checkpoint of `position` entries.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Cosignature {
    pub position: i64,
    pub witness: String,
    /// When the witness signed (seconds since 1970, as the witness says).
    pub signed_at: i64,
    /// The signature line to append to the checkpoint note.
    pub line: String,
}

/// Every current witness, by name, with its latest cosignature and the server's last push.
pub async fn witnesses(store: &Store) -> Result<Vec<Witness>, AppError> {
    Ok(on_read!(store, pool => sqlx::query_as(
        "SELECT w.name, w.vkey, w.added_at, w.url, c.position AS cosigned_size, \
                c.signed_at AS cosigned_at, p.attempted_at AS pushed_at, p.size AS pushed_size, \
                p.error AS push_error \
         FROM witnesses w \
         LEFT JOIN cosignatures c ON c.witness = w.name AND c.position = \
             (SELECT MAX(position) FROM cosignatures m WHERE m.witness = w.name) \
         LEFT JOIN witness_pushes p ON p.witness = w.name \
         WHERE w.removed_at IS NULL ORDER BY w.name").fetch_all(pool).await)?)
}

/// The cosignatures of the checkpoint of `position` entries, by witness name.
pub async fn cosignatures(store: &Store, position: i64) -> Result<Vec<Cosignature>, AppError> {
    Ok(on_read!(store, pool => sqlx::query_as(
        "SELECT position, witness, signed_at, line FROM cosignatures WHERE position = $1 ORDER BY witness")
        .bind(position).fetch_all(pool).await)?)
}

/// The latest checkpoint that has cosignatures: its note with the cosignature lines appended,
/// and the cosignatures.
pub async fn latest_cosigned(
    store: &Store,
) -> Result<Option<(String, Vec<Cosignature>)>, AppError> {
    let row: Option<(i64, String)> = on_read!(store, pool => sqlx::query_as(
        "SELECT c.position, c.note FROM checkpoints c WHERE c.note <> '' AND EXISTS \
         (SELECT 1 FROM cosignatures s WHERE s.position = c.position) ORDER BY c.position DESC LIMIT 1")
        .fetch_optional(pool).await)?;
    let Some((position, note)) = row else {
        return Ok(None);
    };
    let cosigs = cosignatures(store, position).await?;
    Ok(Some((with_cosignatures(&note, &cosigs), cosigs)))
}

/// `note` with the lines of `cosigs` appended.
pub fn with_cosignatures(note: &str, cosigs: &[Cosignature]) -> String {
    let mut out = note.to_string();
    for c in cosigs {
        out.push_str(c.line.trim_end_matches('\n'));
        out.push('\n');
    }
    out
}
