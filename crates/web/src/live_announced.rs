//! The feed sends only what was announced to it: a ballot writer's batch is in the database
//! before it is durable (SQLite: `wal_sync.rs` in the store), and a batch committed after an
//! announced one is not sent with it. (On PostgreSQL every commit is durable when it returns
//! and is announced with it, so there is nothing to hold back.)

use std::time::Duration;

use asamblea_record::NewAct;
use asamblea_store::testing::TestDb;
use asamblea_store::{Committed, Store};
use serde_json::json;
use tokio::sync::broadcast;

use super::{Live, LiveFeed};

async fn visible(store: &Store, kind: &str) -> Committed {
    let mut tx = store.begin().await.expect("begin");
    tx.append(NewAct {
        actor: None,
        kind: kind.into(),
        scope: "assembly:1".into(),
        payload: json!({}),
    })
    .await
    .expect("append");
    tx.commit_visible().await.expect("commit")
}

async fn next(every: &mut broadcast::Receiver<Live>, wait: Duration) -> Option<i64> {
    match tokio::time::timeout(wait, every.recv()).await {
        Ok(Ok(live)) => Some(live.entry.position),
        _ => None,
    }
}

async fn sends_only_what_was_announced(db: TestDb) {
    let store = &db.store;
    let feed = LiveFeed::start(store.clone());
    let mut every = feed.subscribe_every();
    // The feed reads the head as it starts: an act it sends shows it is past that.
    let mut started = false;
    for _ in 0..50 {
        visible(store, "test.ready").await.durable().await.unwrap();
        if next(&mut every, Duration::from_millis(100)).await.is_some() {
            started = true;
            break;
        }
    }
    assert!(started, "the feed sends durable acts");
    while next(&mut every, Duration::from_millis(100)).await.is_some() {}
    let first = visible(store, "test.first").await;
    let second = visible(store, "test.second").await;
    let first = first.durable().await.unwrap()[0];
    assert_eq!(next(&mut every, Duration::from_secs(10)).await, Some(first));
    assert_eq!(
        next(&mut every, Duration::from_millis(400)).await,
        None,
        "sent a commit nobody announced yet"
    );
    let second = second.durable().await.unwrap()[0];
    assert_eq!(
        next(&mut every, Duration::from_secs(10)).await,
        Some(second)
    );
}

#[tokio::test]
async fn sqlite_the_feed_sends_only_what_was_announced() {
    let db = TestDb::sqlite().await;
    sends_only_what_was_announced(db).await;
}
