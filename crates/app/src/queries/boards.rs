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

/// The tracking codes of the board's challenged ballots, sorted (they can never be cast).
pub async fn challenged(store: &Store, election_id: &str) -> Result<Vec<String>, AppError> {
    Ok(on_read!(store, pool => sqlx::query_scalar(
        "SELECT tracking_code FROM secret_board_challenges WHERE election_id = $1 ORDER BY tracking_code")
        .bind(election_id).fetch_all(pool).await)?)
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

/// A board whose key is another board's ceremony (a secret vote's board of an assembly), as a
/// trustee following the key board sees it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct KeyedBoard {
    pub election_id: String,
    /// The encrypted tally is published (the box is closed): the trustees can decrypt it.
    pub tally: bool,
    /// The trustees whose decryption shares are on it.
    pub shares: Vec<u32>,
    /// The record is published: the result is decrypted.
    pub record: bool,
}

/// The boards keyed by `key_board`'s ceremony, in the order of their ids.
pub async fn keyed_boards(store: &Store, key_board: &str) -> Result<Vec<KeyedBoard>, AppError> {
    let rows: Vec<(String, Option<String>)> = on_read!(store, pool => sqlx::query_as(
        "SELECT b.election_id, d.name FROM secret_boards b LEFT JOIN secret_board_documents d \
         ON d.election_id = b.election_id AND (d.name = 'tally' OR d.name = 'record' OR d.name LIKE 'share-%') \
         WHERE b.key_board = $1 ORDER BY b.election_id")
        .bind(key_board).fetch_all(pool).await)?;
    let mut out: Vec<KeyedBoard> = Vec::new();
    for (id, name) in rows {
        if out.last().is_none_or(|b| b.election_id != id) {
            out.push(KeyedBoard {
                election_id: id,
                tally: false,
                shares: Vec::new(),
                record: false,
            });
        }
        let Some(b) = out.last_mut() else { continue };
        match name.as_deref() {
            Some("tally") => b.tally = true,
            Some("record") => b.record = true,
            Some(n) => b
                .shares
                .extend(n.strip_prefix("share-").and_then(|i| i.parse::<u32>().ok())),
            None => {}
        }
    }
    for b in &mut out {
        b.shares.sort_unstable();
    }
    Ok(out)
}
