//! `asamblea witness` against a real server (issue 11): it cosigns an honest log, first seen and
//! then grown (checking the consistency proof), and the server shows the cosignature; after an
//! insider with the database and the signing key rewrites an old act, re-hashes, re-signs and
//! appends more, the witness refuses the new checkpoint, says why, and keeps the old one.

use std::time::Duration;

use asamblea_store::{KeySource, Store, default_key_path};
use serde_json::{Value, json};

use crate::common::asamblea;
use crate::record_insider::{append, rewrite};
use crate::serve_process::{Server, setup_admin};

/// The size of the log's latest checkpoint (0 if none yet).
async fn checkpoint_size(client: &reqwest::Client, url: &str) -> u64 {
    let r = client
        .get(format!("{url}/api/v1/record/checkpoint"))
        .send()
        .await
        .unwrap();
    if !r.status().is_success() {
        return 0;
    }
    let note = r.text().await.unwrap();
    note.lines().nth(1).unwrap().parse().unwrap()
}

/// Waits until the log signs a checkpoint of more than `above` entries; its size.
async fn checkpoint_above(client: &reqwest::Client, url: &str, above: u64) -> u64 {
    for _ in 0..200 {
        let size = checkpoint_size(client, url).await;
        if size > above {
            return size;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("no checkpoint above {above} in 20 s");
}

fn run_check(url: &str, log_key: &str, key: &str, state: &str) -> (i32, String, String) {
    let o = asamblea(&[
        "witness",
        "check",
        "--log",
        url,
        "--log-key",
        log_key,
        "--key",
        key,
        "--name",
        "w.test/1",
        "--state",
        state,
    ]);
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[tokio::test]
async fn witness_cosigns_an_honest_log_and_refuses_a_rewritten_one() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let data_s = data.to_str().unwrap().to_string();
    let key = dir.path().join("witness.key").display().to_string();
    let state = dir.path().join("state.json").display().to_string();
    let server = Server::start(&["--data-dir", &data_s]);
    let client = reqwest::Client::new();
    let admin = setup_admin(&client, &server).await;

    let o = asamblea(&["witness", "key", "--key", &key, "--name", "w.test/1"]);
    assert!(o.status.success(), "{o:?}");
    let vkey = String::from_utf8(o.stdout).unwrap().trim().to_string();
    assert!(vkey.starts_with("w.test/1+"), "{vkey}");
    let r = client
        .post(format!("{}/api/v1/record/witnesses", server.url))
        .bearer_auth(&admin)
        .json(&json!({"vkey": vkey}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
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

    // First sight: cosigned, sent, kept by the server (an act), served cosigned.
    let first = checkpoint_above(&client, &server.url, 1).await;
    let (code, out, err) = run_check(&server.url, &log_key, &key, &state);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\u{2014} w.test/1 "), "{out}");
    assert!(err.contains("first checkpoint seen"), "{err}");
    let cosigned = client
        .get(format!("{}/api/v1/record/cosigned", server.url))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(cosigned.contains("\u{2014} w.test/1 "), "{cosigned}");

    // The log grew (the cosignature is an act): the proof from the kept size checks.
    let grown = checkpoint_above(&client, &server.url, first).await;
    let (code, _, err) = run_check(&server.url, &log_key, &key, &state);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(&format!("consistent with the {first} entries")),
        "{err}"
    );
    let kept: Value = serde_json::from_str(&std::fs::read_to_string(&state).unwrap()).unwrap();
    let origin = kept["logs"]
        .as_object()
        .unwrap()
        .keys()
        .next()
        .unwrap()
        .clone();
    assert!(kept["logs"][&origin]["size"].as_u64().unwrap() >= grown);
    let kept_size = kept["logs"][&origin]["size"].clone();
    server.kill9();

    // The insider: edit act 2, re-hash, re-sign with the genuine key file, append more.
    let store = Store::open_with_key(None, &data, KeySource::File(default_key_path(&data)))
        .await
        .unwrap();
    rewrite(&store).await;
    store.close().await;
    let store = Store::open_with_key(None, &data, KeySource::File(default_key_path(&data)))
        .await
        .unwrap();
    append(&store, 1, 3).await;
    store.close().await;
    let server = Server::start(&["--data-dir", &data_s]);
    checkpoint_above(&client, &server.url, kept_size.as_u64().unwrap()).await;
    let (code, out, err) = run_check(&server.url, &log_key, &key, &state);
    assert_eq!(code, 1, "refused: {out} {err}");
    assert!(
        err.contains("REFUSED") && err.contains("rewritten"),
        "{err}"
    );
    assert!(out.is_empty(), "nothing cosigned: {out}");
    let after: Value = serde_json::from_str(&std::fs::read_to_string(&state).unwrap()).unwrap();
    assert_eq!(
        after["logs"][&origin]["size"], kept_size,
        "the old checkpoint is kept"
    );
    drop(server);
}
