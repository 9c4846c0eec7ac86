//! The rules of Asamblea, as pure functions: no IO, no clock, no randomness that is not seeded.
//!
//! - [`apportion`]: seats from votes or members (divisor and largest-remainder methods, two tiers).
//! - [`count`]: ballot counting (plurality, approval, two-round, IRV, STV variants, Schulze).
//! - [`hemicycle`]: the seat drawing (SVG text).
//! - [`procedure`]: quorum and majorities.
//! - [`speakers`]: the order of a speakers' list and its quotas.
//! - [`amendments`]: numbered paragraphs and the merge of adopted amendments into a final text.
//! - [`trigger`], [`weighting`], [`tilemap`]: the mandate and calls to action (k-of-n firing
//!   window, weights of the organizations' rankings, the departments' tile map).

pub mod amendments;
pub mod apportion;
pub mod count;
pub mod hemicycle;
pub mod procedure;
pub mod speakers;
pub mod tilemap;
pub mod trigger;
pub mod weighting;
pub mod weights;
