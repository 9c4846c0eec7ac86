//! The demo: the federation of the People's Assembly of 1971 (`load_demo`, data in
//! `crates/app/demo/`) and its story (`load_demo_story`), told by `asamblea serve --demo`
//! through the same actions the HTTP API calls.

pub mod load_demo;
pub mod load_demo_story;
// The mandate and calls to action (issue 13).
pub mod load_mandate_story;
