//! Reads of the tables that serve pages and the API. Nothing here changes state.

pub mod accounts;
pub mod assemblies;
pub mod delegates;
pub mod federation;
pub mod registry;
pub mod seats;
pub mod sessions;
