//! Queries of the delegates area: elections and their published results, delegates and their
//! public history, presence and quorum. Nothing here tells who voted what.

#[allow(clippy::module_inception)]
pub mod delegates;
pub mod elections;
pub mod offices;
pub mod presence;
pub mod quorum_base;
