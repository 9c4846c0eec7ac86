//! Benchmark (not a test): a hall of delegates casting at once, every phone following live.
//!
//! ```sh
//! cargo build --release -p asamblea -p asamblea-web --bin asamblea --example vote_load
//! target/release/examples/vote_load --binary target/release/asamblea --delegates 2000
//! target/release/examples/vote_load --binary target/release/asamblea --delegates 2000 \
//!     --database postgres://postgres@127.0.0.1:5432/vote_load   # an empty database
//! ```
//! It starts `asamblea serve --demo --no-demo-story` on a fresh SQLite data directory (or `--database URL`),
//! seats `--delegates` delegates in the demo assembly the way a hall does it (accounts with their
//! card, the credentials commission accrediting each one, check-in at the door by badge, login
//! with the card), then the chair opens a secret vote. Each delegate holds an SSE connection
//! (`/events?assembly=`) like an open phone; all of them then cast their ballot at the same
//! moment, each on its own connection. Reported:
//! - the time from the first ballot sent to the last one acknowledged, and per-ballot latency;
//! - after the chair closes the vote, the time from the close request to each open screen
//!   receiving the `vote.closed` act;
//! - durability: the server is killed with SIGKILL right after the close, the database is opened
//!   again, and the ballot box, the list of who voted and the record's chain are checked.
//!
//! Registering a delegate has no HTTP route (elections do it), so the set-up calls that one
//! action in-process on the same database; everything measured goes through the server.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests and tools speak by panicking

mod support;

use support::{percentile, rss_kib};

use std::sync::Arc;
use std::time::{Duration, Instant};

use asamblea_app::Actor;
use asamblea_app::actions::delegates::register_delegate::{NewDelegate, register_delegate};
use asamblea_app::domain::{AccountId, AssemblyId, OrganizationId, SeatKind};
use asamblea_store::{Store, on_read};
use futures_util::StreamExt;
use serde_json::{Value, json};
use tokio::sync::{Barrier, Mutex};

const SLUG: &str = "asamblea-popular-1971";

struct Args {
    binary: String,
    delegates: usize,
    database: Option<String>,
    setup_concurrency: usize,
}

