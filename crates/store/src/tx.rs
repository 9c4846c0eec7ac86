//! Write transactions and appending acts.

use crate::error::StoreError;
use crate::tree::HeadRow;
use crate::{Backend, Db, Store, now_rfc3339};
use asamblea_record::tree::Hash;
use asamblea_record::{Entry, GENESIS, NewAct};
use sqlx::{Sqlite, Transaction};
use std::collections::HashMap;
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
    /// The head after this transaction's last append (kept in `head_hint` at commit).
    head: Option<KnownHead>,
}

/// The head this process last committed, shared by the store's transactions: [`Tx::append`]'s
/// guess of the head. Only a guess: another server may have written since. On SQLite the guess
/// lets the head and the stored hashes the next leaf needs be read in one statement. On
/// PostgreSQL the head is not read at all while the guess holds: the entry is sealed after the
/// head kept here, with the stored hashes kept with it, and inserted by a statement that inserts
/// nothing unless the record's head is still that one ([`INSERT_AFTER_SQL`]); if it is not, the
/// head is read as without a guess.
#[derive(Clone, Default)]
pub(crate) struct HeadHint {
    kept: std::sync::Arc<std::sync::Mutex<Option<KnownHead>>>,
    /// Appends that read the head ([`Store::head_reads`]).
    reads: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

/// A head of the record as this process wrote it: its position, hash and time, and the stored
/// hashes of its frontier (what the next leaves need), if they were all at hand.
#[derive(Clone)]
pub(crate) struct KnownHead {
    position: i64,
    hash: String,
    recorded_at: String,
    frontier: Option<HashMap<u64, Hash>>,
}

impl KnownHead {
    /// The head after `entry`, sealed with the stored hashes `earlier` and adding `new`: the
    /// tree's frontier after it (`asamblea_record::tree::frontier_indexes`) is among those two,
    /// or `frontier` is none.
    fn after(entry: &Entry, earlier: Option<&HashMap<u64, Hash>>, new: &[(u64, Hash)]) -> Self {
        let needed = asamblea_record::tree::frontier_indexes(entry.position as u64);
        let frontier = needed
            .iter()
            .map(|idx| {
                let h = new
                    .iter()
                    .find(|(i, _)| i == idx)
                    .map(|(_, h)| *h)
                    .or_else(|| earlier.and_then(|e| e.get(idx).copied()))?;
                Some((*idx, h))
            })
            .collect();
        KnownHead {
            position: entry.position,
            hash: entry.hash.clone(),
            recorded_at: entry.recorded_at.clone(),
            frontier,
        }
    }
}

impl HeadHint {
    fn get(&self) -> Option<KnownHead> {
        self.kept.lock().ok().and_then(|h| h.clone())
    }

    /// Keeps `head` unless a later one is kept already (two transactions of this process may
    /// end in either order; of two at one position, the last committed).
    fn set(&self, head: KnownHead) {
        if let Ok(mut kept) = self.kept.lock()
            && kept.as_ref().is_none_or(|k| k.position <= head.position)
        {
            *kept = Some(head);
        }
    }
}

impl Store {
    /// How many of this process's appends read the record's head so far: on PostgreSQL, the
    /// others were appended after the head it kept ([`HeadHint`]), with no read.
    pub fn head_reads(&self) -> u64 {
        self.inner
            .head_hint
            .reads
            .load(std::sync::atomic::Ordering::Relaxed)
    }

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
                    head: None,
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
                    head: None,
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
/// PostgreSQL: as [`INSERT_NOTIFY_SQL`], but only if the record's head is the entry at
/// position `$11` whose hash is the new entry's `prev` (`$7`), read by the statement itself,
/// after the transaction took the record's lock; else nothing is inserted and no row is
/// returned. Every part of a `WITH` sees the same snapshot, so the head `ok` reads is the one
/// before this insert.
const INSERT_AFTER_SQL: &str = "WITH ok AS (SELECT 1 FROM \
    (SELECT position, hash FROM record ORDER BY position DESC LIMIT 1) h \
    WHERE h.position = $11 AND h.hash = $7), \
    ins AS (INSERT INTO record (position, recorded_at, actor, kind, scope, payload, prev, hash) \
    SELECT $1, $2, $3, $4, $5, $6, $7, $8 FROM ok RETURNING position), \
    tree AS (INSERT INTO record_tree (idx, hash) \
    SELECT * FROM UNNEST($9::BIGINT[], $10::TEXT[]) WHERE EXISTS (SELECT 1 FROM ok)) \
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

    /// Positions appended so far in this transaction.
    pub fn appended(&self) -> &[i64] {
        &self.appended
    }

