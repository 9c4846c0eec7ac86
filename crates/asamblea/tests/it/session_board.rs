//! A secret session vote in an encrypted assembly (issue 14), end to end against a real server:
//! the administrator sets the assembly's secret ballots to `encrypted` (3 of 5 trustees), five
//! `asamblea trustee` processes run the key ceremony on the assembly's key board, the chair
//! opens a secret yes/no/abstain vote (its own board under the assembly's key), delegates cast
//! (the server encrypts for four, one sends a ballot its device encrypted), the chair closes
//! (the vote waits for its trustees), trustee 5's garbage share is refused and named on the
//! record, trustee 4 is absent, trustees 1-3 decrypt with `trustee follow` and the result on
//! the vote's page is the cast choices; `verify-election` accepts the vote's record. While the
//! delegates cast, no row the database gained or changed holds a choice (every table read) —
//! unlike a plaintext secret vote of the same assembly before, whose box does.

use std::collections::BTreeSet;

use asamblea_ballot_crypto::SigningKey;
use asamblea_store::testing::TestDb;
use serde_json::{Value, json};

use crate::boards_setup::{
    Hall, SLUG, awaits_trustees, ceremony, decrypts, every_row, follow, logged_in, on_a_server,
    seat_hall, tracking_code_on_page,
};
use crate::serve_process::Server;

