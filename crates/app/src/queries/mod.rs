//! Reads of the tables that serve pages and the API. Nothing here changes state.

pub mod accounts;
// Boards of verifiable secret elections (issue 14).
pub mod assemblies;
pub mod boards;
// The mandate and calls to action (issue 13).
pub mod calls;
pub mod delegates;
pub mod federation;
pub mod mandate;
pub mod registry;
pub mod seats;
pub mod sessions;
// Witnesses of the record (issue 11, task 11).
pub mod witnesses;
