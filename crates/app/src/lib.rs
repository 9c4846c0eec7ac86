//! The domain of Asamblea: one file per action, each of which validates its input, checks the
//! actor's permission, writes its rows and appends its act in one transaction
//! (`asamblea_store::Tx`), then commits. Queries read tables; they never change state.

pub mod actions;
pub mod actor;
pub mod ballot_writer;
pub mod cast_receipts;
pub mod csv_rows;
pub mod demo;
pub mod domain;
pub mod elections;
pub mod error;
pub(crate) mod group_commit;
pub(crate) mod legacy_receipts;
pub(crate) mod mark_receipts;
pub mod member_ballot_writer;
pub mod queries;
pub mod secrets;
pub mod throttle;
pub mod witness_push;

pub use actor::{Account, Actor, Role};
pub use error::AppError;
