//! `asamblea serve`.

use super::db_args::DbArgs;

#[derive(Debug, Clone, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    pub listen: String,
    #[command(flatten)]
    pub db: DbArgs,
    /// Load the demo federation (the People's Assembly of 1971) if it is not there yet.
    #[arg(long)]
    pub demo: bool,
}

pub fn run(_args: ServeArgs) -> i32 {
    eprintln!("asamblea: serve: not yet implemented");
    2
}
