//! The PDF renderer's integration tests (documents read back with lopdf).
//! One test binary per crate: each module below was a test binary of its own, and linking
//! the crate's dependencies once instead of once per file keeps builds short.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests and tools speak by panicking

mod common;
mod fonts;
mod props;
mod render;
