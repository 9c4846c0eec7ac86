//! Storage for Asamblea: SQLite (default) and PostgreSQL behind one [`Store`].
//!
//! Every write goes through a [`Tx`]: the domain writes its rows with the transaction's
//! connection (see [`on_tx!`]) and appends the act with [`Tx::append`]; [`Tx::commit`] makes
//! both durable or neither. Appends are serialized (SQLite: one writer connection and
//! `BEGIN IMMEDIATE`; PostgreSQL: a transaction-scoped advisory lock taken when the write
//! transaction begins), so concurrent actions never fork the chain.
//!
//! Reads use the read pool (see [`on_read!`] and [`Store::pools`]).
//!
//! SQL written for both backends uses `$1`-style placeholders, the types `i64`, `String`,
//! `Option<_>` and `bool`, and TEXT timestamps from [`now_rfc3339`].

mod checkpointer;
mod error;
mod instance;
mod key_file;
mod notify;
mod open;
mod open_to_verify;
mod pg_tx;
mod postgres;
mod read;
mod sqlite;
mod tree;
mod tx;
mod verify;
mod verify_log;
mod wal_sync;
mod write_order;
mod writer_connections;
mod writer_cpu;

#[doc(hidden)]
pub mod forensics;
pub mod testing;

pub use asamblea_record as record;
pub use asamblea_record::{Checkpoint, Entry, NewAct, SigningKey, VerifyReport};
pub use checkpointer::CHECKPOINT_EVERY;
pub use error::StoreError;
pub use instance::CheckpointNote;
pub use key_file::{KEY_FILE_ENV, KEY_FILE_NAME, KeySource, default_key_path};
pub use open::sqlite_path;
pub use open_to_verify::VerifyKeyOrigin;
pub use pg_tx::PgTx;
/// The `sqlx` this crate is built with, for domain code and tests.
pub use sqlx;
pub use tx::{Committed, Since, Tx, TxConn};
pub use write_order::SecretTables;

use std::sync::Arc;
use tokio::sync::broadcast;

/// Which database a [`Store`] runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// A SQLite file in the data directory (the default).
    Sqlite,
    /// A PostgreSQL server (possibly shared by several Asamblea processes).
    Postgres,
}

/// The read pool of a store, for [`on_read!`].
#[derive(Debug, Clone, Copy)]
pub enum Pools<'a> {
    /// SQLite read pool (connections are `query_only`).
    Sqlite(&'a sqlx::SqlitePool),
    /// PostgreSQL pool.
    Postgres(&'a sqlx::PgPool),
}

/// A handle on the database. Cheap to clone; all clones share pools, key and notifications.
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

pub(crate) enum Db {
    Sqlite {
        /// Pool of exactly one connection: every write transaction runs on it.
        writer: sqlx::SqlitePool,
        /// Pool of read-only connections.
        reader: sqlx::SqlitePool,
        /// Makes the writer's commits durable (`None` when opened to read only).
        wal_sync: Option<Arc<wal_sync::WalSync>>,
    },
    Postgres {
        pool: sqlx::PgPool,
        /// Lets one write transaction of this process at a time wait for the advisory lock, so
        /// queued writers do not hold pool connections that reads need.
        write_gate: Arc<tokio::sync::Semaphore>,
    },
}

pub(crate) struct Inner {
    pub(crate) db: Db,
    /// The private key; `None` for a store opened to read and verify only.
    pub(crate) key: Option<SigningKey>,
    /// The public key the database records (hex), if any.
    pub(crate) public_key: Option<String>,
    pub(crate) notify: broadcast::Sender<i64>,
    /// The position of the latest checkpoint this process signed (see [`Store::watch_checkpoints`]).
    pub(crate) signed: Arc<tokio::sync::watch::Sender<i64>>,
    /// PostgreSQL: the listener of notifications; SQLite: the WAL checkpointer. Aborted on drop.
    pub(crate) listener: Option<tokio::task::JoinHandle<()>>,
    /// Goes up at each commit that ended a login or changed an account ([`Tx::logins_changed`]):
    /// a cache of login sessions keeps what it read only while this stays the same.
    pub(crate) logins: std::sync::Arc<std::sync::atomic::AtomicU64>,
    /// Whether the `checkpoints` table has its `note` column (false only for an older
    /// database opened to verify, see [`Store::open_to_verify`]).
    pub(crate) checkpoint_notes: bool,
    /// The head this process last committed: a guess for [`Tx::append`].
    pub(crate) head_hint: crate::tx::HeadHint,
}

impl Drop for Inner {
    fn drop(&mut self) {
        if let Some(task) = self.listener.take() {
            task.abort();
        }
    }
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("backend", &self.backend())
            .finish_non_exhaustive()
    }
}

/// Capacity of the in-process broadcast of committed positions.
pub(crate) const NOTIFY_CAPACITY: usize = 4096;

impl Store {
    /// Which database this store runs on.
    pub fn backend(&self) -> Backend {
        match self.inner.db {
            Db::Sqlite { .. } => Backend::Sqlite,
            Db::Postgres { .. } => Backend::Postgres,
        }
    }

