//! Write transactions and appending acts.

use crate::error::StoreError;
use crate::tree::{HeadRow, SinceRow};
use crate::{Backend, Db, Store, now_rfc3339};
use asamblea_record::{Entry, GENESIS, NewAct};
use sqlx::{Sqlite, Transaction};
use tokio::sync::broadcast;

/// Key of the PostgreSQL advisory lock that serializes write transactions (`"asamblea"` in
/// ASCII).
pub const ADVISORY_LOCK_KEY: i64 = 0x6173_616d_626c_6561;

/// The database transaction inside a [`Tx`], for domain SQL (see [`crate::on_tx!`]).
pub enum TxConn {
    /// On the SQLite writer connection, begun with `BEGIN IMMEDIATE`.
    Sqlite(Transaction<'static, Sqlite>),
    /// On PostgreSQL, holding the record's advisory lock (`pg_tx.rs`).
    Postgres(crate::pg_tx::PgTx),
}

/// A write transaction: domain rows and appended acts commit together or not at all.
/// Dropping it without [`Tx::commit`] rolls back.
pub struct Tx {
    conn: TxConn,
    appended: Vec<i64>,
    /// Where to announce commits in-process (SQLite only; PostgreSQL uses NOTIFY).
    notify: Option<broadcast::Sender<i64>>,
    /// SQLite: what makes a commit durable (`wal_sync.rs`).
    sync: Option<std::sync::Arc<crate::wal_sync::WalSync>>,
    /// PostgreSQL: this process's turn to write (released when the `Tx` ends).
    _turn: Option<tokio::sync::OwnedSemaphorePermit>,
    /// The store's logins epoch, raised at commit if this transaction ended a login or
    /// changed an account.
    logins: std::sync::Arc<std::sync::atomic::AtomicU64>,
    logins_changed: bool,
    /// The head this process last committed ([`HeadHint`]).
    head_hint: HeadHint,
    /// The head and the stored hashes its next leaf needs, read by [`Tx::since`] with what was
    /// recorded since: the first [`Tx::append`] of the transaction takes them instead of
    /// reading them again.
    prefetched: Option<(HeadRow, Vec<(i64, String)>)>,
}

/// The position of the last act this process committed (0: none yet), shared by the store's
/// transactions: [`Tx::append`]'s guess of the head, so that it reads the head and the stored
/// hashes the next leaf needs in one statement. Only a guess: another server may have written
/// since (then the hashes are read after the head, as without it).
#[derive(Clone, Default)]
pub(crate) struct HeadHint(std::sync::Arc<std::sync::atomic::AtomicI64>);

impl HeadHint {
    fn get(&self) -> Option<i64> {
        Some(self.0.load(std::sync::atomic::Ordering::Relaxed)).filter(|p| *p > 0)
    }

