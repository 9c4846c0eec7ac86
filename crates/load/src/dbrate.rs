//! The database's own durable insert rate, measured in the same run as the ballots so the two can
//! be read side by side: SQLite (WAL, `synchronous=FULL`, the server's settings) one row per
//! `BEGIN IMMEDIATE … COMMIT` and 1,000 rows per transaction, on a scratch file beside the
//! server's; PostgreSQL one `INSERT` per transaction from 1 and from 32 clients on a scratch table
//! of the server's database (dropped after), by `pgbench` when it is installed, else by a loop of
//! this tool's own.

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use sqlx::{Connection, Executor};

use crate::Fallible;

const ROW: &str = "a row of about the size of the mark of a ballot: 0123456789abcdef";
const TABLE: &str = "asamblea_load_probe";

/// Measures the backend's rates for `secs` seconds each; `json` of what was measured.
pub async fn measure(data_dir: &Path, database: Option<&str>, secs: f64) -> Fallible<Value> {
    match database {
        None => sqlite(&data_dir.join("load-probe.sqlite"), secs).await,
        Some(url) => postgres(url, secs).await,
    }
}

async fn sqlite(path: &Path, secs: f64) -> Fallible<Value> {
    use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    let opts = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .busy_timeout(Duration::from_secs(5));
    let mut c = sqlx::SqliteConnection::connect_with(&opts)
        .await
        .map_err(|e| format!("SQLite probe: {e}"))?;
    c.execute(
        format!("CREATE TABLE {TABLE} (id INTEGER PRIMARY KEY, v TEXT NOT NULL) STRICT").as_str(),
    )
    .await
    .map_err(|e| format!("SQLite probe: {e}"))?;
    let single = sqlite_rows(&mut c, secs, 1).await?;
    let batched = sqlite_rows(&mut c, secs, 1000).await?;
    let _ = c.close().await;
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    Ok(json!({
        "backend": "SQLite (WAL, synchronous=FULL)",
        "single_row_commits_per_s": single.round(),
        "rows_per_s_in_1000_row_transactions": batched.round(),
        "seconds_each": secs,
    }))
}

/// Rows per second, `per_tx` rows per `BEGIN IMMEDIATE … COMMIT`.
async fn sqlite_rows(c: &mut sqlx::SqliteConnection, secs: f64, per_tx: usize) -> Fallible<f64> {
    let budget = Duration::from_secs_f64(secs);
    let start = Instant::now();
    let mut rows = 0u64;
    while start.elapsed() < budget || rows == 0 {
        let mut tx = c
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(|e| format!("SQLite probe: {e}"))?;
        for _ in 0..per_tx {
            sqlx::query(&format!("INSERT INTO {TABLE} (v) VALUES ($1)"))
                .bind(ROW)
                .execute(&mut *tx)
                .await
                .map_err(|e| format!("SQLite probe: {e}"))?;
        }
        tx.commit()
            .await
            .map_err(|e| format!("SQLite probe: {e}"))?;
        rows += per_tx as u64;
    }
    Ok(rows as f64 / start.elapsed().as_secs_f64())
}

async fn postgres(url: &str, secs: f64) -> Fallible<Value> {
    let mut c = sqlx::PgConnection::connect(url)
        .await
        .map_err(|e| format!("PostgreSQL probe: {e}"))?;
    c.execute(format!("DROP TABLE IF EXISTS {TABLE}; CREATE TABLE {TABLE} (id BIGSERIAL PRIMARY KEY, v TEXT NOT NULL)").as_str())
        .await
        .map_err(|e| format!("PostgreSQL probe: {e}"))?;
    let mut out =
        json!({"backend": "PostgreSQL (synchronous_commit as configured)", "seconds_each": secs});
    let pgbench = which("pgbench");
    for clients in [1usize, 32] {
        let (rate, how) = match &pgbench {
            Some(bin) => match run_pgbench(bin, url, clients, secs).await {
                Ok(r) => (r, "pgbench"),
                Err(e) => {
                    eprintln!("pgbench failed ({e}); measuring with the tool's own loop");
                    (pg_loop(url, clients, secs).await?, "own loop")
                }
            },
            None => (pg_loop(url, clients, secs).await?, "own loop"),
        };
        out[format!("insert_tx_per_s_{clients}_clients")] = json!(rate.round());
        out["measured_by"] = json!(how);
    }
    if let Ok(v) = sqlx::query_scalar::<_, String>("SHOW synchronous_commit")
        .fetch_one(&mut c)
        .await
    {
        out["synchronous_commit"] = json!(v);
    }
    let _ = c
        .execute(format!("DROP TABLE IF EXISTS {TABLE}").as_str())
        .await;
    let _ = c.close().await;
    Ok(out)
}

fn which(name: &str) -> Option<std::path::PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join(name))
            .find(|p| p.is_file())
    })
}

/// `pgbench -n -f script -c N -j min(N, 2) -T secs URL`: its `tps`.
async fn run_pgbench(bin: &Path, url: &str, clients: usize, secs: f64) -> Fallible<f64> {
    let script = tempfile::Builder::new()
        .suffix(".sql")
        .tempfile()
        .map_err(|e| e.to_string())?;
    std::fs::write(
        script.path(),
        format!("INSERT INTO {TABLE} (v) VALUES ('{ROW}');\n"),
    )
    .map_err(|e| e.to_string())?;
    let o = tokio::process::Command::new(bin)
        .args(["-n", "-f"])
        .arg(script.path())
        .args([
            "-c",
            &clients.to_string(),
            "-j",
            &clients.min(2).to_string(),
            "-T",
            &(secs.ceil().max(1.0) as u64).to_string(),
        ])
        .arg(url)
        .output()
        .await
        .map_err(|e| e.to_string())?;
    let text = String::from_utf8_lossy(&o.stdout);
    text.lines()
        .find_map(|l| l.strip_prefix("tps = "))
        .and_then(|l| l.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| {
            let err = String::from_utf8_lossy(&o.stderr);
            let first: Vec<&str> = err.lines().take(3).collect();
            format!("no tps in its output: {}", first.join(" / "))
        })
}

/// One `INSERT` per transaction from `clients` connections for `secs` seconds: transactions/s.
async fn pg_loop(url: &str, clients: usize, secs: f64) -> Fallible<f64> {
    let start = Instant::now();
    let budget = Duration::from_secs_f64(secs);
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let url = url.to_string();
        tasks.push(tokio::spawn(async move {
            let mut c = sqlx::PgConnection::connect(&url)
                .await
                .map_err(|e| e.to_string())?;
            let mut n = 0u64;
            while start.elapsed() < budget {
                sqlx::query(&format!("INSERT INTO {TABLE} (v) VALUES ($1)"))
                    .bind(ROW)
                    .execute(&mut c)
                    .await
                    .map_err(|e| e.to_string())?;
                n += 1;
            }
            let _ = c.close().await;
            Ok::<u64, String>(n)
        }));
    }
    let mut total = 0;
    for t in tasks {
        total += t
            .await
            .map_err(|e| e.to_string())?
            .map_err(|e| format!("PostgreSQL probe: {e}"))?;
    }
    Ok(total as f64 / start.elapsed().as_secs_f64())
}
