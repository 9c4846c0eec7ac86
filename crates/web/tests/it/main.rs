//! The web crate through the real HTTP server on loopback, over SQLite and PostgreSQL.
//! One test binary per crate: each module below was a test binary of its own, and linking
//! the crate's dependencies once instead of once per file keeps builds short.

mod authz_matrix;
mod common;
mod http_delegates;
mod http_demo_story;
mod http_foundation;
mod http_minutes_pdf;
mod http_openapi_registry;
mod http_record_head;
mod http_record_log;
mod http_registry;
mod http_security;
mod http_sessions;
