//! `asamblea serve` as a real process: first start prints the set-up link, the demo loads once,
//! kill -9 in the middle of writes loses no acknowledged act, and two processes on one PostgreSQL
//! database deliver each other's acts over SSE.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::{Value, json};

use crate::common::{BIN, asamblea, text};

pub(crate) struct Server {
    pub(crate) child: Child,
    pub(crate) url: String,
    setup: Option<String>,
    output: Vec<String>,
}

impl Server {
    #[allow(
        clippy::zombie_processes,
        reason = "a test panics if the server never prints its address; Drop reaps it otherwise"
    )]
    pub(crate) fn start(args: &[&str]) -> Server {
        let mut child = Command::new(BIN)
            .arg("serve")
            .args(["--listen", "127.0.0.1:0"])
            .args(args)
            .env_remove("ASAMBLEA_DATABASE_URL")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start asamblea serve");
        let stdout = child.stdout.take().expect("stdout");
        let mut lines = BufReader::new(stdout).lines();
        let mut output = Vec::new();
        let mut setup = None;
        loop {
            let line = lines
                .next()
                .expect("server printed its address")
                .expect("read line");
            if let Some(i) = line.find("/setup/") {
                setup = Some(line[i + 7..].trim().to_string());
            }
            output.push(line.clone());
            if let Some(i) = line.find("listening on ") {
                let url = line[i + 13..].trim().to_string();
                // Keep draining stdout so the server never blocks on a full pipe.
                std::thread::spawn(move || for _ in lines {});
                return Server {
                    child,
                    url,
                    setup,
                    output,
                };
            }
        }
    }

    pub(crate) fn kill9(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(crate) async fn setup_admin(client: &reqwest::Client, server: &Server) -> String {
    let r: Value = client
        .post(format!("{}/api/v1/setup", server.url))
        .json(&json!({"token": server.setup.as_deref().expect("set-up link"), "username": "admin", "display_name": "Admin", "password": "a long password"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    r["token"].as_str().expect("token").to_string()
}

/// `asamblea record verify <args>`: whether it passed, and what it said.
fn verify(args: &[&str]) -> (bool, String) {
    let o = asamblea(&[&["record", "verify"], args].concat());
    let (out, err) = text(&o);
    (o.status.success(), out + &err)
}

#[tokio::test]
async fn sqlite_first_start_demo_and_restart() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    let server = Server::start(&["--data-dir", data, "--demo"]);
    assert!(server.setup.is_some(), "{:?}", server.output);
    assert!(server.output.iter().any(|l| l.contains("Loaded the demo")));
    let client = reqwest::Client::new();
    let seats: Value = client
        .get(format!(
            "{}/api/v1/assemblies/asamblea-popular-1971/seats",
            server.url
        ))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    // The 220 seats of the sectors, plus one for each departmental assembly's delegation (Oruro,
    // La Paz) added by the demo's federation chapter.
    assert_eq!(seats["total_seats"], 222);
    setup_admin(&client, &server).await;
    drop(server);

    // Second start: the demo is there already, and there is an administrator: no set-up link.
    let again = Server::start(&["--data-dir", data, "--demo"]);
    assert!(
        again.output.iter().any(|l| l.contains("already loaded")),
        "{:?}",
        again.output
    );
    assert!(again.setup.is_none());
    drop(again);
    let (ok, out) = verify(&["--data-dir", data]);
    assert!(ok, "{out}");
}

/// Acknowledged writes to wait for before the kill.
const WRITES_BEFORE_KILL: usize = 200;

#[tokio::test]
async fn sqlite_kill_9_during_writes_loses_no_acknowledged_act() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap().to_string();
    let server = Server::start(&["--data-dir", &data]);
    let client = reqwest::Client::new();
    let admin = setup_admin(&client, &server).await;

    // Four writers create accounts as fast as they can; each remembers what was acknowledged
    // and reports each acknowledgement, so the kill comes in the middle of a stream of writes.
    let (acked, mut acks) = tokio::sync::mpsc::unbounded_channel::<()>();
    let mut writers = Vec::new();
    for w in 0..4 {
        let client = client.clone();
        let url = server.url.clone();
        let admin = admin.clone();
        let acked = acked.clone();
        writers.push(tokio::spawn(async move {
            let mut acknowledged = Vec::new();
            for i in 0..10_000 {
                let r = client
                    .post(format!("{url}/api/v1/accounts"))
                    .bearer_auth(&admin)
                    .json(&json!({"username": format!("w{w}.n{i}"), "display_name": "X", "role": "delegate"}))
                    .send()
                    .await;
                match r {
                    Ok(r) if r.status() == 201 => {
                        acknowledged.push(format!("w{w}.n{i}"));
                        let _ = acked.send(());
                    }
                    _ => break,
                }
            }
            acknowledged
        }));
    }
    for _ in 0..WRITES_BEFORE_KILL {
        tokio::time::timeout(Duration::from_secs(60), acks.recv())
            .await
            .expect("writes acknowledged within 60 s")
            .expect("writers running");
    }
    server.kill9();
    let mut acknowledged = Vec::new();
    for w in writers {
        acknowledged.extend(w.await.unwrap());
    }
    assert!(
        acknowledged.len() >= WRITES_BEFORE_KILL,
        "writes happened before the kill: {}",
        acknowledged.len()
    );

    let (ok, out) = verify(&["--data-dir", &data]);
    assert!(ok, "record verifies after kill -9: {out}");
    let restarted = Server::start(&["--data-dir", &data]);
    let mut after = 0;
    let mut names = std::collections::HashSet::new();
    loop {
        let page: Vec<Value> = client
            .get(format!(
                "{}/api/v1/record?after={after}&limit=1000",
                restarted.url
            ))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let Some(last) = page.last() else { break };
        after = last["position"].as_i64().unwrap();
        names.extend(
            page.iter()
                .filter_map(|e| e["payload"]["username"].as_str().map(String::from)),
        );
    }
    for name in &acknowledged {
        assert!(
            names.contains(name),
            "acknowledged account {name} is on the record after restart"
        );
    }
}

/// Reads SSE frames until one with an `id:` arrives; returns its data.
async fn next_event(response: &mut reqwest::Response) -> Value {
    let mut buf = String::new();
    loop {
        if let Some(end) = buf.find("\n\n") {
            let frame: String = buf.drain(..end + 2).collect();
            if let Some(data) = frame.lines().find_map(|l| l.strip_prefix("data:")) {
                return serde_json::from_str(data.trim()).unwrap();
            }
            continue;
        }
        let chunk = tokio::time::timeout(Duration::from_secs(10), response.chunk())
            .await
            .expect("an event within 10 s")
            .unwrap()
            .expect("open stream");
        buf.push_str(&String::from_utf8_lossy(&chunk));
    }
}

#[tokio::test]
async fn postgres_two_server_processes_deliver_each_others_acts() {
    let db = asamblea_store::testing::TestDb::postgres().await;
    let url = db.url().to_string();
    // Both servers are given the instance's one key file (as README says they must be).
    let key = asamblea_store::default_key_path(db.data_dir());
    let key = key.to_str().expect("utf-8 path");
    let a = Server::start(&["--database", &url, "--signing-key", key]);
    let b = Server::start(&["--database", &url, "--signing-key", key]);
    let client = reqwest::Client::new();
    // B subscribes to its live feed before it answers, so every act committed from here on
    // reaches this stream.
    let mut stream = client
        .get(format!("{}/events", b.url))
        .send()
        .await
        .unwrap();
    // Each start printed a fresh set-up link; the latest one is valid.
    let admin = setup_admin(&client, &b).await;
    let first = next_event(&mut stream).await;
    assert_eq!(first["kind"], "account.created");
    client
        .post(format!("{}/api/v1/accounts", a.url))
        .bearer_auth(&admin)
        .json(&json!({"username": "from.a", "display_name": "A", "role": "delegate"}))
        .send()
        .await
        .unwrap();
    let second = next_event(&mut stream).await;
    assert_eq!(
        second["payload"]["username"], "from.a",
        "B's client sees A's act"
    );
    drop(a);
    drop(b);
    db.cleanup().await;
}

/// A hall's phones connect at the same moment: the server's accept queue is longer than tokio's
/// default of 1,024 (issue 15). Read from the kernel with `ss`, which shows a listening socket's
/// queue length as its Send-Q; the kernel caps it at `net.core.somaxconn`.
#[test]
fn sqlite_the_accept_queue_is_longer_than_tokios_default() {
    let somaxconn: u32 = std::fs::read_to_string("/proc/sys/net/core/somaxconn")
        .expect("Linux: /proc/sys/net/core/somaxconn")
        .trim()
        .parse()
        .expect("a number");
    let dir = tempfile::tempdir().expect("tempdir");
    let server = Server::start(&["--data-dir", dir.path().to_str().expect("utf-8")]);
    let port = server.url.rsplit(':').next().expect("port").to_string();
    let out = Command::new("ss")
        .args(["-ltnH", &format!("sport = :{port}")])
        .output()
        .expect("`ss` (iproute2) is needed by this test");
    let line = String::from_utf8_lossy(&out.stdout).to_string();
    let queue: u32 = line
        .split_whitespace()
        .nth(2)
        .and_then(|q| q.parse().ok())
        .unwrap_or_else(|| panic!("ss printed no listening socket on {port}: {line:?}"));
    assert_eq!(queue, somaxconn.min(8192), "{line}");
    assert!(
        somaxconn <= 1024 || queue > 1024,
        "the accept queue is tokio's default: {line}"
    );
}
