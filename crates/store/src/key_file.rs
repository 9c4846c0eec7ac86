//! The instance's Ed25519 signing key lives in a file, never in the database: whoever can
//! write the database must not be able to sign checkpoints with it.
//!
//! The file holds the hex of the 32-byte secret seed and a newline. By default it is
//! `<data dir>/signing.key`, created (mode 0600) on first start when the database has no
//! recorded key yet. The database keeps only the public key (`instance.public_key`), so a
//! server started with another key, or without its key file on a database that already has one,
//! refuses to start instead of signing with a key nobody knows. Several servers on one
//! PostgreSQL database must each be given the same key file.

use crate::Db;
use crate::error::StoreError;
use asamblea_record::{SigningKey, generate_signing_key, signing_key_from_hex, signing_key_to_hex};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The name of the key file inside the data directory.
pub const KEY_FILE_NAME: &str = "signing.key";

/// The environment variable that names a key file (the `--signing-key` flag's default).
pub const KEY_FILE_ENV: &str = "ASAMBLEA_SIGNING_KEY_FILE";

const PUBLIC_KEY_ROW: &str = "public_key";

/// Where a store gets its signing key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySource {
    /// `<data dir>/signing.key`, created on first start of a database that has no key yet.
    DataDir,
    /// This file, which must exist (the operator supplies it).
    File(PathBuf),
    /// No private key: the store can read and verify but not sign (verification tools).
    None,
}

/// The key file [`KeySource::DataDir`] uses.
pub fn default_key_path(data_dir: &Path) -> PathBuf {
    data_dir.join(KEY_FILE_NAME)
}

/// Loads (or, for a database without a key, creates) the signing key, and checks it against
/// the public key the database records. Returns the key (if any) and the recorded public key.
pub(crate) async fn load(
    db: &Db,
    source: &KeySource,
    data_dir: &Path,
) -> Result<(Option<SigningKey>, Option<String>), StoreError> {
    let recorded = recorded_public_key(db).await?;
    let key = match source {
        KeySource::None => return Ok((None, recorded)),
        KeySource::File(path) => match read(path)? {
            Some(k) => k,
            None => {
                return Err(StoreError::KeyFile {
                    path: path.clone(),
                    detail: "no such file (give the instance's key file, or leave out \
                             --signing-key to use the one in the data directory)"
                        .into(),
                });
            }
        },
        KeySource::DataDir => {
            let path = default_key_path(data_dir);
            match read(&path)? {
                Some(k) => k,
                None if recorded.is_some() => {
                    return Err(StoreError::KeyFile {
                        path,
                        detail: format!(
                            "missing, but this database's record is signed with public key {}; \
                             restore the key file from your backup (or give it with \
                             --signing-key); every server on one PostgreSQL database needs \
                             the same key file",
                            recorded.unwrap_or_default()
                        ),
                    });
                }
                None => create(&path)?,
            }
        }
    };
    let public = asamblea_record::public_key_hex(&key);
    let stored = record_public_key(db, &public).await?;
    if stored != public {
        let path = match source {
            KeySource::File(p) => p.clone(),
            _ => default_key_path(data_dir),
        };
        return Err(StoreError::KeyFile {
            path,
            detail: format!(
                "holds public key {public}, but this database's record is signed with {stored}; \
                 give the instance's key file"
            ),
        });
    }
    Ok((Some(key), Some(stored)))
}

/// Reads a key file; `Ok(None)` if it does not exist.
pub(crate) fn read(path: &Path) -> Result<Option<SigningKey>, StoreError> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(StoreError::KeyFile {
                path: path.to_path_buf(),
                detail: e.to_string(),
            });
        }
    };
    warn_if_readable_by_others(path);
    signing_key_from_hex(text.trim())
        .map(Some)
        .map_err(|e| StoreError::KeyFile {
            path: path.to_path_buf(),
            detail: format!("not an Asamblea signing key: {e}"),
        })
}

/// Writes `key` to a new file at `path` (mode 0600): to a temporary name first, then linked
/// into place, so no opener ever reads a half-written key. Fails with `AlreadyExists` if the
/// key file appeared meanwhile.
fn write_new(path: &Path, key: &SigningKey) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let tmp = path.with_extension(format!("tmp-{}", hex::encode(rand::random::<[u8; 6]>())));
    let written = options.open(&tmp).and_then(|mut f| {
        f.write_all(format!("{}\n", signing_key_to_hex(key)).as_bytes())?;
        f.sync_all()
    });
    let linked = written.and_then(|()| std::fs::hard_link(&tmp, path));
    let _ = std::fs::remove_file(&tmp);
    linked
}

