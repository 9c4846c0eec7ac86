//! The demo: the federation of the People's Assembly of 1971 (`load_demo`, data in
//! `crates/app/demo/`) and its story (`load_demo_story`), told by `asamblea serve --demo`
//! through the same actions the HTTP API calls; then its federation chapter
//! (`load_demo_federation`: the departmental assemblies of Oruro and La Paz).

pub mod load_demo;
pub mod load_demo_federation;
pub mod load_demo_story;
// The mandate and calls to action (issue 13).
pub mod load_mandate_story;
