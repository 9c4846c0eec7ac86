//! A write transaction on PostgreSQL, begun with the record's advisory lock in one round trip.
//!
//! sqlx's own transaction sends `BEGIN` and waits for its answer, so taking the lock after it
//! cost a second round trip for every write transaction. Here `BEGIN; SELECT
//! pg_advisory_xact_lock(…)` go as one simple query (issue 15, BENCHMARKS.md "One round trip
//! fewer": a ballot writer's `begin` went 49–61 → 25–30 µs per ballot with the ping below it
//! gone too, though under a full round a batch took as long as before: its statements wait for
//! the CPU more than for the messages).
//!
//! sqlx's transaction also rolls back when it is dropped; this one does the same on a task of
//! its own before the connection goes back to the pool (or closes the connection, which
//! PostgreSQL rolls back), so a connection never returns to the pool inside a transaction or
//! holding the lock. There are no nested transactions (savepoints) on it.

use sqlx::pool::PoolConnection;
use sqlx::{PgConnection, PgPool, Postgres};

use crate::tx::ADVISORY_LOCK_KEY;

/// `BEGIN` and the lock, one simple query.
static BEGIN_LOCKED: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!("BEGIN; SELECT pg_advisory_xact_lock({ADVISORY_LOCK_KEY})")
});

/// Sends `sql` as one simple query (sqlx sends a text with no arguments so; several statements
/// are allowed) and waits for its end.
async fn simple(conn: &mut PgConnection, sql: &'static str) -> Result<(), sqlx::Error> {
    sqlx::Executor::execute(conn, sql).await.map(|_| ())
}

/// An open write transaction on a pooled connection, holding the record's advisory lock.
/// Derefs to the connection, for domain SQL (`&mut **conn` in [`crate::on_tx!`]).
pub struct PgTx {
    /// Taken only when the transaction ends ([`PgTx::commit`], [`PgTx::rollback`], drop).
    conn: Option<PoolConnection<Postgres>>,
}

impl PgTx {
    /// Takes a connection from `pool`, begins a transaction and waits for the record's
    /// advisory lock, in one round trip.
    ///
    /// The connection is inside the `PgTx` before anything is sent: if this future is dropped
    /// midway (a request whose client went away, waiting for the lock), the drop rolls back
    /// once the lock is granted, and the connection never returns to the pool holding it.
    pub(crate) async fn begin(pool: &PgPool) -> Result<PgTx, sqlx::Error> {
        let mut tx = PgTx {
            conn: Some(pool.acquire().await?),
        };
        if let Err(e) = simple(&mut tx, BEGIN_LOCKED.as_str()).await {
            // The lock failed after BEGIN (a timeout, a cancel) or the link did: the connection
            // may be in a failed transaction, which no one would end. Closed, it cannot return.
            tx.close();
            return Err(e);
        }
        Ok(tx)
    }

    /// Commits (the lock is released with it).
    pub(crate) async fn commit(mut self) -> Result<(), sqlx::Error> {
        self.end("COMMIT").await
    }

    /// Rolls back (the lock is released with it).
    pub(crate) async fn rollback(mut self) -> Result<(), sqlx::Error> {
        self.end("ROLLBACK").await
    }

    /// Sends `sql` (`COMMIT` or `ROLLBACK`) with the connection still inside, so that a drop
    /// midway rolls back; the connection goes back to the pool only once it answered.
    async fn end(&mut self, sql: &'static str) -> Result<(), sqlx::Error> {
        let ended = simple(self, sql).await;
        match ended {
            Ok(()) => drop(self.conn.take()),
            // Whether the transaction ended is unknown: the connection does not go back.
            Err(_) => self.close(),
        }
        ended
    }

    /// Ends with the connection closed (PostgreSQL rolls back what it had open).
    fn close(&mut self) {
        if let Some(mut conn) = self.conn.take() {
            conn.close_on_drop();
        }
    }
}

impl std::ops::Deref for PgTx {
    type Target = PgConnection;

    fn deref(&self) -> &PgConnection {
        match &self.conn {
            Some(c) => c,
            None => unreachable!("a PgTx's connection is taken only as the transaction ends"),
        }
    }
}

impl std::ops::DerefMut for PgTx {
    fn deref_mut(&mut self) -> &mut PgConnection {
        match &mut self.conn {
            Some(c) => c,
            None => unreachable!("a PgTx's connection is taken only as the transaction ends"),
        }
    }
}

impl Drop for PgTx {
    /// Not committed: rolled back on a task before the connection goes back to the pool;
    /// with no runtime to run it, the connection is closed instead.
    fn drop(&mut self) {
        let Some(mut conn) = self.conn.take() else {
            return;
        };
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => {
                runtime.spawn(async move {
                    if simple(&mut conn, "ROLLBACK").await.is_err() {
                        conn.close_on_drop();
                    }
                });
            }
            Err(_) => conn.close_on_drop(),
        }
    }
}
