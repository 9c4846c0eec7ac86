//! The `asamblea` binary's integration tests (real processes, real databases).
//! One test binary per crate: each module below was a test binary of its own, and linking
//! the crate's dependencies once instead of once per file keeps builds short.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests and tools speak by panicking

mod board_http;
// The set-up the encrypted boards' tests share (a server, the API, the trustees' ceremony).
mod boards_setup;
mod ceremony_cli;
mod challenge_cli;
mod common;
// Base elections of delegates through an encrypted board, 3 of 5 trustees (issue 14).
mod election_board;
// kill -9 while members vote, both backends (issues 11 and 15).
mod kill_while_voting;
// The load tool on a tiny scenario (issue 15).
mod load_tool;
mod record_cli;
mod record_insider;
mod record_verify_readonly;
mod serve_process;
// Secret session votes through an encrypted board, 3 of 5 trustees (issue 14).
mod session_board;
// Encrypted session votes: approval, weights, a new key ceremony (issue 14).
mod session_board_methods;
// Three servers on one PostgreSQL database, one killed mid-vote (issue 15).
mod three_servers;
mod verify_election;
// Witnesses of the record (issue 11, task 11).
mod witness_cli;
// A witness server the log pushes its checkpoints to (issue 11, task A).
mod witness_serve;