fn parse_args() -> Args {
    let mut args = Args {
        binary: "target/release/asamblea".into(),
        delegates: 2000,
        database: None,
        setup_concurrency: 16,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let v = it.next().unwrap_or_default();
        match a.as_str() {
            "--binary" => args.binary = v,
            "--delegates" => args.delegates = v.parse().expect("--delegates N"),
            "--database" => args.database = Some(v),
            "--setup-concurrency" => args.setup_concurrency = v.parse().expect("N"),
            other => panic!("unknown flag {other}"),
        }
    }
    args
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

struct Api {
    client: reqwest::Client,
    url: String,
}

impl Api {
    async fn post(&self, token: &str, path: &str, body: Value) -> (u16, Value) {
        let mut req = self.client.post(format!("{}{path}", self.url)).json(&body);
        if !token.is_empty() {
            req = req.bearer_auth(token);
        }
        match req.send().await {
            Ok(r) => {
                let status = r.status().as_u16();
                (status, r.json().await.unwrap_or(Value::Null))
            }
            Err(e) => (0, json!({"transport": e.to_string()})),
        }
    }

    async fn ok(&self, token: &str, path: &str, body: Value) -> Value {
        let (st, v) = self.post(token, path, body).await;
        assert!((200..300).contains(&st), "{path}: {st} {v}");
        v
    }
}

/// A delegate's account, seated, checked in and logged in: its bearer token.
async fn seat_one(
    api: &Api,
    store: &Store,
    admin: &str,
    assembly: i64,
    org: i64,
    i: usize,
) -> String {
    let acc = api
        .ok(
            admin,
            "/api/v1/accounts",
            json!({"username": format!("d{i:05}"), "display_name": format!("Delegado {i}"), "role": "delegate"}),
        )
        .await;
    let id = register_delegate(
        store,
        &Actor::System,
        NewDelegate {
            assembly_id: AssemblyId(assembly),
            organization_id: OrganizationId(org),
            name: format!("Delegado {i}"),
            member_id: None,
            account_id: acc["id"].as_i64().map(AccountId),
            seat_kind: SeatKind::Voting,
            substitute_rank: None,
            election_id: None,
        },
    )
    .await
    .expect("register delegate");
    let accredited = api
        .ok(
            admin,
            &format!("/api/v1/delegates/{id}/accredit"),
            json!({}),
        )
        .await;
    // The card code the administrator was shown when creating the account: a hall's phones
    // would collect theirs by pickup, which is throttled per address (10 from one address).
    let code = acc["card_code"].as_str().expect("card code").to_string();
    api.ok(
        admin,
        &format!("/api/v1/assemblies/{SLUG}/check-in"),
        json!({"badge": accredited["badge"]}),
    )
    .await;
    let login = api
        .ok("", "/api/v1/session", json!({"card_code": code}))
        .await;
    login["token"].as_str().expect("token").to_string()
}

#[tokio::main]
async fn main() {
    let args = parse_args();
    let dir = tempfile::tempdir().expect("tempdir");
    let server = support::start(
        &args.binary,
        dir.path(),
        args.database.as_deref(),
        &["--demo", "--no-demo-story"],
    )
    .await;
    let (url, pid, setup) = (
        server.url.clone(),
        server.pid,
        Some(server.setup_token.clone()),
    );
    let mut child = server.child;
    let api = Arc::new(Api {
        client: reqwest::Client::new(),
        url: url.clone(),
    });
    let v = api
        .ok(
            "",
            "/api/v1/setup",
            json!({"token": setup.expect("set-up link"), "username": "admin", "display_name": "Admin", "password": "benchmark password"}),
        )
        .await;
    let admin = v["token"].as_str().expect("token").to_string();

    let store = Store::open(args.database.as_deref(), dir.path())
        .await
        .expect("open the same database");
    let admin_id: i64 = on_read!(store, pool => asamblea_store::sqlx::query_scalar(
        "SELECT id FROM accounts WHERE username = 'admin'").fetch_one(pool).await)
    .expect("administrator");
    let assembly: i64 = on_read!(store, pool => asamblea_store::sqlx::query_scalar(
        "SELECT id FROM assemblies WHERE slug = $1").bind(SLUG).fetch_one(pool).await)
    .expect("demo assembly");
    let orgs: Vec<i64> = on_read!(store, pool => asamblea_store::sqlx::query_scalar(
        "SELECT organization_id FROM seat_allocations WHERE assembly_id = $1 AND seats > 0 ORDER BY organization_id")
        .bind(assembly).fetch_all(pool).await)
    .expect("organizations");
    for role in ["credentials", "presidium"] {
        api.ok(
            &admin,
            &format!("/api/v1/assemblies/{SLUG}/roles"),
            json!({"account_id": admin_id, "role": role}),
        )
        .await;
    }

    let t = Instant::now();
    let tokens: Vec<String> = futures_util::stream::iter(0..args.delegates)
        .map(|i| {
            let (api, store, admin) = (api.clone(), store.clone(), admin.clone());
            let org = orgs[i % orgs.len()];
            async move { seat_one(&api, &store, &admin, assembly, org, i).await }
        })
        .buffer_unordered(args.setup_concurrency)
        .collect()
        .await;
    eprintln!(
        "set-up: {} delegates seated, checked in and logged in, in {:.1} s",
        tokens.len(),
        t.elapsed().as_secs_f64()
    );

    let v = api
        .ok(
            &admin,
            "/api/v1/sessions",
            json!({"assembly_id": assembly, "title": "Sesión de prueba de carga"}),
        )
        .await;
    let sid = v["id"].as_i64().expect("session id");
    api.ok(&admin, &format!("/api/v1/sessions/{sid}/open"), json!({}))
        .await;
    let v = api
        .ok(
            &admin,
            "/api/v1/votes",
            json!({"session_id": sid, "subject": "procedure", "question": "¿Huelga general?", "secret": true}),
        )
        .await;
    let vote = v["id"].as_i64().expect("vote id");

    // Every phone follows the assembly live; each records when it sees the vote closed.
    let closed_seen: Arc<Mutex<Vec<Instant>>> = Arc::new(Mutex::new(Vec::new()));
    let rss_before = rss_kib(pid);
    let mut screens = 0usize;
    for _ in 0..tokens.len() {
        let c = reqwest::Client::builder()
            .pool_max_idle_per_host(0)
            .build()
            .expect("client");
        let Ok(mut response) = c
            .get(format!("{url}/events?assembly={assembly}"))
            .send()
            .await
        else {
            continue;
        };
        screens += 1;
        let closed_seen = closed_seen.clone();
        tokio::spawn(async move {
            // Look for the close without parsing every frame: keep only a short tail between
            // chunks, so a marker split across two chunks is still found.
            const MARK: &[u8] = b"\"vote.closed\"";
            let mut tail: Vec<u8> = Vec::new();
            while let Ok(Some(chunk)) = response.chunk().await {
                let now = Instant::now();
                tail.extend_from_slice(&chunk);
                if tail.windows(MARK.len()).any(|w| w == MARK) {
                    closed_seen.lock().await.push(now);
                    return;
                }
                let keep = tail.len().saturating_sub(MARK.len());
                tail.drain(..keep);
            }
        });
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let rss_screens = rss_kib(pid);

    // All ballots at once, each delegate on its own connection (its own phone).
    let barrier = Arc::new(Barrier::new(tokens.len() + 1));
    let mut casts = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        let (barrier, token, url) = (barrier.clone(), token.clone(), url.clone());
        casts.push(tokio::spawn(async move {
            let client = reqwest::Client::builder()
                .timeout(Duration::from_secs(120))
                .build()
                .expect("client");
            let choice = ["yes", "yes", "no", "abstain"][i % 4];
            barrier.wait().await;
            let t0 = Instant::now();
            let r = client
                .post(format!("{url}/api/v1/votes/{vote}/ballots"))
                .bearer_auth(&token)
                .json(&json!({"choice": choice}))
                .send()
                .await;
            let status = match r {
                Ok(r) => r.status().as_u16(),
                Err(_) => 0,
            };
            (status, t0, Instant::now())
        }));
    }
    barrier.wait().await;
    let start = Instant::now();
    let mut latencies = Vec::new();
    let mut failed = std::collections::BTreeMap::<u16, usize>::new();
    let mut last = start;
    for c in casts {
        let (status, t0, t1) = c.await.expect("cast task");
        if status == 200 {
            latencies.push(t1 - t0);
            last = last.max(t1);
        } else {
            *failed.entry(status).or_default() += 1;
        }
    }
    let all_in = last - start;
    latencies.sort();

    // The chair closes; every open screen should see it.
    let t_close = Instant::now();
    let result = api
        .ok(&admin, &format!("/api/v1/votes/{vote}/close"), json!({}))
        .await;
    let close_ack = t_close.elapsed();
    tokio::time::sleep(Duration::from_secs(3)).await;
    let seen: Vec<Duration> = {
        let s = closed_seen.lock().await;
        let mut v: Vec<Duration> = s.iter().map(|t| *t - t_close).collect();
        v.sort();
        v
    };
    // Durability: kill the server without warning, then read the database again.
    child.start_kill().expect("kill -9");
    let _ = child.wait().await;
    store.close().await;
    let store = Store::open(args.database.as_deref(), dir.path())
        .await
        .expect("reopen");
    let casts: i64 = on_read!(store, pool => asamblea_store::sqlx::query_scalar(
        "SELECT COUNT(*) FROM vote_casts WHERE vote_id = $1").bind(vote).fetch_one(pool).await)
    .expect("count casts");
    let ballots: i64 = on_read!(store, pool => asamblea_store::sqlx::query_scalar(
        "SELECT COUNT(*) FROM secret_ballots WHERE vote_id = $1").bind(vote).fetch_one(pool).await)
    .expect("count ballots");
    let verified = store.verify().await;

    let backend = if args.database.is_some() {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    println!("backend: {backend}, delegates: {}", tokens.len());
    println!(
        "ballots acknowledged: {} of {} in {:.2} s ({:.0}/s); refused or failed: {failed:?}",
        latencies.len(),
        tokens.len(),
        all_in.as_secs_f64(),
        latencies.len() as f64 / all_in.as_secs_f64().max(1e-9)
    );
    println!(
        "ballot latency: p50 {:.0} ms, p99 {:.0} ms, max {:.0} ms",
        ms(percentile(&latencies, 0.5)),
        ms(percentile(&latencies, 0.99)),
        ms(latencies.last().copied().unwrap_or_default())
    );
    println!(
        "close acknowledged in {:.0} ms; passed: {}; result: {}",
        ms(close_ack),
        result["passed"],
        result["result"]
    );
    println!(
        "open screens: {screens}; saw the close: {} — p50 {:.0} ms, p99 {:.0} ms, max {:.0} ms after the close request",
        seen.len(),
        ms(percentile(&seen, 0.5)),
        ms(percentile(&seen, 0.99)),
        ms(seen.last().copied().unwrap_or_default())
    );
    println!(
        "server RSS: {} MiB before the screens, {} MiB with them",
        rss_before / 1024,
        rss_screens / 1024
    );
    println!(
        "after kill -9: {casts} in the list of who voted, {ballots} ballots in the box, record chain: {}",
        match verified {
            Ok(r) => format!("{} entries verified", r.entries),
            Err(e) => format!("BROKEN: {e}"),
        }
    );
}
