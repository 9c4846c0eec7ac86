//! `asamblea record verify|export`.

use super::db_args::DbArgs;

#[derive(Debug, clap::Subcommand)]
pub enum RecordCommand {
    /// Recompute the hash chain; exit 0 if intact, 1 naming the first bad position.
    Verify {
        #[command(flatten)]
        db: DbArgs,
        /// Verify an exported file (JSON lines) offline instead of the database.
        #[arg(long, value_name = "FILE")]
        file: Option<std::path::PathBuf>,
    },
    /// Write the record as JSON lines, ending with a signed checkpoint.
    Export {
        #[command(flatten)]
        db: DbArgs,
        /// Output file (default: standard output).
        #[arg(long, short, value_name = "FILE")]
        output: Option<std::path::PathBuf>,
    },
}

pub fn run(_cmd: RecordCommand) -> i32 {
    eprintln!("asamblea: record: not yet implemented");
    2
}
