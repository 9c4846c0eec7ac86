//! The `apportion` and `count` subcommands end to end, and counts against published results.
//! One test binary per crate: each module below was a test binary of its own, and linking
//! the crate's dependencies once instead of once per file keeps builds short.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests and tools speak by panicking

mod apportion_cli;
mod common;
mod count_cli;
mod count_official_sheets;
mod count_prf_reference;
mod count_real_data;
