//! kill -9 while members vote (issue 11's trial, issue 15's check): ballots are in flight to the
//! one server when it is killed; after a restart on the same database, every ballot whose answer
//! was lost is sent again with its `cast_key` (recorded once either way), the close counts each
//! code exactly once, and the record verifies. On SQLite and on PostgreSQL; one round each in
//! the suite, `ASAMBLEA_KILL_ROUNDS=20` for the long trial (a new election each round).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use reqwest::{Client, StatusCode};
use serde_json::json;

use crate::common::asamblea;
use crate::serve_process::{Server, setup_admin};
use crate::three_servers::{Vote, ballot, open_vote, post};

fn rounds() -> usize {
    std::env::var("ASAMBLEA_KILL_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1)
}

/// One round: a vote, ballots in flight, kill -9 once `share` (numerator, denominator) of them
/// are acknowledged, restart, resend, close. Returns how many ballots had no answer at the kill.
async fn round(args: &[&str], admin: &str, share: (usize, usize)) -> usize {
    let client = Client::new();
    let mut server = Server::start(args);
    let Vote {
        eid,
        candidate,
        codes,
    } = open_vote(&client, admin, [&server.url, &server.url, &server.url]).await;
    let answered = Arc::new(AtomicUsize::new(0));
    let sends: Vec<_> = codes
        .iter()
        .enumerate()
        .map(|(i, code)| {
            let (client, url) = (client.clone(), format!("{}/api/v1/vote", server.url));
            let (body, answered) = (ballot(code, candidate, i), Arc::clone(&answered));
            tokio::spawn(async move {
                // Spread over about 300 ms, so that the kill finds some acknowledged and some
                // in flight (ballots that arrive together are answered together).
                tokio::time::sleep(std::time::Duration::from_millis(5 * i as u64)).await;
                let r = post(&client, &url, None, body).await;
                if r.0 == StatusCode::OK {
                    answered.fetch_add(1, Ordering::SeqCst);
                }
                r
            })
        })
        .collect();
    // Killed mid-vote: once `share` of the ballots are acknowledged (or after 10 s).
    for _ in 0..10_000 {
        if answered.load(Ordering::SeqCst) * share.1 >= codes.len() * share.0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(1)).await;
    }
    let _ = server.child.kill();
    let _ = server.child.wait();
    let mut unanswered = Vec::new();
    for (i, send) in sends.into_iter().enumerate() {
        if send.await.unwrap().0 != StatusCode::OK {
            unanswered.push(i);
        }
    }
    drop(server);
    let again = Server::start(args);
    for &i in &unanswered {
        let (s, v) = post(
            &client,
            &format!("{}/api/v1/vote", again.url),
            None,
            ballot(&codes[i], candidate, i),
        )
        .await;
        assert_eq!(s, StatusCode::OK, "a resent ballot is answered: {v}");
    }
    let (s, closed) = post(
        &client,
        &format!("{}/api/v1/elections/{eid}/close", again.url),
        Some(admin),
        json!({}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{closed}");
    assert_eq!(closed["voters"], codes.len(), "each code once: {closed}");
    unanswered.len()
}

/// The administrator's token, made through the first server of a fresh database.
async fn first_admin(args: &[&str]) -> String {
    let first = Server::start(args);
    setup_admin(&Client::new(), &first).await
}

#[tokio::test]
async fn sqlite_kill_9_while_members_vote_loses_no_ballot() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    let admin = first_admin(&["--data-dir", data, "--demo"]).await;
    for r in 0..rounds() {
        let lost = round(&["--data-dir", data], &admin, (1 + r % 3, 4)).await;
        println!("round {r}: {lost} ballots unanswered at the kill, resent");
    }
    let o = asamblea(&["record", "verify", "--data-dir", data]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
}

#[tokio::test]
async fn postgres_kill_9_while_members_vote_loses_no_ballot() {
    let db = asamblea_store::testing::TestDb::postgres().await;
    let url = db.url().to_string();
    let key = asamblea_store::default_key_path(db.data_dir());
    let key = key.to_str().expect("utf-8 path");
    let admin = first_admin(&["--database", &url, "--signing-key", key, "--demo"]).await;
    for r in 0..rounds() {
        let args = ["--database", &url, "--signing-key", key];
        let lost = round(&args, &admin, (1 + r % 3, 4)).await;
        println!("round {r}: {lost} ballots unanswered at the kill, resent");
    }
    let dir = db.data_dir().to_str().expect("utf-8 path").to_string();
    let o = asamblea(&["record", "verify", "--database", &url, "--data-dir", &dir]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
    db.cleanup().await;
}
