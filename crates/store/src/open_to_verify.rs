//! Opening a store to verify it, and nothing else: read-only connections, no migration, no
//! key file created or moved, no tree caught up. A database written by an older Asamblea (one
//! that still keeps its signing key in the `instance` table, or whose checkpoints have no
//! notes yet) is verified as it is; starting a server upgrades it.

use crate::error::StoreError;
use crate::key_file::{KeySource, default_key_path};
use crate::open::sqlite_path;
use crate::{Db, Inner, NOTIFY_CAPACITY, Store};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio::sync::broadcast;

/// The migration that added the checkpoints' signed notes (and the stored tree).
const NOTES_MIGRATION: i64 = 43;

/// Where the public key a verification checks the checkpoints with came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VerifyKeyOrigin {
    /// The public key the database records (`instance.public_key`).
    Recorded,
    /// Derived from the private key an older Asamblea kept in the database itself
    /// (`instance.signing_key`, before migration 0042): whoever could write the database could
    /// also have signed with it, so only a checkpoint kept elsewhere proves anything.
    LegacyInDatabase,
    /// Read from the key file (the database records no public key yet).
    KeyFile(PathBuf),
    /// No public key known: checkpoints cannot be checked without one given by the caller.
    Unknown,
}

impl Store {
    /// Opens the database named as in [`Store::open`] for verification only; writes nothing
    /// (SQLite: a read-only connection; PostgreSQL: read-only transactions). The public key
    /// is the recorded one, else the one of a key kept in the database by an older Asamblea,
    /// else the one of the key file (`key`: [`KeySource::File`], or `<data_dir>/signing.key`).
    pub async fn open_to_verify(
        database_url: Option<&str>,
        data_dir: &Path,
        key: &KeySource,
    ) -> Result<(Store, VerifyKeyOrigin), StoreError> {
        let url = database_url.map(str::trim).filter(|u| !u.is_empty());
        let (db, applied) = match url {
            None => crate::sqlite::open_read_only(&sqlite_path(data_dir)).await?,
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
                crate::sqlite::open_read_only(Path::new(path)).await?
            }
            Some(u) if u.starts_with("postgres://") || u.starts_with("postgresql://") => {
                let pool = crate::postgres::connect(u, true).await?;
                let applied = crate::postgres::applied_migrations(&pool).await?;
                crate::open::check_known(&crate::open::POSTGRES_MIGRATOR, &applied)?;
                let write_gate = Arc::new(tokio::sync::Semaphore::new(1));
                (Db::Postgres { pool, write_gate }, applied)
            }
            Some(u) => return Err(StoreError::BadUrl(u.to_string())),
        };
        let (public_key, origin) = match verify_public_key(&db, key, data_dir).await {
            Ok(found) => found,
            Err(e) => {
                close(&db).await;
                return Err(e);
            }
        };
        let (notify, _) = broadcast::channel(NOTIFY_CAPACITY);
        let store = Store {
            inner: Arc::new(Inner {
                db,
                key: None,
                public_key,
                notify,
                signed: Arc::new(tokio::sync::watch::Sender::new(0)),
                listener: None,
                logins: Default::default(),
                head_hint: Default::default(),
                checkpoint_notes: applied.contains(&NOTES_MIGRATION),
            }),
        };
        Ok((store, origin))
    }
}

async fn close(db: &Db) {
    match db {
        Db::Sqlite { reader, .. } => reader.close().await,
        Db::Postgres { pool, .. } => pool.close().await,
    }
}

/// The public key to verify with, and where it came from (reads only).
async fn verify_public_key(
    db: &Db,
    key: &KeySource,
    data_dir: &Path,
) -> Result<(Option<String>, VerifyKeyOrigin), StoreError> {
    if let Some(recorded) = crate::key_file::recorded_public_key(db).await? {
        return Ok((Some(recorded), VerifyKeyOrigin::Recorded));
    }
    let legacy = crate::key_file::read_legacy_key(db).await?;
    if let Some(hex) = legacy {
        let private = asamblea_record::signing_key_from_hex(hex.trim())?;
        return Ok((
            Some(asamblea_record::public_key_hex(&private)),
            VerifyKeyOrigin::LegacyInDatabase,
        ));
    }
    let path = match key {
        KeySource::File(p) => p.clone(),
        _ => default_key_path(data_dir),
    };
    if !matches!(key, KeySource::None)
        && let Some(private) = crate::key_file::read(&path)?
    {
        return Ok((
            Some(asamblea_record::public_key_hex(&private)),
            VerifyKeyOrigin::KeyFile(path),
        ));
    }
    Ok((None, VerifyKeyOrigin::Unknown))
}
