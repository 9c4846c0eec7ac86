//! Issue 14, task C: the hall's shared device with a one-time code, and challenged ballots that
//! can never be cast. An assembly whose secret ballots are encrypted (its key ceremony's
//! dealings made here, in the test, as three trustees would), a secret vote with its board; a
//! teller issues codes; the device, with no login, casts with them (the server encrypting, as
//! for a page without JavaScript, or the device's own ballot through the API). Each runs on
//! SQLite and PostgreSQL.

use asamblea_ballot_crypto::SigningKey;
use asamblea_ballot_crypto::ballot::{Ballot, Manifest, encrypt_ballot};
use asamblea_ballot_crypto::challenge::challenge_of;
use asamblea_store::testing::TestDb;
use asamblea_store::{on_read, sqlx};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::sitting::Sitting;
use crate::common::{CSRF, on_both_backends, post};

/// The assembly's secret ballots made encrypted (2 of 3 trustees), its ceremony's dealings put
/// on its key board, and a secret yes/no/abstain vote opened: the vote and its board.
pub(crate) async fn encrypted_vote(t: &Sitting, db: &TestDb) -> (i64, String) {
    crate::common::encrypt_assembly(&t.s, &t.h.admin, db).await;
    let vote = t
        .open_vote(json!({"item_id": t.item1, "subject": "procedure", "question": "¿Huelga general?", "secret": true}))
        .await;
    let (_, v) = t.s.get_json(None, &format!("/api/v1/votes/{vote}")).await;
    (vote, v["board"].as_str().unwrap().to_string())
}

async fn manifest(t: &Sitting, board: &str) -> Manifest {
    let text = t.s.text(&format!("/api/v1/boards/{board}/manifest")).await;
    serde_json::from_str(&text).unwrap()
}

/// A ballot a device encrypts for `marks` (yes, no, abstain) under a fresh credential, with its
/// randomness (for a challenge).
fn device_ballot(
    m: &Manifest,
    marks: [u64; 3],
) -> (Ballot, Vec<Vec<asamblea_ballot_crypto::Scalar>>) {
    let mut rng = rand::rngs::OsRng;
    let key = SigningKey::generate(&mut rng);
    encrypt_ballot(m, &key, &vec![marks.to_vec()], &mut rng).unwrap()
}

/// The teller issues a code for delegate `i` in `vote`: the status and the answer.
pub(crate) async fn issue(t: &Sitting, token: &str, vote: i64, i: usize) -> (StatusCode, Value) {
    post(
        &t.s,
        token,
        &format!("/api/v1/votes/{vote}/hall-codes"),
        json!({"delegate_id": t.h.delegates[i].1}),
    )
    .await
}

/// A fresh browser at the hall's device (no login, no cookie but the form token's).
fn device() -> reqwest::Client {
    reqwest::Client::new()
}

async fn device_post(
    c: &reqwest::Client,
    t: &Sitting,
    path: &str,
    fields: &[(&str, &str)],
) -> (u16, String, bool, Option<String>) {
    let mut all = vec![("csrf", CSRF)];
    all.extend_from_slice(fields);
    let r = c
        .post(t.s.at(path))
        .header("cookie", format!("csrf={CSRF}"))
        .form(&all)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let sets_cookie = r.headers().get("set-cookie").is_some();
    let cache = r
        .headers()
        .get("cache-control")
        .map(|v| v.to_str().unwrap().to_string());
    (status, r.text().await.unwrap(), sets_cookie, cache)
}

