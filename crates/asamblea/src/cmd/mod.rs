//! One module per subcommand.

pub mod db_args;
pub mod record;
pub mod serve;
