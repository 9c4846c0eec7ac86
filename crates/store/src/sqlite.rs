//! The SQLite backend: one writer connection, a read pool, WAL (synced apart from the commit,
//! `wal_sync.rs`), and a connection of its own that checkpoints the WAL.

use crate::Db;
use crate::error::StoreError;
use crate::open::{SQLITE_MIGRATOR, check_known, migrate_error};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::path::Path;
use std::time::Duration;
use tokio::task::JoinHandle;

/// How long a connection waits on a lock held by another process before failing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);
/// Read connections (the host has few cores; reads are short).
const READERS: u32 = 4;
/// The writer connection's page cache: 64 MiB (a negative `cache_size` is in KiB), used only as
/// pages are read.
const WRITER_CACHE: &str = "-65536";
/// How often the WAL checkpointer copies the WAL's pages into the database file.
const WAL_CHECKPOINT_EVERY: Duration = Duration::from_millis(250);

/// The writer's own checkpoints, a backstop: only past 40,000 pages of WAL (160 MiB; SQLite's
/// default is 1,000). Under a hall's load a ballot dirties two to four pages in a large database,
/// some 20,000–30,000 WAL pages a second, more than the checkpointer copies between two of its
/// turns; at 10,000 the writer reached the backstop about twice a second, and each of its
/// commits past it copied and synced the database file itself (issue 15: a session ballot's
/// commit 58–73 → 40–53 µs, BENCHMARKS.md "The writer's checkpoints only past 40,000 pages").
/// The WAL file keeps the largest size it reached, and is written again from its start.
const WRITER_AUTOCHECKPOINT: &str = "40000";

/// How many prepared statements the writer connection keeps (sqlx's default is 100). A batch's
/// multi-row `INSERT`s, `IN` lists and standings are one statement text per batch size, hundreds
/// in a hall under load; past the cache, each was parsed and planned again, a fifth of SQLite's
/// writer thread (BENCHMARKS.md, "Statements parsed once").
const WRITER_STATEMENTS: usize = 2048;

/// How long opening keeps retrying while other openers of the same file hold its lock.
const OPEN_PATIENCE: Duration = Duration::from_secs(15);

/// Opens the database file at `path` (creating it), migrates it and returns the pools and the
/// WAL checkpointer's task ([`spawn_wal_checkpointer`]).
///
/// Several processes (or stores) opening a new file at the same moment would race to switch it
/// to WAL and to apply the migrations (sqlx takes no lock for SQLite migrations, so two openers
/// both see a migration missing and the second fails on the first one's table). So an opener
/// first takes an exclusive lock on the file `<database>.open-lock` beside the database, and
/// holds it until its schema work is done. Servers already running never take that lock. If
/// SQLite still answers "database is locked" without waiting out its busy timeout (it does
/// for some lock upgrades while another server writes), the open starts over, with backoff,
/// until [`OPEN_PATIENCE`] has passed.
pub(crate) async fn open(path: &Path, key_path: &Path) -> Result<(Db, JoinHandle<()>), StoreError> {
    let db = open_migrated(path, key_path).await?;
    Ok((db, spawn_wal_checkpointer(path).await?))
}

/// The pools of [`open`], opened under the openers' lock (see there).
async fn open_migrated(path: &Path, key_path: &Path) -> Result<Db, StoreError> {
    let _guard = OpenLock::take(path).await?;
    let started = std::time::Instant::now();
    let mut pause = Duration::from_millis(20);
    loop {
        match open_once(path, key_path).await {
            Err(e) if is_locked(&e) && started.elapsed() < OPEN_PATIENCE => {
                tokio::time::sleep(pause).await;
                pause = (pause * 2).min(Duration::from_millis(500));
            }
            done => return done,
        }
    }
}

/// The WAL checkpointer: a connection of its own that copies the WAL's committed pages into the
/// database file every [`WAL_CHECKPOINT_EVERY`] (`PRAGMA wal_checkpoint(PASSIVE)`: it waits for no
/// one and no one waits for it), on its own thread, so that the writer's commits do not. With
/// SQLite's default the writer's commit copied them every 1,000 pages, inside the one serialized
/// path (issue 15: a session ballot's commit 94–112 → 56–60 µs, BENCHMARKS.md). Stopped with
/// the store (`Store::close`, or when the store is dropped).
async fn spawn_wal_checkpointer(path: &Path) -> Result<JoinHandle<()>, StoreError> {
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(
            SqliteConnectOptions::new()
                .filename(path)
                .busy_timeout(BUSY_TIMEOUT)
                .synchronous(SqliteSynchronous::Full),
        )
        .await
        .map_err(|source| StoreError::OpenSqlite {
            path: path.to_path_buf(),
            source,
        })?;
    Ok(tokio::spawn(async move {
        loop {
            tokio::time::sleep(WAL_CHECKPOINT_EVERY).await;
            if let Err(e) = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
                .execute(&pool)
                .await
            {
                tracing::debug!(error = %e, "the WAL checkpoint waits for a later turn");
            }
        }
    }))
}