async fn a_delegate_without_a_phone_votes_on_the_hall_device(db: &TestDb) {
    let t = Sitting::open(db, 5, 5).await;
    let (vote, board) = encrypted_vote(&t, db).await;
    // Only a teller issues codes; a delegate's own token is refused.
    let (st, _) = issue(&t, &t.d(1), vote, 0).await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    let (st, v) = issue(&t, &t.h.teller, vote, 0).await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let code = v["code"].as_str().unwrap().to_string();
    assert_eq!(code.len(), 19, "{code}");
    // The delegate is marked as having voted: no second code, no ballot from a phone.
    let (st, _) = issue(&t, &t.h.teller, vote, 0).await;
    assert_eq!(st, StatusCode::CONFLICT);
    let (st, _) = t.cast(0, vote, "no").await;
    assert_eq!(st, StatusCode::CONFLICT);
    let (_, v) = t.s.get_json(None, &format!("/api/v1/votes/{vote}")).await;
    assert_eq!(v["voted"], 1, "{v}");
    // Issuing wrote nothing of the code: no row holds it or its hash, the act names no code.
    let hash = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(
        code.replace('-', ""),
    ));
    let used: i64 = on_read!(db.store, pool => sqlx::query_scalar("SELECT COUNT(*) FROM hall_codes_used").fetch_one(pool).await).unwrap();
    assert_eq!(used, 0);
    let payloads: Vec<String> = on_read!(db.store, pool => sqlx::query_scalar("SELECT payload FROM record WHERE kind = 'vote.hall_code_issued'").fetch_all(pool).await).unwrap();
    assert_eq!(payloads.len(), 1);
    assert!(
        !payloads[0].contains(&code) && !payloads[0].contains(&hash),
        "{payloads:?}"
    );

    // The device: the code shows the vote's ballot, the ballot is cast (the server encrypts,
    // as for a page without JavaScript), the answer shows the tracking code and "next voter".
    let c = device();
    let r = c.get(t.s.at("/hall/vote")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let (st, page, _, cache) =
        device_post(&c, &t, "/hall/vote", &[("code", &code.to_lowercase())]).await;
    assert_eq!(st, 200, "{page}");
    assert_eq!(cache.as_deref(), Some("no-store"));
    assert!(
        page.contains("¿Huelga general?") && page.contains("data-encrypt"),
        "{page}"
    );
    assert!(
        page.contains(&format!(
            "data-manifest=\"/api/v1/boards/{board}/manifest\""
        )),
        "{page}"
    );
    let (st, page, sets_cookie, cache) = device_post(
        &c,
        &t,
        "/hall/vote/cast",
        &[("code", &code), ("choice", "yes")],
    )
    .await;
    assert_eq!(st, 200, "{page}");
    assert!(!sets_cookie, "the device keeps no cookie of the voter");
    assert_eq!(cache.as_deref(), Some("no-store"));
    assert!(page.contains("id=\"hall-next\""), "{page}");
    let tracking = page
        .split("id=\"tracking-code\">")
        .nth(1)
        .and_then(|r| r.split('<').next())
        .unwrap()
        .to_string();
    let (st, _) =
        t.s.get_json(None, &format!("/api/v1/boards/{board}/ballots/{tracking}"))
            .await;
    assert_eq!(st, StatusCode::OK, "the ballot is on the vote's board");
    // The code works once; a wrong code is refused with its reason.
    let (st, page, _, _) = device_post(&c, &t, "/hall/vote", &[("code", &code)]).await;
    assert_eq!(st, 409);
    assert!(page.contains("ya se usó"), "{page}");
    let (st, page, _, _) = device_post(
        &c,
        &t,
        "/hall/vote/cast",
        &[("code", &code), ("choice", "no")],
    )
    .await;
    assert_eq!(st, 409, "{page}");
    let (st, page, _, _) =
        device_post(&c, &t, "/hall/vote", &[("code", "AAAA-BBBB-CCCC-DDDD")]).await;
    assert_eq!(st, 401);
    assert!(page.contains("no es válido"), "{page}");
    let (st, page, _, _) = device_post(&c, &t, "/hall/vote", &[("code", "nonsense")]).await;
    assert_eq!(st, 401, "{page}");

    // A device that encrypts its own ballot (API): accepted under the code of delegate 1.
    let m = manifest(&t, &board).await;
    let (st, v) = issue(&t, &t.h.teller, vote, 1).await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let code1 = v["code"].as_str().unwrap().to_string();
    let (b, _) = device_ballot(&m, [0, 1, 0]);
    let body = json!({"code": code1, "ballot_json": serde_json::to_string(&b).unwrap()});
    let (st, v) =
        crate::common::post_json_with(&t.s.client, &t.s.at("/api/v1/hall/ballots"), None, &body)
            .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    assert_eq!(v["tracking_code"], b.tracking_code());
    assert_eq!(v["board"], board);
    // The used codes are kept by hash only, in no order of issue.
    let hashes: Vec<String> = on_read!(db.store, pool => sqlx::query_scalar("SELECT code_sha256 FROM hall_codes_used ORDER BY code_sha256").fetch_all(pool).await).unwrap();
    assert_eq!(hashes.len(), 2);
    assert!(hashes.contains(&hash));

    // A code for a closed vote is refused.
    let (st, v) = issue(&t, &t.h.teller, vote, 2).await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let code2 = v["code"].as_str().unwrap().to_string();
    t.close_vote(vote).await;
    let body = json!({"code": code2, "choice": "yes"});
    let (st, v) =
        crate::common::post_json_with(&t.s.client, &t.s.at("/api/v1/hall/ballots"), None, &body)
            .await;
    assert_eq!(st, StatusCode::UNAUTHORIZED, "{v}");
    // Wrong codes are throttled like card codes: past the free failures, the address waits.
    let mut throttled = None;
    for n in 0..40 {
        let (st, page, _, _) =
            device_post(&c, &t, "/hall/vote", &[("code", "AAAA-BBBB-CCCC-DDDD")]).await;
        if st == 429 {
            throttled = Some((n, page));
            break;
        }
        assert_eq!(st, 401);
    }
    let (n, page) = throttled.expect("throttled after the free failures");
    assert!(n >= 20, "throttled after {n} failures");
    assert!(page.contains("Demasiados intentos"), "{page}");
    t.stop().await;
}

