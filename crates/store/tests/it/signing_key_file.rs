//! The signing key lives in a key file, never in the database (issue 11, the record, point 1).

use asamblea_store::testing::TestDb;
use asamblea_store::{KeySource, NewAct, Store, StoreError, default_key_path, on_read, on_tx};
use serde_json::json;

async fn append_and_sign(store: &Store) {
    let mut tx = store.begin().await.expect("begin");
    tx.append(NewAct {
        actor: None,
        kind: "test.appended".into(),
        scope: "instance".into(),
        payload: json!({"i": 1}),
    })
    .await
    .expect("append");
    tx.commit().await.expect("commit");
    store.checkpoint().await.expect("checkpoint").expect("some");
}

/// Every row of every table, as text (PostgreSQL: `row::text`; SQLite: each column quoted).
async fn all_rows_text(store: &Store) -> String {
    let mut all = String::new();
    match store.backend() {
        asamblea_store::Backend::Postgres => {
            let tables: Vec<String> = on_read!(store, pool => sqlx::query_scalar(
                "SELECT table_name::text FROM information_schema.tables \
                 WHERE table_schema = 'public' AND table_type = 'BASE TABLE'")
                .fetch_all(pool).await)
            .expect("tables");
            for t in tables {
                let rows: Vec<String> = on_read!(store, pool => sqlx::query_scalar(
                    &format!("SELECT t::text FROM \"{t}\" t")).fetch_all(pool).await)
                .expect("rows");
                all.push_str(&rows.join("\n"));
            }
        }
        asamblea_store::Backend::Sqlite => {
            let tables: Vec<String> = on_read!(store, pool => sqlx::query_scalar(
                "SELECT name FROM sqlite_master WHERE type = 'table'")
                .fetch_all(pool).await)
            .expect("tables");
            for t in tables {
                let cols: Vec<String> = on_read!(store, pool => sqlx::query_scalar(
                    &format!("SELECT name FROM pragma_table_info('{t}')")).fetch_all(pool).await)
                .expect("columns");
                let expr = cols
                    .iter()
                    .map(|c| format!("quote(\"{c}\")"))
                    .collect::<Vec<_>>()
                    .join(" || ' ' || ");
                let rows: Vec<String> = on_read!(store, pool => sqlx::query_scalar(
                    &format!("SELECT {expr} FROM \"{t}\"")).fetch_all(pool).await)
                .expect("rows");
                all.push_str(&rows.join("\n"));
            }
        }
    }
    all
}

async fn no_table_holds_the_private_key(db: &TestDb) {
    append_and_sign(&db.store).await;
    let key = db.store.instance_key().expect("key");
    let secret = hex::encode(key.to_bytes());
    let file = default_key_path(db.data_dir());
    let in_file = std::fs::read_to_string(&file).expect("key file");
    assert_eq!(in_file.trim(), secret, "the key file holds the key");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "key file mode");
    }
    let rows = all_rows_text(&db.store).await;
    assert!(rows.contains(&db.store.public_key_hex()), "public key kept");
    assert!(
        !rows.to_lowercase().contains(&secret),
        "private key in a table"
    );
    if let Some(sqlite) = db.sqlite_file() {
        for path in [sqlite.clone(), sqlite.with_extension("sqlite3-wal")] {
            if let Ok(bytes) = std::fs::read(&path) {
                let text = String::from_utf8_lossy(&bytes).to_lowercase();
                assert!(!text.contains(&secret), "private key in {}", path.display());
            }
        }
    }
}

#[tokio::test]
async fn sqlite_no_table_holds_the_private_key() {
    let db = TestDb::sqlite().await;
    no_table_holds_the_private_key(&db).await;
    db.cleanup().await;
}

#[tokio::test]
async fn postgres_no_table_holds_the_private_key() {
    let db = TestDb::postgres().await;
    no_table_holds_the_private_key(&db).await;
    db.cleanup().await;
}