    fn set(&self, position: i64) {
        self.0.store(position, std::sync::atomic::Ordering::Relaxed);
    }
}

impl Store {
    /// Begins a write transaction.
    ///
    /// SQLite: on the single writer connection with `BEGIN IMMEDIATE` (waits for it if another
    /// write transaction is open). PostgreSQL: `BEGIN` and
    /// `pg_advisory_xact_lock(ADVISORY_LOCK_KEY)` in one round trip (`pg_tx.rs`), so write
    /// transactions, in this and in
    /// other server processes, run one at a time and always see the latest head. Within one
    /// process, writers queue before taking a pool connection, so a burst of writes does not
    /// starve reads of connections.
    pub async fn begin(&self) -> Result<Tx, StoreError> {
        match &self.inner.db {
            Db::Sqlite {
                writer, wal_sync, ..
            } => {
                let tx = match writer.begin_with("BEGIN IMMEDIATE").await {
                    Ok(tx) => tx,
                    Err(sqlx::Error::InvalidSavePointStatement) => {
                        // A COMMIT that failed (the disk full: SQLite rolls the transaction
                        // back itself) leaves sqlx's writer connection counting a transaction
                        // it can never end, and every later write failed until a restart. Close
                        // that connection; the pool opens a fresh one (RELIABILITY.md).
                        tracing::warn!(
                            "the writer connection was left in a failed transaction; reopening it"
                        );
                        if let Ok(conn) = writer.acquire().await {
                            let _ = conn.close().await;
                        }
                        writer.begin_with("BEGIN IMMEDIATE").await?
                    }
                    Err(e) => return Err(e.into()),
                };
                Ok(Tx {
                    conn: TxConn::Sqlite(tx),
                    appended: Vec::new(),
                    notify: Some(self.inner.notify.clone()),
                    sync: wal_sync.clone(),
                    _turn: None,
                    logins: self.inner.logins.clone(),
                    logins_changed: false,
                    head_hint: self.inner.head_hint.clone(),
                    prefetched: None,
                })
            }
            Db::Postgres { pool, write_gate } => {
                // Like the SQLite writer pool's acquire timeout: a stuck writer (or a nested
                // `begin` while holding a `Tx`) fails instead of hanging forever.
                let turn = tokio::time::timeout(WRITE_WAIT, write_gate.clone().acquire_owned())
                    .await
                    .map_err(|_| StoreError::Db(sqlx::Error::PoolTimedOut))?
                    .map_err(|_| StoreError::Db(sqlx::Error::PoolClosed))?;
                let tx = crate::pg_tx::PgTx::begin(pool).await?;
                Ok(Tx {
                    conn: TxConn::Postgres(tx),
                    appended: Vec::new(),
                    notify: None,
                    sync: None,
                    _turn: Some(turn),
                    logins: self.inner.logins.clone(),
                    logins_changed: false,
                    head_hint: self.inner.head_hint.clone(),
                    prefetched: None,
                })
            }
        }
    }
}

/// How long a write transaction waits for its turn in this process (PostgreSQL), the same as
/// the SQLite writer pool's default acquire timeout.
const WRITE_WAIT: std::time::Duration = std::time::Duration::from_secs(30);

const HEAD_SQL: &str =
    "SELECT position, hash, recorded_at FROM record ORDER BY position DESC LIMIT 1";
const HEAD_KIND_SQL: &str =
    "SELECT position, hash, kind FROM record ORDER BY position DESC LIMIT 1";

/// An entry of the record as [`Tx::since`] reads it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Since {
    pub position: i64,
    pub hash: String,
    pub kind: String,
}

const INSERT_SQL: &str = "INSERT INTO record \
    (position, recorded_at, actor, kind, scope, payload, prev, hash) \
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
/// PostgreSQL: insert the entry and its leaf's stored hashes (two arrays, maybe empty) and
/// queue the notification, in one round trip.
const INSERT_NOTIFY_SQL: &str = "WITH ins AS (INSERT INTO record \
    (position, recorded_at, actor, kind, scope, payload, prev, hash) \
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING position), \
    tree AS (INSERT INTO record_tree (idx, hash) SELECT * FROM UNNEST($9::BIGINT[], $10::TEXT[])) \
    SELECT pg_notify('asamblea_record', position::text) FROM ins";

impl Tx {
    /// The transaction, for domain SQL. Prefer [`crate::on_tx!`].
    pub fn conn(&mut self) -> &mut TxConn {
        &mut self.conn
    }

    /// Which database this transaction runs on.
    pub fn backend(&self) -> Backend {
        match self.conn {
            TxConn::Sqlite(_) => Backend::Sqlite,
            TxConn::Postgres(_) => Backend::Postgres,
        }
    }

