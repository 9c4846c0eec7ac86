//! A ballot is answered only once it is durable (issue 15). On SQLite the ballot writer's commit
//! returns before the WAL is synced, and the writer goes on with the next batch while the disk
//! syncs (`wal_sync.rs` in the store): with the syncs held, a member's ballot is committed
//! (its mark and its box row are in the database) but not answered, and no act of it reaches
//! the record's subscribers; once the sync is let through, it is answered and announced.

use std::time::Duration;

use crate::common::delegation::{Election, World};
use asamblea_store::on_read;
use asamblea_store::testing::TestDb;
use serde_json::json;

#[tokio::test]
async fn a_ballot_is_answered_once_its_commit_is_synced_not_before() {
    let db = TestDb::sqlite().await;
    let w = World::new(&db).await;
    let e = Election::nominated(&w, &db).await;
    let codes = e.codes(&w).await;
    let ranking = e.ranking(e.firsts()[0]);
    let mut acts = db.store.subscribe();
    let (held, syncs_before) = db
        .store
        .hold_wal_syncs()
        .await
        .expect("SQLite syncs its WAL");
    let body = json!({"code": codes[0], "choices": ranking});
    let url = w.at("/api/v1/vote");
    let http = w.http.clone();
    let mut sent = tokio::spawn(async move { http.post(url).json(&body).send().await });
    let ballots = || async {
        on_read!(db.store, pool => asamblea_store::sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM ballots WHERE election_id = $1").bind(e.eid).fetch_one(pool).await)
        .unwrap()
    };
    // Committed: the ballot is in the box, read by another connection.
    let mut committed = false;
    for _ in 0..100 {
        if ballots().await == 1 {
            committed = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(committed, "the writer commits without waiting for the sync");
    // ...but neither answered nor announced while the WAL is not synced.
    let waited = tokio::time::timeout(Duration::from_millis(400), &mut sent).await;
    assert!(
        waited.is_err(),
        "answered before the WAL was synced: {waited:?}"
    );
    while let Ok(position) = acts.try_recv() {
        let entry = db.store.entry(position).await.unwrap().unwrap();
        assert_ne!(
            entry.kind, "election.ballots_cast",
            "announced before the WAL was synced"
        );
    }
    drop(held);
    let answer = tokio::time::timeout(Duration::from_secs(10), sent)
        .await
        .expect("answered once synced")
        .unwrap()
        .unwrap();
    assert_eq!(answer.status().as_u16(), 200);
    let (_, syncs_after) = db.store.hold_wal_syncs().await.unwrap();
    assert!(syncs_after > syncs_before, "a sync was done");
    w.stop().await;
}