async fn refuses_without_or_with_another_key(db: &TestDb) {
    append_and_sign(&db.store).await;
    let file = default_key_path(db.data_dir());
    let saved = std::fs::read(&file).expect("key file");
    std::fs::remove_file(&file).expect("remove key file");
    match Store::open(Some(db.url()), db.data_dir()).await {
        Err(e @ StoreError::KeyFile { .. }) => {
            let msg = e.to_string();
            assert!(msg.contains("missing"), "{msg}");
            assert!(msg.contains(&db.store.public_key_hex()), "{msg}");
            assert!(msg.contains("backup"), "{msg}");
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert!(!file.exists(), "no new key was made");
    // Another key, given explicitly: refused too.
    let other = db.data_dir().join("other.key");
    std::fs::write(&other, format!("{}\n", "11".repeat(32))).expect("write");
    match Store::open_with_key(Some(db.url()), db.data_dir(), KeySource::File(other)).await {
        Err(e @ StoreError::KeyFile { .. }) => {
            assert!(e.to_string().contains("signed with"), "{e}")
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    // A named file that does not exist: refused.
    let none = db.data_dir().join("none.key");
    assert!(matches!(
        Store::open_with_key(Some(db.url()), db.data_dir(), KeySource::File(none)).await,
        Err(StoreError::KeyFile { .. })
    ));
    // The right key, from elsewhere: accepted.
    let moved = db.data_dir().join("moved.key");
    std::fs::write(&moved, &saved).expect("write");
    let s = Store::open_with_key(Some(db.url()), db.data_dir(), KeySource::File(moved))
        .await
        .expect("open with the key file");
    assert_eq!(s.public_key_hex(), db.store.public_key_hex());
    s.close().await;
    // Without any key (verification only): opens, cannot sign.
    let s = Store::open_with_key(Some(db.url()), db.data_dir(), KeySource::None)
        .await
        .expect("open to verify");
    assert!(matches!(s.checkpoint().await, Err(StoreError::NoKey)));
    s.close().await;
}

#[tokio::test]
async fn sqlite_refuses_without_or_with_another_key() {
    let db = TestDb::sqlite().await;
    refuses_without_or_with_another_key(&db).await;
    db.cleanup().await;
}

#[tokio::test]
async fn postgres_refuses_without_or_with_another_key() {
    let db = TestDb::postgres().await;
    refuses_without_or_with_another_key(&db).await;
    db.cleanup().await;
}

/// A database written before migration 0042 kept the key in `instance.signing_key`: opening it
/// moves the key to the key file, then the migration deletes it from the table.
async fn moves_a_legacy_key_out(db: &TestDb) {
    append_and_sign(&db.store).await;
    let key = db.store.instance_key().expect("key");
    let secret = hex::encode(key.to_bytes());
    let mut tx = db.store.begin().await.expect("begin");
    for sql in [
        "DELETE FROM instance WHERE key = 'public_key'",
        "DELETE FROM _sqlx_migrations WHERE version = 42",
    ] {
        on_tx!(tx, conn => sqlx::query(sql).execute(&mut **conn).await.map(|_| ())).expect(sql);
    }
    on_tx!(tx, conn => sqlx::query(
        "INSERT INTO instance (key, value) VALUES ('signing_key', $1)")
        .bind(&secret).execute(&mut **conn).await.map(|_| ()))
    .expect("legacy key");
    tx.commit().await.expect("commit");
    let file = default_key_path(db.data_dir());
    std::fs::remove_file(&file).expect("remove key file");

    let s = db.open_again().await;
    assert_eq!(
        std::fs::read_to_string(&file).expect("key file").trim(),
        secret
    );
    assert_eq!(s.public_key_hex(), db.store.public_key_hex());
    let left: Option<String> = on_read!(s, pool => sqlx::query_scalar(
        "SELECT value FROM instance WHERE key = 'signing_key'").fetch_optional(pool).await)
    .expect("read");
    assert_eq!(
        left, None,
        "the migration removed the key from the database"
    );
    s.close().await;
}

#[tokio::test]
async fn sqlite_moves_a_legacy_key_out() {
    let db = TestDb::sqlite().await;
    moves_a_legacy_key_out(&db).await;
    db.cleanup().await;
}

#[tokio::test]
async fn postgres_moves_a_legacy_key_out() {
    let db = TestDb::postgres().await;
    moves_a_legacy_key_out(&db).await;
    db.cleanup().await;
}
