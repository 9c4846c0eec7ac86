//! The SQLite backend: one writer connection, a read pool, WAL and `synchronous=FULL`.

use crate::Db;
use crate::error::StoreError;
use crate::open::{SQLITE_MIGRATOR, check_known, migrate_error};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::path::Path;
use std::time::Duration;

/// How long a connection waits on a lock held by another process before failing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);
/// Read connections (the host has few cores; reads are short).
const READERS: u32 = 4;

/// Opens the database file at `path` (creating it), migrates it and returns the pools.
pub(crate) async fn open(path: &Path) -> Result<Db, StoreError> {
    let open_err = |source| StoreError::OpenSqlite {
        path: path.to_path_buf(),
        source,
    };
    let base = SqliteConnectOptions::new()
        .filename(path)
        .foreign_keys(true)
        .busy_timeout(BUSY_TIMEOUT)
        .synchronous(SqliteSynchronous::Full);
    let writer = SqlitePoolOptions::new()
        .max_connections(1)
        .min_connections(1)
        .idle_timeout(None)
        .max_lifetime(None)
        .connect_with(
            base.clone()
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal),
        )
        .await
        .map_err(open_err)?;

    let with_path = |e: StoreError| match e {
        StoreError::Db(source) => open_err(source),
        other => other,
    };
    if let Err(first) = migrate(&writer).await {
        // sqlx takes no lock for SQLite migrations: if another process was migrating the same
        // file at the same moment, our attempt failed on its work; look again once.
        if !matches!(first, StoreError::Migrate(_)) {
            return Err(with_path(first));
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
        migrate(&writer).await.map_err(with_path)?;
    }

    let reader = SqlitePoolOptions::new()
        .max_connections(READERS)
        .connect_with(base.pragma("query_only", "ON"))
        .await
        .map_err(open_err)?;
    Ok(Db::Sqlite { writer, reader })
}

/// Refuses newer schemas, then applies pending migrations.
async fn migrate(writer: &sqlx::SqlitePool) -> Result<(), StoreError> {
    let applied: Vec<i64> = if has_migrations_table(writer).await? {
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations")
            .fetch_all(writer)
            .await?
    } else {
        Vec::new()
    };
    check_known(&SQLITE_MIGRATOR, &applied)?;
    SQLITE_MIGRATOR.run(writer).await.map_err(migrate_error)
}

async fn has_migrations_table(pool: &sqlx::SqlitePool) -> Result<bool, StoreError> {
    let n: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
    )
    .fetch_one(pool)
    .await?;
    Ok(n > 0)
}
