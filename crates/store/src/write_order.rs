//! Forgetting the order in which secret ballots were written.
//!
//! SQLite keeps the ballot boxes and the lists of who has voted in `WITHOUT ROWID` tables, stored
//! in key order (a random key for ballots), so the files never hold the order of voting.
//! PostgreSQL's heap keeps rows where they were written, roughly in insertion order, so while a
//! vote is open someone with raw access to the database files could try to line up the `n`-th
//! ballot with the `n`-th voter. When a vote closes, [`Store::forget_write_order`] rewrites both
//! tables in key order (`CLUSTER`: a new file, the old one removed), so from then on the tables
//! hold no trace of that order. PostgreSQL's write-ahead log still holds it until it is recycled.

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
