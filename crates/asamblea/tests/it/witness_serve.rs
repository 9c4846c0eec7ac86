//! A witness server (`asamblea witness serve`, c2sp.org/tlog-witness) and a log that pushes to
//! it (`asamblea serve`), both real processes (issue 11, task A): the log's checkpoints get
//! cosigned as acts are appended (the first push meets a 409 because the witness already checked
//! the log by pulling, with the same state file) and the cosignature shows on
//! `/record/checkpoint`; a witness that is down stops nothing and is caught up when it is back;
//! after an insider rewrites the record, the witness refuses (422) and the log shows the push
//! as failed and the new checkpoint as not cosigned.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use asamblea_store::{KeySource, Store, default_key_path};
use serde_json::{Value, json};

use crate::common::{BIN, asamblea};
use crate::record_insider::{append, rewrite};
use crate::serve_process::{Server, setup_admin};

const NAME: &str = "w.test/push";

struct WitnessProcess {
    child: Child,
    url: String,
}

impl WitnessProcess {
    #[allow(
        clippy::zombie_processes,
        reason = "a test panics if the witness never prints its address; Drop reaps it otherwise"
    )]
    fn start(listen: &str, key: &str, state: &str, log_key: &str) -> WitnessProcess {
        let mut child = Command::new(BIN)
            .args(["witness", "serve", "--listen", listen, "--key", key])
            .args(["--name", NAME, "--state", state, "--log", log_key])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start asamblea witness serve");
        let stdout = child.stdout.take().expect("stdout");
        let mut lines = BufReader::new(stdout).lines();
        loop {
            let line = lines
                .next()
                .expect("witness printed its address")
                .expect("line");
            if let Some(i) = line.find("listening on ") {
                let url = line[i + 13..].trim().to_string();
                std::thread::spawn(move || for _ in lines {});
                return WitnessProcess { child, url };
            }
        }
    }
}

