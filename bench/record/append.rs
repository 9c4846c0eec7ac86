//! Appending acts: acts per second through `Store` (one act per transaction, batched, and
//! from 8 concurrent tasks) beside the raw one-row-INSERT-per-transaction rate of the same
//! database at the same durability, on SQLite and (if a URL is given) PostgreSQL.
//!
//! Built as the `bench_append` example of `asamblea-store`; run with `bench/record/run.sh`:
//!
//! ```text
//! cargo run --release -p asamblea-store --example bench_append -- \
//!     [--seconds 5] [--dir ./target/bench-record] [--postgres postgres://postgres@127.0.0.1:5432/test]
//! ```
//!
//! Every variant runs for the same wall time on a fresh database; the rate is committed
//! transactions' rows (acts) per second. Payloads are ~120 bytes of JSON, like a real act.

use asamblea_store::sqlx::{self, Connection as _, Executor as _};
use asamblea_store::testing::{random_hex, with_database};
use asamblea_store::{NewAct, Store};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

struct Args {
    seconds: f64,
    dir: PathBuf,
    postgres: Option<String>,
}

fn parse_args() -> Result<Args, String> {
    let mut a = Args {
        seconds: 5.0,
        dir: PathBuf::from("./target/bench-record"),
        postgres: std::env::var("ASAMBLEA_TEST_POSTGRES").ok(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--seconds" => a.seconds = value()?.parse().map_err(|e| format!("--seconds: {e}"))?,
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

/// One row per transaction into a scratch table, same file settings as the store.
async fn raw_sqlite(path: &Path, secs: f64) -> Result<f64, String> {
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

async fn raw_postgres(url: &str, secs: f64) -> Result<f64, String> {
    let mut c = sqlx::PgConnection::connect(url)
        .await
        .map_err(|e| e.to_string())?;
    c.execute("CREATE TABLE scratch (id BIGSERIAL PRIMARY KEY, v TEXT NOT NULL)")
        .await
        .map_err(|e| e.to_string())?;
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
    rate: f64,
}

async fn sqlite_suite(args: &Args, out: &mut Vec<Line>) -> Result<(), String> {
    let root = args.dir.join(format!("run-{}", random_hex(4)));
    std::fs::create_dir_all(&root).map_err(|e| format!("{}: {e}", root.display()))?;
    let secs = args.seconds;
    out.push(Line {
        backend: "SQLite",
        variant: "raw INSERT, 1 row/tx",
        rate: raw_sqlite(&root.join("raw.sqlite3"), secs).await?,
    });
    let store = |name: &str| {
        let dir = root.join(name);
        async move { Store::open(None, &dir).await.map_err(|e| e.to_string()) }
    };
    let s = store("one").await?;
    out.push(Line {
        backend: "SQLite",
        variant: "acts, 1 act/tx",
        rate: acts_one_per_tx(&s, secs).await?,
    });
    s.verify().await.map_err(|e| e.to_string())?;
    let s = store("batch").await?;
    out.push(Line {
        backend: "SQLite",
        variant: "acts, 100 acts/tx",
        rate: acts_batched(&s, secs, 100).await?,
    });
    s.verify().await.map_err(|e| e.to_string())?;
    let s = store("conc").await?;
    out.push(Line {
        backend: "SQLite",
        variant: "acts, 1 act/tx, 8 tasks",
        rate: acts_concurrent(&s, secs, 8).await?,
    });
    s.verify().await.map_err(|e| e.to_string())?;
    let _ = std::fs::remove_dir_all(&root);
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
    let secs = args.seconds;
    let result = async {
        out.push(Line {
            backend: "PostgreSQL",
            variant: "raw INSERT, 1 row/tx",
            rate: raw_postgres(&url, secs).await?,
        });
        let s = Store::open(Some(&url), Path::new("."))
            .await
            .map_err(|e| e.to_string())?;
        out.push(Line {
            backend: "PostgreSQL",
            variant: "acts, 1 act/tx",
            rate: acts_one_per_tx(&s, secs).await?,
        });
        out.push(Line {
            backend: "PostgreSQL",
            variant: "acts, 100 acts/tx",
            rate: acts_batched(&s, secs, 100).await?,
        });
        out.push(Line {
            backend: "PostgreSQL",
            variant: "acts, 1 act/tx, 8 tasks",
            rate: acts_concurrent(&s, secs, 8).await?,
        });
        s.verify().await.map_err(|e| e.to_string())?;
        s.close().await;
        Ok::<(), String>(())
    }
    .await;
    let _ = a
        .execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str())
        .await;
    result
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
    println!("| backend | variant | rows/s | vs raw INSERT |");
    println!("|---|---|---:|---:|");
    for l in &lines {
        let raw = lines
            .iter()
            .find(|r| r.backend == l.backend && r.variant.starts_with("raw"))
            .map(|r| r.rate)
            .unwrap_or(f64::NAN);
        println!(
            "| {} | {} | {:.0} | {:.2}× |",
            l.backend,
            l.variant,
            l.rate,
            l.rate / raw
        );
    }
    std::process::ExitCode::SUCCESS
}
