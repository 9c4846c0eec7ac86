//! The public record.

use asamblea_record::{Checkpoint, Entry};
use axum::Json;
use axum::extract::{Query, State};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::error::ApiError;
use crate::state::AppState;

#[derive(Deserialize, IntoParams)]
pub struct EntriesQuery {
    /// Return entries after this position (default 0).
    after: Option<i64>,
    /// At most this many (default 100, at most 1000).
    limit: Option<i64>,
}

/// Entries of the record in order of position.
#[utoipa::path(get, path = "/api/v1/record", tag = "record", params(EntriesQuery),
    responses((status = 200, description = "Record entries (see ARCHITECTURE.md for the canonical form)", body = Object)))]
pub async fn entries(
    State(state): State<AppState>,
    Query(q): Query<EntriesQuery>,
) -> Result<Json<Vec<Entry>>, ApiError> {
    let limit = q.limit.unwrap_or(100).clamp(1, 1000);
    let entries = state
        .store
        .entries_after(q.after.unwrap_or(0).max(0), limit)
        .await
        .map_err(asamblea_app::AppError::from)?;
    Ok(Json(entries))
}

#[derive(Serialize, ToSchema)]
pub struct Head {
    pub position: i64,
    pub hash: String,
    /// A checkpoint of this head signed by the instance's Ed25519 key.
    #[schema(value_type = Object)]
    pub checkpoint: Option<Checkpoint>,
}

/// The latest position and hash, with a signed checkpoint.
#[utoipa::path(get, path = "/api/v1/record/head", tag = "record",
    responses((status = 200, description = "The head of the record", body = Head)))]
pub async fn head(State(state): State<AppState>) -> Result<Json<Option<Head>>, ApiError> {
    let store = &state.store;
    let head = store.head().await.map_err(asamblea_app::AppError::from)?;
    let checkpoint = store
        .checkpoint()
        .await
        .map_err(asamblea_app::AppError::from)?;
    Ok(Json(head.map(|(position, hash)| Head {
        position,
        hash,
        checkpoint,
    })))
}
