//! `Store::keep_checkpointed`: the head is signed soon after it moves, at most once per interval,
//! and the acts committed meanwhile are covered by the next checkpoint.

use std::time::Duration;

use asamblea_store::testing::TestDb;
use asamblea_store::{NewAct, Store, on_read};
use serde_json::json;
use tokio::time::Instant;

async fn append(store: &Store, i: i64) -> i64 {
    let mut tx = store.begin().await.expect("begin");
    let e = tx
        .append(NewAct {
            actor: None,
            kind: "test.appended".into(),
            scope: "instance".into(),
            payload: json!({"i": i}),
        })
        .await
        .expect("append");
    tx.commit().await.expect("commit");
    e.position
}

async fn checkpoints(store: &Store) -> i64 {
    on_read!(store, pool => sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM checkpoints")
        .fetch_one(pool).await)
    .expect("count")
}

/// Waits (at most `within`) for a stored checkpoint at `position`; returns how long it took.
async fn signed_at(store: &Store, position: i64, within: Duration) -> Duration {
    let started = Instant::now();
    loop {
        let latest = store.latest_checkpoint().await.expect("latest");
        if latest.as_ref().is_some_and(|cp| cp.position == position) {
            asamblea_store::record::verify_checkpoint(&latest.unwrap()).expect("signed");
            return started.elapsed();
        }
        assert!(
            started.elapsed() < within,
            "no checkpoint at {position} within {within:?}: {latest:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn signs_the_head_as_it_moves(db: TestDb) {
    let store = db.store.clone();
    // A head left unsigned by an earlier run is signed at start.
    append(&store, 1).await;
    let every = Duration::from_millis(700);
    let task = tokio::spawn({
        let store = store.clone();
        async move { store.keep_checkpointed(every).await }
    });
    signed_at(&store, 1, Duration::from_secs(10)).await;
    // Then a burst: not signed act by act, but its last act within about one interval.
    let started = Instant::now();
    let mut last = 0;
    for i in 2..=6 {
        last = append(&store, i).await;
    }
    signed_at(&store, last, Duration::from_secs(10)).await;
    assert!(started.elapsed() >= every / 2, "{:?}", started.elapsed());
    assert!(
        checkpoints(&store).await <= 3,
        "{}",
        checkpoints(&store).await
    );
    // Nothing new, nothing signed.
    let before = checkpoints(&store).await;
    tokio::time::sleep(every * 2).await;
    assert_eq!(checkpoints(&store).await, before);
    task.abort();
    db.cleanup().await;
}

#[tokio::test]
async fn sqlite_signs_the_head_as_it_moves() {
    signs_the_head_as_it_moves(TestDb::sqlite().await).await;
}

#[tokio::test]
async fn postgres_signs_the_head_as_it_moves() {
    let db = TestDb::postgres().await;
    signs_the_head_as_it_moves(db).await;
}