#[tokio::test(flavor = "multi_thread")]
async fn an_encrypted_secret_session_vote_is_decrypted_by_3_of_5_trustees() {
    on_a_server(TestDb::sqlite().await, seat_hall, encrypted_vote).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn postgres_an_encrypted_secret_session_vote_is_decrypted_by_3_of_5_trustees() {
    on_a_server(TestDb::postgres().await, seat_hall, encrypted_vote).await;
}

/// The rows written while delegates cast that hold a yes/no/abstain choice.
fn rows_with_a_choice(before: &BTreeSet<String>, after: &BTreeSet<String>) -> Vec<String> {
    after
        .difference(before)
        .filter(|r| {
            ["yes", "no", "abstain"].iter().any(|c| {
                r.contains(&format!("'{c}'"))
                    || r.contains(&format!("\"{c}\""))
                    || r.contains(&format!(",{c})"))
                    || r.contains(&format!("({c},"))
                    || r.contains(&format!(",{c},"))
            })
        })
        .cloned()
        .collect()
}

async fn encrypted_vote(server: &Server, db: &TestDb, hall: &Hall) {
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(name).to_string_lossy().into_owned();
    let (api, admin, chair, delegates) = logged_in(server, hall).await;
    // A session with an open item.
    let (sid, item) = api.open_item(&chair, hall.assembly).await;
    let open_secret = |q: &str| json!({"session_id": sid, "item_id": item, "subject": "procedure", "question": q, "secret": true});

    // Plaintext first (the default): the box holds the choices, and the detector sees them.
    let plain = api.open_vote(&chair, open_secret("¿Receso?")).await;
    let page = api.page(&chair, &format!("/sessions/votes/{plain}")).await;
    assert!(page.contains("id=\"secret-plaintext\""), "{page}");
    // A plaintext secret vote: the delegate's form posts the choice, no WebAssembly anywhere.
    for path in [
        format!("/sessions/items/{item}"),
        format!("/sessions/votes/{plain}"),
    ] {
        let (page, csp) = api.page_csp(&delegates[0], &path).await;
        assert!(page.contains("id=\"vote-yes\""), "{path}: {page}");
        assert!(!page.contains("data-encrypt"), "{path}: {page}");
        assert!(!page.contains("encrypt.js"), "{path}: {page}");
        assert!(!csp.contains("wasm-unsafe-eval"), "{path}: {csp}");
    }
    let before = every_row(&db.store).await;
    for (d, c) in delegates.iter().zip(["yes", "no"]) {
        api.cast(d, plain, json!({"choice": c})).await;
    }
    let after = every_row(&db.store).await;
    assert!(
        !rows_with_a_choice(&before, &after).is_empty(),
        "a plaintext box holds its choices"
    );
    api.close(&chair, plain).await;

    // The administrator sets the assembly's secret ballots to encrypted, 3 of 5 trustees.
    let (st, _) = api
        .call(
            "PUT",
            Some(&admin),
            &format!("/api/v1/assemblies/{SLUG}/secret-ballots"),
            json!({"secret_ballots": "encrypted", "trustees": 5, "threshold": 9}),
        )
        .await;
    assert_eq!(st, 422, "3 of 5 needs threshold ≤ trustees");
    let key_board = api.encrypt_secret_ballots(&admin, 5, 3).await;
    let (kb, tokens) = (&key_board.url, &key_board.tokens);
    assert_eq!(
        tokens.len(),
        6,
        "the organizer and five trustees: {tokens:?}"
    );
    // Before the trustees have fixed the key, no secret vote opens.
    let (st, v) = api
        .call(
            "POST",
            Some(&chair),
            "/api/v1/votes",
            open_secret("¿Huelga?"),
        )
        .await;
    assert_eq!(st, 409, "{v}");

    // The key ceremony: five trustee processes at a time, each step; the organizer fixes the key.
    let secret = |i: u32| path(&format!("trustee-{i}.secret"));
    let out = ceremony(kb, tokens, &secret, 5);
    assert!(
        out.contains("key fixed by trustees [1, 2, 3, 4, 5]"),
        "{out:?}"
    );

    // The secret vote: its own board, under the assembly's key.
    let vote = api.open_vote(&chair, open_secret("¿Huelga general?")).await;
    let board = api.vote(vote).await["board"].as_str().unwrap().to_string();
    let b = api.board_url(&board);
    let page = api
        .page(&delegates[0], &format!("/sessions/votes/{vote}"))
        .await;
    assert!(page.contains("id=\"secret-encrypted\""), "{page}");
    // Where a delegate votes (the item page, the vote page that `/now` links to), the form is
    // encrypted on the phone with JavaScript (the vote's manifest, the module, the script, and
    // WebAssembly allowed on that page only); without it the same buttons post the choice.
    for path in [
        format!("/sessions/items/{item}"),
        format!("/sessions/votes/{vote}"),
    ] {
        let (page, csp) = api.page_csp(&delegates[0], &path).await;
        assert!(
            page.contains(&format!("id=\"ballot-form-{vote}\" "))
                || page.contains(&format!("id=\"ballot-form-{vote}\">")),
            "{path}: {page}"
        );
        assert!(
            page.contains(&format!(
                "data-manifest=\"/api/v1/boards/{board}/manifest\""
            )),
            "{path}: {page}"
        );
        assert!(
            page.contains("data-wasm=\"/static/ballot/"),
            "{path}: {page}"
        );
        assert!(
            page.contains("<script src=\"/static/encrypt.js\""),
            "{path}: {page}"
        );
        assert!(page.contains("data-encrypt-panel"), "{path}: {page}");
        assert!(
            page.contains("id=\"vote-yes\"") && page.contains("name=\"choice\" value=\"yes\""),
            "{path}: {page}"
        );
        assert!(
            csp.contains("script-src 'self' 'wasm-unsafe-eval'"),
            "{path}: {csp}"
        );
    }
    // Someone who does not vote (the chair) gets no module.
    let (page, csp) = api
        .page_csp(&chair, &format!("/sessions/votes/{vote}"))
        .await;
    assert!(
        !page.contains("data-encrypt") && !csp.contains("wasm"),
        "{page}"
    );

    // Delegates cast: the server encrypts for four; the sixth's device encrypts its own.
    let before = every_row(&db.store).await;
    let choices = ["yes", "yes", "no", "abstain"];
    let mut codes = Vec::new();
    for (d, c) in delegates.iter().zip(choices) {
        let r = api.cast(d, vote, json!({"choice": c})).await;
        codes.push(r["tracking_codes"][0].as_str().unwrap().to_string());
    }
    // The fifth votes on the item's page without JavaScript: the page says the server encrypts
    // (and sees the choice), and the answer shows the ballot's tracking code.
    let item_page = api
        .page(&delegates[4], &format!("/sessions/items/{item}"))
        .await;
    assert!(
        item_page.contains(&format!("id=\"server-encrypts-{vote}\"")),
        "{item_page}"
    );
    assert!(
        item_page.contains(&format!("id=\"secret-encrypted-{vote}\"")),
        "{item_page}"
    );
    let form = format!("/sessions/votes/{vote}/ballot");
    let fifth = Some(delegates[4].as_str());
    let (st, html) = api.form(fifth, &form, &[("choice", "yes")]).await;
    assert_eq!(st, 200);
    let code = tracking_code_on_page(&html, &board);
    // The same form sent again (a reload made no key): "already voted", with the receipt of the
    // act that recorded the participation and no tracking code (the receipt row, keyed by the
    // voter, must not lead to their ballot on the board).
    let (st, again) = api.form(fifth, &form, &[("choice", "no")]).await;
    assert_eq!(st, 409);
    assert!(again.contains("id=\"already-voted\""), "{again}");
    assert!(again.contains("id=\"receipt-position\""), "{again}");
    assert!(!again.contains(&code), "no tracking code: {again}");
    codes.push(code);
    let device = SigningKey::from_bytes(&[7u8; 32]);
    let ballot = api.ballot_of(&b, &device, vec![vec![0, 1, 0]]).await;
    let json_ballot = serde_json::to_string(&ballot).unwrap();
    // Garbage in place of a ballot is refused with the field named.
    let garbage = json!({"choice": "", "ballot_json": "{\"not\": \"a ballot\"}"});
    let (st, v) = api.try_cast(&delegates[5], vote, garbage).await;
    assert_eq!(st, 422, "{v}");
    assert_eq!(v["error"], "error-ses-ballot-json", "{v}");
    // A ballot whose proof is false (signed again by its credential, so only the proof fails;
    // the server checks it before the ballot is queued for the writer) is refused with its
    // reason, and nothing of it is written: no row changes, and its credential stays unused
    // (the true ballot under it is kept below).
    let mut false_proof = ballot.clone();
    false_proof.answers[0].choice_proofs[1].responses[0] += asamblea_ballot_crypto::Scalar::ONE;
    false_proof.signature =
        ed25519_dalek::Signer::sign(&device, &false_proof.signed_bytes()).to_bytes();
    let rows = every_row(&db.store).await;
    let false_proof = serde_json::to_string(&false_proof).unwrap();
    let (st, v) = api
        .try_cast(
            &delegates[5],
            vote,
            json!({"choice": "", "ballot_json": false_proof}),
        )
        .await;
    assert_eq!(st, 422, "{v}");
    assert_eq!(v["error"], "error-ses-ballot-refused", "{v}");
    assert_eq!(
        every_row(&db.store).await,
        rows,
        "a refused ballot wrote nothing"
    );
    let device_ballot = json!({"choice": "", "ballot_json": json_ballot});
    let r = api.cast(&delegates[5], vote, device_ballot.clone()).await;
    assert_eq!(r["tracking_codes"][0], ballot.tracking_code());
    codes.push(ballot.tracking_code());
    // The same device ballot sent again by another delegate: its credential is used.
    let (st, v) = api.try_cast(&delegates[0], vote, device_ballot).await;
    assert_eq!(st, 409, "{v}");
    assert_eq!(v["error"], "error-board-voted", "{v}");
    let after = every_row(&db.store).await;
    let leaked = rows_with_a_choice(&before, &after);
    assert!(leaked.is_empty(), "rows holding a choice: {leaked:#?}");
    assert!(
        !after
            .iter()
            .any(|r| r.starts_with("secret_ballots|") && after.difference(&before).any(|n| n == r)),
        "nothing in the plaintext box"
    );
    // Each tracking code is on the vote's board.
    api.on_board(&b, &codes).await;

    // The close: the box closes and the vote waits for its trustees.
    let closed = api.close(&chair, vote).await;
    assert_eq!(closed["counting"], true, "{closed}");
    awaits_trustees(&api.vote(vote).await, 3);
    let page = api.page(&chair, &format!("/sessions/votes/{vote}")).await;
    assert!(page.contains("id=\"vote-counting\""), "{page}");
    let projector = api
        .page(&chair, &format!("/assemblies/{SLUG}/projector"))
        .await;
    assert!(
        projector.contains("id=\"projector-counting\""),
        "{projector}"
    );
    let (st, _) = api
        .try_cast(&delegates[0], vote, json!({"choice": "no"}))
        .await;
    assert_eq!(st, 409, "the box is closed");

    // Trustee 5 sends garbage as its share: refused, the refusal on the record naming it.
    let trustee_5 = &tokens["trustee-5"];
    let garbage = json!({"trustee": 5, "factors": [[]]});
    assert_eq!(api.publish(&b, "share-5", trustee_5, &garbage).await.0, 422);
    // A vote's board takes no ceremony document from a trustee: its ceremony is the key board's.
    let check = json!({"trustee": 5, "complaints": []});
    assert_eq!(api.publish(&b, "check-5", trustee_5, &check).await.0, 422);
    // Trustees 1 and 2 follow the key board: two shares, still counting.
    decrypts(kb, &[secret(1), secret(2)], &board);
    let v = api.vote(vote).await;
    assert_eq!(v["counting"]["shares"], 2, "{v}");
    let page = api.page(&chair, &format!("/sessions/votes/{vote}")).await;
    assert!(page.contains("2 of 3") || page.contains("2 de 3"), "{page}");
    // Trustee 3: the third share decrypts; trustee 4 is absent.
    follow(kb, &[secret(3)]);
    let v = api.vote(vote).await;
    assert!(v["counting"].is_null(), "{v}");
    let result = &v["result"];
    assert_eq!(
        (
            result["yes"].clone(),
            result["no"].clone(),
            result["abstain"].clone(),
            result["voted"].clone()
        ),
        (json!(3), json!(2), json!(1), json!(6)),
        "{v}"
    );
    assert_eq!(result["passed"], true, "{v}");
    let page = api.page(&chair, &format!("/sessions/votes/{vote}")).await;
    assert!(page.contains("id=\"vote-board\""), "{page}");
    assert!(page.contains("id=\"vote-record-digest\""), "{page}");
    // A second pass of a trustee finds nothing to do.
    let out = follow(kb, &[secret(1)]);
    assert!(!out[0].contains("decrypted"), "{out:?}");

    // The vote's record, alone, is accepted by the independent verifier; its digest is the
    // vote's.
    let (record, vout) = api.verified_record(&b, &path("record.json")).await;
    let parsed: Value = serde_json::from_str(&record).unwrap();
    assert_eq!(
        parsed["rejected_shares"][0]["trustee"], 5,
        "{}",
        parsed["rejected_shares"]
    );
    assert!(
        vout.contains("result: decrypted from the shares of trustees [1, 2, 3]"),
        "{vout}"
    );
    use sha2_digest::hex_sha256;
    assert_eq!(v["digest"].as_str().unwrap(), hex_sha256(&record));

    // A choose-one secret vote through its own board: counted per option.
    let mut choose = open_secret("¿Quién preside la comisión?");
    choose["method"] = json!("choose_one");
    choose["options"] = json!(["Ana", "Beto", "Carla"]);
    let vote2 = api.open_vote(&chair, choose).await;
    for (d, c) in delegates.iter().zip(["2", "0", "2"]) {
        api.cast(d, vote2, json!({"choice": c})).await;
    }
    // The fourth delegate's device encrypts its own choice (option 1).
    let b2 = api.vote_board(vote2).await;
    let (json_ballot, code) = api.device_ballot(&b2, vec![vec![0, 1, 0]]).await;
    let r = api
        .cast(
            &delegates[3],
            vote2,
            json!({"choice": "", "ballot_json": json_ballot}),
        )
        .await;
    assert_eq!(r["tracking_codes"][0], code.as_str());
    api.close(&chair, vote2).await;
    follow(kb, &[secret(2), secret(4), secret(5)]);
    let v2 = api.vote(vote2).await;
    assert_eq!(v2["result"]["counts"], json!([1, 1, 2]), "{v2}");
    assert_eq!(v2["result"]["winner"], 2, "{v2}");

    // The record: the refused share names trustee 5; the ballots' acts name no voter.
    let entries = api.record(2000).await;
    let refused: Vec<&Value> = entries
        .iter()
        .filter(|e| e["kind"] == "board.refused" && e["scope"] == format!("board:{board}"))
        .collect();
    assert_eq!(refused.len(), 1, "{refused:?}");
    assert_eq!(refused[0]["payload"]["publisher"], "trustee-5");
    // One act per batch of ballots (issue 15): counts and the batch's tracking codes, no voter.
    let casts: Vec<&Value> = entries
        .iter()
        .filter(|e| e["kind"] == "vote.ballots_cast" && e["payload"]["vote_id"] == vote)
        .collect();
    let ballots: i64 = casts
        .iter()
        .map(|e| e["payload"]["ballots"].as_i64().unwrap())
        .sum();
    assert_eq!(ballots, 6);
    let mut codes = 0;
    for e in casts {
        assert!(e["actor"].is_null(), "{e}");
        let keys: Vec<&String> = e["payload"].as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            ["ballots", "tracking_codes", "vote_id", "voted"],
            "{e}"
        );
        codes += e["payload"]["tracking_codes"].as_array().unwrap().len();
    }
    assert!(codes >= 6, "every ballot's tracking code is on the record");
    assert!(
        entries
            .iter()
            .any(|e| e["kind"] == "vote.counting" && e["payload"]["vote_id"] == vote)
    );
    assert!(
        entries
            .iter()
            .any(|e| e["kind"] == "assembly.secret_ballots_set")
    );
}

mod sha2_digest {
    /// SHA-256 in hex, through the verifier's own crate (no hash written here).
    pub fn hex_sha256(s: &str) -> String {
        asamblea_app::secrets::digest(s)
    }
}