on_both_backends!(a_delegate_without_a_phone_votes_on_the_hall_device =>
    sqlite_a_delegate_without_a_phone_votes_on_the_hall_device,
    postgres_a_delegate_without_a_phone_votes_on_the_hall_device);

async fn a_challenged_ballot_can_never_be_cast(db: &TestDb) {
    let t = Sitting::open(db, 5, 5).await;
    let (vote, board) = encrypted_vote(&t, db).await;
    let m = manifest(&t, &board).await;
    // A voter's device makes a ballot and the voter challenges it: the audit page checks it and
    // the board notes it.
    let (b, randomness) = device_ballot(&m, [1, 0, 0]);
    let text = challenge_of(&m, &b, &randomness, &vec![vec![1, 0, 0]]).to_text();
    let c = device();
    let (st, page, _, _) = device_post(
        &c,
        &t,
        &format!("/boards/{board}/audit"),
        &[("challenge", &text)],
    )
    .await;
    assert_eq!(st, 200, "{page}");
    assert!(
        page.contains("id=\"audit-verified\"") && page.contains("id=\"audit-noted\""),
        "{page}"
    );
    // Its tracking code is published: the board's page and the API list it, and a search for it
    // says the challenge was noted.
    let board_page = t.s.text(&format!("/boards/{board}")).await;
    assert!(
        board_page.contains("id=\"board-challenged\"") && board_page.contains(&b.tracking_code()),
        "{board_page}"
    );
    let found =
        t.s.text(&format!("/boards/{board}?code={}", b.tracking_code()))
            .await;
    assert!(found.contains("id=\"board-challenged-found\""), "{found}");
    let (st, v) =
        t.s.get_json(None, &format!("/api/v1/boards/{board}/challenges"))
            .await;
    assert_eq!(
        (st, v.clone()),
        (StatusCode::OK, json!([b.tracking_code()]))
    );
    let records: i64 = on_read!(db.store, pool => sqlx::query_scalar("SELECT COUNT(*) FROM record WHERE kind = 'board.challenged'").fetch_one(pool).await).unwrap();
    assert_eq!(records, 1);
    // The same challenge through the API: already noted.
    let r =
        t.s.client
            .post(t.s.at(&format!("/api/v1/boards/{board}/challenges")))
            .header("content-type", "application/json")
            .body(text.clone())
            .send()
            .await
            .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["noted"], "already_challenged", "{v}");
    // A challenge that does not open its ballot is refused and not noted.
    let (b2, _) = device_ballot(&m, [0, 1, 0]);
    let lie = challenge_of(&m, &b2, &randomness, &vec![vec![0, 1, 0]]).to_text();
    let r =
        t.s.client
            .post(t.s.at(&format!("/api/v1/boards/{board}/challenges")))
            .body(lie)
            .send()
            .await
            .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // The challenged ballot replayed, by a delegate or on the hall's device: refused.
    let ballot_json = serde_json::to_string(&b).unwrap();
    let (st, v) = post(
        &t.s,
        &t.d(0),
        &format!("/api/v1/votes/{vote}/ballots"),
        json!({"choice": "", "ballot_json": ballot_json}),
    )
    .await;
    assert_eq!(st, StatusCode::CONFLICT, "{v}");
    assert!(v.to_string().contains("error-board-challenged"), "{v}");
    let (_, v) = t.s.get_json(None, &format!("/api/v1/votes/{vote}")).await;
    assert_eq!(v["voted"], 0, "the refused ballot marked no one: {v}");
    let (st, v) = issue(&t, &t.h.teller, vote, 1).await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let body = json!({"code": v["code"], "ballot_json": ballot_json});
    let (st, v) =
        crate::common::post_json_with(&t.s.client, &t.s.at("/api/v1/hall/ballots"), None, &body)
            .await;
    assert_eq!(st, StatusCode::CONFLICT, "{v}");
    // A fresh ballot is accepted, and the code (not used by the refused ballot) still works.
    let (fresh, _) = device_ballot(&m, [1, 0, 0]);
    let (st, v) = post(
        &t.s,
        &t.d(0),
        &format!("/api/v1/votes/{vote}/ballots"),
        json!({"choice": "", "ballot_json": serde_json::to_string(&fresh).unwrap()}),
    )
    .await;
    assert!(st.is_success(), "{st} {v}");
    let on_board: i64 = on_read!(db.store, pool => sqlx::query_scalar("SELECT COUNT(*) FROM secret_board_ballots WHERE election_id = $1 AND tracking_code = $2").bind(&board).bind(b.tracking_code()).fetch_one(pool).await).unwrap();
    assert_eq!(on_board, 0, "the challenged ballot is not on the board");
    t.stop().await;
}

on_both_backends!(a_challenged_ballot_can_never_be_cast =>
    sqlite_a_challenged_ballot_can_never_be_cast,
    postgres_a_challenged_ballot_can_never_be_cast);
