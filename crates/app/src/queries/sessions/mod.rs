//! Queries of the sessions area.
