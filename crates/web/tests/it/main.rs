//! The web crate through the real HTTP server on loopback, over SQLite and PostgreSQL.
//! One test binary per crate: each module below was a test binary of its own, and linking
//! the crate's dependencies once instead of once per file keeps builds short.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests and tools speak by panicking

mod authz_matrix;
mod common;
// A ballot is answered once its commit is synced (issue 15).
mod http_answered_once_durable;
mod http_ballots;
// Members' ballots cast at once, written in groups (issue 15).
mod http_ballots_together;
// Statements per ballot, alone and in a batch (issue 15).
mod http_boards;
// A server that does not know yet that an election through a board is in voting (issue 15).
mod http_board_election_behind;
mod http_bounds;
mod http_cards;
mod http_cast_receipts;
mod http_delegates;
mod http_demo_story;
mod http_extract;
mod http_federation;
mod http_foundation;
mod http_hall;
mod http_hall2;
// Issue 14, task C: the hall's shared device; challenged ballots.
mod http_hall_device;
mod http_round_trips;
// Registers of 200,000 members; bodies over their limit (issue 15).
mod http_large_import;
mod http_long_text;
// The mandate and calls to action (issue 13).
mod http_election_fixes;
mod http_mandate;
mod http_minutes_pdf;
mod http_openapi_registry;
mod http_outage;
mod http_record_head;
mod http_record_log;
mod http_record_tiles;
mod http_registry;
mod http_security;
mod http_sessions;
// Issue 14: the linking attacks on a secret vote of a session.
mod linking_attacks;
mod openapi_closed_fields;
mod record_page;
// Issue 10, task 10b: the hall's forms.
mod http_hall_forms;
// Witnesses of the record (issue 11, task 11).
mod http_record_witness;
mod http_slow_clients;
// What the sessions' ballot writer keeps between batches (issue 15).
mod http_writer_keeps;
