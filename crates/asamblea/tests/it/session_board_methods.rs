//! Encrypted secret session votes (issue 14) beyond the yes/no/abstain of `session_board`: an
//! approval vote (any number of the options) counted from ballots the server encrypted and one a
//! device encrypted; weighted ballots (the assembly votes by delegation), which the server
//! encrypts as one ballot of one per seat, so the weight is inside the verified tally, and which
//! the page does not offer to the phone (a device's ballot from such a voter is refused with the
//! reason); then a new key ceremony while a vote is open under the old key. 2 of 3 trustees.

use std::collections::HashMap;

use asamblea_store::testing::TestDb;
use asamblea_store::{on_read, sqlx};
use serde_json::json;

use crate::boards_setup::{
    Hall, SLUG, ceremony, follow, logged_in, on_a_server, seat_hall, tokens_of,
};
use crate::serve_process::Server;

#[tokio::test(flavor = "multi_thread")]
async fn encrypted_session_votes_by_method_and_weight_then_a_new_key() {
    on_a_server(TestDb::sqlite().await, seat_hall, methods).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn postgres_encrypted_session_votes_by_method_and_weight_then_a_new_key() {
    on_a_server(TestDb::postgres().await, seat_hall, methods).await;
}

async fn methods(server: &Server, db: &TestDb, hall: &Hall) {
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(name).to_string_lossy().into_owned();
    let (api, admin, chair, delegates) = logged_in(server, hall).await;
    let (sid, item) = api.open_item(&chair, hall.assembly).await;
    let open_secret = |q: &str| json!({"session_id": sid, "item_id": item, "subject": "procedure", "question": q, "secret": true});
    let key = api.encrypt_secret_ballots(&admin, 3, 2).await;
    let (key_board, kb) = (&key.name, &key.url);
    let secret = |i: u32| path(&format!("trustee-{i}.secret"));
    ceremony(kb, &key.tokens, &secret, 3);
    let decrypt = |_vote: i64| follow(kb, &[secret(1), secret(3)]);

    // Approval (any number of the options): the server encrypts two ballots, a device a third.
    let mut approve = open_secret("¿Qué comisiones se forman?");
    approve["method"] = json!("approval");
    approve["options"] = json!(["Prensa", "Finanzas", "Salud"]);
    let vote3 = api.open_vote(&chair, approve).await;
    let page = api
        .page(&delegates[0], &format!("/sessions/items/{item}"))
        .await;
    assert!(
        page.contains(&format!("id=\"vote-option-{vote3}-2\" data-choice=\"2\"")),
        "{page}"
    );
    for (d, c) in delegates.iter().zip(["0,2", "1"]) {
        api.cast(d, vote3, json!({"choice": c})).await;
    }
    let b3 = api.vote_board(vote3).await;
    let (json_ballot, _) = api.device_ballot(&b3, vec![vec![1, 1, 0]]).await;
    api.cast(
        &delegates[2],
        vote3,
        json!({"choice": "", "ballot_json": json_ballot}),
    )
    .await;
    api.close(&chair, vote3).await;
    decrypt(vote3);
    let v3 = api.vote(vote3).await;
    assert_eq!(v3["result"]["counts"], json!([2, 2, 1]), "{v3}");
    assert_eq!(v3["result"]["voted"], 3, "{v3}");
    api.verified_record(&b3, &path("record3.json")).await;

    // Weighted ballots: the assembly votes by delegation, so a delegation's one ballot weighs
    // its seats.
    api.ok(
        "PUT",
        Some(&admin),
        &format!("/api/v1/assemblies/{SLUG}/federation"),
        json!({"substitutes_at_check_in": false, "proxies": "off", "proxy_cap": 1, "vote_weight": "delegation"}),
    )
    .await;
    let vote4 = api
        .open_vote(&chair, open_secret("¿Paro de 48 horas?"))
        .await;
    let mut seats = Vec::new();
    for d in 0..3 {
        let s: i64 = on_read!(&db.store, pool => sqlx::query_scalar(
            "SELECT s.seats FROM seat_allocations s JOIN delegates d ON d.organization_id = s.organization_id \
             JOIN accounts a ON a.id = d.account_id WHERE s.assembly_id = $1 AND a.username = $2")
            .bind(hall.assembly).bind(format!("delegado.{d:02}")).fetch_one(pool).await)
        .unwrap();
        seats.push(s);
    }
    let heavy = seats
        .iter()
        .position(|s| *s > 1)
        .unwrap_or_else(|| panic!("a delegation weighs more than one: {seats:?}"));
    let (page, csp) = api
        .page_csp(&delegates[heavy], &format!("/sessions/items/{item}"))
        .await;
    assert!(
        page.contains(&format!("id=\"server-encrypts-{vote4}\"")),
        "{page}"
    );
    assert!(
        !page.contains(&format!("id=\"ballot-form-{vote4}\"")),
        "{page}"
    );
    assert!(
        page.contains("(poderes o una delegación)") || page.contains("(proxies or a delegation)"),
        "the page says why the server encrypts: {page}"
    );
    assert!(
        csp.contains("wasm"),
        "a vote opened later may be light: {csp}"
    );
    let b4 = api.vote_board(vote4).await;
    let (json_ballot, _) = api.device_ballot(&b4, vec![vec![1, 0, 0]]).await;
    let (st, v) = api
        .try_cast(
            &delegates[heavy],
            vote4,
            json!({"choice": "", "ballot_json": json_ballot}),
        )
        .await;
    assert_eq!(
        (st, v["error"].as_str()),
        (422, Some("error-ses-ballot-json-weight")),
        "{v}"
    );
    let mut codes = 0;
    for (d, c) in delegates.iter().take(3).zip(["yes", "no", "yes"]) {
        let r = api.cast(d, vote4, json!({"choice": c})).await;
        codes += r["tracking_codes"].as_array().unwrap().len() as i64;
    }
    assert_eq!(
        codes,
        seats.iter().sum::<i64>(),
        "one board ballot per seat"
    );
    api.close(&chair, vote4).await;
    decrypt(vote4);
    let v4 = api.vote(vote4).await;
    assert_eq!(
        (v4["result"]["yes"].as_i64(), v4["result"]["no"].as_i64()),
        (Some(seats[0] + seats[2]), Some(seats[1])),
        "{v4}"
    );
    api.verified_record(&b4, &path("record4.json")).await;

    // A new key ceremony while a vote is open under the old key: the open vote keeps its board
    // and key (the old trustees decrypt it), the old key board stays, new votes wait for the
    // new ceremony and then use the new key.
    let vote5 = api
        .open_vote(&chair, open_secret("¿Marcha el lunes?"))
        .await;
    let b5 = api.vote_board(vote5).await;
    let secret_ballots = format!("/api/v1/assemblies/{SLUG}/secret-ballots");
    let (st, v) = api
        .call(
            "PUT",
            Some(&admin),
            &secret_ballots,
            json!({"secret_ballots": "plaintext", "new_key": true, "trustees": 3, "threshold": 2}),
        )
        .await;
    assert_eq!(
        (st, v["error"].as_str()),
        (422, Some("error-secret-ballots-new-key-plaintext")),
        "{v}"
    );
    let renewed = api
        .ok(
            "PUT",
            Some(&admin),
            &secret_ballots,
            json!({"secret_ballots": "encrypted", "new_key": true, "trustees": 3, "threshold": 2}),
        )
        .await;
    let key2 = renewed["key_board"].as_str().unwrap().to_string();
    assert_eq!(key2, format!("{key_board}-2"));
    assert_eq!(renewed["replaced"], key_board.as_str(), "{renewed}");
    let tokens2: HashMap<String, String> = tokens_of(&renewed);
    assert_eq!(tokens2.len(), 4, "{tokens2:?}");
    let (st, v) = api
        .call("POST", Some(&chair), "/api/v1/votes", open_secret("¿Otra?"))
        .await;
    assert_eq!(
        (st, v["error"].as_str()),
        (409, Some("error-ses-key-not-ready")),
        "{v}"
    );
    // The vote opened before still takes ballots under the old key, and its trustees decrypt it.
    for (d, c) in delegates.iter().take(3).zip(["yes", "yes", "no"]) {
        api.cast(d, vote5, json!({"choice": c})).await;
    }
    api.close(&chair, vote5).await;
    decrypt(vote5);
    let v5 = api.vote(vote5).await;
    assert_eq!(
        v5["result"]["yes"].as_i64(),
        Some(seats[0] + seats[1]),
        "{v5}"
    );
    // The new ceremony, three new trustees; the next vote's board is under the new key.
    let kb2 = api.board_url(&key2);
    let secret2 = |i: u32| path(&format!("new-trustee-{i}.secret"));
    ceremony(&kb2, &tokens2, &secret2, 3);
    let vote6 = api
        .open_vote(&chair, open_secret("¿Asamblea abierta?"))
        .await;
    let b6 = api.vote_board(vote6).await;
    let (m5, m6) = (
        api.json(&format!("{b5}/manifest")).await,
        api.json(&format!("{b6}/manifest")).await,
    );
    assert_ne!(
        m5["public_key"], m6["public_key"],
        "the new vote is under the new key"
    );
    assert_eq!(
        api.json(&format!("{b6}/ceremony")).await["id"],
        key2.as_str()
    );
    api.cast(&delegates[0], vote6, json!({"choice": "abstain"}))
        .await;
    api.close(&chair, vote6).await;
    // The old trustees have nothing to decrypt there; two new ones decrypt it.
    let old = follow(kb, &[secret(1)]);
    assert!(!old[0].contains("decrypted"), "{old:?}");
    follow(&kb2, &[secret2(1), secret2(2)]);
    let v6 = api.vote(vote6).await;
    assert_eq!(v6["result"]["abstain"].as_i64(), Some(seats[0]), "{v6}");
    // The old key board is still there with its ceremony; both votes' records verify alone.
    assert!(api.json(&format!("{kb}/ceremony")).await["dealings"].is_array());
    api.verified_record(&b5, &path("record5.json")).await;
    api.verified_record(&b6, &path("record6.json")).await;
    let entries = api.record(4000).await;
    assert!(
        entries
            .iter()
            .any(|e| e["kind"] == "assembly.secret_ballots_set"
                && e["payload"]["new_key"] == true
                && e["payload"]["previous_key_board"] == key_board.as_str()
                && e["payload"]["key_board"] == key2.as_str()),
        "the new ceremony is an act"
    );

    // The seat plan page offers a new ceremony too; its button opens the next key board and
    // shows its tokens once.
    let plan = api.page(&admin, &format!("/assemblies/{SLUG}/plan")).await;
    assert!(plan.contains("id=\"new-key-ceremony\""), "{plan}");
    let (st, html) = api
        .form(
            Some(&admin),
            &format!("/assemblies/{SLUG}/secret-ballots"),
            &[
                ("secret_ballots", "encrypted"),
                ("trustees", "3"),
                ("threshold", "2"),
                ("new_key", "1"),
            ],
        )
        .await;
    assert_eq!(st, 200);
    assert!(html.contains("id=\"key-board-tokens\""), "{html}");
    assert!(html.contains(&format!("{key_board}-3")), "{html}");
    assert!(
        html.contains("id=\"secret-ballots-replaced\"") && html.contains(&key2),
        "the page names the board it replaced: {html}"
    );
    let plan = api.page(&admin, &format!("/assemblies/{SLUG}/plan")).await;
    assert!(
        plan.contains(&format!("<code>{key_board}-3</code>")),
        "{plan}"
    );
}
