//! The store's integration tests on real SQLite files and PostgreSQL.
//! One test binary per crate: each module below was a test binary of its own, and linking
//! the crate's dependencies once instead of once per file keeps builds short.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests and tools speak by panicking

mod checkpointer;
mod conformance;
mod durability;
mod record_tree;
mod schema_parity;
mod signing_key_file;
