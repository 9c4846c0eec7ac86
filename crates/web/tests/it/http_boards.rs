//! A secret election board's requests (issue 14): a document may be larger than the server's
//! 1 MiB limit (a tally or a record carries every ballot), other requests may not; a document
//! needs its publisher's token and is kept once.

use reqwest::StatusCode;
use serde_json::json;

use crate::common::{self, TestServer};
use asamblea_store::testing::TestDb;

async fn board_documents_have_their_own_limit(db: TestDb) {
    let s = TestServer::start(db.store.clone()).await;
    let admin = s.admin_token(&db).await;
    let (st, v) = s
        .post_json(
            Some(&admin),
            "/api/v1/boards",
            json!({"election_id": "big", "title": "Congreso", "trustees": {"n": 3, "t": 2},
                   "questions": [{"title": "Delegada", "choices": ["Ana", "Beto"], "method": {"kind": "choose_one"}}]}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let tokens: Vec<(String, String)> = serde_json::from_value(v["tokens"].clone()).unwrap();
    let organizer = &tokens.iter().find(|(w, _)| w == "organizer").unwrap().1;
    // A 2 MiB document reaches the board's checks (here: the token, then the missing ceremony).
    let big = format!("{{\"pad\":\"{}\"}}", "x".repeat(2 * 1024 * 1024));
    let put = |token: Option<&str>| {
        let mut rq = s
            .client
            .put(format!("{}/api/v1/boards/big/record", s.url))
            .header("content-type", "application/json")
            .body(big.clone());
        if let Some(t) = token {
            rq = rq.header("x-board-token", t);
        }
        rq.send()
    };
    let r = put(None).await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let r = put(Some(&tokens[1].1)).await.unwrap();
    assert_eq!(
        r.status(),
        StatusCode::UNAUTHORIZED,
        "the authority cannot publish the record"
    );
    let r = put(Some(organizer)).await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let v: serde_json::Value = r.json().await.unwrap();
    assert!(
        v["detail"].as_str().unwrap().contains("not readable"),
        "{v}"
    );
    // Anything else keeps the 1 MiB limit.
    let r = s
        .client
        .post(format!("{}/api/v1/boards/big/ballots", s.url))
        .header("content-type", "application/json")
        .body(big.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    // A second board of one election is refused; the draft is on the board.
    let (st, _) = s
        .post_json(
            Some(&admin),
            "/api/v1/boards",
            json!({"election_id": "big", "title": "Otra", "trustees": {"n": 1, "t": 1},
                   "questions": [{"title": "Q", "choices": ["a", "b"], "method": {"kind": "choose_one"}}]}),
        )
        .await;
    assert_eq!(st, StatusCode::CONFLICT);
    let (st, v) = s.get_json(None, "/api/v1/boards/big/election").await;
    assert_eq!(
        (st, v["title"].as_str()),
        (StatusCode::OK, Some("Congreso"))
    );
    s.stop().await;
    db.cleanup().await;
}

#[tokio::test]
async fn sqlite_board_documents_have_their_own_limit() {
    board_documents_have_their_own_limit(common::sqlite().await).await;
}

#[tokio::test]
async fn postgres_board_documents_have_their_own_limit() {
    board_documents_have_their_own_limit(common::postgres().await).await;
}

/// The voter's WebAssembly (issue 14, item 4): served at an address made of its SHA-256, cached
/// for a year; only a vote page's policy lets a page compile it; a ballot posted by a device in
/// `ballot_json` that is not a ballot is refused with a message, as any refused ballot.
#[tokio::test]
async fn sqlite_the_vote_page_may_run_the_voters_webassembly() {
    use sha2::{Digest, Sha256};
    let db = common::sqlite().await;
    let s = TestServer::start(db.store.clone()).await;
    let admin = s.admin_token(&db).await;
    let (st, v) = s
        .post_json(
            Some(&admin),
            "/api/v1/boards",
            json!({"election_id": "wasm", "title": "Congreso", "trustees": {"n": 1, "t": 1},
                   "questions": [{"title": "Delegada", "choices": ["Ana", "Beto"], "method": {"kind": "choose_one"}}]}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let csp = |r: &reqwest::Response| {
        r.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_string()
    };
    let vote = s
        .client
        .get(s.at("/boards/wasm/vote"))
        .send()
        .await
        .unwrap();
    assert_eq!(vote.status(), StatusCode::OK);
    assert!(
        csp(&vote).contains("script-src 'self' 'wasm-unsafe-eval';"),
        "{}",
        csp(&vote)
    );
    let board = s.client.get(s.at("/boards/wasm")).send().await.unwrap();
    assert!(!csp(&board).contains("wasm"), "{}", csp(&board));

    let wasm = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/static/ballot.wasm")).unwrap();
    assert_eq!(&wasm[..4], b"\0asm");
    let name = &hex::encode(Sha256::digest(&wasm))[..16];
    let r = s
        .client
        .get(s.at(&format!("/static/ballot/{name}.wasm")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "application/wasm");
    assert!(
        r.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    assert_eq!(r.bytes().await.unwrap().as_ref(), wasm.as_slice());
    let r = s
        .client
        .get(s.at("/static/ballot/0000000000000000.wasm"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = s
        .client
        .get(s.at("/static/encrypt.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains("data-encrypt"));

    // A device's ballot that is not one: refused with the board's words, the form shown again.
    let r = s
        .client
        .post(s.at("/boards/wasm/vote"))
        .header("cookie", format!("csrf={}", common::CSRF))
        .form(&[("csrf", common::CSRF), ("ballot_json", "{\"answers\": 1}")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(page.contains("El tablero rechazó esto."), "{page}");
    s.stop().await;
    db.cleanup().await;
}
