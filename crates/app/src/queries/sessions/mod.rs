//! Queries of the sessions area.

pub mod speaker_order;
pub mod view;
