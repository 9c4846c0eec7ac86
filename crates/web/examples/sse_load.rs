//! Benchmark (not a test): many SSE observers on one `asamblea serve`, and the latency from an
//! act's commit request to its arrival at every observer.
//!
//! ```sh
//! cargo build --release -p asamblea -p asamblea-web --example sse_load
//! target/release/examples/sse_load --binary target/release/asamblea --observers 10000 --acts 20
//! ```
//! It starts the server itself on a fresh SQLite data directory (or `--database URL`), creates the
//! administrator through the set-up link, opens the observers, then creates `--acts` accounts one
//! after another through the API and measures, for each act, the time from sending the request to
//! each observer receiving the event. Prints p50/p99/max over all (act, observer) pairs and the
//! server's resident memory with the observers connected.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests and tools speak by panicking

mod support;

use support::{percentile, rss_kib};

use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tokio::sync::Mutex;

struct Args {
    binary: String,
    observers: usize,
    acts: usize,
    database: Option<String>,
}

fn parse_args() -> Args {
    let mut args = Args {
        binary: "target/release/asamblea".into(),
        observers: 1000,
        acts: 20,
        database: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let v = it.next().unwrap_or_default();
        match a.as_str() {
            "--binary" => args.binary = v,
            "--observers" => args.observers = v.parse().expect("--observers N"),
            "--acts" => args.acts = v.parse().expect("--acts N"),
            "--database" => args.database = Some(v),
            other => panic!("unknown flag {other}"),
        }
    }
    args
}

#[tokio::main]
async fn main() {
    let args = parse_args();
    let dir = tempfile::tempdir().expect("tempdir");
    let server = support::start(&args.binary, dir.path(), args.database.as_deref(), &[]).await;
    let (url, pid, setup) = (
        server.url.clone(),
        server.pid,
        Some(server.setup_token.clone()),
    );
    let mut child = server.child;
    let client = reqwest::Client::new();
    let admin: Value = client
        .post(format!("{url}/api/v1/setup"))
        .json(&json!({"token": setup.expect("set-up link"), "username": "bench", "display_name": "Bench", "password": "benchmark password"}))
        .send()
        .await
        .expect("setup")
        .json()
        .await
        .expect("setup json");
    let token = admin["token"].as_str().expect("token").to_string();
    let rss_before = rss_kib(pid);

    // Each observer records (position, arrival instant) for every event it reads.
    let arrivals: Arc<Mutex<Vec<(i64, Instant)>>> = Arc::new(Mutex::new(Vec::new()));
    let mut connected = 0usize;
    let started = Instant::now();
    for _ in 0..args.observers {
        let c = reqwest::Client::builder()
            .pool_max_idle_per_host(0)
            .build()
            .expect("client");
        let Ok(mut response) = c.get(format!("{url}/events")).send().await else {
            continue;
        };
        connected += 1;
        let arrivals = arrivals.clone();
        tokio::spawn(async move {
            let mut buf = String::new();
            while let Ok(Some(chunk)) = response.chunk().await {
                let now = Instant::now();
                buf.push_str(&String::from_utf8_lossy(&chunk));
                while let Some(end) = buf.find("\n\n") {
                    let frame: String = buf.drain(..end + 2).collect();
                    let id = frame.lines().find_map(|l| l.strip_prefix("id:"));
                    if let Some(Ok(p)) = id.map(|v| v.trim().parse::<i64>()) {
                        arrivals.lock().await.push((p, now));
                    }
                }
            }
        });
    }
    let connect_time = started.elapsed();
    tokio::time::sleep(Duration::from_millis(500)).await;
    let rss_connected = rss_kib(pid);

    let mut sent = Vec::new();
    for i in 0..args.acts {
        let t0 = Instant::now();
        let r: Value = client
            .post(format!("{url}/api/v1/accounts"))
            .bearer_auth(&token)
            .json(&json!({"username": format!("observer.{i}"), "display_name": "Bench", "role": "delegate"}))
            .send()
            .await
            .expect("act")
            .json()
            .await
            .expect("act json");
        assert!(r["id"].is_i64(), "{r}");
        sent.push((i as i64 + 2, t0)); // position 1 is the administrator's creation
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let arrivals = arrivals.lock().await;
    let mut latencies: Vec<Duration> = Vec::new();
    for (position, t0) in &sent {
        latencies.extend(
            arrivals
                .iter()
                .filter(|(p, _)| p == position)
                .map(|(_, t)| t.saturating_duration_since(*t0)),
        );
    }
    latencies.sort();
    let expected = sent.len() * connected;
    println!(
        "observers connected: {connected} of {} in {:.1} s",
        args.observers,
        connect_time.as_secs_f64()
    );
    println!("deliveries: {} of {expected}", latencies.len());
    println!(
        "act-to-observer latency: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        percentile(&latencies, 0.50).as_secs_f64() * 1e3,
        percentile(&latencies, 0.99).as_secs_f64() * 1e3,
        latencies.last().copied().unwrap_or_default().as_secs_f64() * 1e3
    );
    println!(
        "server RSS: {} MiB idle, {} MiB with observers ({:.1} KiB per observer)",
        rss_before / 1024,
        rss_connected / 1024,
        (rss_connected.saturating_sub(rss_before)) as f64 / connected.max(1) as f64
    );
    let _ = child.kill().await;
}