/// Creates a fresh key file (mode 0600). If another opener created it first, reads theirs.
fn create(path: &Path) -> Result<SigningKey, StoreError> {
    let err = |e: std::io::Error| StoreError::KeyFile {
        path: path.to_path_buf(),
        detail: e.to_string(),
    };
    let key = generate_signing_key();
    match write_new(path, &key) {
        Ok(()) => {
            tracing::info!(path = %path.display(), "created the instance's signing key; back it up");
            Ok(key)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            read(path)?.ok_or_else(|| err(e))
        }
        Err(e) => Err(err(e)),
    }
}

#[cfg(unix)]
fn warn_if_readable_by_others(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    if let Ok(meta) = std::fs::metadata(path)
        && meta.permissions().mode() & 0o077 != 0
    {
        tracing::warn!(path = %path.display(), "the signing key file is readable by others; chmod 600 it");
    }
}

#[cfg(not(unix))]
fn warn_if_readable_by_others(_path: &Path) {}

/// The public key recorded in the database, if any.
pub(crate) async fn recorded_public_key(db: &Db) -> Result<Option<String>, StoreError> {
    let sql = "SELECT value FROM instance WHERE key = $1";
    Ok(match db {
        Db::Sqlite { reader, .. } => {
            sqlx::query_scalar(sql)
                .bind(PUBLIC_KEY_ROW)
                .fetch_optional(reader)
                .await?
        }
        Db::Postgres { pool, .. } => {
            sqlx::query_scalar(sql)
                .bind(PUBLIC_KEY_ROW)
                .fetch_optional(pool)
                .await?
        }
    })
}

/// Records `public` unless a public key is recorded already; returns the recorded one.
async fn record_public_key(db: &Db, public: &str) -> Result<String, StoreError> {
    let insert = "INSERT INTO instance (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING";
    let select = "SELECT value FROM instance WHERE key = $1";
    Ok(match db {
        Db::Sqlite {
            writer, wal_sync, ..
        } => {
            sqlx::query(insert)
                .bind(PUBLIC_KEY_ROW)
                .bind(public)
                .execute(writer)
                .await?;
            if let Some(sync) = wal_sync {
                sync.durable().await?;
            }
            sqlx::query_scalar(select)
                .bind(PUBLIC_KEY_ROW)
                .fetch_one(writer)
                .await?
        }
        Db::Postgres { pool, .. } => {
            sqlx::query(insert)
                .bind(PUBLIC_KEY_ROW)
                .bind(public)
                .execute(pool)
                .await?;
            sqlx::query_scalar(select)
                .bind(PUBLIC_KEY_ROW)
                .fetch_one(pool)
                .await?
        }
    })
}

/// The query that finds a key kept in the database by an older Asamblea.
pub(crate) const LEGACY_KEY_SQL: &str = "SELECT value FROM instance WHERE key = 'signing_key'";

/// The key an older Asamblea kept in the database, if it is still there (reads only).
pub(crate) async fn read_legacy_key(db: &Db) -> Result<Option<String>, StoreError> {
    Ok(match db {
        Db::Sqlite { reader, .. } => {
            sqlx::query_scalar(LEGACY_KEY_SQL)
                .fetch_optional(reader)
                .await?
        }
        Db::Postgres { pool, .. } => {
            sqlx::query_scalar(LEGACY_KEY_SQL)
                .fetch_optional(pool)
                .await?
        }
    })
}

/// Before migrating a database written by an Asamblea that kept the key in the `instance`
/// table (`legacy`, read with [`LEGACY_KEY_SQL`]): writes that key to the key file (if there is
/// none yet), so the migration that deletes it from the database loses nothing.
pub(crate) fn move_legacy_key(legacy: Option<String>, path: &Path) -> Result<(), StoreError> {
    let Some(hex) = legacy else { return Ok(()) };
    let key = signing_key_from_hex(hex.trim())?;
    match read(path)? {
        Some(existing) if existing.to_bytes() == key.to_bytes() => Ok(()),
        Some(_) => Err(StoreError::KeyFile {
            path: path.to_path_buf(),
            detail: "holds a key other than the one this database kept; move it aside to \
                     upgrade (the database's key is then written there)"
                .into(),
        }),
        None => write_existing(path, &key),
    }
}

fn write_existing(path: &Path, key: &SigningKey) -> Result<(), StoreError> {
    write_new(path, key).map_err(|e| StoreError::KeyFile {
        path: path.to_path_buf(),
        detail: e.to_string(),
    })?;
    tracing::info!(path = %path.display(), "moved the instance's signing key out of the database");
    Ok(())
}
