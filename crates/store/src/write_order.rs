//! Forgetting (part of) the order in which secret ballots were written.
//!
//! This does **not** keep a ballot secret from whoever holds the database files (issue 14; the
//! attacks are tried in `crates/app/tests/it/linking_attacks.rs`, which link 40 of 40 ballots on
//! both backends after the close). SQLite's `WITHOUT ROWID` tables are in key order only
//! logically: inside each B-tree page the cells lie in the order they were written, and the WAL
//! holds each commit's pages. PostgreSQL's heap keeps rows roughly where they were written; when a
//! vote closes, [`Store::forget_write_order`] rewrites the ballot box and the list of who has voted
//! in key order (`CLUSTER`: a new file, the old one removed), which removes the physical order but
//! keeps each row's `xmin`, and a ballot and its voter's mark share the transaction that wrote
//! them. The write-ahead log holds the order too until it is recycled.

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
    /// Each table with the index of its primary key (the order it is rewritten in).
    fn tables(self) -> [(&'static str, &'static str); 2] {
        match self {
            SecretTables::Elections => [
                ("ballots", "ballots_pkey"),
                ("election_voters", "election_voters_pkey"),
            ],
            SecretTables::SessionVotes => [
                ("secret_ballots", "secret_ballots_pkey"),
                ("vote_casts", "vote_casts_pkey"),
            ],
        }
    }
}

impl Store {
    /// Rewrites `which` tables in key order on PostgreSQL (nothing to do on SQLite). Each table
    /// is rewritten in its own short transaction that waits at most five seconds for its lock.
    pub async fn forget_write_order(&self, which: SecretTables) -> Result<(), StoreError> {
        let Db::Postgres { pool, .. } = &self.inner.db else {
            return Ok(());
        };
        for (table, index) in which.tables() {
            let mut tx = pool.begin().await?;
            sqlx::query("SET LOCAL lock_timeout = '5s'")
                .execute(&mut *tx)
                .await?;
            // Names from the fixed list above, never from input.
            sqlx::query(&format!("CLUSTER {table} USING {index}"))
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
        }
        Ok(())
    }
}
