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
//! pages. PostgreSQL's heap keeps rows roughly where they were written and every row carries
//! `xmin` (a ballot and its voter's mark were written by one transaction, so their `xmin` paired
//! them). So, on both backends, the closed vote's rows (only that vote's: the cost follows the
//! vote's size, not every ballot ever cast) are copied aside, deleted, and written again in key
//! order, in one transaction: on SQLite with `secure_delete` (the freed cells are zeroed) and then
//! the WAL is checkpointed and truncated, which drops the frames written while the vote was open;
//! on PostgreSQL every rewritten row carries the one `xmin` of that transaction, and a `VACUUM`
//! afterwards prunes the old row versions. PostgreSQL's write-ahead log holds the order until it
//! is recycled.

use crate::error::StoreError;
use crate::{Db, Store};

/// The tables of one kind of secret vote: its ballot box and its list of who has voted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretTables {
    /// A delegate election or recall vote of the members (`ballots`, `election_voters`), by the
    /// election's id.
    Election(i64),
    /// A secret vote of a session (`secret_ballots`, `vote_casts`), by the vote's id.
    SessionVote(i64),
}

impl SecretTables {
    /// Each table, the column naming the vote, and the table's primary key (the order the rows
    /// are written again in). Names from this fixed list, never from input.
    fn tables(self) -> [(&'static str, &'static str, &'static str); 2] {
        match self {
            SecretTables::Election(_) => [
                ("ballots", "election_id", "election_id, choices, id"),
                ("election_voters", "election_id", "election_id, member_id"),
            ],
            SecretTables::SessionVote(_) => [
                ("secret_ballots", "vote_id", "vote_id, choice, ballot_id"),
                ("vote_casts", "vote_id", "vote_id, delegate_id"),
            ],
        }
    }

    fn id(self) -> i64 {
        match self {
            SecretTables::Election(id) | SecretTables::SessionVote(id) => id,
        }
    }
}

impl Store {
    /// Writes the closed vote's rows of `which` again in key order, in one transaction (see the
    /// module's comment): on SQLite on the writer connection with `secure_delete`, then the WAL is
    /// truncated; on PostgreSQL waiting at most five seconds for its locks, then a `VACUUM` of
    /// the two tables prunes the old row versions (best effort: a failure there is logged).
    pub async fn forget_write_order(&self, which: SecretTables) -> Result<(), StoreError> {
        match &self.inner.db {
            Db::Sqlite { writer, .. } => {
                sqlite_rewrite(writer, which).await?;
                self.durable().await
            }
            Db::Postgres { pool, .. } => postgres_rewrite(pool, which).await,
        }
    }
}

/// The statements that write one table's rows of the vote again in key order: copy aside,
/// delete, insert in key order, drop the copy. `$1` is the vote's id.
fn rewrite_statements(table: &str, column: &str, key: &str, postgres: bool) -> [String; 4] {
    let copy = if postgres {
        format!(
            "CREATE TEMP TABLE forget_order ON COMMIT DROP AS SELECT * FROM {table} WHERE false"
        )
    } else {
        format!("CREATE TEMP TABLE forget_order AS SELECT * FROM {table} WHERE 0")
    };
    [
        copy,
        format!("INSERT INTO forget_order SELECT * FROM {table} WHERE {column} = $1"),
        format!("DELETE FROM {table} WHERE {column} = $1"),
        format!("INSERT INTO {table} SELECT * FROM forget_order ORDER BY {key}"),
    ]
}

async fn postgres_rewrite(pool: &sqlx::PgPool, which: SecretTables) -> Result<(), StoreError> {
    let mut tx = pool.begin().await?;
    sqlx::query("SET LOCAL lock_timeout = '5s'")
        .execute(&mut *tx)
        .await?;
    for (table, column, key) in which.tables() {
        for statement in rewrite_statements(table, column, key, true) {
            let query = sqlx::query(&statement);
            // Only the copy and the delete name the vote.
            let query = if statement.contains("$1") {
                query.bind(which.id())
            } else {
                query
            };
            query.execute(&mut *tx).await?;
        }
        sqlx::query("DROP TABLE forget_order")
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    for (table, _, _) in which.tables() {
        if let Err(err) = sqlx::query(&format!("VACUUM {table}")).execute(pool).await {
            tracing::warn!(%err, table, "VACUUM after a close failed; autovacuum will prune later");
        }
    }
    Ok(())
}

/// SQLite: in one write transaction on the writer connection (so no other write runs
/// meanwhile), with `secure_delete` on so the freed cells are zeroed, the vote's rows are written
/// again in key order; each page then holds them in key order. Then checkpoints the WAL and
/// truncates it (`wal_checkpoint(TRUNCATE)`), dropping the frames that held each commit's pages
/// in the order of voting; a reader that still holds an old snapshot makes the checkpoint stop
/// short (said in the log; the next close tries again).
async fn sqlite_rewrite(writer: &sqlx::SqlitePool, which: SecretTables) -> Result<(), StoreError> {
    let mut c = writer.acquire().await?;
    sqlx::query("PRAGMA secure_delete = ON")
        .execute(&mut *c)
        .await?;
    sqlx::query("BEGIN IMMEDIATE").execute(&mut *c).await?;
    let mut rewrite = async || -> Result<(), sqlx::Error> {
        for (table, column, key) in which.tables() {
            for statement in rewrite_statements(table, column, key, false) {
                let query = sqlx::query(&statement);
                // Only the copy and the delete name the vote.
                let query = if statement.contains("$1") {
                    query.bind(which.id())
                } else {
                    query
                };
                query.execute(&mut *c).await?;
            }
            sqlx::query("DROP TABLE temp.forget_order")
                .execute(&mut *c)
                .await?;
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
