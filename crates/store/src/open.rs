//! Opening a store: choose the backend from the URL, connect, refuse newer schemas, migrate,
//! load the instance key (from its file, see [`crate::key_file`]).

use crate::error::StoreError;
use crate::key_file::{KeySource, default_key_path};
use crate::{Db, Inner, NOTIFY_CAPACITY, Store};
use sqlx::migrate::{MigrateError, Migrator};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio::sync::broadcast;

pub(crate) static SQLITE_MIGRATOR: Migrator = sqlx::migrate!("./migrations/sqlite");
pub(crate) static POSTGRES_MIGRATOR: Migrator = sqlx::migrate!("./migrations/postgres");

/// Where the SQLite database lives inside a data directory.
pub fn sqlite_path(data_dir: &Path) -> PathBuf {
    data_dir.join("asamblea.sqlite3")
}

impl Store {
    /// Opens (creating if needed) the database and brings its schema up to date.
    ///
    /// - `None` (or an empty string): SQLite file [`sqlite_path`]`(data_dir)`, creating the
    ///   directory.
    /// - `sqlite:<path>` / `sqlite://<path>`: that SQLite file.
    /// - `postgres://...` / `postgresql://...`: PostgreSQL (connect timeout 5 s).
    ///
    /// Fails with [`StoreError::NewerSchema`] if the database has migrations this binary does
    /// not know. Must be called inside a Tokio runtime.
    ///
    /// The signing key is `<data_dir>/signing.key` (see [`KeySource::DataDir`]); use
    /// [`Store::open_with_key`] to choose another.
    pub async fn open(database_url: Option<&str>, data_dir: &Path) -> Result<Store, StoreError> {
        Self::open_with_key(database_url, data_dir, KeySource::DataDir).await
    }

    /// [`Store::open`] with the signing key taken from `key` (see [`KeySource`]).
    pub async fn open_with_key(
        database_url: Option<&str>,
        data_dir: &Path,
        key: KeySource,
    ) -> Result<Store, StoreError> {
        // Where a key kept in the database by an older Asamblea is moved before migrating.
        let key_path = match &key {
            KeySource::File(p) => p.clone(),
            _ => default_key_path(data_dir),
        };
        let url = database_url.map(str::trim).filter(|u| !u.is_empty());
        let (notify, _) = broadcast::channel(NOTIFY_CAPACITY);
        let (db, listener) = match url {
            None => {
                std::fs::create_dir_all(data_dir).map_err(|source| StoreError::DataDir {
                    path: data_dir.to_path_buf(),
                    source,
                })?;
                let (db, checkpointer) =
                    crate::sqlite::open(&sqlite_path(data_dir), &key_path).await?;
                (db, Some(checkpointer))
            }
            Some(u) if u.starts_with("sqlite:") => {
                let path = u
                    .trim_start_matches("sqlite:")
                    .trim_start_matches("//")
                    .split('?')
                    .next()
                    .unwrap_or_default();
                if path.is_empty() || path == ":memory:" {
                    return Err(StoreError::BadUrl(u.to_string()));
                }
                let (db, checkpointer) = crate::sqlite::open(Path::new(path), &key_path).await?;
                (db, Some(checkpointer))
            }
            Some(u) if u.starts_with("postgres://") || u.starts_with("postgresql://") => {
                let pool = crate::postgres::open(u, &key_path).await?;
                let listener = crate::notify::spawn_listener(&pool, notify.clone()).await?;
                let write_gate = Arc::new(tokio::sync::Semaphore::new(1));
                (Db::Postgres { pool, write_gate }, Some(listener))
            }
            Some(u) => return Err(StoreError::BadUrl(u.to_string())),
        };
        let (key, public_key) = crate::key_file::load(&db, &key, data_dir).await?;
        let store = Store {
            inner: Arc::new(Inner {
                db,
                key,
                public_key,
                notify,
                signed: Arc::new(tokio::sync::watch::Sender::new(0)),
                listener,
                logins: Default::default(),
                head_hint: Default::default(),
                checkpoint_notes: true,
            }),
        };
        store.catch_up_tree().await?;
        Ok(store)
    }
}

/// Fails with [`StoreError::NewerSchema`] if `applied` holds versions `migrator` lacks.
pub(crate) fn check_known(migrator: &Migrator, applied: &[i64]) -> Result<(), StoreError> {
    let known: BTreeSet<i64> = migrator.iter().map(|m| m.version).collect();
    let unknown: Vec<i64> = applied
        .iter()
        .copied()
        .filter(|v| !known.contains(v))
        .collect();
    if unknown.is_empty() {
        Ok(())
    } else {
        Err(StoreError::NewerSchema { versions: unknown })
    }
}

/// Maps a migration failure, recognizing a newer schema.
pub(crate) fn migrate_error(e: MigrateError) -> StoreError {
    match e {
        MigrateError::VersionMissing(v) => StoreError::NewerSchema { versions: vec![v] },
        other => StoreError::Migrate(other.to_string()),
    }
}