    /// Appends an act: seals the entry after the head (time = now, never earlier than the
    /// head's), inserts it and its leaf's stored hashes in the record's tree. On PostgreSQL
    /// also queues `pg_notify('asamblea_record', position)`, delivered at commit.
    ///
    /// On PostgreSQL, one statement when the head is where this transaction or this process
    /// last left it ([`HeadHint`]): the entry, its hashes and the notification, inserted only if
    /// the record's head is still that one; else, or on SQLite, the head is read first, with the
    /// stored hashes the next leaf needs when the guess holds (on SQLite one more statement to
    /// insert the hashes, and one more to read them when another server wrote since).
    pub async fn append(&mut self, act: NewAct) -> Result<Entry, StoreError> {
        // Canonicalize first so a bad payload fails before touching the database.
        let payload = asamblea_record::canonical_json(&act.payload)?;
        let guess = self.head.clone().or_else(|| self.head_hint.get());
        let act = match (&self.conn, guess) {
            (TxConn::Postgres(_), Some(known)) => {
                match self.append_after(act, &payload, known).await? {
                    Ok(entry) => return Ok(entry),
                    Err(act) => act,
                }
            }
            _ => act,
        };
        self.append_read_head(act, &payload).await
    }

    /// PostgreSQL: appends `act` after `known`, if the record's head is still `known`, its
    /// position and hash (one statement, [`INSERT_AFTER_SQL`]); else gives `act` back and
    /// nothing was written. A savepoint rolled back by the caller may have undone this
    /// transaction's earlier append (and the undone entry be kept as the guess), and another
    /// server may have appended since this process last did: the statement's own look at the
    /// head, under the record's lock, tells.
    async fn append_after(
        &mut self,
        act: NewAct,
        payload: &str,
        known: KnownHead,
    ) -> Result<Result<Entry, NewAct>, StoreError> {
        let Some(frontier) = known.frontier else {
            return Ok(Err(act));
        };
        let recorded_at = std::cmp::max(now_rfc3339(), known.recorded_at);
        let entry = Entry::seal(known.position + 1, recorded_at, known.hash, act)?;
        let hashes = self.leaf_hashes(&entry, Some(&frontier)).await?;
        let (idx, hex): (Vec<i64>, Vec<String>) = hashes
            .iter()
            .map(|(i, h)| (*i as i64, hex::encode(h.0)))
            .unzip();
        let TxConn::Postgres(conn) = &mut self.conn else {
            return Ok(Err(unsealed(entry)));
        };
        let inserted = bind_insert(sqlx::query(INSERT_AFTER_SQL), &entry, payload)
            .bind(idx)
            .bind(hex)
            .bind(known.position)
            .execute(&mut **conn)
            .await?
            .rows_affected();
        if inserted != 1 {
            return Ok(Err(unsealed(entry)));
        }
        self.head = Some(KnownHead::after(&entry, Some(&frontier), &hashes));
        self.appended.push(entry.position);
        Ok(Ok(entry))
    }

    /// Appends `act` after the head read now, with the stored hashes the next leaf needs when
    /// the head is where this transaction or this process last left it.
    async fn append_read_head(&mut self, act: NewAct, payload: &str) -> Result<Entry, StoreError> {
        self.head_hint
            .reads
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let guess = self
            .head
            .as_ref()
            .map(|k| k.position)
            .or_else(|| self.head_hint.get().map(|k| k.position));
        // The frontier of the guessed head: the hashes its next leaf needs, and those after.
        let needed = guess
            .map(|p| asamblea_record::tree::frontier_indexes(p as u64))
            .unwrap_or_default();
        let (head, hashes) = if needed.is_empty() {
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
        let guessed = matches!(&head, Some((p, _, _)) if Some(*p) == guess);
        let now = now_rfc3339();
        let (position, prev, recorded_at) = match head {
            None => (1, GENESIS.to_string(), now),
            Some((p, hash, head_time)) => (p + 1, hash, std::cmp::max(now, head_time)),
        };
        // The stored hashes the leaf needs: read with the head if the guess held, else now.
        let earlier = if guessed {
            crate::tree::collect(&needed, hashes)?
        } else {
            let needed = asamblea_record::tree::frontier_indexes((position - 1) as u64);
            self.stored_in_tx(&needed).await?
        };
        let entry = Entry::seal(position, recorded_at, prev, act)?;
        let hashes = self.leaf_hashes(&entry, Some(&earlier)).await?;
        match &mut self.conn {
            TxConn::Sqlite(conn) => {
                bind_insert(sqlx::query(INSERT_SQL), &entry, payload)
                    .execute(&mut **conn)
                    .await?;
                self.insert_hashes(&hashes).await?;
            }
            TxConn::Postgres(conn) => {
                let (idx, hex): (Vec<i64>, Vec<String>) = hashes
                    .iter()
                    .map(|(i, h)| (*i as i64, hex::encode(h.0)))
                    .unzip();
                bind_insert(sqlx::query(INSERT_NOTIFY_SQL), &entry, payload)
                    .bind(idx)
                    .bind(hex)
                    .execute(&mut **conn)
                    .await?;
            }
        }
        self.head = Some(KnownHead::after(&entry, Some(&earlier), &hashes));
        self.appended.push(position);
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
        if let Some(head) = self.head {
            self.head_hint.set(head);
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

/// The act `entry` was sealed from.
fn unsealed(entry: Entry) -> NewAct {
    NewAct {
        actor: entry.actor,
        kind: entry.kind,
        scope: entry.scope,
        payload: entry.payload,
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
