//! Members' ballots cast at once (issue 15): the server writes the ballots that arrive together
//! in one transaction (`MemberBallotWriter`). Every code's ballot sent twice at the same time,
//! and wrong codes among them: each code is counted once, the second of each pair hears "already
//! voted", each wrong code is refused and counted against its address, and the close counts
//! every acknowledged ballot.

use crate::common::delegation::{Election, World};
use crate::common::on_both_backends;
use asamblea_store::on_read;
use asamblea_store::testing::TestDb;
use futures_util::future::join_all;
use serde_json::json;

async fn ballots_sent_together_are_each_counted_once(db: &TestDb) {
    let w = World::new(db).await;
    let e = Election::nominated(&w, db).await;
    let codes = e.codes(&w).await;
    let firsts = e.firsts();
    let mut sends = Vec::new();
    for (i, code) in codes.iter().enumerate() {
        let ranking = e.ranking(firsts[i % firsts.len()]);
        for _ in 0..2 {
            sends.push(json!({"code": code, "choices": ranking}));
        }
    }
    for _ in 0..3 {
        sends.push(json!({"code": "ZZZZ-ZZZZ-ZZZZ", "choices": ["blank"]}));
    }
    let answers = join_all(
        sends
            .into_iter()
            .map(|body| w.post(None, "/api/v1/vote", body)),
    )
    .await;
    let status = |code: u16| answers.iter().filter(|(s, _)| s.as_u16() == code).count();
    assert_eq!(status(200), codes.len(), "{answers:?}");
    assert_eq!(status(409), codes.len(), "the second of each pair");
    assert_eq!(status(401) + status(429), 3, "the wrong codes");
    let failures: i64 = on_read!(db.store, pool => asamblea_store::sqlx::query_scalar(
        "SELECT COUNT(*) FROM login_failures").fetch_one(pool).await)
    .unwrap();
    assert!(failures >= 1, "wrong codes count against the address");
    let closed = e.close(&w).await;
    assert_eq!(closed["voters"], codes.len(), "{closed}");
    let ballots: i64 = on_read!(db.store, pool => asamblea_store::sqlx::query_scalar(
        "SELECT COUNT(*) FROM ballots WHERE election_id = $1").bind(e.eid).fetch_one(pool).await)
    .unwrap();
    assert_eq!(ballots, codes.len() as i64);
    w.stop().await;
}
on_both_backends!(ballots_sent_together_are_each_counted_once => sqlite_ballots_sent_together_are_each_counted_once, postgres_ballots_sent_together_are_each_counted_once);
