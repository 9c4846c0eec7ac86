//! A burst of ballots with live observers: coalesced followers (one keeping up, one too slow for
//! the feed's buffer, one resuming from the middle) get each vote's final count and every close,
//! in a bounded number of events; `every=true` still gets every act. On PostgreSQL the acts are
//! written by another server (a second store on the same database, its feed woken by LISTEN).

use std::time::Instant;

use asamblea_record::NewAct;
use asamblea_store::testing::TestDb;
use serde_json::{Value, json};

use super::*;
use crate::live::{LiveFeed, WINDOW};

const VOTES: i64 = 2;
const TXS: i64 = 300;
const PER_TX: i64 = 4;

/// What a follower read: (position, kind, payload).
type Read = Vec<(i64, String, Value)>;

fn parse(e: &LiveEntry) -> (i64, String, Value) {
    let text = std::str::from_utf8(&e.frame).unwrap_or_default();
    let data = text
        .lines()
        .find_map(|l| l.strip_prefix("data: "))
        .unwrap_or("null");
    let v: Value = serde_json::from_str(data).unwrap_or(Value::Null);
    (e.position, e.kind.clone(), v["payload"].clone())
}

/// Reads until `closes` closes were read (or 30 s passed).
async fn read_until_closed(f: &mut Follower, closes: usize) -> Read {
    let mut out: Read = Vec::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while out.iter().filter(|r| r.1 == "vote.closed").count() < closes {
        let Ok(Some(e)) = tokio::time::timeout_at(deadline, f.next_visible()).await else {
            break;
        };
        out.push(parse(&e));
        out.extend(f.ready_visible().iter().map(|e| parse(e)));
    }
    out
}

async fn append(store: &Store, acts: &[(&str, Value)]) {
    let mut tx = store.begin().await.expect("begin");
    for (kind, payload) in acts {
        tx.append(NewAct {
            actor: None,
            kind: (*kind).into(),
            scope: "assembly:1".into(),
            payload: payload.clone(),
        })
        .await
        .expect("append");
    }
    tx.commit().await.expect("commit");
}

/// Each vote's last count read, and the closes read, in order; checks ids only grow.
fn summary(read: &Read) -> (Vec<i64>, Vec<i64>) {
    assert!(read.windows(2).all(|w| w[0].0 < w[1].0), "ids only grow");
    let mut counts = vec![0; VOTES as usize];
    let mut closes = Vec::new();
    for (_, kind, p) in read {
        let vote = p["vote_id"].as_i64().unwrap_or(0);
        match kind.as_str() {
            "vote.ballots_cast" => counts[(vote - 1) as usize] = p["voted"].as_i64().unwrap_or(0),
            "vote.closed" => closes.push(vote),
            other => panic!("unexpected act {other}"),
        }
    }
    (counts, closes)
}

async fn burst(writer: &Store, reader: &Store) {
    // A buffer of 64 entries: the slow follower falls out of it and catches up from the record
    // (it is given nothing kept in memory); the fast one and the resumed one below catch up from
    // what the feed keeps.
    let feed = LiveFeed::start_with(reader.clone(), 64, WINDOW);
    let head = writer.head().await.ok().flatten().map_or(0, |(p, _)| p);
    let follower =
        |recent| Follower::new(reader.clone(), recent, feed.subscribe(), head, None, true);
    let fast = follower(feed.recent());
    let slow = follower(Arc::new(crate::recent::Recent::default()));
    let every = Follower::new(
        reader.clone(),
        feed.recent(),
        feed.subscribe_every(),
        head,
        None,
        false,
    );
    let started = Instant::now();
    let fast = tokio::spawn(async move {
        let mut f = fast;
        let read = read_until_closed(&mut f, VOTES as usize).await;
        (read, started.elapsed())
    });
    let every = tokio::spawn(async move {
        let mut f = every;
        read_until_closed(&mut f, VOTES as usize).await
    });
    let mut voted = [0i64; VOTES as usize];
    for _ in 0..TXS {
        let mut acts = Vec::new();
        for k in 0..PER_TX {
            let vote = k % VOTES + 1;
            voted[(vote - 1) as usize] += 1;
            let n = voted[(vote - 1) as usize];
            acts.push((
                "vote.ballots_cast",
                json!({"vote_id": vote, "ballots": 1, "voted": n}),
            ));
        }
        append(writer, &acts).await;
    }
    for vote in 1..=VOTES {
        append(writer, &[("vote.closed", json!({ "vote_id": vote }))]).await;
    }
    let ballots = TXS * PER_TX;
    let finals = vec![ballots / VOTES; VOTES as usize];
    let closes: Vec<i64> = (1..=VOTES).collect();

    let (read, elapsed) = fast.await.expect("fast follower");
    assert_eq!(
        summary(&read),
        (finals.clone(), closes.clone()),
        "fast: {read:?}"
    );
    // At most one release of held batches per window (the first at once), plus one before each
    // close; each release carries at most one batch per vote.
    let releases = (elapsed.as_millis() / WINDOW.as_millis()) as usize + 1 + VOTES as usize;
    let bound = releases * VOTES as usize + VOTES as usize;
    assert!(
        read.len() <= bound && (read.len() as i64) < ballots / 4,
        "fast read {} events in {elapsed:?} (bound {bound})",
        read.len()
    );

    let read = every.await.expect("every follower");
    assert_eq!(read.len() as i64, ballots + VOTES, "every=true: every act");
    assert_eq!(summary(&read), (finals.clone(), closes.clone()));

    // Slow: reads only now, long after its 64-entry buffer overflowed.
    let mut slow = slow;
    let read = read_until_closed(&mut slow, VOTES as usize).await;
    assert_eq!(
        summary(&read),
        (finals.clone(), closes.clone()),
        "slow: {read:?}"
    );
    assert_eq!(
        read.len() as i64,
        2 * VOTES,
        "slow: each vote's last count, each close"
    );

    // Resuming from the middle of the burst (Last-Event-ID): the same.
    let mut resumed = Follower::new(
        reader.clone(),
        feed.recent(),
        feed.subscribe(),
        head + ballots / 2,
        None,
        true,
    );
    let read = read_until_closed(&mut resumed, VOTES as usize).await;
    assert_eq!(summary(&read), (finals, closes), "resumed: {read:?}");
    assert_eq!(read.len() as i64, 2 * VOTES);
}

#[tokio::test]
async fn a_burst_reaches_observers_coalesced_with_final_counts_and_closes() {
    let db = TestDb::sqlite().await;
    burst(&db.store, &db.store).await;
    db.cleanup().await;
}

#[tokio::test]
async fn postgres_a_burst_on_another_server_reaches_observers_coalesced() {
    let db = TestDb::postgres().await;
    let other = db.open_again().await;
    burst(&db.store, &other).await;
    other.close().await;
    db.cleanup().await;
}
