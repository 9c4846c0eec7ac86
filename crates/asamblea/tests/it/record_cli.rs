//! `asamblea record verify|export` against real SQLite files (and PostgreSQL when
//! `ASAMBLEA_TEST_POSTGRES` is set), including tampering with raw SQL.

use asamblea_store::sqlx::{self, Connection as _, SqliteConnection};
use asamblea_store::testing::TestDb;
use asamblea_store::{NewAct, Store};
use serde_json::json;
use std::process::Output;

use crate::common::{asamblea, text};

const N: i64 = 6;

/// Asserts a clean failure: non-zero, a message on stderr, no panic.
fn assert_clean_failure(o: &Output, needle: &str) {
    let (out, err) = text(o);
    assert!(
        !o.status.success(),
        "expected failure; stdout {out} stderr {err}"
    );
    assert!(!err.contains("panicked"), "panic: {err}");
    assert!(!err.contains("RUST_BACKTRACE"), "panic: {err}");
    assert!(
        err.contains(needle),
        "expected {needle:?} on stderr; stdout {out} stderr {err}"
    );
}

async fn populate(store: &Store) {
    for i in 1..=N {
        let mut tx = store.begin().await.expect("begin");
        tx.append(NewAct {
            actor: Some(format!("user:{i}")),
            kind: "test.act".into(),
            scope: "assembly:1".into(),
            payload: json!({"i": i, "nota": "señal"}),
        })
        .await
        .expect("append");
        tx.commit().await.expect("commit");
    }
}

/// A populated SQLite database in a temp dir (store closed); returns it and the data dir.
async fn sqlite_db() -> (TestDb, String) {
    let db = TestDb::sqlite().await;
    populate(&db.store).await;
    db.store.close().await;
    let dir = db.data_dir().display().to_string();
    (db, dir)
}

/// Runs raw SQL on the SQLite file, after dropping the append-only guard triggers.
async fn tamper(db: &TestDb, sql: &str) {
    let file = db.sqlite_file().expect("sqlite file");
    let mut c = SqliteConnection::connect(&format!("sqlite:{}", file.display()))
        .await
        .expect("connect raw");
    sqlx::raw_sql(
        "DROP TRIGGER IF EXISTS record_no_update; DROP TRIGGER IF EXISTS record_no_delete;",
    )
    .execute(&mut c)
    .await
    .expect("drop guards");
    sqlx::raw_sql(sql).execute(&mut c).await.expect("tamper");
    c.close().await.expect("close");
}

fn verify_dir(dir: &str) -> Output {
    asamblea(&["record", "verify", "--data-dir", dir])
}

