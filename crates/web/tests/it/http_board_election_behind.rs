//! Issue 15: a member's ballot reads its code's election before it is queued only when an
//! election through a board may be in voting (`prepared_member_ballot::BoardsInVoting`), which
//! each server looks at most once a second. A server behind (here a second server on the same
//! database, which looked before the board's election started and will not look again for an
//! hour) queues the ballot unprepared; the writer refuses it as not prepared, writing nothing,
//! and the request prepares it and queues it again: the voter is answered with the ballot's
//! receipt, never with "not prepared", and the ballot is on the board and counted as cast.

use std::time::Duration;

use asamblea_app::member_ballot_writer::MemberBallotWriter;
use asamblea_ballot_crypto::SigningKey;
use asamblea_ballot_crypto::ballot::{Manifest, encrypt_ballot};
use asamblea_store::testing::TestDb;
use asamblea_web::AppState;
use serde_json::{Value, json};

use crate::common::delegation::{Election, World, start_voting};
use crate::common::{TestServer, add_members, encrypt_assembly, on_both_backends, post_json_with};

async fn a_ballot_for_a_board_the_server_did_not_know_of_is_accepted(db: &TestDb) {
    let w = World::new(db).await;
    // A plaintext election in voting (ranked: never through a board).
    let plain = Election::nominated(&w, db).await;
    let plain_codes = plain.codes(&w).await;
    // The second server looks once, at its first ballot, and then not for an hour.
    let state = AppState::with_member_casts(
        db.store.clone(),
        MemberBallotWriter::looking_every(db.store.clone(), Duration::from_secs(3600)),
    );
    let behind = TestServer::start_state(state).await;
    let cast = |body: Value| {
        let (http, url) = (&w.http, behind.at("/api/v1/vote"));
        async move { post_json_with(http, &url, None, &body).await }
    };
    let (st, v) = cast(json!({"code": plain_codes[0], "choices": plain.ranking(0)})).await;
    assert_eq!(st, 200, "{v}");

    // Then an election through a board starts voting (on the first server).
    encrypt_assembly(&w.server, &w.admin, db).await;
    let names: Vec<String> = (0..4).map(|i| format!("Afiliada Bancaria {i}")).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let members = add_members(db, w.other_org, &names).await;
    let (st, v) = w
        .post(
            Some(&plain.other_secretary),
            "/api/v1/elections",
            json!({"assembly_id": 1, "organization_id": w.other_org, "method": "plurality", "substitutes": 0}),
        )
        .await;
    assert_eq!(st, 201, "{v}");
    let eid = v["id"].as_i64().unwrap();
    for m in &members[..2] {
        let (st, v) = w
            .post(
                Some(&plain.other_secretary),
                &format!("/api/v1/elections/{eid}/candidates"),
                json!({"member_id": m}),
            )
            .await;
        assert_eq!(st, 201, "{v}");
    }
    let codes = start_voting(&w, &plain.other_secretary, eid).await;
    let e = w.get(&format!("/api/v1/elections/{eid}")).await;
    let board = e["board"].as_str().expect("an election through a board");
    let cands: Vec<i64> = e["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();

    // At once, on the server behind: the server encrypts one ballot (a page without
    // JavaScript), a device sends its own.
    let (st, server_made) =
        cast(json!({"code": codes[0], "choices": [cands[0].to_string()]})).await;
    assert_eq!(st, 200, "{server_made}");
    let manifest = w
        .server
        .text(&format!("/api/v1/boards/{board}/manifest"))
        .await;
    let manifest: Manifest = serde_json::from_str(&manifest).unwrap();
    let (ballot, _) = encrypt_ballot(
        &manifest,
        &SigningKey::generate(&mut rand::rngs::OsRng),
        &vec![vec![0, 1]],
        &mut rand::rngs::OsRng,
    )
    .unwrap();
    let device = json!({"code": codes[1], "choices": [],
        "ballot_json": serde_json::to_string(&ballot).unwrap()});
    let (st, device_made) = cast(device).await;
    assert_eq!(st, 200, "{device_made}");
    assert_eq!(device_made["tracking_code"], ballot.tracking_code());
    // Both are on the board and counted as cast; the plaintext election still takes ballots.
    for receipt in [&server_made, &device_made] {
        let code = receipt["tracking_code"].as_str().unwrap();
        let r = w
            .http
            .get(w.at(&format!("/api/v1/boards/{board}/ballots/{code}")))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{code} on the board");
    }
    let e = w.get(&format!("/api/v1/elections/{eid}")).await;
    assert_eq!(e["voted"], 2, "{e}");
    let (st, v) = cast(json!({"code": plain_codes[1], "choices": plain.ranking(1)})).await;
    assert_eq!(st, 200, "{v}");
    behind.stop().await;
    w.stop().await;
}
on_both_backends!(a_ballot_for_a_board_the_server_did_not_know_of_is_accepted =>
    sqlite_a_ballot_for_a_board_the_server_did_not_know_of_is_accepted,
    postgres_a_ballot_for_a_board_the_server_did_not_know_of_is_accepted);
