//! The PostgreSQL backend: a pool with a 5-second connect timeout.

use crate::error::StoreError;
use crate::open::{POSTGRES_MIGRATOR, check_known, migrate_error};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{ConnectOptions as _, Connection as _};
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

/// How long to wait for PostgreSQL before giving up.
pub(crate) const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Connections per server process.
const MAX_CONNECTIONS: u32 = 16;
/// A pooled connection idle longer than this is pinged before it is handed out (a server
/// restarted or a link cut meanwhile is found then, not by the caller's first statement).
/// sqlx pings every connection it hands out, a round trip each: under a hall's load, one more
/// for every read and every write transaction (issue 15, BENCHMARKS.md "One round trip fewer").
const PING_IDLE_AFTER: Duration = Duration::from_secs(1);

/// `host:port/database` for messages (never the password).
pub(crate) fn describe(opts: &PgConnectOptions) -> String {
    format!(
        "{}:{}/{}",
        opts.get_host(),
        opts.get_port(),
        opts.get_database().unwrap_or("(default database)")
    )
}

/// Connects to `url`, refuses newer schemas, migrates.
/// A signing key kept in the database by an older Asamblea is first moved to `key_path`.
pub(crate) async fn open(url: &str, key_path: &Path) -> Result<sqlx::PgPool, StoreError> {
    let pool = connect(url, false).await?;
    let applied = applied_migrations(&pool).await?;
    check_known(&POSTGRES_MIGRATOR, &applied)?;
    // Only a database the key-removing migration (42) has not run on may hold the key; there,
    // an error reading it must stop the start rather than let the migration delete it.
    let legacy: Option<String> = if !applied.is_empty() && !applied.contains(&42) {
        sqlx::query_scalar(crate::key_file::LEGACY_KEY_SQL)
            .fetch_optional(&pool)
            .await?
    } else {
        None
    };
    crate::key_file::move_legacy_key(legacy, key_path)?;
    POSTGRES_MIGRATOR.run(&pool).await.map_err(migrate_error)?;
    Ok(pool)
}

/// The versions of the migrations applied to the database (none for an empty database).
pub(crate) async fn applied_migrations(pool: &sqlx::PgPool) -> Result<Vec<i64>, StoreError> {
    let exists: Option<String> = sqlx::query_scalar("SELECT to_regclass('_sqlx_migrations')::text")
        .fetch_one(pool)
        .await?;
    Ok(if exists.is_some() {
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations")
            .fetch_all(pool)
            .await?
    } else {
        Vec::new()
    })
}

/// Connects a pool to `url` (probing one connection first, so a refusal says why). With
/// `read_only`, every transaction of the pool is read-only (`default_transaction_read_only`).
pub(crate) async fn connect(url: &str, read_only: bool) -> Result<sqlx::PgPool, StoreError> {
    let mut opts = PgConnectOptions::from_str(url).map_err(|e| StoreError::InvalidUrl {
        url: redact(url),
        detail: e.to_string(),
    })?;
    if read_only {
        opts = opts.options([("default_transaction_read_only", "on")]);
    }
    let target = describe(&opts);
    let unreachable = |detail: String| StoreError::Unreachable {
        target: target.clone(),
        detail,
    };
    // One probe connection first: its error says why (refused, auth, no such database), where
    // the pool would only say it timed out.
    match tokio::time::timeout(CONNECT_TIMEOUT, opts.connect()).await {
        Ok(Ok(conn)) => {
            let _ = conn.close().await;
        }
        Ok(Err(e)) => return Err(unreachable(e.to_string())),
        Err(_) => return Err(unreachable("timed out after 5 s".to_string())),
    }
    let connect = pool_options(MAX_CONNECTIONS).connect_with(opts);
    let pool = match tokio::time::timeout(CONNECT_TIMEOUT + Duration::from_secs(1), connect).await {
        Ok(Ok(pool)) => pool,
        Ok(Err(e)) => return Err(unreachable(e.to_string())),
        Err(_) => return Err(unreachable("timed out".to_string())),
    };
    Ok(pool)
}

/// A pool's options: at most `max` connections, each pinged before it is handed out only when it
/// has been idle a while ([`PING_IDLE_AFTER`]).
pub(crate) fn pool_options(max: u32) -> PgPoolOptions {
    PgPoolOptions::new()
        .max_connections(max)
        .acquire_timeout(CONNECT_TIMEOUT)
        .test_before_acquire(false)
        .before_acquire(|conn, meta| {
            Box::pin(async move {
                if meta.idle_for > PING_IDLE_AFTER {
                    conn.ping().await?;
                }
                Ok(true)
            })
        })
}

/// The URL with any password replaced by `***`.
pub(crate) fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (authority, tail) = match rest.find('/') {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _)) => format!("{scheme}://{user}:***@{host}{tail}"),
            None => url.to_string(),
        },
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn redacts_passwords() {
        assert_eq!(
            super::redact("postgres://u:secret@h:5/db"),
            "postgres://u:***@h:5/db"
        );
        assert_eq!(super::redact("postgres://u@h/db"), "postgres://u@h/db");
    }
}
