//! Forgetting (part of) the order in which secret ballots were written.
//!
//! This does **not** keep a ballot secret from whoever holds the database files (issue 14; the
//! attacks are tried in `crates/app/tests/it/linking_attacks.rs`, which link 40 of 40 ballots on
//! both backends after the close). SQLite's `WITHOUT ROWID` tables are in key order only
//! logically: inside each B-tree page the cells lie in the order they were written, and the WAL
//! holds each commit's pages. PostgreSQL's heap keeps rows roughly where they were written; when a
//! vote closes, [`Store::forget_write_order`] rewrites the ballot box and the list of who has voted
//! in key order (`CLUSTER`: a new file, the old one removed) after giving every row of each table
//! a new `xmin` (a ballot and its voter's mark were written by one transaction, so their `xmin`
//! paired them: issue 14). The write-ahead log holds the order too until it is recycled.

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

impl Store {
    /// On PostgreSQL (nothing to do on SQLite): first rewrites every row of `which` tables in one
    /// transaction per table, so that all of a table's rows carry that transaction's id as `xmin`
    /// and `xmin` no longer pairs a ballot with its voter's mark; then rewrites each table in key
    /// order (`CLUSTER`), which also drops the old row versions. Each step is a short transaction
    /// that waits at most five seconds for its lock. The write-ahead log still holds the old rows
    /// until it is recycled.
    pub async fn forget_write_order(&self, which: SecretTables) -> Result<(), StoreError> {
        let Db::Postgres { pool, .. } = &self.inner.db else {
            return Ok(());
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
