//! The public record. Reading it changes nothing: checkpoints are signed by the server as the
//! record grows (`Store::keep_checkpointed`, started by `serve`), and `head` only reads the
//! latest one.

use asamblea_record::{Checkpoint, Entry};
use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::error::ApiError;
use crate::extract::{Json, Query};
use crate::state::AppState;

#[derive(Deserialize, IntoParams)]
pub struct EntriesQuery {
    /// Return entries after this position (default 0).
    after: Option<i64>,
    /// At most this many (default 100, at most 1000).
    limit: Option<i64>,
}

/// One entry of the record (see ARCHITECTURE.md for the canonical form its hash covers).
#[derive(Serialize, ToSchema)]
pub struct RecordEntry {
    /// 1, 2, 3, ... without gaps.
    pub position: i64,
    /// RFC 3339 UTC time of recording, e.g. `2026-01-01T00:00:00.000Z`.
    pub recorded_at: String,
    /// Who did it (e.g. `account:7`, `setup`, `system`), or null.
    pub actor: Option<String>,
    /// What kind of act, e.g. `organization.created`.
    #[schema(value_type = asamblea_app::domain::ActKind)]
    pub kind: String,
    /// What it is about, e.g. `assembly:1`, `organization:7`, `instance`.
    pub scope: String,
    /// The details (no floating-point numbers).
    #[schema(value_type = Object)]
    pub payload: serde_json::Value,
    /// Hash of the previous entry (64 zeros at position 1).
    pub prev: String,
    /// Lower-case hex SHA-256 of the canonical JSON of every other field.
    pub hash: String,
}

impl From<Entry> for RecordEntry {
    fn from(e: Entry) -> Self {
        RecordEntry {
            position: e.position,
            recorded_at: e.recorded_at,
            actor: e.actor,
            kind: e.kind,
            scope: e.scope,
            payload: e.payload,
            prev: e.prev,
            hash: e.hash,
        }
    }
}

/// Entries of the record in order of position.
#[utoipa::path(get, path = "/api/v1/record", tag = "record", params(EntriesQuery),
    responses((status = 200, description = "Record entries (see ARCHITECTURE.md for the canonical form)", body = [RecordEntry])))]
pub async fn entries(
    State(state): State<AppState>,
    Query(q): Query<EntriesQuery>,
) -> Result<Json<Vec<RecordEntry>>, ApiError> {
    let limit = q.limit.unwrap_or(100).clamp(1, 1000);
    let entries = state
        .store
        .entries_after(q.after.unwrap_or(0).max(0), limit)
        .await
        .map_err(asamblea_app::AppError::from)?;
    Ok(Json(entries.into_iter().map(RecordEntry::from).collect()))
}

/// A position and hash of the record signed by the instance's Ed25519 key: the signature covers
/// `asamblea-checkpoint:v1:<position>:<hash>`.
#[derive(Serialize, ToSchema)]
pub struct SignedCheckpoint {
    pub position: i64,
    /// The hash of the entry at `position`.
    pub hash: String,
    /// Hex of the 32-byte Ed25519 public key.
    pub public_key: String,
    /// Hex of the 64-byte signature.
    pub signature: String,
}

impl From<Checkpoint> for SignedCheckpoint {
    fn from(c: Checkpoint) -> Self {
        SignedCheckpoint {
            position: c.position,
            hash: c.hash,
            public_key: c.public_key,
            signature: c.signature,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct Head {
    pub position: i64,
    pub hash: String,
    /// The latest checkpoint. The server signs the head within seconds of a change, so its
    /// position may be a little behind `position`; null before the first one.
    pub checkpoint: Option<SignedCheckpoint>,
}

/// The latest position and hash, with the latest signed checkpoint (null for an empty record).
#[utoipa::path(get, path = "/api/v1/record/head", tag = "record",
    responses((status = 200, description = "The head of the record", body = Option<Head>)))]
pub async fn head(State(state): State<AppState>) -> Result<Json<Option<Head>>, ApiError> {
    let store = &state.store;
    // The checkpoint first: then it never names a position past the head read after it.
    let checkpoint = store
        .latest_checkpoint()
        .await
        .map_err(asamblea_app::AppError::from)?;
    let head = store.head().await.map_err(asamblea_app::AppError::from)?;
    Ok(Json(head.map(|(position, hash)| Head {
        position,
        hash,
        checkpoint: checkpoint.map(SignedCheckpoint::from),
    })))
}