    /// The read pool, for domain queries (see [`on_read!`]).
    pub fn pools(&self) -> Pools<'_> {
        match &self.inner.db {
            Db::Sqlite { reader, .. } => Pools::Sqlite(reader),
            Db::Postgres { pool, .. } => Pools::Postgres(pool),
        }
    }

    /// Positions of acts as they become durable (on SQLite a ballot writer's batch is visible a
    /// little before, [`Tx::commit_visible`]: read no further than the positions received).
    ///
    /// On SQLite they are sent by [`Tx::commit`] and [`Committed::durable`] in this process.
    /// On PostgreSQL they come from `LISTEN asamblea_record`, so acts committed by other server
    /// processes on the same database arrive too. Treat them as a wake-up hint: a slow receiver
    /// may see `RecvError::Lagged`, and a PostgreSQL reconnect may drop some; read
    /// [`Store::entries_after`] from the last position you handled up to the latest received.
    pub fn subscribe(&self) -> broadcast::Receiver<i64> {
        self.inner.notify.subscribe()
    }

    /// The position of the latest checkpoint signed by this process, changing as it signs new
    /// ones (0 until it signs one). A wake-up hint for whoever sends checkpoints on (the
    /// witnesses' pusher); read [`Store::latest_note`] for the checkpoint itself.
    pub fn watch_checkpoints(&self) -> tokio::sync::watch::Receiver<i64> {
        self.inner.signed.subscribe()
    }

    /// How many commits of this process have ended a login or changed an account
    /// ([`Tx::logins_changed`]). Read it before looking a session up: if it has changed since,
    /// what was read may be stale.
    pub fn logins_epoch(&self) -> u64 {
        self.inner.logins.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Returns once everything committed so far is durable: on SQLite after a sync of the WAL
    /// that began after this call (`wal_sync.rs`); on PostgreSQL at once (its commits are).
    /// Whoever passes on what it read (a checkpoint, a head) reads first, then waits here.
    pub async fn durable(&self) -> Result<(), StoreError> {
        match &self.inner.db {
            Db::Sqlite {
                wal_sync: Some(sync),
                ..
            } => sync.durable().await,
            _ => Ok(()),
        }
    }

    /// Keeps SQLite's WAL from being synced until the guard is dropped, and says how many
    /// syncs were done before (`None` on PostgreSQL or a store opened to read). For tests: a
    /// commit is not answered before its sync.
    #[doc(hidden)]
    pub async fn hold_wal_syncs(&self) -> Option<(tokio::sync::OwnedMutexGuard<()>, u64)> {
        match &self.inner.db {
            Db::Sqlite {
                wal_sync: Some(sync),
                ..
            } => {
                let held = sync.hold().await;
                Some((held, sync.done()))
            }
            _ => None,
        }
    }

    /// Closes the pools and stops the notification listener (PostgreSQL) or the WAL
    /// checkpointer (SQLite). Other clones become unusable.
    pub async fn close(&self) {
        if let Some(task) = &self.inner.listener {
            task.abort();
        }
        match &self.inner.db {
            Db::Sqlite { writer, reader, .. } => {
                reader.close().await;
                writer.close().await;
            }
            Db::Postgres { pool, write_gate } => {
                write_gate.close();
                pool.close().await
            }
        }
    }
}

/// Now, as RFC 3339 UTC with millisecond precision and a `Z`: `2026-01-31T09:05:00.123Z`.
/// Strings in this format sort in time order.
pub fn now_rfc3339() -> String {
    rfc3339_at(time::OffsetDateTime::now_utc())
}

/// The time `ago` before now, written as [`now_rfc3339`] writes it, so that stored times compare
/// with it as text (`...:05Z` would sort after `...:05.123Z`).
pub fn rfc3339_ago(ago: time::Duration) -> String {
    rfc3339_at(time::OffsetDateTime::now_utc() - ago)
}

fn rfc3339_at(t: time::OffsetDateTime) -> String {
    use time::macros::format_description;
    let fmt =
        format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");
    t.format(&fmt)
        .unwrap_or_else(|_| "1970-01-01T00:00:00.000Z".to_string())
}

/// Runs `expr` with `conn` bound to the transaction of `tx` (`&mut sqlx::Transaction<Sqlite>`
/// or `&mut PgTx`, each dereferencing to its connection); use `&mut **conn` as the executor.
/// Both arms must have the same type.
///
/// ```ignore
/// let id: i64 = on_tx!(tx, conn => sqlx::query_scalar("INSERT INTO t(name) VALUES ($1) RETURNING id")
///     .bind(&name).fetch_one(&mut **conn).await)?;
/// ```
#[macro_export]
macro_rules! on_tx {
    ($tx:expr, $conn:ident => $e:expr) => {
        match $tx.conn() {
            $crate::TxConn::Sqlite($conn) => $e,
            $crate::TxConn::Postgres($conn) => $e,
        }
    };
}

/// Runs `expr` with `pool` bound to the store's read pool (`&SqlitePool` or `&PgPool`), usable
/// directly as the executor. Both arms must have the same type.
///
/// ```ignore
/// let n: i64 = on_read!(store, pool => sqlx::query_scalar("SELECT count(*) FROM t")
///     .fetch_one(pool).await)?;
/// ```
#[macro_export]
macro_rules! on_read {
    ($store:expr, $pool:ident => $e:expr) => {
        match $store.pools() {
            $crate::Pools::Sqlite($pool) => $e,
            $crate::Pools::Postgres($pool) => $e,
        }
    };
}

#[cfg(test)]
mod tests {
    #[test]
    fn now_is_rfc3339_millis_utc() {
        let s = super::now_rfc3339();
        assert_eq!(s.len(), 24, "{s}");
        assert!(s.ends_with('Z') && s.as_bytes()[10] == b'T' && s.as_bytes()[19] == b'.');
    }
}
