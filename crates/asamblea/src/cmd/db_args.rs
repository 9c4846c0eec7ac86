//! The flags that choose the database, shared by `serve` and `record`.

use std::path::PathBuf;

#[derive(Debug, Clone, clap::Args)]
pub struct DbArgs {
    /// Directory for the SQLite database and instance files (created on first start).
    #[arg(long, value_name = "DIR", default_value = "./asamblea-data")]
    pub data_dir: PathBuf,
    /// Database URL; a postgres:// URL selects PostgreSQL instead of SQLite in --data-dir.
    #[arg(long, value_name = "URL", env = "ASAMBLEA_DATABASE_URL")]
    pub database: Option<String>,
}