fn assert_broken_at(o: &Output, position: i64) {
    let (out, err) = text(o);
    assert_eq!(o.status.code(), Some(1), "stdout {out} stderr {err}");
    assert!(
        err.contains(&format!("broken at position {position}:")),
        "expected position {position}: {err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "{err}");
}

#[tokio::test]
async fn verify_passes_on_an_untouched_record() {
    let (db, dir) = sqlite_db().await;
    let o = verify_dir(&dir);
    let (out, err) = text(&o);
    assert!(o.status.success(), "stdout {out} stderr {err}");
    assert!(out.contains(&format!("{N} entries")), "{out}");
    db.cleanup().await;
}

#[tokio::test]
async fn the_database_refuses_edits_without_tampering_tools() {
    let db = TestDb::sqlite().await;
    populate(&db.store).await;
    let mut tx = db.store.begin().await.expect("begin");
    let r = asamblea_store::on_tx!(tx, c => sqlx::query("UPDATE record SET kind = 'x' WHERE position = 1")
        .execute(&mut **c).await.map(|_| ()));
    let err = r.expect_err("append-only trigger");
    assert!(err.to_string().contains("append-only"), "{err}");
    drop(tx);
    db.cleanup().await;
}

#[tokio::test]
async fn edited_payload_is_named() {
    let (db, dir) = sqlite_db().await;
    tamper(
        &db,
        r#"UPDATE record SET payload = '{"i":3,"nota":"otra"}' WHERE position = 3"#,
    )
    .await;
    assert_broken_at(&verify_dir(&dir), 3);
    db.cleanup().await;
}

#[tokio::test]
async fn deleted_row_is_named() {
    let (db, dir) = sqlite_db().await;
    tamper(&db, "DELETE FROM record WHERE position = 4").await;
    assert_broken_at(&verify_dir(&dir), 4);
    db.cleanup().await;
}

#[tokio::test]
async fn inserted_row_is_named() {
    let (db, dir) = sqlite_db().await;
    // Shift entries 3.. up by one and put a forged entry (a copy of 2, relinked) at 3.
    tamper(
        &db,
        "UPDATE record SET position = position + 1000 WHERE position >= 3;
         UPDATE record SET position = position - 999 WHERE position >= 1000;
         INSERT INTO record (position, recorded_at, actor, kind, scope, payload, prev, hash)
           SELECT 3, recorded_at, actor, kind, scope, payload, hash, hash
           FROM record WHERE position = 2;",
    )
    .await;
    assert_broken_at(&verify_dir(&dir), 3);
    db.cleanup().await;
}

#[tokio::test]
async fn appended_forgery_is_named() {
    let (db, dir) = sqlite_db().await;
    tamper(
        &db,
        &format!(
            "INSERT INTO record (position, recorded_at, actor, kind, scope, payload, prev, hash)
             VALUES ({}, '2026-01-01T00:00:00.000Z', NULL, 'x', 'instance', '{{}}', '{}', '{}')",
            N + 1,
            "0".repeat(64),
            "1".repeat(64)
        ),
    )
    .await;
    assert_broken_at(&verify_dir(&dir), N + 1);
    db.cleanup().await;
}

#[tokio::test]
async fn swapped_rows_are_named() {
    let (db, dir) = sqlite_db().await;
    tamper(
        &db,
        "CREATE TEMP TABLE t AS SELECT * FROM record WHERE position IN (2, 5);
         UPDATE record SET
           recorded_at = (SELECT recorded_at FROM t WHERE t.position = 7 - record.position),
           actor = (SELECT actor FROM t WHERE t.position = 7 - record.position),
           kind = (SELECT kind FROM t WHERE t.position = 7 - record.position),
           scope = (SELECT scope FROM t WHERE t.position = 7 - record.position),
           payload = (SELECT payload FROM t WHERE t.position = 7 - record.position),
           prev = (SELECT prev FROM t WHERE t.position = 7 - record.position),
           hash = (SELECT hash FROM t WHERE t.position = 7 - record.position)
         WHERE position IN (2, 5);",
    )
    .await;
    assert_broken_at(&verify_dir(&dir), 2);
    db.cleanup().await;
}

#[tokio::test]
async fn truncated_tail_after_a_checkpoint_is_named() {
    let (db, dir) = sqlite_db().await;
    let out = db.data_dir().join("export.jsonl").display().to_string();
    let o = asamblea(&["record", "export", "--data-dir", &dir, "--output", &out]);
    assert!(o.status.success(), "{:?}", text(&o));
    // Drop the last entry: the chain alone is still valid, the stored checkpoint is not.
    tamper(&db, &format!("DELETE FROM record WHERE position = {N}")).await;
    assert_broken_at(&verify_dir(&dir), N);
    db.cleanup().await;
}

#[tokio::test]
async fn export_round_trips_and_tampered_export_fails() {
    let (db, dir) = sqlite_db().await;
    let file = db.data_dir().join("export.jsonl");
    let f = file.display().to_string();
    let o = asamblea(&["record", "export", "--data-dir", &dir, "--output", &f]);
    assert!(o.status.success(), "{:?}", text(&o));
    let key = db.store.public_key_hex();
    let o = asamblea(&["record", "verify", "--file", &f, "--key", &key]);
    let (out, err) = text(&o);
    assert!(o.status.success(), "stdout {out} stderr {err}");
    assert!(out.contains(&format!("checkpoint at {N}")), "{out}");

    // Export to stdout gives the same entries.
    let o = asamblea(&["record", "export", "--data-dir", &dir]);
    assert!(o.status.success());
    let from_stdout = String::from_utf8_lossy(&o.stdout).into_owned();
    let from_file = std::fs::read_to_string(&file).expect("read export");
    assert_eq!(from_stdout.lines().count(), from_file.lines().count());
    assert_eq!(from_stdout.lines().next(), from_file.lines().next());

    let owned: Vec<String> = from_file.lines().map(str::to_string).collect();
    assert_eq!(owned.len() as i64, N + 1);
    let write = |name: &str, lines: &[String]| {
        let p = db.data_dir().join(name);
        std::fs::write(&p, lines.join("\n") + "\n").expect("write");
        p.display().to_string()
    };
    let verify_file = |name: &str, lines: &[String]| {
        let path = write(name, lines);
        asamblea(&["record", "verify", "--file", &path, "--key", &key])
    };

    // Edited content.
    let mut edited = owned.clone();
    edited[3] = edited[3].replace("señal", "senal");
    assert_broken_at(&verify_file("e.jsonl", &edited), 4);
    // Deleted line.
    let mut deleted = owned.clone();
    deleted.remove(1);
    assert_broken_at(&verify_file("d.jsonl", &deleted), 2);
    // Swapped lines.
    let mut swapped = owned.clone();
    swapped.swap(1, 2);
    assert_broken_at(&verify_file("s.jsonl", &swapped), 2);
    // Duplicated line.
    let mut duplicated = owned.clone();
    duplicated.insert(2, owned[1].clone());
    assert_broken_at(&verify_file("u.jsonl", &duplicated), 3);
    // Dropped last entry: the checkpoint no longer matches.
    let mut short = owned.clone();
    short.remove(N as usize - 1);
    assert_broken_at(&verify_file("t.jsonl", &short), N);
    // Not JSON: the line is named.
    let mut garbage = owned.clone();
    garbage[2] = "{not json".into();
    let o = verify_file("g.jsonl", &garbage);
    assert_broken_at(&o, 3);
    assert!(text(&o).1.contains("line 3"), "{:?}", text(&o));
    // Forged signature.
    let mut forged = owned;
    let last = forged.len() - 1;
    let sig_at = forged[last].find("\"signature\":\"").expect("signature") + 13;
    let flipped = if &forged[last][sig_at..sig_at + 1] == "0" {
        "1"
    } else {
        "0"
    };
    forged[last].replace_range(sig_at..sig_at + 1, flipped);
    assert_broken_at(&verify_file("f.jsonl", &forged), N);
    db.cleanup().await;
}

#[test]
fn unknown_flag_fails_cleanly() {
    let o = asamblea(&["record", "verify", "--no-such-flag"]);
    assert_clean_failure(&o, "--no-such-flag");
}

#[test]
fn missing_database_or_file_fails_cleanly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let o = verify_dir(&dir.path().join("nothing").display().to_string());
    assert_clean_failure(&o, "no Asamblea database");
    assert_eq!(o.status.code(), Some(2));
    let zero = "0".repeat(64);
    let o = asamblea(&[
        "record",
        "verify",
        "--file",
        "/nonexistent/export.jsonl",
        "--key",
        &zero,
    ]);
    assert_clean_failure(&o, "cannot read /nonexistent/export.jsonl");
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn unreadable_data_dir_fails_cleanly() {
    // A data dir that is a regular file cannot hold a database.
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("plain-file");
    std::fs::write(&file, "x").expect("write");
    let o = verify_dir(&file.display().to_string());
    assert_clean_failure(&o, "asamblea:");
    let o = asamblea(&[
        "record",
        "export",
        "--data-dir",
        &file.display().to_string(),
    ]);
    assert_clean_failure(&o, "asamblea:");
    // A database file that is not a database.
    let data = dir.path().join("data");
    std::fs::create_dir(&data).expect("mkdir");
    std::fs::write(data.join("asamblea.sqlite3"), "not a database at all").expect("write");
    let o = verify_dir(&data.display().to_string());
    assert_clean_failure(&o, "asamblea:");
    assert_eq!(text(&o).1.trim().lines().count(), 1, "{:?}", text(&o));
}

#[test]
fn unwritable_export_fails_cleanly() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let (db, dir) = rt.block_on(sqlite_db());
    let o = asamblea(&[
        "record",
        "export",
        "--data-dir",
        &dir,
        "--output",
        "/nonexistent/dir/x.jsonl",
    ]);
    assert_clean_failure(&o, "cannot write /nonexistent/dir/x.jsonl");
    rt.block_on(db.cleanup());
}

