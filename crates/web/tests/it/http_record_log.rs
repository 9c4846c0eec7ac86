//! The record as a transparency log over HTTP: the checkpoint note, the verifier key, and
//! inclusion and consistency proofs that check with the `tlog_tiles` functions (Go's
//! sumdb/tlog) against the signed roots.

use std::net::SocketAddr;

use crate::common;
use asamblea_app::Actor;
use asamblea_app::Role;
use asamblea_app::actions::accounts::create_account::{NewAccount, create_account};
use asamblea_record::tree;
use asamblea_store::Store;
use asamblea_store::testing::TestDb;
use asamblea_web::AppState;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde_json::Value;

async fn act(store: &Store, username: &str) {
    let input = NewAccount {
        username: username.into(),
        display_name: username.into(),
        role: Role::Delegate,
        organization_id: None,
    };
    create_account(store, &Actor::System, input).await.unwrap();
}

async fn router_only(store: Store) -> (String, tokio::task::JoinHandle<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let app = asamblea_web::router(AppState::new(store))
        .into_make_service_with_connect_info::<SocketAddr>();
    let task = tokio::spawn(async move {
        axum::serve(listener, app).await.unwrap();
    });
    (url, task)
}

fn hashes(v: &Value) -> Vec<tree::Hash> {
    v["proof"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            tree::Hash(
                BASE64
                    .decode(h.as_str().unwrap())
                    .unwrap()
                    .try_into()
                    .unwrap(),
            )
        })
        .collect()
}

async fn get(url: &str) -> reqwest::Response {
    reqwest::get(url).await.unwrap()
}

async fn proofs_check_against_notes(db: TestDb) {
    let store = db.store.clone();
    let (url, task) = router_only(store.clone()).await;
    assert_eq!(
        get(&format!("{url}/api/v1/record/checkpoint"))
            .await
            .status(),
        404
    );
    for name in ["a.uno", "b.dos", "c.tres"] {
        act(&store, name).await;
    }
    store.checkpoint().await.unwrap().unwrap();
    let old_size = store.head().await.unwrap().unwrap().0 as u64;
    let old_note = get(&format!("{url}/api/v1/record/checkpoint"))
        .await
        .text()
        .await
        .unwrap();
    for name in ["d.cuatro", "e.cinco"] {
        act(&store, name).await;
    }
    store.checkpoint().await.unwrap().unwrap();
    let response = get(&format!("{url}/api/v1/record/checkpoint")).await;
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    let note = response.text().await.unwrap();
    let vkey = get(&format!("{url}/api/v1/record/key"))
        .await
        .text()
        .await
        .unwrap();
    let new = tree::open_note(&note, vkey.trim()).unwrap();
    let old = tree::open_note(&old_note, vkey.trim()).unwrap();
    assert_eq!(old.size, old_size);

    let entries = store.entries_after(0, 1000).await.unwrap();
    for e in entries.iter().filter(|e| (e.position as u64) <= new.size) {
        let p: Value = get(&format!(
            "{url}/api/v1/record/proof/inclusion?position={}&size={}",
            e.position, new.size
        ))
        .await
        .json()
        .await
        .unwrap();
        let leaf = tlog_tiles::record_hash(&tree::leaf_data(e).unwrap());
        tlog_tiles::check_record(&hashes(&p), new.size, new.root, e.position as u64 - 1, leaf)
            .unwrap();
    }
    let p: Value = get(&format!(
        "{url}/api/v1/record/proof/consistency?old={}&size={}",
        old.size, new.size
    ))
    .await
    .json()
    .await
    .unwrap();
    tlog_tiles::check_tree(&hashes(&p), new.size, new.root, old.size, old.root).unwrap();
    let bad = get(&format!(
        "{url}/api/v1/record/proof/consistency?old=1&size={}",
        new.size + 100
    ))
    .await;
    assert_eq!(bad.status(), 400);
    task.abort();
    db.cleanup().await;
}

#[tokio::test]
async fn sqlite_proofs_check_against_notes() {
    proofs_check_against_notes(common::sqlite().await).await;
}

#[tokio::test]
async fn postgres_proofs_check_against_notes() {
    proofs_check_against_notes(common::postgres().await).await;
}
