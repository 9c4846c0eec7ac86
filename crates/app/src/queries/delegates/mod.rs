//! Queries of the delegates area.
