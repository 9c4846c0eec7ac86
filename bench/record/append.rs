//! Appending acts: acts per second through `Store` (one act per transaction, batched, and
//! from 8 concurrent tasks) beside the raw one-row-INSERT-per-transaction rate of the same
//! database at the same durability, on SQLite and (if a URL is given) PostgreSQL.
//!
//! Built as the `bench_append` example of `asamblea-store`; run with `bench/record/run.sh`:
//!
//! ```text
//! cargo run --release -p asamblea-store --example bench_append -- \
//!     [--seconds 3] [--rounds 3] [--dir ./target/bench-record] [--postgres URL | --no-postgres]
//! ```
//!
//! Each round runs every variant for the same wall time, one after the other (so drift in load
//! or fsync latency hits all alike); the table shows the median round. The rate is committed
//! transactions' rows (acts) per second. Payloads are ~120 bytes of JSON, like a real act.

use asamblea_store::sqlx::{self, Connection as _, Executor as _};
use asamblea_store::testing::{random_hex, with_database};
use asamblea_store::{NewAct, Store};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

struct Args {
    seconds: f64,
    rounds: usize,
    dir: PathBuf,
    postgres: Option<String>,
}

fn parse_args() -> Result<Args, String> {
    let mut a = Args {
        seconds: 3.0,
        rounds: 3,
        dir: PathBuf::from("./target/bench-record"),
        postgres: std::env::var("ASAMBLEA_TEST_POSTGRES").ok(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--seconds" => a.seconds = value()?.parse().map_err(|e| format!("--seconds: {e}"))?,
            "--rounds" => a.rounds = value()?.parse().map_err(|e| format!("--rounds: {e}"))?,
            "--dir" => a.dir = PathBuf::from(value()?),
            "--postgres" => a.postgres = Some(value()?),
            "--no-postgres" => a.postgres = None,
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(a)
}

fn act(i: u64) -> NewAct {
    NewAct {
        actor: Some(format!("user:{}", i % 97)),
        kind: "motion.voted".into(),
        scope: format!("assembly:{}", i % 3),
        payload: serde_json::json!({
            "motion": i % 1000, "delegate": i, "choice": "yes",
            "note": "benchmark act with a typical small payload"
        }),
    }
}

const ROW: &str = r#"{"choice":"yes","delegate":1,"motion":1,"note":"benchmark act with a typical small payload"}"#;

/// Runs `f` repeatedly for `secs`; returns rows per second (f returns rows done).
async fn rate<F, Fut>(secs: f64, mut f: F) -> Result<f64, String>
where
    F: FnMut(u64) -> Fut,
    Fut: std::future::Future<Output = Result<u64, String>>,
{
    let budget = Duration::from_secs_f64(secs);
    let start = Instant::now();
    let mut rows = 0_u64;
    let mut i = 0_u64;
    while start.elapsed() < budget {
        rows += f(i).await?;
        i += 1;
    }
    Ok(rows as f64 / start.elapsed().as_secs_f64())
}

async fn acts_one_per_tx(store: &Store, secs: f64) -> Result<f64, String> {
    rate(secs, |i| async move {
        let mut tx = store.begin().await.map_err(|e| e.to_string())?;
        tx.append(act(i)).await.map_err(|e| e.to_string())?;
        tx.commit().await.map_err(|e| e.to_string())?;
        Ok(1)
    })
    .await
}

async fn acts_batched(store: &Store, secs: f64, batch: u64) -> Result<f64, String> {
    rate(secs, |i| async move {
        let mut tx = store.begin().await.map_err(|e| e.to_string())?;
        for j in 0..batch {
            tx.append(act(i * batch + j))
                .await
                .map_err(|e| e.to_string())?;
        }
        tx.commit().await.map_err(|e| e.to_string())?;
        Ok(batch)
    })
    .await
}

async fn acts_concurrent(store: &Store, secs: f64, tasks: usize) -> Result<f64, String> {
    let start = Instant::now();
    let mut handles = Vec::new();
    for _ in 0..tasks {
        let s = store.clone();
        handles.push(tokio::spawn(async move {
            let budget = Duration::from_secs_f64(secs);
            let t0 = Instant::now();
            let mut n = 0_u64;
            while t0.elapsed() < budget {
                let mut tx = s.begin().await.map_err(|e| e.to_string())?;
                tx.append(act(n)).await.map_err(|e| e.to_string())?;
                tx.commit().await.map_err(|e| e.to_string())?;
                n += 1;
            }
            Ok::<u64, String>(n)
        }));
    }
    let mut total = 0;
    for h in handles {
        total += h.await.map_err(|e| e.to_string())??;
    }
    Ok(total as f64 / start.elapsed().as_secs_f64())
}

/// A SQLite connection with the store's file settings and a scratch table.
async fn raw_sqlite_conn(path: &Path) -> Result<sqlx::SqliteConnection, String> {
    use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
    let opts = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .busy_timeout(Duration::from_secs(5));
    let mut c = sqlx::SqliteConnection::connect_with(&opts)
        .await
        .map_err(|e| e.to_string())?;
    c.execute("CREATE TABLE scratch (id INTEGER PRIMARY KEY, v TEXT NOT NULL) STRICT")
        .await
        .map_err(|e| e.to_string())?;
    Ok(c)
}

/// One plain row per transaction (`BEGIN IMMEDIATE; INSERT; COMMIT`).
async fn raw_sqlite(c: &mut sqlx::SqliteConnection, secs: f64) -> Result<f64, String> {
    let budget = Duration::from_secs_f64(secs);
    let start = Instant::now();
    let mut rows = 0_u64;
    while start.elapsed() < budget {
        let mut tx = c
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(|e| e.to_string())?;
        sqlx::query("INSERT INTO scratch (v) VALUES ($1)")
            .bind(ROW)
            .execute(&mut *tx)
            .await
            .map_err(|e| e.to_string())?;
        tx.commit().await.map_err(|e| e.to_string())?;
        rows += 1;
    }
    Ok(rows as f64 / start.elapsed().as_secs_f64())
}

/// A PostgreSQL connection with a scratch table.
async fn raw_postgres_conn(url: &str) -> Result<sqlx::PgConnection, String> {
    let mut c = sqlx::PgConnection::connect(url)
        .await
        .map_err(|e| e.to_string())?;
    c.execute("CREATE TABLE scratch (id BIGSERIAL PRIMARY KEY, v TEXT NOT NULL)")
        .await
        .map_err(|e| e.to_string())?;
    Ok(c)
}

/// One plain row per transaction (`BEGIN; INSERT; COMMIT`).
async fn raw_postgres(c: &mut sqlx::PgConnection, secs: f64) -> Result<f64, String> {
    let budget = Duration::from_secs_f64(secs);
    let start = Instant::now();
    let mut rows = 0_u64;
    while start.elapsed() < budget {
        let mut tx = c.begin().await.map_err(|e| e.to_string())?;
        sqlx::query("INSERT INTO scratch (v) VALUES ($1)")
            .bind(ROW)
            .execute(&mut *tx)
            .await
            .map_err(|e| e.to_string())?;
        tx.commit().await.map_err(|e| e.to_string())?;
        rows += 1;
    }
    Ok(rows as f64 / start.elapsed().as_secs_f64())
}

struct Line {
    backend: &'static str,
    variant: &'static str,
    /// One rate per round.
    rates: Vec<f64>,
}

impl Line {
    fn median(&self) -> f64 {
        let mut r = self.rates.clone();
        r.sort_by(f64::total_cmp);
        r.get(r.len() / 2).copied().unwrap_or(f64::NAN)
    }
}

const VARIANTS: [&str; 4] = [
    "raw INSERT, 1 row/tx",
    "acts, 1 act/tx",
    "acts, 100 acts/tx",
    "acts, 1 act/tx, 8 tasks",
];

fn lines_for(backend: &'static str) -> Vec<Line> {
    VARIANTS
        .iter()
        .map(|v| Line {
            backend,
            variant: v,
            rates: Vec::new(),
        })
        .collect()
}

/// Runs the four variants in turn, `rounds` times (interleaved, so drift in the machine's
/// load or the disk's fsync latency hits them alike), on one store and one scratch table.
async fn run_rounds<R, Fut>(
    store: &Store,
    lines: &mut [Line],
    args: &Args,
    mut raw: R,
) -> Result<(), String>
where
    R: FnMut(f64) -> Fut,
    Fut: std::future::Future<Output = Result<f64, String>>,
{
    let secs = args.seconds;
    for _ in 0..args.rounds {
        lines[0].rates.push(raw(secs).await?);
        lines[1].rates.push(acts_one_per_tx(store, secs).await?);
        lines[2].rates.push(acts_batched(store, secs, 100).await?);
        lines[3].rates.push(acts_concurrent(store, secs, 8).await?);
    }
    store.verify().await.map_err(|e| e.to_string())?;
    Ok(())
}

async fn sqlite_suite(args: &Args, out: &mut Vec<Line>) -> Result<(), String> {
    let root = args.dir.join(format!("run-{}", random_hex(4)));
    std::fs::create_dir_all(&root).map_err(|e| format!("{}: {e}", root.display()))?;
    let mut conn = raw_sqlite_conn(&root.join("raw.sqlite3")).await?;
    let store = Store::open(None, &root.join("store"))
        .await
        .map_err(|e| e.to_string())?;
    let mut lines = lines_for("SQLite");
    let conn = std::sync::Arc::new(tokio::sync::Mutex::new(&mut conn));
    let result = run_rounds(&store, &mut lines, args, |secs| {
        let conn = conn.clone();
        async move { raw_sqlite(*conn.lock().await, secs).await }
    })
    .await;
    store.close().await;
    let _ = std::fs::remove_dir_all(&root);
    result?;
    out.extend(lines);
    Ok(())
}

async fn postgres_suite(admin: &str, args: &Args, out: &mut Vec<Line>) -> Result<(), String> {
    let name = format!("asamblea_bench_{}", random_hex(4));
    let mut a = sqlx::PgConnection::connect(admin)
        .await
        .map_err(|e| e.to_string())?;
    a.execute(format!("CREATE DATABASE {name}").as_str())
        .await
        .map_err(|e| e.to_string())?;
    let url = with_database(admin, &name);
    let result = async {
        let mut conn = raw_postgres_conn(&url).await?;
        let store = Store::open(Some(&url), Path::new("."))
            .await
            .map_err(|e| e.to_string())?;
        let mut lines = lines_for("PostgreSQL");
        let conn = std::sync::Arc::new(tokio::sync::Mutex::new(&mut conn));
        let r = run_rounds(&store, &mut lines, args, |secs| {
            let conn = conn.clone();
            async move { raw_postgres(*conn.lock().await, secs).await }
        })
        .await;
        store.close().await;
        r.map(|()| lines)
    }
    .await;
    let _ = a
        .execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str())
        .await;
    out.extend(result?);
    Ok(())
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> std::process::ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("bench_append: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    let mut lines = Vec::new();
    if let Err(e) = sqlite_suite(&args, &mut lines).await {
        eprintln!("bench_append: SQLite: {e}");
        return std::process::ExitCode::FAILURE;
    }
    if let Some(url) = &args.postgres
        && let Err(e) = postgres_suite(url, &args, &mut lines).await
    {
        eprintln!("bench_append: PostgreSQL: {e}");
        return std::process::ExitCode::FAILURE;
    }
    println!(
        "| backend | variant | rows/s (median of {}) | rounds | vs raw INSERT |",
        args.rounds
    );
    println!("|---|---|---:|---|---:|");
    for l in &lines {
        let raw = lines
            .iter()
            .find(|r| r.backend == l.backend && r.variant.starts_with("raw"))
            .map(Line::median)
            .unwrap_or(f64::NAN);
        let rounds: Vec<String> = l.rates.iter().map(|r| format!("{r:.0}")).collect();
        println!(
            "| {} | {} | {:.0} | {} | {:.2}× |",
            l.backend,
            l.variant,
            l.median(),
            rounds.join(" / "),
            l.median() / raw
        );
    }
    std::process::ExitCode::SUCCESS
}
