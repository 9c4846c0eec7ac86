//! Several `asamblea serve` processes on one PostgreSQL database, behind no special balancer
//! (issue 15): members of an organization vote with their codes through three servers at once; one server is
//! killed (-9) while ballots are in flight to it; the ballots whose answer was lost are sent again
//! with the same `cast_key` to another server, and the rest go on through the other two. Every
//! code ends with an acknowledged ballot, the close counts each exactly once, and the third
//! server's live feed carries the close that the second server wrote.

use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

use crate::serve_process::{Server, setup_admin};

const MEMBERS: usize = 60;

pub(crate) async fn post(
    client: &Client,
    url: &str,
    token: Option<&str>,
    body: Value,
) -> (StatusCode, Value) {
    let mut r = client.post(url).json(&body);
    if let Some(t) = token {
        r = r.bearer_auth(t);
    }
    match r.send().await {
        Ok(r) => {
            let s = r.status();
            (s, r.json().await.unwrap_or(Value::Null))
        }
        // The server was killed with the ballot in flight: no answer.
        Err(_) => (StatusCode::BAD_GATEWAY, Value::Null),
    }
}

async fn get(client: &Client, url: &str, token: &str) -> Value {
    client
        .get(url)
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// A ballot for `code`: its body, with a `cast_key` that makes a resend safe.
pub(crate) fn ballot(code: &str, candidate: i64, i: usize) -> Value {
    json!({"code": code, "choices": [candidate.to_string()], "cast_key": format!("three-servers-key-{i:04}")})
}

#[tokio::test]
async fn postgres_three_servers_share_a_vote_and_one_killed_loses_nothing() {
    let db = asamblea_store::testing::TestDb::postgres().await;
    let url = db.url().to_string();
    let key = asamblea_store::default_key_path(db.data_dir());
    let key = key.to_str().expect("utf-8 path");
    let mut a = Server::start(&["--database", &url, "--signing-key", key, "--demo"]);
    let b = Server::start(&["--database", &url, "--signing-key", key]);
    let c = Server::start(&["--database", &url, "--signing-key", key]);
    let client = Client::new();
    let admin = setup_admin(&client, &c).await;

    let Vote {
        eid,
        candidate,
        codes,
    } = open_vote(&client, &admin, [&a.url, &b.url, &c.url]).await;

    // C's live feed, open before anything else happens.
    let mut feed = client
        .get(format!("{}/events", c.url))
        .send()
        .await
        .unwrap();

    // A third of the ballots to each server at once; A is killed while its share is in flight.
    let servers = [a.url.clone(), b.url.clone(), c.url.clone()];
    let sends = codes.iter().enumerate().map(|(i, code)| {
        let (client, to) = (client.clone(), servers[i % 3].clone());
        let body = ballot(code, candidate, i);
        tokio::spawn(async move { post(&client, &format!("{to}/api/v1/vote"), None, body).await })
    });
    let sends: Vec<_> = sends.collect();
    tokio::time::sleep(std::time::Duration::from_millis(30)).await;
    let _ = a.child.kill();
    let _ = a.child.wait();
    let mut answers: Vec<(StatusCode, Value)> = Vec::new();
    for send in sends {
        answers.push(send.await.unwrap());
    }
    // What A did not answer goes again, with the same key, to B: recorded once either way.
    let mut lost = 0;
    for (i, (status, _)) in answers.iter().enumerate() {
        if *status == StatusCode::OK {
            continue;
        }
        assert_eq!(i % 3, 0, "only A's ballots may go unanswered: {status}");
        lost += 1;
        let (s, v) = post(
            &client,
            &format!("{}/api/v1/vote", b.url),
            None,
            ballot(&codes[i], candidate, i),
        )
        .await;
        assert_eq!(s, StatusCode::OK, "the resend is answered: {v}");
    }
    println!("ballots unanswered by the killed server and sent again: {lost}");

    let (s, closed) = post(
        &client,
        &format!("{}/api/v1/elections/{eid}/close", b.url),
        Some(&admin),
        json!({}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{closed}");
    assert_eq!(
        closed["voters"],
        codes.len(),
        "every code counted once: {closed}"
    );
    // C's feed (frames may come several to a chunk): the close B wrote reaches it.
    let mut seen = String::new();
    while !seen.contains("\"kind\":\"election.closed\"") {
        let chunk = tokio::time::timeout(std::time::Duration::from_secs(10), feed.chunk())
            .await
            .expect("C's feed carries the close within 10 s")
            .unwrap()
            .expect("open stream");
        seen.push_str(&String::from_utf8_lossy(&chunk));
    }
    drop(b);
    drop(c);
    db.cleanup().await;
}

/// An open vote of members with codes: the election, its first candidate, the codes.
pub(crate) struct Vote {
    pub eid: i64,
    pub candidate: i64,
    pub codes: Vec<String>,
}

/// Opens an election for an organization of the demo's plan that has a vacancy: its members
/// imported through `urls[0]`, the election opened and nominated through `urls[1]`, its vote
/// started through `urls[2]` (one server may be all three).
pub(crate) async fn open_vote(client: &Client, admin: &str, urls: [&str; 3]) -> Vote {
    let seats = get(
        client,
        &format!("{}/api/v1/assemblies/asamblea-popular-1971/seats", urls[0]),
        admin,
    )
    .await;
    // An organization of the plan with seats and no election yet (the demo elected some).
    let orgs: Vec<i64> = seats["sectors"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["organizations"].as_array().unwrap().iter())
        .filter(|o| o["seats"].as_i64().unwrap_or(0) > 0)
        .map(|o| o["id"].as_i64().unwrap())
        .collect();
    let mut opened = None;
    for org in orgs {
        let (s, e) = post(client, &format!("{}/api/v1/elections", urls[1]), Some(admin),
            json!({"assembly_id": 1, "organization_id": org, "method": "plurality", "substitutes": 0})).await;
        if s == StatusCode::CREATED {
            opened = Some((org, e["id"].as_i64().unwrap()));
            break;
        }
    }
    let (org, eid) = opened.expect("an organization with a vacancy");
    let mut csv = String::from("member_number,name\n");
    for i in 0..MEMBERS {
        csv.push_str(&format!(
            "E{eid}-{i:03},Afiliado {i} de la elección {eid}\n"
        ));
    }
    let imported = client
        .post(format!(
            "{}/api/v1/organizations/{org}/members/import?dry_run=false",
            urls[0]
        ))
        .bearer_auth(admin)
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .await
        .unwrap();
    let status = imported.status();
    assert_eq!(
        status,
        StatusCode::OK,
        "{}",
        imported
            .text()
            .await
            .unwrap_or_default()
            .chars()
            .take(500)
            .collect::<String>()
    );
    let members = get(
        client,
        &format!("{}/api/v1/organizations/{org}/members", urls[1]),
        admin,
    )
    .await;
    // This round's members (an organization may have voted before, with members of its own).
    let member_ids: Vec<i64> = members
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| {
            m["member_number"]
                .as_str()
                .is_some_and(|n| n.starts_with(&format!("E{eid}-")))
        })
        .map(|m| m["id"].as_i64().unwrap())
        .collect();
    let (s, n) = post(
        client,
        &format!("{}/api/v1/elections/{eid}/candidates", urls[1]),
        Some(admin),
        json!({"member_ids": [member_ids[0], member_ids[1]]}),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{n}");
    let candidate = n["ids"][0].as_i64().unwrap();
    let (s, codes) = post(
        client,
        &format!("{}/api/v1/elections/{eid}/voting", urls[2]),
        Some(admin),
        json!({"confirm": true}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{codes}");
    let codes: Vec<String> = codes
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap().to_string())
        .collect();
    assert!(codes.len() >= MEMBERS);

    Vote {
        eid,
        candidate,
        codes,
    }
}
