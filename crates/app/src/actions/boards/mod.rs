//! The boards of verifiable secret elections (issue 14): the server hosts each election's public
//! documents and ballots, checks what it can before keeping it, and writes each publication to
//! the record (with the document's SHA-256; a ballot's act names its tracking code, never a
//! voter). The server never holds a key that decrypts a ballot: trustees keep theirs
//! (`asamblea trustee`), and the credential authority publishes only public credentials.
//!
//! Who publishes: an administrator opens a board and receives, once, a token for the organizer,
//! one for the credential authority and one per trustee; each document is published by its own
//! publisher (`asamblea_ballot_crypto::board::Document::publisher`) and only once. Ballots need
//! no token: each is signed by an issued credential.

pub mod cast_board_ballot;
pub mod challenges;
pub mod checks;
pub mod election_boards;
pub mod open_board;
pub(crate) mod prepared_ballot;
pub mod publish_document;
pub mod session_boards;

use asamblea_ballot_crypto::board::Publisher;
use asamblea_store::StoreError;

use crate::AppError;

/// A refusal of the board: a generic one (`App`), or what the checks of the election's
/// cryptography found (`Refused`, in English: the board speaks the verifier's language).
#[derive(Debug, thiserror::Error)]
pub enum BoardError {
    #[error(transparent)]
    App(#[from] AppError),
    #[error("{0}")]
    Refused(String),
}

impl From<StoreError> for BoardError {
    fn from(e: StoreError) -> Self {
        BoardError::App(e.into())
    }
}

impl From<sqlx::Error> for BoardError {
    fn from(e: sqlx::Error) -> Self {
        BoardError::App(e.into())
    }
}

/// The name a publisher's token is kept under.
pub fn publisher_name(p: Publisher) -> String {
    match p {
        Publisher::Trustee(i) => format!("trustee-{i}"),
        Publisher::Authority => "authority".into(),
        Publisher::Organizer => "organizer".into(),
    }
}

/// The record's scope of a board's acts.
pub fn scope(election_id: &str) -> String {
    format!("board:{election_id}")
}

/// An election id: 1 to 64 of `A-Z a-z 0-9 . _ -`, not starting with a dot (it is a path
/// segment of the board's address).
pub fn valid_election_id(id: &str) -> Result<(), AppError> {
    let ok = !id.is_empty()
        && id.len() <= 64
        && !id.starts_with('.')
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
    if ok {
        Ok(())
    } else {
        Err(AppError::invalid("election_id", "error-board-election-id"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn election_ids_are_path_segments() {
        assert!(valid_election_id("asamblea-2026.huelga_1").is_ok());
        for bad in ["", ".", "..", "a/b", "a b", "ñ", &"x".repeat(65)] {
            assert!(valid_election_id(bad).is_err(), "{bad:?}");
        }
    }
}