#[test]
fn bad_url_fails_cleanly() {
    let o = asamblea(&["record", "verify", "--database", "mysql://root@localhost/x"]);
    assert_clean_failure(&o, "unsupported database URL");
    assert_eq!(o.status.code(), Some(2));
    let o = asamblea(&["record", "verify", "--database", "postgres://u:pw@[::1/x"]);
    assert_clean_failure(&o, "asamblea:");
    assert!(
        !text(&o).1.contains("pw@"),
        "password leaked: {:?}",
        text(&o)
    );
}

#[test]
fn unreachable_postgres_fails_cleanly() {
    let start = std::time::Instant::now();
    let o = asamblea(&[
        "record",
        "verify",
        "--database",
        "postgres://postgres@127.0.0.1:1/x",
    ]);
    assert_clean_failure(&o, "cannot connect to PostgreSQL at 127.0.0.1:1/x");
    assert_eq!(o.status.code(), Some(2));
    let (_, err) = text(&o);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(start.elapsed().as_secs() < 15);
}

#[tokio::test]
async fn postgres_verify_export_and_tamper() {
    let db = TestDb::postgres().await;
    populate(&db.store).await;
    let url = db.url().to_string();
    let o = asamblea(&["record", "verify", "--database", &url]);
    assert!(o.status.success(), "{:?}", text(&o));
    let file = db.data_dir().join("pg.jsonl").display().to_string();
    let dir = db.data_dir().display().to_string();
    let o = asamblea(&[
        "record",
        "export",
        "--database",
        &url,
        "--data-dir",
        &dir,
        "--output",
        &file,
    ]);
    assert!(o.status.success(), "{:?}", text(&o));
    let key = db.store.public_key_hex();
    let o = asamblea(&["record", "verify", "--file", &file, "--key", &key]);
    assert!(o.status.success(), "{:?}", text(&o));
    // Tamper through SQL (disabling the append-only trigger first).
    let mut c = sqlx::PgConnection::connect(&url).await.expect("connect");
    sqlx::raw_sql(
        "ALTER TABLE record DISABLE TRIGGER record_no_update_delete;
         UPDATE record SET kind = 'forged' WHERE position = 2;",
    )
    .execute(&mut c)
    .await
    .expect("tamper");
    c.close().await.expect("close");
    assert_broken_at(&asamblea(&["record", "verify", "--database", &url]), 2);
    db.cleanup().await;
}
