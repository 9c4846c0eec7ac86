//! The flags that choose the database, shared by `serve` and `record`.

use asamblea_store::KeySource;
use std::path::PathBuf;

#[derive(Debug, Clone, clap::Args)]
pub struct DbArgs {
    /// Directory for the SQLite database and instance files (created on first start).
    #[arg(long, value_name = "DIR", default_value = "./asamblea-data")]
    pub data_dir: PathBuf,
    /// Database URL; a postgres:// URL selects PostgreSQL instead of SQLite in --data-dir.
    #[arg(long, value_name = "URL", env = "ASAMBLEA_DATABASE_URL")]
    pub database: Option<String>,
    /// The instance's signing key file (default: <data dir>/signing.key, created on the first
    /// start of a new database). Never kept in the database; back it up. Several servers on one
    /// PostgreSQL database must each be given the same file.
    #[arg(long, value_name = "FILE", env = "ASAMBLEA_SIGNING_KEY_FILE")]
    pub signing_key: Option<PathBuf>,
}

impl DbArgs {
    /// Where the store takes its signing key from.
    pub fn key_source(&self) -> KeySource {
        match &self.signing_key {
            Some(path) => KeySource::File(path.clone()),
            None => KeySource::DataDir,
        }
    }
}
