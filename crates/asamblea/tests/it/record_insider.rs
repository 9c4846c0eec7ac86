//! An insider with the database rewrites the record (issue 11): edit an act, re-hash the chain
//! and the tree, then delete the checkpoints, or re-sign with a fresh key. `record verify
//! --against` an earlier checkpoint someone kept detects both; `verify --file` needs a pinned key
//! and a checkpoint.

use asamblea_store::record::{Entry, NewAct};
use asamblea_store::testing::TestDb;
use asamblea_store::{KeySource, Store, on_tx};
use serde_json::json;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_asamblea");

fn asamblea(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .env_remove("ASAMBLEA_DATABASE_URL")
        .env_remove("ASAMBLEA_SIGNING_KEY_FILE")
        .output()
        .expect("run asamblea")
}

fn err_of(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub(crate) async fn append(store: &Store, from: i64, to: i64) {
    for i in from..=to {
        let mut tx = store.begin().await.expect("begin");
        tx.append(NewAct {
            actor: Some(format!("user:{i}")),
            kind: "test.act".into(),
            scope: "assembly:1".into(),
            payload: json!({"i": i, "votos": 10 * i}),
        })
        .await
        .expect("append");
        tx.commit().await.expect("commit");
    }
}

/// Edits entry 2's payload and re-hashes every entry from there on; deletes the checkpoints and
/// the tree (which the next open rebuilds from the forged entries).
pub(crate) async fn rewrite(store: &Store) {
    let entries = store.entries_after(0, 1000).await.expect("entries");
    let mut tx = store.begin().await.expect("begin");
    let disable = match store.backend() {
        asamblea_store::Backend::Sqlite => {
            "DROP TRIGGER record_no_update; DROP TRIGGER record_no_delete;"
        }
        asamblea_store::Backend::Postgres => {
            "ALTER TABLE record DISABLE TRIGGER record_no_update_delete;"
        }
    };
    on_tx!(tx, conn => asamblea_store::sqlx::raw_sql(disable).execute(&mut **conn).await.map(|_| ()))
        .expect("disable triggers");
    let mut prev = entries[0].hash.clone();
    for e in entries.iter().skip(1) {
        let mut payload = e.payload.clone();
        if e.position == 2 {
            payload["votos"] = json!(999);
        }
        let forged = Entry::seal(
            e.position,
            e.recorded_at.clone(),
            prev.clone(),
            NewAct {
                actor: e.actor.clone(),
                kind: e.kind.clone(),
                scope: e.scope.clone(),
                payload: payload.clone(),
            },
        )
        .expect("seal");
        let text = asamblea_store::record::canonical_json(&payload).expect("canonical");
        on_tx!(tx, conn => asamblea_store::sqlx::query(
            "UPDATE record SET payload = $1, prev = $2, hash = $3 WHERE position = $4")
            .bind(&text).bind(&forged.prev).bind(&forged.hash).bind(forged.position)
            .execute(&mut **conn).await.map(|_| ()))
        .expect("update");
        prev = forged.hash;
    }
    for sql in ["DELETE FROM checkpoints", "DELETE FROM record_tree"] {
        on_tx!(tx, conn => asamblea_store::sqlx::query(sql).execute(&mut **conn).await.map(|_| ()))
            .expect(sql);
    }
    tx.commit().await.expect("commit");
}

fn db_args(db: &TestDb) -> Vec<String> {
    let mut a = vec![
        "--data-dir".to_string(),
        db.data_dir().display().to_string(),
    ];
    if db.sqlite_file().is_none() {
        a.extend(["--database".to_string(), db.url().to_string()]);
    }
    a
}

fn verify(db: &TestDb, extra: &[&str]) -> Output {
    let mut args: Vec<String> = vec!["record".into(), "verify".into()];
    args.extend(db_args(db));
    args.extend(extra.iter().map(|s| s.to_string()));
    asamblea(&args.iter().map(String::as_str).collect::<Vec<_>>())
}

async fn rewrite_is_detected(db: TestDb, resign: bool) {
    append(&db.store, 1, 5).await;
    db.store.checkpoint().await.expect("sign").expect("some");
    // Someone outside keeps this checkpoint and the key.
    let kept = db
        .store
        .latest_note()
        .await
        .expect("note")
        .expect("some")
        .note;
    let kept_file = db.data_dir().join("kept.checkpoint");
    std::fs::write(&kept_file, &kept).expect("write");
    let kept_file = kept_file.display().to_string();
    let genuine = db.store.verifier_key();
    append(&db.store, 6, 8).await;
    db.store.checkpoint().await.expect("sign").expect("some");
    let o = verify(&db, &["--against", &kept_file]);
    assert!(o.status.success(), "untouched record: {}", err_of(&o));

    rewrite(&db.store).await;
    if resign {
        // A fresh key replaces the instance's, and the rewritten head is signed with it.
        let mut tx = db.store.begin().await.expect("begin");
        on_tx!(tx, conn => asamblea_store::sqlx::query(
            "DELETE FROM instance WHERE key = 'public_key'").execute(&mut **conn).await.map(|_| ()))
        .expect("forget key");
        tx.commit().await.expect("commit");
        let fresh = db.data_dir().join("fresh.key");
        std::fs::write(&fresh, format!("{}\n", "42".repeat(32))).expect("key");
        let forger = Store::open_with_key(Some(db.url()), db.data_dir(), KeySource::File(fresh))
            .await
            .expect("open with the fresh key");
        forger.checkpoint().await.expect("sign").expect("some");
        forger.close().await;
    } else {
        // Reopening rebuilds the tree from the forged entries: the database is self-consistent.
        db.open_again().await.close().await;
    }
    // Without an earlier checkpoint, a rewrite that is self-consistent passes: that is why
    // people keep checkpoints.
    let o = verify(&db, &[]);
    assert!(
        o.status.success(),
        "self-consistent forgery: {}",
        err_of(&o)
    );
    // Against the kept checkpoint it fails, with the database's key and with the pinned one.
    let o = verify(&db, &["--against", &kept_file]);
    assert_eq!(o.status.code(), Some(1), "{}", err_of(&o));
    let expected = if resign {
        "does not verify"
    } else {
        "rewritten"
    };
    assert!(err_of(&o).contains(expected), "{}", err_of(&o));
    let o = verify(&db, &["--key", &genuine, "--against", &kept_file]);
    assert_eq!(o.status.code(), Some(1), "{}", err_of(&o));
    if resign {
        assert!(err_of(&o).contains("not by the key"), "{}", err_of(&o));
    }
    db.cleanup().await;
}

#[tokio::test]
async fn sqlite_edit_rehash_delete_checkpoints_is_detected() {
    rewrite_is_detected(TestDb::sqlite().await, false).await;
}

#[tokio::test]
async fn postgres_edit_rehash_delete_checkpoints_is_detected() {
    rewrite_is_detected(TestDb::postgres().await, false).await;
}

#[tokio::test]
async fn sqlite_edit_rehash_resign_is_detected() {
    rewrite_is_detected(TestDb::sqlite().await, true).await;
}

#[tokio::test]
async fn postgres_edit_rehash_resign_is_detected() {
    rewrite_is_detected(TestDb::postgres().await, true).await;
}

/// `verify --file` needs a pinned key, refuses an export without its checkpoint, and one
/// re-signed with another key.
#[tokio::test]
async fn sqlite_verify_file_needs_key_and_checkpoint() {
    let db = TestDb::sqlite().await;
    append(&db.store, 1, 4).await;
    let key = db.store.verifier_key();
    let file = db.data_dir().join("e.jsonl");
    let f = file.display().to_string();
    let dir = db.data_dir().display().to_string();
    let o = asamblea(&["record", "export", "--data-dir", &dir, "--output", &f]);
    assert!(o.status.success(), "{}", err_of(&o));
    let o = asamblea(&["record", "verify", "--file", &f]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err_of(&o).contains("needs --key"), "{}", err_of(&o));
    let o = asamblea(&["record", "verify", "--file", &f, "--key", &key]);
    assert!(o.status.success(), "{}", err_of(&o));
    // Truncated: the checkpoint line dropped.
    let text = std::fs::read_to_string(&file).expect("read");
    let lines: Vec<&str> = text.lines().collect();
    let cut = db.data_dir().join("cut.jsonl");
    std::fs::write(&cut, lines[..lines.len() - 1].join("\n") + "\n").expect("write");
    let o = asamblea(&[
        "record",
        "verify",
        "--file",
        cut.to_str().unwrap(),
        "--key",
        &key,
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", err_of(&o));
    assert!(
        err_of(&o).contains("without its checkpoint"),
        "{}",
        err_of(&o)
    );
    // Re-signed with another key.
    let other = asamblea_store::record::sign_checkpoint(
        &asamblea_store::SigningKey::from_bytes(&[9u8; 32]),
        4,
        &db.store.head().await.unwrap().unwrap().1,
    );
    let line = serde_json::to_string(&asamblea_store::record::CheckpointLine { checkpoint: other })
        .unwrap();
    let resigned = db.data_dir().join("resigned.jsonl");
    std::fs::write(
        &resigned,
        lines[..lines.len() - 1].join("\n") + "\n" + &line + "\n",
    )
    .expect("write");
    let o = asamblea(&[
        "record",
        "verify",
        "--file",
        resigned.to_str().unwrap(),
        "--key",
        &key,
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", err_of(&o));
    assert!(
        err_of(&o).contains("not by the pinned key"),
        "{}",
        err_of(&o)
    );
    db.cleanup().await;
}
