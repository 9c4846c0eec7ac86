//! Witnesses of the record over HTTP (issue 11): an administrator adds a witness by its verifier
//! key (an act; others may not); the witness's cosignature on a checkpoint this server signed is
//! kept (an act) and served with the checkpoint; a forged cosignature, one from an unknown
//! witness, or one over a checkpoint the server never signed is refused and nothing is kept. The
//! `/admin/witnesses` page adds one with a URL (a refused form keeps its input); a removed witness
//! (an act) leaves the list and its cosignatures are refused.

use crate::common::{self, Body, TestServer, request};
use asamblea_record::SigningKey;
use asamblea_record::witness::{cosign, split_note, verify_cosignature, witness_vkey};
use asamblea_store::testing::TestDb;
use reqwest::StatusCode;
use serde_json::json;

async fn post_note(s: &TestServer, note: &str) -> (StatusCode, serde_json::Value) {
    let r = s
        .client
        .post(s.at("/api/v1/record/cosignatures"))
        .header("content-type", "text/plain")
        .body(note.to_string())
        .send()
        .await
        .unwrap();
    let status = r.status();
    (status, r.json().await.unwrap_or_default())
}

async fn witnesses_cosign(db: TestDb) {
    let s = TestServer::start(db.store.clone()).await;
    let admin = s.admin_token(&db).await;
    let (_, delegate) = s.account(&admin, "del", "delegate", None).await;
    let key = SigningKey::from_bytes(&[9u8; 32]);
    let name = "witness.example/one";
    let vkey = witness_vkey(name, &key.verifying_key());

    // Only an administrator adds a witness; a malformed key is refused by field.
    let (st, _) = s
        .post_json(
            Some(&delegate),
            "/api/v1/record/witnesses",
            json!({"vkey": vkey}),
        )
        .await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    let (st, v) = s
        .post_json(
            Some(&admin),
            "/api/v1/record/witnesses",
            json!({"vkey": "nope+1+AA=="}),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(v["error"], "witness-error-vkey");
    let (st, v) = s
        .post_json(
            Some(&admin),
            "/api/v1/record/witnesses",
            json!({"vkey": vkey}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    assert_eq!(v["name"], name);
    let (st, _) = s
        .post_json(
            Some(&admin),
            "/api/v1/record/witnesses",
            json!({"vkey": vkey}),
        )
        .await;
    assert_eq!(st, StatusCode::CONFLICT);
    let (_, list) = s.get_json(None, "/api/v1/record/witnesses").await;
    assert_eq!(list[0]["vkey"], vkey.as_str());

    db.store.checkpoint().await.unwrap().unwrap();
    let note = s.text("/api/v1/record/checkpoint").await;
    let (body, sigs) = split_note(&note).unwrap();
    assert_eq!(sigs.len(), 1, "no cosignature yet: {note}");
    let size: i64 = body.lines().nth(1).unwrap().parse().unwrap();

    // Refused: a cosignature by an unknown key under the witness's name, an unknown witness,
    // a checkpoint body this server never signed.
    let forger = SigningKey::from_bytes(&[10u8; 32]);
    let forged = format!(
        "{note}{}",
        cosign(&forger, name, body.as_bytes(), 1_800_000_000)
    );
    assert_eq!(post_note(&s, &forged).await.0, StatusCode::FORBIDDEN);
    let stranger = format!(
        "{note}{}",
        cosign(&forger, "other.example", body.as_bytes(), 1)
    );
    assert_eq!(post_note(&s, &stranger).await.0, StatusCode::FORBIDDEN);
    let other_body = body.replace(&format!("\n{size}\n"), &format!("\n{}\n", size + 1000));
    let unknown = format!(
        "{other_body}\n{}",
        cosign(&key, name, other_body.as_bytes(), 1)
    );
    assert_eq!(post_note(&s, &unknown).await.0, StatusCode::NOT_FOUND);
    assert_eq!(
        s.client
            .get(s.at("/api/v1/record/cosigned"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND
    );

    // The witness's cosignature is kept once, as an act, and served with the checkpoint.
    let head_before = db.store.head().await.unwrap().unwrap().0;
    let line = cosign(&key, name, body.as_bytes(), 1_800_000_000);
    let (st, v) = post_note(&s, &format!("{note}{line}")).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(v["accepted"], json!([name]));
    let (st, v) = post_note(&s, &format!("{note}{line}")).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(v["accepted"], json!([]), "kept once");
    let entries = db.store.entries_after(head_before, 10).await.unwrap();
    assert_eq!(entries.len(), 1, "one act for the one new cosignature");
    assert_eq!(entries[0].kind, "checkpoint.cosigned");
    assert_eq!(entries[0].payload["witness"], name);
    assert_eq!(entries[0].payload["size"], size);
    let added = db.store.entries_after(0, 100).await.unwrap();
    assert!(added.iter().any(|e| e.kind == "witness.added"));

    let cosigned = s.text("/api/v1/record/cosigned").await;
    let (cbody, csigs) = split_note(&cosigned).unwrap();
    assert_eq!(cbody, body);
    assert_eq!(csigs.len(), 2, "{cosigned}");
    assert_eq!(
        verify_cosignature(csigs[1], name, &key.verifying_key(), cbody.as_bytes()).unwrap(),
        1_800_000_000
    );
    // The checkpoint of that size, as served to readers, carries it too (and still opens with
    // the log's key alone).
    let served = s.text("/api/v1/record/log/checkpoint").await;
    if served.starts_with(body) {
        assert!(served.contains(line.trim_end()), "{served}");
    }
    asamblea_record::tree::open_note(&cosigned, &db.store.verifier_key()).unwrap();

    // The public checkpoint page: the head, the key, the witness and its cosignature.
    let page = s.text("/record/checkpoint").await;
    assert!(
        page.contains(&format!("{name} cofirmó {size} actos")),
        "{page}"
    );
    assert!(page.contains(&db.store.verifier_key()), "the key is shown");
    assert!(page.contains(&vkey), "the witness's key is shown");
    let guide = s.text("/record/how-to-verify").await;
    assert!(guide.contains("asamblea witness check") && guide.contains("asamblea record verify"));

    // The witnesses page (administrators): a refused form keeps what was typed, with the
    // reason; a good one adds the witness with its URL.
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let second = SigningKey::from_bytes(&[11u8; 32]);
    let vkey2 = witness_vkey("witness.example/two", &second.verifying_key());
    let admin_page = s.at("/admin/witnesses");
    let fields = |url: &str| Body::Form(vec![("vkey", vkey2.clone()), ("url", url.to_string())]);
    let (st, _, page) = request(
        &http,
        &admin_page,
        "POST",
        Some(&admin),
        &fields("https://w.example"),
    )
    .await;
    assert_eq!(st, 422, "{page}");
    assert!(
        page.contains("role=\"alert\"") && page.contains("HTTP simple"),
        "{page}"
    );
    assert!(
        page.contains(&vkey2) && page.contains("value=\"https://w.example\""),
        "kept: {page}"
    );
    let (st, location, _) = request(
        &http,
        &admin_page,
        "POST",
        Some(&admin),
        &fields("http://127.0.0.1:9/"),
    )
    .await;
    assert_eq!((st, location.as_str()), (303, "/admin/witnesses"));
    let (_, list) = s.get_json(None, "/api/v1/record/witnesses").await;
    let two = list
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["name"] == "witness.example/two")
        .unwrap();
    assert_eq!(two["url"], "http://127.0.0.1:9");
    let one = list
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["name"] == name)
        .unwrap();
    assert_eq!(one["cosigned_size"], size, "{one}");
    let (st, _, page) = request(&http, &admin_page, "GET", Some(&delegate), &Body::None).await;
    assert_eq!(st, 403, "{page}");
    let page = s.text_as(&admin, "/record/checkpoint").await;
    assert!(
        page.contains("href=\"/admin/witnesses\""),
        "reachable from the checkpoint page"
    );

    // Removed (an act): gone from the list, its cosignatures no longer accepted; the one kept
    // stays with its checkpoint. Then removed again: not found.
    let path = format!("/api/v1/record/witnesses/{}", name.replace('/', "%2F"));
    let (st, _, _) = request(&http, &s.at(&path), "DELETE", Some(&delegate), &Body::None).await;
    assert_eq!(st, 403);
    let (st, _, body) = request(&http, &s.at(&path), "DELETE", Some(&admin), &Body::None).await;
    assert_eq!(st, 204, "{body}");
    let last = db
        .store
        .entries_after(0, 1000)
        .await
        .unwrap()
        .pop()
        .unwrap();
    assert_eq!(
        (last.kind.as_str(), &last.payload["name"]),
        ("witness.removed", &json!(name))
    );
    let (_, list) = s.get_json(None, "/api/v1/record/witnesses").await;
    assert!(
        list.as_array().unwrap().iter().all(|w| w["name"] != name),
        "{list}"
    );
    assert_eq!(
        post_note(&s, &format!("{note}{line}")).await.0,
        StatusCode::FORBIDDEN
    );
    assert!(
        s.text("/api/v1/record/cosigned")
            .await
            .contains(line.trim_end())
    );
    let (st, _, _) = request(&http, &s.at(&path), "DELETE", Some(&admin), &Body::None).await;
    assert_eq!(st, 404);
    // Added again: the same name, accepted again.
    let (st, v) = s
        .post_json(
            Some(&admin),
            "/api/v1/record/witnesses",
            json!({"vkey": vkey}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    s.stop().await;
    db.cleanup().await;
}

#[tokio::test]
async fn sqlite_witnesses_cosign_checkpoints() {
    witnesses_cosign(common::sqlite().await).await;
}

#[tokio::test]
async fn postgres_witnesses_cosign_checkpoints() {
    witnesses_cosign(common::postgres().await).await;
}
