//! Test support: fresh SQLite and PostgreSQL databases. Compiled always, for use by the tests
//! of this and other crates; not part of the product's API.
//!
//! PostgreSQL tests are the tests whose name starts with `postgres_`. They need
//! `ASAMBLEA_TEST_POSTGRES`: a server URL whose user may create databases (e.g.
//! `postgres://postgres@127.0.0.1:5432/test`); each [`TestDb::postgres`] makes a database
//! `asamblea_t_<random hex>` there, and [`TestDb::cleanup`] drops it. Without the variable
//! [`TestDb::postgres`] fails the test: a PostgreSQL test never passes without having run.
//! `cargo nextest run` leaves them out (`.config/nextest.toml`, reported as skipped);
//! `cargo nextest run --profile postgres` runs them too.
//! Helpers here panic on failure: they are for tests.

// Test support: a set-up that fails panics, which is how a test says so.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::Store;
use sqlx::Connection as _;
use std::path::{Path, PathBuf};

/// The environment variable naming the PostgreSQL server for tests.
pub const POSTGRES_ENV: &str = "ASAMBLEA_TEST_POSTGRES";

/// The PostgreSQL server for tests, from [`POSTGRES_ENV`]. Panics, saying how to set it, when
/// it is not set.
pub fn postgres_server() -> String {
    match std::env::var(POSTGRES_ENV) {
        Ok(url) if !url.trim().is_empty() => url,
        _ => panic!(
            "this PostgreSQL test needs {POSTGRES_ENV}, a server where its user may create \
             databases (e.g. {POSTGRES_ENV}=postgres://postgres@127.0.0.1:5432/test); \
             `cargo nextest run` skips PostgreSQL tests unless run with `--profile postgres`"
        ),
    }
}

/// A fresh database and a [`Store`] on it.
pub struct TestDb {
    /// The store.
    pub store: Store,
    url: String,
    dir: tempfile::TempDir,
    pg: Option<PgDb>,
}

struct PgDb {
    admin_url: String,
    name: String,
}

impl TestDb {
    /// A fresh SQLite file in a temporary directory (kept until the `TestDb` is dropped).
    pub async fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().expect("create temp dir");
        let store = Store::open(None, dir.path())
            .await
            .expect("open SQLite test store");
        let url = format!("sqlite:{}", crate::sqlite_path(dir.path()).display());
        TestDb {
            store,
            url,
            dir,
            pg: None,
        }
    }

    /// A fresh database on the `ASAMBLEA_TEST_POSTGRES` server. Panics if it is not set.
    pub async fn postgres() -> TestDb {
        let admin_url = postgres_server();
        let name = format!("asamblea_t_{}", random_hex(8));
        let mut admin = sqlx::PgConnection::connect(&admin_url)
            .await
            .unwrap_or_else(|e| panic!("connect to {POSTGRES_ENV} server: {e}"));
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&mut admin)
            .await
            .expect("create test database");
        let _ = admin.close().await;
        let url = with_database(&admin_url, &name);
        // The data directory holds the instance's key file.
        let dir = tempfile::tempdir().expect("create temp dir");
        let store = Store::open(Some(&url), dir.path())
            .await
            .expect("open PostgreSQL test store");
        TestDb {
            store,
            url,
            dir,
            pg: Some(PgDb { admin_url, name }),
        }
    }

    /// The database URL (`sqlite:<file>` or `postgres://...`), e.g. for a second process.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// A temporary directory that lives as long as this `TestDb` (the data dir: the SQLite
    /// file, if SQLite, and the signing key file).
    pub fn data_dir(&self) -> &Path {
        self.dir.path()
    }

    /// The SQLite file, if this is a SQLite database.
    pub fn sqlite_file(&self) -> Option<PathBuf> {
        self.pg
            .is_none()
            .then(|| crate::sqlite_path(self.dir.path()))
    }

    /// Opens another [`Store`] on the same database (as a second server would).
    pub async fn open_again(&self) -> Store {
        Store::open(Some(&self.url), self.dir.path())
            .await
            .expect("reopen test store")
    }

    /// Closes the store and, on PostgreSQL, drops the database.
    pub async fn cleanup(self) {
        self.store.close().await;
        if let Some(pg) = self.pg
            && let Ok(mut admin) = sqlx::PgConnection::connect(&pg.admin_url).await
        {
            let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", pg.name))
                .execute(&mut admin)
                .await;
            let _ = admin.close().await;
        }
    }
}

/// `n` random bytes as hex.
pub fn random_hex(n: usize) -> String {
    let bytes: Vec<u8> = (0..n).map(|_| rand::random::<u8>()).collect();
    hex::encode(bytes)
}

/// `url` with its database name replaced by `name` (query string kept).
pub fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (url, String::new()),
    };
    let (scheme, rest) = base.split_once("://").unwrap_or(("postgres", base));
    let authority = rest.split('/').next().unwrap_or(rest);
    format!("{scheme}://{authority}/{name}{query}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn replaces_database_name() {
        assert_eq!(
            super::with_database("postgres://u@h:5432/test", "x"),
            "postgres://u@h:5432/x"
        );
        assert_eq!(super::with_database("postgres://h", "x"), "postgres://h/x");
        assert_eq!(
            super::with_database("postgresql://h/db?sslmode=disable", "x"),
            "postgresql://h/x?sslmode=disable"
        );
    }
}
