//! Errors of the store.

use asamblea_record::{Broken, RecordError};
use std::path::PathBuf;

/// Everything that can go wrong opening or using the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The data directory could not be created.
    #[error("cannot create data directory {}: {source}", path.display())]
    DataDir {
        /// The directory.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// The SQLite database could not be opened or created.
    #[error("cannot open SQLite database {}: {source}", path.display())]
    OpenSqlite {
        /// The database file.
        path: PathBuf,
        /// The driver's error.
        source: sqlx::Error,
    },
    /// PostgreSQL could not be reached or refused the connection.
    #[error("cannot connect to PostgreSQL at {target}: {detail}")]
    Unreachable {
        /// `host:port/database` (never the password).
        target: String,
        /// Why.
        detail: String,
    },
    /// The database URL cannot be parsed.
    #[error("invalid database URL {url}: {detail}")]
    InvalidUrl {
        /// The URL, password redacted.
        url: String,
        /// Why.
        detail: String,
    },
    /// The database URL is neither `postgres://`/`postgresql://` nor `sqlite:`.
    #[error("unsupported database URL {0:?}: expected postgres://... or sqlite:...")]
    BadUrl(String),
    /// The database has migrations this binary does not know: it was written by a newer
    /// Asamblea. Refuse to touch it.
    #[error(
        "this database was written by a newer Asamblea (it has schema migrations {versions:?} \
         that this version does not know); upgrade Asamblea to use it"
    )]
    NewerSchema {
        /// The unknown migration versions found in the database.
        versions: Vec<i64>,
    },
    /// Applying the schema migrations failed.
    #[error("cannot migrate the database schema: {0}")]
    Migrate(String),
    /// Any other database error.
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
    /// An act could not be sealed (e.g. a float in its payload).
    #[error("invalid act: {0}")]
    Record(#[from] RecordError),
    /// The record's chain is broken (returned by [`crate::Store::verify`] and
    /// [`crate::Store::export`]).
    #[error("{0}")]
    Broken(#[from] Broken),
    /// A record row cannot be read as an entry.
    #[error("record entry {position} is unreadable: {detail}")]
    Corrupt {
        /// The row's position.
        position: i64,
        /// Why.
        detail: String,
    },
    /// The signing key file is missing, unreadable, or not the database's key.
    #[error("signing key file {}: {detail}", path.display())]
    KeyFile {
        /// The key file.
        path: PathBuf,
        /// What is wrong and what to do.
        detail: String,
    },
    /// This store was opened without a private key and cannot sign.
    #[error("this store was opened without the signing key and cannot sign checkpoints")]
    NoKey,
    /// Checkpoints cannot be checked: the database records no public key and none was given.
    #[error(
        "this database records no public key (no server has started on it since its key moved \
         to a key file), so its checkpoints cannot be checked; give the instance's key with \
         --key (its verifier key from GET /api/v1/record/key, or its public key in hex), or \
         its key file with --signing-key"
    )]
    NoPublicKey,
    /// A commit reached SQLite's WAL, but syncing it to the disk failed (`wal_sync.rs`): it
    /// may not survive a power cut, so nobody is told it was done.
    #[error("the disk did not confirm the write: {0}")]
    NotDurable(String),
    /// Writing an export failed.
    #[error("write error: {0}")]
    Io(#[from] std::io::Error),
}
