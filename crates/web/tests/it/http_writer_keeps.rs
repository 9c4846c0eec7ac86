//! What the sessions' ballot writer keeps from one batch to the next (issue 15,
//! `batch_known.rs` in the app): whose delegate each account is and each delegate's standing,
//! kept across acts that change neither (a vote opened or closed, ballots cast), read again
//! after any other; and who has voted in a vote, kept while the vote's count says nobody else
//! marked anyone. Each case is one the writer would get wrong if it kept too much, on SQLite
//! and on PostgreSQL.

use asamblea_store::testing::TestDb;
use reqwest::StatusCode;
use serde_json::json;

use crate::common::on_both_backends;
use crate::common::sitting::{SEATED, Sitting};
use crate::http_hall_device::{encrypted_vote, issue};

/// A yes/no vote on item 1 (after the first, which may be the agenda's).
async fn another_vote(t: &Sitting) -> i64 {
    t.open_vote(json!({"item_id": t.item1, "subject": "procedure", "question": "¿Marcha?"}))
        .await
}

/// A delegate who voted in one vote and left the hall before the next cannot vote in it: the
/// check-out is an act the writer does not keep its standings across.
async fn a_delegate_who_left_cannot_vote_in_the_next_vote(db: &TestDb) {
    let t = Sitting::open(db, SEATED, 20).await;
    let first = t.agenda_vote(None).await;
    t.cast_all(first, &["yes"; 3]).await;
    t.close_vote(first).await;
    t.check_out(db, 0).await;
    let second = another_vote(&t).await;
    let (st, v) = t.cast(0, second, "no").await;
    assert_eq!(
        (st, v["error"].as_str()),
        (StatusCode::CONFLICT, Some("error-ses-not-present")),
        "{v}"
    );
    // The others, kept across the votes, still vote.
    let (st, v) = t.cast(1, second, "no").await;
    assert_eq!(st, StatusCode::OK, "{v}");
    t.stop().await;
}
on_both_backends!(a_delegate_who_left_cannot_vote_in_the_next_vote => sqlite_a_delegate_who_left_cannot_vote_in_the_next_vote, postgres_a_delegate_who_left_cannot_vote_in_the_next_vote);

/// A delegate refused as absent, then checked in, votes in the next vote.
async fn a_delegate_checked_in_votes_in_the_next_vote(db: &TestDb) {
    let t = Sitting::open(db, SEATED, 12).await;
    let first = t.agenda_vote(None).await;
    let (st, v) = t.cast(20, first, "yes").await;
    assert_eq!(
        (st, v["error"].as_str()),
        (StatusCode::CONFLICT, Some("error-ses-not-present"))
    );
    t.cast_all(first, &["yes"; 2]).await;
    t.close_vote(first).await;
    t.check_in(db, 20, 21).await;
    let second = another_vote(&t).await;
    let (st, v) = t.cast(20, second, "yes").await;
    assert_eq!(st, StatusCode::OK, "{v}");
    t.stop().await;
}
on_both_backends!(a_delegate_checked_in_votes_in_the_next_vote => sqlite_a_delegate_checked_in_votes_in_the_next_vote, postgres_a_delegate_checked_in_votes_in_the_next_vote);

/// A delegate given a hall code after others voted on their phones is marked as having voted,
/// outside the writer: their phone's ballot hears "already voted" (a writer that trusted the
/// voters it had seen would write a second mark, and the whole batch would fail). The delegate
/// voted in an earlier vote, so the writer kept their standing.
async fn a_hall_code_marks_its_delegate_for_the_writer(db: &TestDb) {
    let t = Sitting::open(db, 5, 5).await;
    let (earlier, _) = encrypted_vote(&t, db).await;
    let vote = t
        .open_vote(json!({"item_id": t.item1, "subject": "procedure", "question": "¿Bloqueo?", "secret": true}))
        .await;
    let (st, v) = t.cast(2, earlier, "yes").await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let (st, v) = t.cast(1, vote, "yes").await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let (st, v) = issue(&t, &t.h.teller, vote, 2).await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let (st, v) = t.cast(2, vote, "no").await;
    assert_eq!(st, StatusCode::CONFLICT, "{v}");
    let (st, v) = t.cast(3, vote, "no").await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let (_, v) = t.s.get_json(None, &format!("/api/v1/votes/{vote}")).await;
    assert_eq!(v["voted"], 3, "{v}");
    t.stop().await;
}
on_both_backends!(a_hall_code_marks_its_delegate_for_the_writer => sqlite_a_hall_code_marks_its_delegate_for_the_writer, postgres_a_hall_code_marks_its_delegate_for_the_writer);
