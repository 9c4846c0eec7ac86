//! Queries of the sessions area: what the pages, the projector, the API and the minutes read
//! (`view`), and what the reader may do in an assembly (`standing`).

pub mod mine;
pub mod standing;
pub mod view;

pub use standing::{Standing, standing};
