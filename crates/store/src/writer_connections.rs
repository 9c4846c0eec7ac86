//! A ballot writer's own PostgreSQL connections (issue 15).
//!
//! A ballot writer runs on a thread of its own, with a single-threaded runtime
//! (`app/src/group_commit.rs`). Its write transactions on the server's pool went over connections
//! whose sockets the server's main runtime watches: each answer of PostgreSQL woke the writer
//! only once one of the main runtime's workers, busy with hundreds of requests, polled its
//! events, and the writer's task then waited its turn among those requests. Sampled under load
//! (BENCHMARKS.md, "The writer's own connections"), the backend holding the write lock spent most
//! of each batch waiting for the writer's next statement (`idle in transaction`, `ClientRead`),
//! not running one.
//!
//! [`Store::with_own_connections`] gives the writer a handle on the same store whose write
//! transactions use a small pool of connections of its own, opened on the runtime that first
//! uses them: the writer's, whose only task is the writer. Everything else is shared with the
//! server's store: the signing key, the broadcast of committed positions, the process's gate
//! for the write lock (one write transaction of the process at a time waits for it), the logins'
//! epoch. On SQLite the handle is the same store: its writer connection already has a thread of
//! its own.
//!
//! The writer's connections find rows by their keys whatever the planner thinks of a table's
//! size (`enable_seqscan = off`: a sequential scan is taken only where no index serves). Each
//! statement is planned once per connection and its plan kept (sqlx prepares them), and a
//! ballot writer's tables grow by thousands of rows a second in a vote, faster than PostgreSQL
//! analyzes them: the plan of a batch's marks made while `vote_casts` was empty read all of it
//! by a hash join, for every batch until the table was next analyzed (11.5 ms a batch at 55,000
//! marks, against 0.15 ms by its key).
//! Planning each statement anew instead (`plan_cache_mode = force_custom_plan`) cost the
//! set-based inserts about as much as it saved (BENCHMARKS.md). The other way, every statement
//! runs its one generic plan (`plan_cache_mode = force_generic_plan`, as `enable_seqscan = off`
//! keeps it finding rows by key): by default PostgreSQL went on planning some statements for
//! their parameters at each run (a sample of the writer's backend: 8% of its time planning),
//! and batches took 5–15% longer (BENCHMARKS.md, eleventh session).

use std::sync::Arc;

use crate::{Db, Inner, Store};

impl Store {
    /// This store, with write transactions (and reads through [`Store::pools`]) on at most
    /// `connections` PostgreSQL connections of its own, opened when first used, on the runtime
    /// that uses them; call it on the runtime that will use the handle (its pool's upkeep runs
    /// there). On SQLite, a clone of this store.
    pub fn with_own_connections(&self, connections: u32) -> Store {
        let Db::Postgres { pool, write_gate } = &self.inner.db else {
            return self.clone();
        };
        // Rows found by key, even by a plan made while their table was young, and each
        // statement planned once (see above).
        let options = (*pool.connect_options()).clone().options([
            ("enable_seqscan", "off"),
            ("plan_cache_mode", "force_generic_plan"),
        ]);
        let own = crate::postgres::pool_options(connections.max(1)).connect_lazy_with(options);
        Store {
            inner: Arc::new(Inner {
                db: Db::Postgres {
                    pool: own,
                    write_gate: write_gate.clone(),
                },
                key: self.inner.key.clone(),
                public_key: self.inner.public_key.clone(),
                notify: self.inner.notify.clone(),
                signed: self.inner.signed.clone(),
                // The listener of notifications stays with the server's store.
                listener: None,
                logins: self.inner.logins.clone(),
                head_hint: self.inner.head_hint.clone(),
                checkpoint_notes: self.inner.checkpoint_notes,
            }),
        }
    }
}
