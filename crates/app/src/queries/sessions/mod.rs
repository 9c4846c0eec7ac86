//! Queries of the sessions area.

pub mod speaker_order;
