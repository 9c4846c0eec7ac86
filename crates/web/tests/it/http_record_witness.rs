//! Witnesses of the record over HTTP (issue 11): an administrator adds a witness by its verifier
//! key (an act; others may not); the witness's cosignature on a checkpoint this server signed is
//! kept (an act) and served with the checkpoint; a forged cosignature, one from an unknown
//! witness, or one over a checkpoint the server never signed is refused and nothing is kept.

use crate::common::{self, TestServer};
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
