//! The `asamblea apportion` and `asamblea count` subcommands. The binary flattens
//! [`ApportionArgs`] and [`CountArgs`] into its CLI and calls [`run_apportion`] / [`run_count`],
//! which return the process exit code (0 ok, 2 bad input or usage).

mod apportion;
mod count;
mod progress;

pub use apportion::{ApportionArgs, run_apportion};
pub use count::{CountArgs, run_count};
