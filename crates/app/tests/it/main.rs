//! The app's actions called directly (no HTTP), on SQLite and on PostgreSQL: what they write,
//! what they refuse, and that a refusal changes nothing.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests speak by panicking

mod actions;
mod linking_attacks;
mod login_and_the_writer;
mod setup_link;
// What the pusher of checkpoints to witnesses reads (issue 11, task A).
mod witness_push;
