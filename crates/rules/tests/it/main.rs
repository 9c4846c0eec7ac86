//! The rules' integration tests: worked examples and properties.
//! One test binary per crate: each module below was a test binary of its own, and linking
//! the crate's dependencies once instead of once per file keeps builds short.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests and tools speak by panicking

mod apportion_examples;
mod apportion_history;
mod apportion_props;
mod apportion_two_tier;
mod count_examples;
mod count_properties;
