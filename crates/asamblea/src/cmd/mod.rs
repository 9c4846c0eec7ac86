//! One module per subcommand.

pub mod db_args;
// Verifiable secret ballots (issue 14)
pub mod audit;
pub mod board;
pub mod ceremony;
pub mod election;
pub mod record;
pub mod serve;
// Witnesses of the record (issue 11, task 11).
pub mod witness;
pub mod witness_serve;

/// Logs to stderr; `RUST_LOG` overrides the default level.
pub fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn,tower_http=warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}
