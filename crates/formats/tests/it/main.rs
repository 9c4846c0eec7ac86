//! The parsers' integration tests.
//! One test binary per crate: each module below was a test binary of its own, and linking
//! the crate's dependencies once instead of once per file keeps builds short.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests and tools speak by panicking

mod ballots_never_panic;
mod ballots_parse;
mod seats_never_panics;
mod seats_parse;
mod sheet_reads;
