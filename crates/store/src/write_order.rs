//! Forgetting (part of) the order in which secret ballots were written.
//!
//! This does **not** keep a ballot secret from whoever holds the database files while a vote is
//! open, or a backup taken then (issue 14; the attacks are tried in
//! `crates/app/tests/it/linking_attacks.rs` and `crates/web/tests/it/linking_attacks.rs`, which
//! report the share they link). A ballot and its voter's mark are written by one transaction, so
//! they are durable together; the ballot writers shuffle a batch's ballots, so while a vote is
//! open the raw files link a ballot only to its batch (a lone ballot is a batch of one).
//!
//! When a vote closes, [`Store::forget_write_order`] rewrites the ballot boxes and the lists of
//! who has voted. SQLite's `WITHOUT ROWID` tables are in key order only logically: inside each
//! B-tree page the cells lie in the order they were written, and the WAL holds each commit's
//! pages. So on SQLite the tables are emptied (with `secure_delete`, so the freed pages are
//! zeroed) and filled again in key order in one transaction, and then the WAL is checkpointed
//! and truncated, which drops the frames written while the vote was open. PostgreSQL's heap
//! keeps rows roughly where they were written and every row carries `xmin` (a ballot and its
//! voter's mark were written by one transaction, so their `xmin` paired them): every row of
//! each table gets a new `xmin`, then each table is rewritten in key order (`CLUSTER`: a new
//! file, the old one removed). PostgreSQL's write-ahead log holds the order until it is recycled.

use crate::error::StoreError;
use crate::{Db, Store};

/// The tables of one kind of secret vote: its ballot box and its list of who has voted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretTables {
    /// Delegate elections and recall votes of the members (`ballots`, `election_voters`).
    Elections,
    /// Secret votes of a session (`secret_ballots`, `vote_casts`).
    SessionVotes,
}

impl SecretTables {
    /// Each table with the index of its primary key (the order it is rewritten in) and a column
    /// rewritten to itself (to give every row a new `xmin`).
    fn tables(self) -> [(&'static str, &'static str, &'static str); 2] {
        match self {
            SecretTables::Elections => [
                ("ballots", "ballots_pkey", "election_id"),
                ("election_voters", "election_voters_pkey", "election_id"),
            ],
            SecretTables::SessionVotes => [
                ("secret_ballots", "secret_ballots_pkey", "vote_id"),
                ("vote_casts", "vote_casts_pkey", "vote_id"),
            ],
        }
    }
}

impl SecretTables {
    /// The primary key of a table on SQLite (its order on disk after the rewrite).
    fn sqlite_key(self, table: &str) -> &'static str {
        match table {
            "ballots" => "id",
            "election_voters" => "election_id, member_id",
            "secret_ballots" => "vote_id, ballot_id",
            _ => "vote_id, delegate_id",
        }
    }
}

impl Store {
    /// On SQLite: see [`sqlite_rewrite`]. On PostgreSQL: first rewrites every row of `which` tables in one
    /// transaction per table, so that all of a table's rows carry that transaction's id as `xmin`
    /// and `xmin` no longer pairs a ballot with its voter's mark; then rewrites each table in key
    /// order (`CLUSTER`), which also drops the old row versions. Each step is a short transaction
    /// that waits at most five seconds for its lock. The write-ahead log still holds the old rows
    /// until it is recycled.
    pub async fn forget_write_order(&self, which: SecretTables) -> Result<(), StoreError> {
        let pool = match &self.inner.db {
            Db::Postgres { pool, .. } => pool,
            Db::Sqlite { writer, .. } => return sqlite_rewrite(writer, which).await,
        };
        // Names from the fixed list above, never from input.
        let rewrites = which
            .tables()
            .map(|(t, _, c)| format!("UPDATE {t} SET {c} = {c}"));
        let clusters = which
            .tables()
            .map(|(t, i, _)| format!("CLUSTER {t} USING {i}"));
        for statement in rewrites.iter().chain(&clusters) {
            let mut tx = pool.begin().await?;
            sqlx::query("SET LOCAL lock_timeout = '5s'")
                .execute(&mut *tx)
                .await?;
            sqlx::query(statement).execute(&mut *tx).await?;
            tx.commit().await?;
        }
        Ok(())
    }
}

/// SQLite: empties `which` tables and fills them again in key order, in one write transaction
/// on the writer connection (so no other write runs meanwhile), with `secure_delete` on so the
/// freed pages are zeroed; each page then holds its cells in key order. Then checkpoints the
/// WAL and truncates it (`wal_checkpoint(TRUNCATE)`), dropping the frames that held each
/// commit's pages in the order of voting; a reader that still holds an old snapshot makes the
/// checkpoint stop short (said in the log; the next close tries again).
async fn sqlite_rewrite(writer: &sqlx::SqlitePool, which: SecretTables) -> Result<(), StoreError> {
    let mut c = writer.acquire().await?;
    sqlx::query("PRAGMA secure_delete = ON")
        .execute(&mut *c)
        .await?;
    sqlx::query("BEGIN IMMEDIATE").execute(&mut *c).await?;
    let mut rewrite = async || -> Result<(), sqlx::Error> {
        for (table, _, _) in which.tables() {
            let key = which.sqlite_key(table);
            // Names from the fixed list of `SecretTables`, never from input.
            for statement in [
                format!("CREATE TEMP TABLE forget_order AS SELECT * FROM {table}"),
                format!("DELETE FROM {table}"),
                format!("INSERT INTO {table} SELECT * FROM forget_order ORDER BY {key}"),
                "DROP TABLE temp.forget_order".to_string(),
            ] {
                sqlx::query(&statement).execute(&mut *c).await?;
            }
        }
        sqlx::query("COMMIT").execute(&mut *c).await?;
        Ok(())
    };
    let done = rewrite().await;
    if done.is_err() {
        let _ = sqlx::query("ROLLBACK").execute(&mut *c).await;
    }
    sqlx::query("PRAGMA secure_delete = OFF")
        .execute(&mut *c)
        .await?;
    done?;
    let (busy, _, _): (i64, i64, i64) = sqlx::query_as("PRAGMA wal_checkpoint(TRUNCATE)")
        .fetch_one(&mut *c)
        .await?;
    if busy != 0 {
        tracing::warn!("the WAL could not be truncated after a close: a reader holds it");
    }
    Ok(())
}