    /// The record's entries from `position` on, in order, at most `limit` of them (the entry
    /// at `position` first, if it is there), each with its hash and kind; with no position,
    /// the head alone. Read under the transaction's write lock, so no other server appends
    /// meanwhile: a writer that keeps what it read in earlier transactions finds here what was
    /// recorded since (`batch_known.rs` in the app).
    ///
    /// In the same statement, the stored hashes the next leaf needs if the head is still at
    /// `position`: when it is, the transaction's first [`Tx::append`] reads nothing more (a
    /// ballot writer's batch, one round trip fewer).
    pub async fn since(
        &mut self,
        position: Option<i64>,
        limit: i64,
    ) -> Result<Vec<Since>, StoreError> {
        let Some(p) = position else {
            return Ok(crate::on_tx!(self, conn => sqlx::query_as(HEAD_KIND_SQL)
                .fetch_all(&mut **conn).await)?);
        };
        let needed = asamblea_record::tree::indexes_needed(p as u64);
        let sql = crate::tree::since_and_hashes_sql(needed.len());
        let rows: Vec<SinceRow> = crate::on_tx!(self, conn => needed
            .iter()
            .fold(sqlx::query_as(&sql).bind(p).bind(limit), |q, idx| q.bind(*idx as i64))
            .fetch_all(&mut **conn)
            .await)?;
        let (entries, hashes) = crate::tree::split_since_and_hashes(rows);
        // The head is at `position` when the read found it and nothing after it (with room
        // for more: a limit of one would not tell).
        self.prefetched = match entries.as_slice() {
            [(position, hash, _, recorded_at)]
                if *position == p && limit > 1 && self.appended.is_empty() =>
            {
                Some(((p, hash.clone(), recorded_at.clone()), hashes))
            }
            _ => None,
        };
        Ok(entries
            .into_iter()
            .map(|(position, hash, kind, _)| Since {
                position,
                hash,
                kind,
            })
            .collect())
    }

    /// Positions appended so far in this transaction.
    pub fn appended(&self) -> &[i64] {
        &self.appended
    }

    /// Appends an act: reads the head, seals the entry (time = now, never earlier than the
    /// head's), inserts it and its leaf's stored hashes in the record's tree. On PostgreSQL
    /// also queues `pg_notify('asamblea_record', position)`, delivered at commit. Two
    /// statements when the head is where this process last left it (the head and the hashes
    /// read together, [`HeadHint`]; on PostgreSQL the entry, its hashes and the notification
    /// in one statement); on SQLite one more to insert the hashes, and one more to read them
    /// when another server wrote since.
    pub async fn append(&mut self, act: NewAct) -> Result<Entry, StoreError> {
        // Canonicalize first so a bad payload fails before touching the database.
        let payload = asamblea_record::canonical_json(&act.payload)?;
        // Read the head every time (it is one index probe): a savepoint rolled back by the
        // caller may have undone an earlier append of this transaction, and another server
        // may have appended since this process last did. With it, the hashes the next leaf
        // needs if the head is where this transaction or this process last left it.
        let guess = self
            .appended
            .last()
            .copied()
            .or_else(|| self.head_hint.get());
        // What `since` read with the head, if nothing was appended since it read.
        let prefetched = self.prefetched.take().filter(|_| self.appended.is_empty());
        let needed = match &prefetched {
            Some(((p, _, _), _)) => asamblea_record::tree::indexes_needed(*p as u64),
            None => guess
                .map(|p| asamblea_record::tree::indexes_needed(p as u64))
                .unwrap_or_default(),
        };
        let guess = prefetched.as_ref().map(|((p, _, _), _)| *p).or(guess);
        let (head, hashes) = if let Some((head, hashes)) = prefetched {
            (Some(head), hashes)
        } else if needed.is_empty() {
            let head: Option<HeadRow> = crate::on_tx!(self, conn =>
                sqlx::query_as(HEAD_SQL).fetch_optional(&mut **conn).await)?;
            (head, Vec::new())
        } else {
            let sql = crate::tree::head_and_hashes_sql(needed.len());
            let rows: Vec<HeadRow> = crate::on_tx!(self, conn => needed
                .iter()
                .fold(sqlx::query_as(&sql), |q, idx| q.bind(*idx as i64))
                .fetch_all(&mut **conn)
                .await)?;
            crate::tree::split_head_and_hashes(rows)
        };
        let earlier = match &head {
            Some((p, _, _)) if Some(*p) == guess => Some(crate::tree::collect(&needed, hashes)?),
            _ => None,
        };
        let now = now_rfc3339();
        let (position, prev, recorded_at) = match head {
            None => (1, GENESIS.to_string(), now),
            Some((p, hash, head_time)) => (p + 1, hash, std::cmp::max(now, head_time)),
        };
        let entry = Entry::seal(position, recorded_at, prev, act)?;
        let hashes = self.leaf_hashes(&entry, earlier).await?;
        match &mut self.conn {
            TxConn::Sqlite(conn) => {
                bind_insert(sqlx::query(INSERT_SQL), &entry, &payload)
                    .execute(&mut **conn)
                    .await?;
                self.insert_hashes(&hashes).await?;
            }
            TxConn::Postgres(conn) => {
                let (idx, hex): (Vec<i64>, Vec<String>) = hashes
                    .iter()
                    .map(|(i, h)| (*i as i64, hex::encode(h.0)))
                    .unzip();
                bind_insert(sqlx::query(INSERT_NOTIFY_SQL), &entry, &payload)
                    .bind(idx)
                    .bind(hex)
                    .execute(&mut **conn)
                    .await?;
            }
        }
        self.appended.push(position);
        self.prefetched = None;
        Ok(entry)
    }

