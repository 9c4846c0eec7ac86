//! One file per action, grouped by area. Each takes the store, the actor and a typed input.

pub mod accounts;
// The mandate and calls to action (issue 13).
pub mod calls;
pub mod delegates;
pub mod federation;
pub mod mandate;
pub mod registry;
pub mod sessions;

// Boards of verifiable secret elections (issue 14).
pub mod boards;
// The shared device in the hall (issue 14, task C).
pub mod hall;

pub use accounts::login_sessions::SESSION_DAYS;
// Witnesses of the record (issue 11, task 11).
pub mod witnesses;
