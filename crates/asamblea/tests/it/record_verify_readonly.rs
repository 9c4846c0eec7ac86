//! `asamblea record verify` writes nothing: run before `serve` on a database written by an older
//! Asamblea (its signing key still in `instance.signing_key`, no `public_key` row), it verifies
//! the checkpoints with that key's public key, says so, and leaves the database and the data
//! directory as they were (no key file written, no migration run).

use asamblea_store::testing::TestDb;
use asamblea_store::{NewAct, Store, default_key_path, on_read, on_tx};
use serde_json::json;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};

use crate::common::{BIN, text};

fn asamblea(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .env_remove("ASAMBLEA_DATABASE_URL")
        .env_remove("ASAMBLEA_SIGNING_KEY_FILE")
        .output()
        .expect("run asamblea")
}

/// Appends and checkpoints a few acts, then makes the database look as an Asamblea from before
/// migration 0042 left it: the key in the table, no public key row, no key file.
async fn make_legacy(db: &TestDb) -> String {
    let store = &db.store;
    for i in 1..=4 {
        let mut tx = store.begin().await.expect("begin");
        tx.append(NewAct {
            actor: None,
            kind: "test.act".into(),
            scope: "instance".into(),
            payload: json!({ "i": i }),
        })
        .await
        .expect("append");
        tx.commit().await.expect("commit");
        store.checkpoint().await.expect("checkpoint");
    }
    let secret = hex::encode(store.instance_key().expect("key").to_bytes());
    let mut tx = store.begin().await.expect("begin");
    for sql in [
        "DELETE FROM instance WHERE key = 'public_key'",
        "DELETE FROM _sqlx_migrations WHERE version = 42",
    ] {
        on_tx!(tx, conn => asamblea_store::sqlx::query(sql).execute(&mut **conn).await.map(|_| ()))
            .expect(sql);
    }
    on_tx!(tx, conn => asamblea_store::sqlx::query(
        "INSERT INTO instance (key, value) VALUES ('signing_key', $1)")
        .bind(&secret).execute(&mut **conn).await.map(|_| ()))
    .expect("legacy key");
    tx.commit().await.expect("commit");
    std::fs::remove_file(default_key_path(db.data_dir())).expect("remove key file");
    store.public_key_hex()
}

/// The `instance` rows and the applied migrations, as text.
async fn state(store: &Store) -> String {
    let instance: Vec<(String, String)> = on_read!(store, pool => asamblea_store::sqlx::query_as(
        "SELECT key, value FROM instance ORDER BY key").fetch_all(pool).await)
    .expect("instance");
    let migrations: Vec<i64> = on_read!(store, pool => asamblea_store::sqlx::query_scalar(
        "SELECT version FROM _sqlx_migrations ORDER BY version").fetch_all(pool).await)
    .expect("migrations");
    format!("{instance:?} {migrations:?}")
}

/// Every file of the data directory with its bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_file())
        .map(|p| {
            let name = p
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            let bytes = std::fs::read(&p).expect("read");
            (name, bytes)
        })
        .collect()
}

async fn verify_writes_nothing_on_a_legacy_database(db: &TestDb, args: &[&str]) {
    let public = make_legacy(db).await;
    let before = state(&db.store).await;
    let files_before = db.sqlite_file().map(|_| files(db.data_dir()));
    let key_file = default_key_path(db.data_dir());

    let o = asamblea(&[&["record", "verify"], args].concat());
    let (out, err) = text(&o);
    assert!(o.status.success(), "stdout {out} stderr {err}");
    assert!(out.contains("record intact: 4 entries"), "{out}");
    assert!(err.contains("still keeps its signing key"), "{err}");
    assert!(err.contains(&public), "the key checked is named: {err}");
    assert!(err.contains("wrote nothing"), "{err}");
    assert!(!key_file.exists(), "verify wrote a key file");
    assert_eq!(
        state(&db.store).await,
        before,
        "verify changed the database"
    );
    if let Some(files_before) = files_before {
        let after = files(db.data_dir());
        for (name, bytes) in &files_before {
            if name.ends_with(".sqlite3") {
                assert!(after.get(name) == Some(bytes), "{name} changed");
            }
        }
        assert!(
            after.keys().all(|k| files_before.contains_key(k)
                || k.ends_with("-shm")
                || k.ends_with("-wal")),
            "new files: {:?}",
            after.keys().collect::<Vec<_>>()
        );
    }

    // A pinned key other than the instance's: the checkpoints are refused.
    let other = "ab".repeat(32);
    let o = asamblea(&[&["record", "verify", "--key", &other], args].concat());
    assert_eq!(o.status.code(), Some(1), "{:?}", text(&o));

    // Once a server has opened it (moving the key out), verify checks the recorded key.
    let upgraded = db.open_again().await;
    assert_eq!(upgraded.public_key_hex(), public);
    upgraded.close().await;
    assert!(key_file.exists(), "the upgrade moved the key to its file");
    let o = asamblea(&[&["record", "verify"], args].concat());
    let (out, err) = text(&o);
    assert!(o.status.success(), "stdout {out} stderr {err}");
    assert!(!err.contains("note:"), "{err}");
}

#[tokio::test]
async fn sqlite_verify_writes_nothing_on_a_legacy_database() {
    let db = TestDb::sqlite().await;
    let dir = db.data_dir().display().to_string();
    verify_writes_nothing_on_a_legacy_database(&db, &["--data-dir", &dir]).await;
    db.cleanup().await;
}

#[tokio::test]
async fn postgres_verify_writes_nothing_on_a_legacy_database() {
    let db = TestDb::postgres().await;
    let (url, dir) = (db.url().to_string(), db.data_dir().display().to_string());
    verify_writes_nothing_on_a_legacy_database(&db, &["--database", &url, "--data-dir", &dir])
        .await;
    db.cleanup().await;
}

/// A database left by the old `verify` (key moved to the file, no public key recorded):
/// checked with the key file, said so; without the key file, a clear refusal naming --key.
#[tokio::test]
async fn sqlite_verify_without_a_recorded_public_key() {
    let db = TestDb::sqlite().await;
    let public = make_legacy(&db).await;
    let mut tx = db.store.begin().await.expect("begin");
    on_tx!(tx, conn => asamblea_store::sqlx::query("DELETE FROM instance WHERE key = 'signing_key'")
        .execute(&mut **conn).await.map(|_| ()))
    .expect("delete");
    tx.commit().await.expect("commit");
    db.store.close().await;
    let dir = db.data_dir().display().to_string();

    let o = asamblea(&["record", "verify", "--data-dir", &dir]);
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(2), "stdout {out} stderr {err}");
    assert!(err.contains("records no public key"), "{err}");
    assert!(err.contains("--key"), "{err}");
    assert!(!err.contains("panicked"), "{err}");

    let o = asamblea(&["record", "verify", "--data-dir", &dir, "--key", &public]);
    assert!(o.status.success(), "{:?}", text(&o));

    let key = db.data_dir().join("kept.key");
    let secret = db.store.instance_key().expect("key").to_bytes();
    std::fs::write(&key, format!("{}\n", hex::encode(secret))).expect("write key");
    let k = key.display().to_string();
    let o = asamblea(&["record", "verify", "--data-dir", &dir, "--signing-key", &k]);
    let (out, err) = text(&o);
    assert!(o.status.success(), "stdout {out} stderr {err}");
    assert!(err.contains("checked with the key file"), "{err}");
    db.cleanup().await;
}