impl Drop for WitnessProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn me(client: &reqwest::Client, url: &str) -> Value {
    let list: Value = client
        .get(format!("{url}/api/v1/record/witnesses"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    list.as_array()
        .unwrap()
        .iter()
        .find(|w| w["name"] == NAME)
        .cloned()
        .unwrap_or(Value::Null)
}

/// Waits (up to 60 s) until the witness's entry in the log's list satisfies `ok`.
async fn wait_for(
    client: &reqwest::Client,
    url: &str,
    what: &str,
    ok: impl Fn(&Value) -> bool,
) -> Value {
    for _ in 0..300 {
        let w = me(client, url).await;
        if ok(&w) {
            return w;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("{what}: never happened; last: {}", me(client, url).await);
}

async fn head(client: &reqwest::Client, url: &str) -> i64 {
    let r: Value = client
        .get(format!("{url}/api/v1/record?after=0&limit=1000"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    r.as_array()
        .or_else(|| r["entries"].as_array())
        .and_then(|a| a.last())
        .map_or(0, |e| e["position"].as_i64().unwrap())
}

async fn new_account(client: &reqwest::Client, url: &str, admin: &str, username: &str) {
    let r = client
        .post(format!("{url}/api/v1/accounts"))
        .bearer_auth(admin)
        .json(&json!({"username": username, "display_name": username, "role": "delegate"}))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "{:?}", r.text().await);
}

async fn post_raw(url: &str, body: String) -> (u16, String, String) {
    let r = reqwest::Client::new()
        .post(format!("{url}/add-checkpoint"))
        .body(body)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let ct = r
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    (status, ct, r.text().await.unwrap())
}

#[tokio::test]
async fn the_log_pushes_checkpoints_to_a_witness_server() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let data_s = data.to_str().unwrap().to_string();
    let key = dir.path().join("witness.key").display().to_string();
    let state = dir.path().join("state.json").display().to_string();
    let server = Server::start(&["--data-dir", &data_s]);
    let client = reqwest::Client::new();
    let admin = setup_admin(&client, &server).await;
    let log_key = client
        .get(format!("{}/api/v1/record/key", server.url))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
        .trim()
        .to_string();
    let o = asamblea(&["witness", "key", "--key", &key, "--name", NAME]);
    assert!(o.status.success(), "{o:?}");
    let vkey = String::from_utf8(o.stdout).unwrap().trim().to_string();

    // The witness first checks the log by pulling, without telling it (same state file).
    new_account(&client, &server.url, &admin, "primera").await;
    for _ in 0..100 {
        let o = asamblea(&[
            "witness",
            "check",
            "--log",
            &server.url,
            "--log-key",
            &log_key,
            "--key",
            &key,
            "--name",
            NAME,
            "--state",
            &state,
            "--no-submit",
        ]);
        if o.status.success() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let pulled: Value = serde_json::from_str(&std::fs::read_to_string(&state).unwrap()).unwrap();
    let origin = log_key.split('+').next().unwrap().to_string();
    let pulled_size = pulled["logs"][&origin]["size"].as_i64().unwrap();
    assert!(pulled_size > 0);

    let witness = WitnessProcess::start("127.0.0.1:0", &key, &state, &log_key);

    // The protocol's answers, on the wire: 409 with the kept size, 404 for an unknown log,
    // 400 for a malformed body.
    let note = client
        .get(format!("{}/api/v1/record/checkpoint", server.url))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let (status, ct, body) = post_raw(&witness.url, format!("old 0\n\n{note}")).await;
    assert_eq!(
        (status, ct.as_str(), body.as_str()),
        (409, "text/x.tlog.size", format!("{pulled_size}\n").as_str())
    );
    let stranger = note.replacen(&origin, "otro.example/log", 1);
    assert_eq!(
        post_raw(&witness.url, format!("old 0\n\n{stranger}"))
            .await
            .0,
        404
    );
    assert_eq!(
        post_raw(&witness.url, format!("old x\n\n{note}")).await.0,
        400
    );

    // The administrator adds the witness with its URL: the log pushes (meeting the 409 first).
    let r = client
        .post(format!("{}/api/v1/record/witnesses", server.url))
        .bearer_auth(&admin)
        .json(&json!({"vkey": vkey, "url": witness.url}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let w = wait_for(&client, &server.url, "first cosignature", |w| {
        w["cosigned_size"]
            .as_i64()
            .is_some_and(|s| s >= pulled_size)
    })
    .await;
    assert!(w["push_error"].is_null(), "{w}");
    let page = client
        .get(format!("{}/record/checkpoint", server.url))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains(NAME),
        "the checkpoint page names the witness: {page}"
    );
    assert!(page.contains("id=\"cosignatures\""), "{page}");

    // Acts appended: the new checkpoint is pushed with a consistency proof and cosigned.
    new_account(&client, &server.url, &admin, "segunda").await;
    let after = head(&client, &server.url).await;
    wait_for(&client, &server.url, "cosignature after new acts", |w| {
        w["cosigned_size"].as_i64().is_some_and(|s| s >= after)
    })
    .await;

    // The witness goes down: acts go on, the push fails and says so.
    let port = witness.url.rsplit(':').next().unwrap().to_string();
    drop(witness);
    new_account(&client, &server.url, &admin, "tercera").await;
    let down_at = head(&client, &server.url).await;
    let w = wait_for(&client, &server.url, "a failed push", |w| {
        w["push_error"]
            .as_str()
            .is_some_and(|e| e.starts_with("unreachable"))
    })
    .await;
    assert!(w["cosigned_size"].as_i64().unwrap() < down_at, "{w}");
    new_account(&client, &server.url, &admin, "cuarta").await;
    // Back on the same address: caught up at the next retry.
    let witness = WitnessProcess::start(&format!("127.0.0.1:{port}"), &key, &state, &log_key);
    let last = head(&client, &server.url).await;
    let w = wait_for(&client, &server.url, "caught up", |w| {
        w["cosigned_size"].as_i64().is_some_and(|s| s >= last)
    })
    .await;
    assert!(w["push_error"].is_null(), "{w}");
    let kept: Value = serde_json::from_str(&std::fs::read_to_string(&state).unwrap()).unwrap();
    let kept_size = kept["logs"][&origin]["size"].as_i64().unwrap();
    assert!(kept_size >= last);
    server.kill9();

    // The insider rewrites act 2, re-hashes, re-signs with the genuine key file, appends more.
    let store = Store::open_with_key(None, &data, KeySource::File(default_key_path(&data)))
        .await
        .unwrap();
    rewrite(&store).await;
    store.close().await;
    let store = Store::open_with_key(None, &data, KeySource::File(default_key_path(&data)))
        .await
        .unwrap();
    let top = store.head().await.unwrap().unwrap().0;
    append(&store, 1, 3).await;
    store.close().await;
    let server = Server::start(&["--data-dir", &data_s]);
    let w = wait_for(&client, &server.url, "the witness's refusal", |w| {
        w["push_error"].as_str().is_some_and(|e| e.contains("422"))
    })
    .await;
    assert!(
        w["cosigned_size"].as_i64().unwrap() <= top,
        "nothing of the rewritten log is cosigned: {w}"
    );
    let kept: Value = serde_json::from_str(&std::fs::read_to_string(&state).unwrap()).unwrap();
    assert_eq!(
        kept["logs"][&origin]["size"].as_i64().unwrap(),
        kept_size,
        "the witness kept its checkpoint"
    );
    let page = client
        .get(format!("{}/record/checkpoint", server.url))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let latest = client
        .get(format!("{}/api/v1/record/checkpoint", server.url))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        !latest.contains(&format!("\u{2014} {NAME} ")),
        "the latest checkpoint carries no cosignature of it"
    );
    assert!(
        page.contains("witness-push-failed"),
        "the page shows the failed push: {page}"
    );
    drop(witness);
}
