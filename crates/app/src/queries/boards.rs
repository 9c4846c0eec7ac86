//! The boards of verifiable secret elections, read (public: a board holds public documents only).

use asamblea_store::{Store, on_read};

use crate::AppError;

/// The body of the document `name` of board `election_id`, as published.
pub async fn document(
    store: &Store,
    election_id: &str,
    name: &str,
) -> Result<Option<String>, AppError> {
    Ok(on_read!(store, pool => sqlx::query_scalar(
        "SELECT body FROM secret_board_documents WHERE election_id = $1 AND name = $2")
        .bind(election_id).bind(name).fetch_optional(pool).await)?)
}

/// Whether the board exists.
pub async fn exists(store: &Store, election_id: &str) -> Result<bool, AppError> {
    let id: Option<String> = on_read!(store, pool => sqlx::query_scalar(
        "SELECT election_id FROM secret_boards WHERE election_id = $1")
        .bind(election_id).fetch_optional(pool).await)?;
    Ok(id.is_some())
}

/// The ballots' bodies, in the order of their credentials (not the order of casting).
pub async fn ballots(store: &Store, election_id: &str) -> Result<Vec<String>, AppError> {
    Ok(on_read!(store, pool => sqlx::query_scalar(
        "SELECT body FROM secret_board_ballots WHERE election_id = $1 ORDER BY credential")
        .bind(election_id).fetch_all(pool).await)?)
}

/// How many ballots are on the board.
pub async fn ballot_count(store: &Store, election_id: &str) -> Result<i64, AppError> {
    Ok(on_read!(store, pool => sqlx::query_scalar(
        "SELECT count(*) FROM secret_board_ballots WHERE election_id = $1")
        .bind(election_id).fetch_one(pool).await)?)
}

/// The ballot with this tracking code, if it is on the board.
pub async fn ballot_by_tracking_code(
    store: &Store,
    election_id: &str,
    code: &str,
) -> Result<Option<String>, AppError> {
    Ok(on_read!(store, pool => sqlx::query_scalar(
        "SELECT body FROM secret_board_ballots WHERE election_id = $1 AND tracking_code = $2")
        .bind(election_id).bind(code).fetch_optional(pool).await)?)
}
