//! The record as a transparency log: the latest checkpoint as a signed note, the key to verify
//! it, and inclusion and consistency proofs (RFC 6962 / Go's sumdb/tlog, see ARCHITECTURE.md).

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::error::ApiError;
use crate::extract::{Json, Query};
use crate::state::AppState;

fn text(body: String) -> Response {
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], body).into_response()
}

fn out_of_range() -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, "error-record-range")
}

/// The latest checkpoint as a C2SP signed note (c2sp.org/tlog-checkpoint): origin line, tree
/// size, base64 root hash, a blank line, the signature line. Verify it with the key from
/// `/api/v1/record/key`. Cosignatures of witnesses follow the log's signature line.
#[utoipa::path(get, path = "/api/v1/record/checkpoint", tag = "record",
    responses((status = 200, description = "The signed note", body = String, content_type = "text/plain"),
        (status = 404, description = "No checkpoint yet")))]
pub async fn checkpoint(State(state): State<AppState>) -> Result<Response, ApiError> {
    let note = state
        .store
        .latest_note()
        .await
        .map_err(asamblea_app::AppError::from)?;
    match note {
        Some(n) => {
            // With the cosignatures witnesses sent for it (readers ignore lines they don't know).
            let cosigs =
                asamblea_app::queries::witnesses::cosignatures(&state.store, n.position).await?;
            Ok(text(asamblea_app::queries::witnesses::with_cosignatures(
                &n.note, &cosigs,
            )))
        }
        None => Err(ApiError::new(StatusCode::NOT_FOUND, "error-not-found")),
    }
}

/// The verifier key of this instance's log in Go's note format (`<name>+<id>+<base64>`): pin
/// it once, from a source you trust, and check every checkpoint with it.
#[utoipa::path(get, path = "/api/v1/record/key", tag = "record",
    responses((status = 200, description = "The verifier key", body = String, content_type = "text/plain")))]
pub async fn key(State(state): State<AppState>) -> Response {
    text(format!("{}\n", state.store.verifier_key()))
}

#[derive(Deserialize, IntoParams)]
pub struct InclusionQuery {
    /// The entry's position (1, 2, ...): its leaf index is `position - 1`.
    position: u64,
    /// The tree size (a checkpoint's size), at least `position` and at most the head.
    size: u64,
}

/// An inclusion proof: the hashes (base64, 32 bytes each) from the leaf to the root, as Go's
/// `tlog.ProveRecord` returns them; check with `tlog.CheckRecord(proof, size, root,
/// leaf_index, tlog.RecordHash(leaf))`.
#[derive(Serialize, ToSchema)]
pub struct InclusionProof {
    pub position: u64,
    pub leaf_index: u64,
    pub size: u64,
    pub proof: Vec<String>,
}

/// Proof that the entry at `position` is in the tree of `size` entries.
#[utoipa::path(get, path = "/api/v1/record/proof/inclusion", tag = "record", params(InclusionQuery),
    responses((status = 200, description = "The proof", body = InclusionProof),
        (status = 400, description = "Position or size out of range")))]
pub async fn inclusion(
    State(state): State<AppState>,
    Query(q): Query<InclusionQuery>,
) -> Result<Json<InclusionProof>, ApiError> {
    let head = head(&state).await?;
    if q.position < 1 || q.position > q.size || q.size > head {
        return Err(out_of_range());
    }
    let proof = state
        .store
        .inclusion_proof(q.size, q.position)
        .await
        .map_err(asamblea_app::AppError::from)?;
    Ok(Json(InclusionProof {
        position: q.position,
        leaf_index: q.position - 1,
        size: q.size,
        proof: proof.iter().map(|h| BASE64.encode(h.0)).collect(),
    }))
}

#[derive(Deserialize, IntoParams)]
pub struct ConsistencyQuery {
    /// The earlier tree size (an earlier checkpoint's), at least 1.
    old: u64,
    /// The later tree size, at least `old` and at most the head.
    size: u64,
}

/// A consistency proof (base64 hashes) that the tree of `old` entries is a prefix of the tree
/// of `size` entries, as Go's `tlog.ProveTree`; check with `tlog.CheckTree(proof, size, root,
/// old, old_root)`.
#[derive(Serialize, ToSchema)]
pub struct ConsistencyProof {
    pub old: u64,
    pub size: u64,
    pub proof: Vec<String>,
}

/// Proof that the tree of `old` entries is a prefix of the tree of `size` entries.
#[utoipa::path(get, path = "/api/v1/record/proof/consistency", tag = "record", params(ConsistencyQuery),
    responses((status = 200, description = "The proof", body = ConsistencyProof),
        (status = 400, description = "Sizes out of range")))]
pub async fn consistency(
    State(state): State<AppState>,
    Query(q): Query<ConsistencyQuery>,
) -> Result<Json<ConsistencyProof>, ApiError> {
    let head = head(&state).await?;
    if q.old < 1 || q.old > q.size || q.size > head {
        return Err(out_of_range());
    }
    let proof = state
        .store
        .consistency_proof(q.size, q.old)
        .await
        .map_err(asamblea_app::AppError::from)?;
    Ok(Json(ConsistencyProof {
        old: q.old,
        size: q.size,
        proof: proof.iter().map(|h| BASE64.encode(h.0)).collect(),
    }))
}

async fn head(state: &AppState) -> Result<u64, ApiError> {
    let head = state
        .store
        .head()
        .await
        .map_err(asamblea_app::AppError::from)?;
    Ok(head.map_or(0, |(p, _)| p as u64))
}