/// The exclusive lock openers of one database file take in turn (released when dropped).
struct OpenLock(std::fs::File);

impl OpenLock {
    async fn take(db_path: &Path) -> Result<OpenLock, StoreError> {
        let mut name = db_path.as_os_str().to_owned();
        name.push(".open-lock");
        let lock_path = std::path::PathBuf::from(name);
        let io_err = |source: std::io::Error| StoreError::OpenSqlite {
            path: db_path.to_path_buf(),
            source: sqlx::Error::Io(source),
        };
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(io_err)?;
        let file = tokio::task::spawn_blocking(move || file.lock().map(|()| file))
            .await
            .map_err(|e| io_err(std::io::Error::other(e)))?
            .map_err(io_err)?;
        Ok(OpenLock(file))
    }
}

impl Drop for OpenLock {
    fn drop(&mut self) {
        // Closing the file releases the lock too; unlocking first says so plainly.
        let _ = self.0.unlock();
    }
}

/// Whether `e` is SQLite's "busy"/"locked" (another connection holds the file), which passes.
fn is_locked(e: &StoreError) -> bool {
    let text = match e {
        StoreError::OpenSqlite {
            source: sqlx::Error::Database(d),
            ..
        } => {
            // SQLITE_BUSY (5) and SQLITE_LOCKED (6), with or without extended codes.
            if let Some(code) = d.code().and_then(|c| c.parse::<i64>().ok()) {
                return matches!(code & 0xff, 5 | 6);
            }
            d.message().to_string()
        }
        StoreError::Migrate(m) => m.clone(),
        _ => return false,
    };
    text.contains("database is locked") || text.contains("database table is locked")
}

async fn open_once(path: &Path, key_path: &Path) -> Result<Db, StoreError> {
    let open_err = |source| StoreError::OpenSqlite {
        path: path.to_path_buf(),
        source,
    };
    let base = SqliteConnectOptions::new()
        .filename(path)
        .foreign_keys(true)
        .busy_timeout(BUSY_TIMEOUT)
        .synchronous(SqliteSynchronous::Full);
    // The writer's commits write the WAL and return; the WAL's syncer makes them durable before
    // anyone is told (`wal_sync.rs`: the next batch is written meanwhile).
    let wal_sync = std::sync::Arc::new(crate::wal_sync::WalSync::start(path)?);
    // The writer's statement journals (a multi-row INSERT inside a transaction keeps one)
    // stay in memory instead of a temporary file written page by page (about one 4 KiB write
    // per ballot under load), and its page cache holds a large register's hot pages (SQLite's
    // default is 2 MiB). Its thread is named so that it can be kept on the ballot writers' CPU
    // (`writer_cpu.rs`).
    let writer = SqlitePoolOptions::new()
        .max_connections(1)
        .min_connections(1)
        // sqlx pings a pooled connection before handing it out: on SQLite one more hop to the
        // connection's thread and back for every transaction, and a file does not hang up.
        .test_before_acquire(false)
        .idle_timeout(None)
        .max_lifetime(None)
        .connect_with(
            base.clone()
                .synchronous(SqliteSynchronous::Normal)
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .pragma("temp_store", "memory")
                .pragma("cache_size", WRITER_CACHE)
                .pragma("wal_autocheckpoint", WRITER_AUTOCHECKPOINT)
                .statement_cache_capacity(WRITER_STATEMENTS)
                .thread_name(crate::writer_cpu::thread_name),
        )
        .await
        .map_err(open_err)?;

    let with_path = |e: StoreError| match e {
        StoreError::Db(source) => open_err(source),
        other => other,
    };
    if let Err(first) = migrate(&writer, key_path).await {
        writer.close().await;
        return Err(with_path(first));
    }
    wal_sync.durable().await?;

    let reader = SqlitePoolOptions::new()
        .max_connections(READERS)
        .test_before_acquire(false) // as the writer's
        .connect_with(base.pragma("query_only", "ON"))
        .await
        .map_err(open_err)?;
    Ok(Db::Sqlite {
        writer,
        reader,
        wal_sync: Some(wal_sync),
    })
}