    /// Commits and returns once the commit is durable; returns the positions appended in this
    /// transaction. On SQLite they are then broadcast to [`Store::subscribe`] receivers (on
    /// PostgreSQL, NOTIFY does it).
    pub async fn commit(self) -> Result<Vec<i64>, StoreError> {
        self.commit_visible().await?.durable().await
    }

    /// Commits and returns as soon as the commit is visible, before it is durable on SQLite
    /// (`wal_sync.rs`): tell nobody of it before [`Committed::durable`] returns. A ballot writer
    /// writes its next batch meanwhile. On PostgreSQL the commit is durable already.
    pub async fn commit_visible(self) -> Result<Committed, StoreError> {
        match self.conn {
            TxConn::Sqlite(tx) => tx.commit().await?,
            TxConn::Postgres(tx) => tx.commit().await?,
        }
        if let Some(&last) = self.appended.last() {
            self.head_hint.set(last);
        }
        // Cached logins are read again from now on: the change is visible.
        if self.logins_changed {
            self.logins
                .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        }
        Ok(Committed {
            appended: self.appended,
            notify: self.notify,
            sync: self.sync,
        })
    }

    /// Marks this transaction as ending a login or changing an account: its commit raises
    /// [`Store::logins_epoch`], so this process's cached sessions are read again.
    pub fn logins_changed(&mut self) {
        self.logins_changed = true;
    }

    /// Rolls back explicitly (dropping the `Tx` does the same, less visibly).
    pub async fn rollback(self) -> Result<(), StoreError> {
        match self.conn {
            TxConn::Sqlite(tx) => tx.rollback().await?,
            TxConn::Postgres(tx) => tx.rollback().await?,
        }
        Ok(())
    }
}

fn bind_insert<'q, DB>(
    q: sqlx::query::Query<'q, DB, <DB as sqlx::Database>::Arguments<'q>>,
    e: &'q Entry,
    payload: &'q str,
) -> sqlx::query::Query<'q, DB, <DB as sqlx::Database>::Arguments<'q>>
where
    DB: sqlx::Database,
    i64: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    &'q str: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    Option<&'q str>: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
{
    q.bind(e.position)
        .bind(e.recorded_at.as_str())
        .bind(e.actor.as_deref())
        .bind(e.kind.as_str())
        .bind(e.scope.as_str())
        .bind(payload)
        .bind(e.prev.as_str())
        .bind(e.hash.as_str())
}

/// A commit that is visible but, on SQLite, maybe not yet durable ([`Tx::commit_visible`]).
#[must_use = "a commit is announced, and its callers may be answered, only once durable"]
pub struct Committed {
    appended: Vec<i64>,
    notify: Option<broadcast::Sender<i64>>,
    sync: Option<std::sync::Arc<crate::wal_sync::WalSync>>,
}

impl Committed {
    /// Returns once the commit is durable (SQLite: after a sync of the WAL that began after the
    /// commit), then announces its acts to [`Store::subscribe`] receivers; returns their
    /// positions. `Err`: the commit is in the database but the disk did not confirm it; it is
    /// not announced.
    pub async fn durable(self) -> Result<Vec<i64>, StoreError> {
        if let Some(sync) = &self.sync {
            sync.durable().await?;
        }
        if let Some(notify) = &self.notify {
            for p in &self.appended {
                let _ = notify.send(*p);
            }
        }
        Ok(self.appended)
    }
}