/// Refuses newer schemas, then applies pending migrations.
/// A signing key kept in the database by an older Asamblea is first moved to `key_path`.
async fn migrate(writer: &sqlx::SqlitePool, key_path: &Path) -> Result<(), StoreError> {
    let applied: Vec<i64> = if has_migrations_table(writer).await? {
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations")
            .fetch_all(writer)
            .await?
    } else {
        Vec::new()
    };
    check_known(&SQLITE_MIGRATOR, &applied)?;
    // Only a database the key-removing migration (42) has not run on may hold the key; there,
    // an error reading it must stop the start rather than let the migration delete it.
    let legacy: Option<String> = if !applied.is_empty() && !applied.contains(&42) {
        sqlx::query_scalar(crate::key_file::LEGACY_KEY_SQL)
            .fetch_optional(writer)
            .await?
    } else {
        None
    };
    crate::key_file::move_legacy_key(legacy, key_path)?;
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

/// Opens an existing database file read-only (no migration, no change of journal mode, no file
/// created), for verification; returns the pools (the "writer" is the read pool too, and every
/// write through it fails) and the applied migrations.
pub(crate) async fn open_read_only(path: &Path) -> Result<(Db, Vec<i64>), StoreError> {
    let open_err = |source| StoreError::OpenSqlite {
        path: path.to_path_buf(),
        source,
    };
    let reader = SqlitePoolOptions::new()
        .max_connections(2)
        .connect_with(
            SqliteConnectOptions::new()
                .filename(path)
                .read_only(true)
                .create_if_missing(false)
                .busy_timeout(BUSY_TIMEOUT),
        )
        .await
        .map_err(open_err)?;
    let applied: Vec<i64> = if has_migrations_table(&reader).await.map_err(|e| match e {
        StoreError::Db(source) => open_err(source),
        other => other,
    })? {
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations")
            .fetch_all(&reader)
            .await?
    } else {
        Vec::new()
    };
    check_known(&SQLITE_MIGRATOR, &applied)?;
    Ok((
        Db::Sqlite {
            writer: reader.clone(),
            reader,
            wal_sync: None,
        },
        applied,
    ))
}

#[cfg(test)]
mod tests {
    use crate::testing::TestDb;

    /// The writer keeps its statement journals in memory and a large page cache (issue 15: a
    /// batch's multi-row INSERTs wrote their statement journal to a temporary file, about one
    /// 4 KiB write per ballot), and checkpoints only past its backstop.
    #[tokio::test]
    async fn the_writer_keeps_its_temporary_files_in_memory() {
        let db = TestDb::sqlite().await;
        let mut tx = db.store.begin().await.unwrap();
        let (temp_store, cache): (i64, i64) = crate::on_tx!(&mut tx, c =>
            sqlx::query_as("SELECT (SELECT temp_store FROM pragma_temp_store), (SELECT cache_size FROM pragma_cache_size)")
                .fetch_one(&mut **c).await)
        .unwrap();
        let autocheckpoint: i64 = crate::on_tx!(&mut tx, c =>
            sqlx::query_scalar("PRAGMA wal_autocheckpoint").fetch_one(&mut **c).await)
        .unwrap();
        assert_eq!(
            (temp_store, cache.to_string(), autocheckpoint.to_string()),
            (
                2,
                super::WRITER_CACHE.to_string(),
                super::WRITER_AUTOCHECKPOINT.to_string()
            )
        );
    }

    /// The WAL's pages reach the database file without the writer checkpointing: a change
    /// committed is read from the file alone (`immutable=1`: the WAL ignored) within a few
    /// checkpointer turns. Without the checkpointer the writer would copy them only past
    /// 40,000 pages of WAL.
    #[tokio::test]
    async fn the_checkpointer_copies_the_wal_into_the_file() {
        use sqlx::Connection;
        let db = TestDb::sqlite().await;
        let mut tx = db.store.begin().await.unwrap();
        crate::on_tx!(&mut tx, c => sqlx::query("CREATE TABLE checkpointed (x INTEGER)").execute(&mut **c).await.map(|_| ()))
            .unwrap();
        tx.commit().await.unwrap();
        let file = db.sqlite_file().unwrap();
        let mut seen = false;
        for _ in 0..40 {
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            let opts = sqlx::sqlite::SqliteConnectOptions::new()
                .filename(&file)
                .read_only(true)
                .immutable(true);
            let mut c = sqlx::SqliteConnection::connect_with(&opts).await.unwrap();
            let n: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM sqlite_master WHERE name = 'checkpointed'",
            )
            .fetch_one(&mut c)
            .await
            .unwrap();
            c.close().await.unwrap();
            if n == 1 {
                seen = true;
                break;
            }
        }
        assert!(seen, "the table reached the database file");
    }
}
