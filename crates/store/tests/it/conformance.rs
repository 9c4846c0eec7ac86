//! The same checks on SQLite and PostgreSQL (PostgreSQL when `ASAMBLEA_TEST_POSTGRES` is set).

use asamblea_store::record::tree;
use asamblea_store::testing::TestDb;
use asamblea_store::{Backend, NewAct, Store, StoreError, on_read, on_tx};
use serde_json::json;
use std::time::Duration;

fn act(i: i64) -> NewAct {
    NewAct {
        actor: Some(format!("user:{}", i % 3)),
        kind: "test.appended".into(),
        scope: format!("assembly:{}", i % 2),
        payload: json!({"i": i, "text": "ñandú \"q\"\n"}),
    }
}

async fn append_one(store: &Store, i: i64) -> i64 {
    let mut tx = store.begin().await.expect("begin");
    let e = tx.append(act(i)).await.expect("append");
    let positions = tx.commit().await.expect("commit");
    assert_eq!(positions, vec![e.position]);
    e.position
}

async fn append_read_verify(db: &TestDb) {
    let s = &db.store;
    assert_eq!(s.head().await.expect("head"), None);
    assert_eq!(s.verify().await.expect("verify empty").entries, 0);
    for i in 1..=5 {
        assert_eq!(append_one(s, i).await, i);
    }
    // Several acts in one transaction, with domain SQL through on_tx!.
    let mut tx = s.begin().await.expect("begin");
    let one: i64 = on_tx!(tx, conn => sqlx::query_scalar("SELECT $1 + 0")
        .bind(1_i64).fetch_one(&mut **conn).await)
    .expect("domain sql");
    assert_eq!(one, 1);
    tx.append(act(6)).await.expect("append");
    tx.append(act(7)).await.expect("append");
    assert_eq!(tx.commit().await.expect("commit"), vec![6, 7]);

    // A rolled-back append leaves nothing.
    let mut tx = s.begin().await.expect("begin");
    tx.append(act(99)).await.expect("append");
    drop(tx);
    // A float is refused before touching the database.
    let mut tx = s.begin().await.expect("begin");
    let mut bad = act(1);
    bad.payload = json!({"x": 0.5});
    assert!(matches!(tx.append(bad).await, Err(StoreError::Record(_))));
    tx.rollback().await.expect("rollback");

    let (head, hash) = s.head().await.expect("head").expect("non-empty");
    assert_eq!(head, 7);
    let all = s.entries_after(0, 100).await.expect("entries");
    assert_eq!(all.len(), 7);
    assert_eq!(all.last().map(|e| e.hash.clone()), Some(hash));
    assert_eq!(all[2].payload, json!({"i": 3, "text": "ñandú \"q\"\n"}));
    assert_eq!(s.entries_after(5, 1).await.expect("page")[0].position, 6);
    assert_eq!(
        s.entry(4).await.expect("entry").map(|e| e.position),
        Some(4)
    );
    assert_eq!(s.entry(40).await.expect("entry"), None);
    let report = s.verify().await.expect("verify");
    assert_eq!((report.entries, report.last_position), (7, 7));

    let n: i64 =
        on_read!(s, pool => sqlx::query_scalar("SELECT count(*) FROM record WHERE scope = $1")
        .bind("assembly:1").fetch_one(pool).await)
        .expect("read sql");
    assert_eq!(n, 4);

    // Checkpoint and export round trip.
    let cp = s.checkpoint().await.expect("checkpoint").expect("some");
    assert_eq!(cp.position, 7);
    asamblea_record::verify_checkpoint(&cp).expect("valid checkpoint");
    let mut out = Vec::new();
    let rep = s.export(&mut out).await.expect("export");
    assert_eq!(rep.entries, 7);
    let offline = asamblea_record::verify_export(&out[..]).expect("offline verify");
    assert_eq!(offline.last_position, 7);
    assert_eq!(
        offline.checkpoint.map(|c| c.public_key),
        Some(s.public_key_hex())
    );
    // The instance key survives reopening.
    let again = db.open_again().await;
    assert_eq!(again.public_key_hex(), s.public_key_hex());
    again.close().await;
}

#[tokio::test]
async fn sqlite_append_read_verify() {
    let db = TestDb::sqlite().await;
    assert_eq!(db.store.backend(), Backend::Sqlite);
    append_read_verify(&db).await;
    db.cleanup().await;
}

#[tokio::test]
async fn postgres_append_read_verify() {
    let db = TestDb::postgres().await;
    assert_eq!(db.store.backend(), Backend::Postgres);
    append_read_verify(&db).await;
    db.cleanup().await;
}

async fn concurrent_appends(db: &TestDb) {
    let mut tasks = Vec::new();
    for t in 0..8_i64 {
        let s = db.store.clone();
        tasks.push(tokio::spawn(async move {
            for i in 0..50_i64 {
                append_one(&s, t * 1000 + i).await;
            }
        }));
    }
    for t in tasks {
        t.await.expect("task");
    }
    let report = db.store.verify().await.expect("verify");
    assert_eq!(report.entries, 400);
    assert_eq!(report.last_position, 400);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sqlite_concurrent_appends_never_fork() {
    let db = TestDb::sqlite().await;
    concurrent_appends(&db).await;
    db.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_concurrent_appends_never_fork() {
    let db = TestDb::postgres().await;
    concurrent_appends(&db).await;
    db.cleanup().await;
}

async fn recv_position(rx: &mut tokio::sync::broadcast::Receiver<i64>) -> i64 {
    tokio::time::timeout(Duration::from_secs(10), rx.recv())
        .await
        .expect("notification within 10 s")
        .expect("channel open")
}

async fn subscribe_receives(db: &TestDb) {
    let mut rx = db.store.subscribe();
    append_one(&db.store, 1).await;
    let mut tx = db.store.begin().await.expect("begin");
    tx.append(act(2)).await.expect("append");
    tx.append(act(3)).await.expect("append");
    tx.commit().await.expect("commit");
    assert_eq!(recv_position(&mut rx).await, 1);
    assert_eq!(recv_position(&mut rx).await, 2);
    assert_eq!(recv_position(&mut rx).await, 3);
    // A rolled back transaction announces nothing.
    let mut tx = db.store.begin().await.expect("begin");
    tx.append(act(4)).await.expect("append");
    tx.rollback().await.expect("rollback");
    append_one(&db.store, 5).await;
    assert_eq!(recv_position(&mut rx).await, 4);
}

#[tokio::test]
async fn sqlite_subscribe_receives_positions() {
    let db = TestDb::sqlite().await;
    subscribe_receives(&db).await;
    db.cleanup().await;
}

#[tokio::test]
async fn postgres_subscribe_receives_positions() {
    let db = TestDb::postgres().await;
    subscribe_receives(&db).await;
    db.cleanup().await;
}

#[tokio::test]
async fn postgres_two_servers_see_each_others_acts() {
    let db = TestDb::postgres().await;
    let other = db.open_again().await;
    let mut rx_other = other.subscribe();
    let mut rx_self = db.store.subscribe();
    append_one(&db.store, 1).await;
    assert_eq!(recv_position(&mut rx_other).await, 1);
    assert_eq!(recv_position(&mut rx_self).await, 1);
    append_one(&other, 2).await;
    assert_eq!(recv_position(&mut rx_self).await, 2);
    assert_eq!(
        other.instance_key().expect("key").to_bytes(),
        db.store.instance_key().expect("key").to_bytes()
    );
    other.close().await;
    db.cleanup().await;
}

async fn refuses_newer_schema(db: &TestDb) {
    let mut tx = db.store.begin().await.expect("begin");
    on_tx!(tx, conn => sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
         VALUES (99990101000000, 'from the future', true, $1, 1)")
        .bind(vec![0_u8; 48]).execute(&mut **conn).await.map(|_| ()))
    .expect("insert fake migration");
    tx.commit().await.expect("commit");
    match Store::open(Some(db.url()), db.data_dir()).await {
        Err(StoreError::NewerSchema { versions }) => assert_eq!(versions, vec![99990101000000]),
        other => panic!("expected NewerSchema, got {other:?}"),
    }
    let msg = StoreError::NewerSchema { versions: vec![1] }.to_string();
    assert!(msg.contains("newer Asamblea"), "{msg}");
}

#[tokio::test]
async fn sqlite_refuses_newer_schema() {
    let db = TestDb::sqlite().await;
    refuses_newer_schema(&db).await;
    db.cleanup().await;
}

#[tokio::test]
async fn postgres_refuses_newer_schema() {
    let db = TestDb::postgres().await;
    refuses_newer_schema(&db).await;
    db.cleanup().await;
}

/// Two stores on one database (two server processes, or a server and the CLI) appending at
/// once: the chain must not fork.
async fn two_stores_append_concurrently(db: &TestDb) {
    let other = db.open_again().await;
    let mut tasks = Vec::new();
    for t in 0..6_i64 {
        let s = if t % 2 == 0 {
            db.store.clone()
        } else {
            other.clone()
        };
        tasks.push(tokio::spawn(async move {
            for i in 0..25_i64 {
                append_one(&s, t * 1000 + i).await;
            }
        }));
    }
    for t in tasks {
        t.await.expect("task");
    }
    let report = db.store.verify().await.expect("verify");
    assert_eq!((report.entries, report.last_position), (150, 150));
    assert_eq!(other.verify().await.expect("verify").last_position, 150);
    other.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sqlite_two_stores_append_concurrently() {
    let db = TestDb::sqlite().await;
    two_stores_append_concurrently(&db).await;
    db.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_two_stores_append_concurrently() {
    let db = TestDb::postgres().await;
    two_stores_append_concurrently(&db).await;
    db.cleanup().await;
}

/// Payloads come back exactly, big integers and all text included; an empty record exports
/// nothing.
async fn payloads_round_trip(db: &TestDb) {
    let mut out = Vec::new();
    let rep = db.store.export(&mut out).await.expect("export empty");
    assert_eq!((rep.entries, out.len()), (0, 0));
    assert_eq!(db.store.checkpoint().await.expect("checkpoint"), None);
    let payload = json!({
        "max": u64::MAX, "min": i64::MIN, "zero": 0,
        "text": "\u{0}\u{1f}\u{7f} \"quotes\" \\ / ñ € 😀 \u{2028}",
        "nested": [[[{"k": []}]], {}], "null": null, "t": true
    });
    let mut tx = db.store.begin().await.expect("begin");
    let e = tx
        .append(NewAct {
            actor: None,
            kind: "k".into(),
            scope: "instance".into(),
            payload: payload.clone(),
        })
        .await
        .expect("append");
    tx.commit().await.expect("commit");
    let back = db.store.entry(1).await.expect("read").expect("entry");
    assert_eq!(back, e);
    assert_eq!(back.payload, payload);
    assert_eq!(back.actor, None);
    db.store.verify().await.expect("verify");
}

#[tokio::test]
async fn sqlite_payloads_round_trip() {
    let db = TestDb::sqlite().await;
    payloads_round_trip(&db).await;
    db.cleanup().await;
}

#[tokio::test]
async fn postgres_payloads_round_trip() {
    let db = TestDb::postgres().await;
    payloads_round_trip(&db).await;
    db.cleanup().await;
}

/// The record table refuses UPDATE and DELETE (a product bug would be loud, not silent).
async fn record_is_append_only(db: &TestDb) {
    append_one(&db.store, 1).await;
    for sql in [
        "UPDATE record SET kind = 'x' WHERE position = 1",
        "DELETE FROM record WHERE position = 1",
    ] {
        let mut tx = db.store.begin().await.expect("begin");
        let r = on_tx!(tx, conn => sqlx::query(sql).execute(&mut **conn).await.map(|_| ()));
        let err = r.expect_err(sql);
        assert!(err.to_string().contains("append-only"), "{err}");
    }
    db.store.verify().await.expect("verify");
}

#[tokio::test]
async fn sqlite_record_is_append_only() {
    let db = TestDb::sqlite().await;
    record_is_append_only(&db).await;
    db.cleanup().await;
}

#[tokio::test]
async fn postgres_record_is_append_only() {
    let db = TestDb::postgres().await;
    record_is_append_only(&db).await;
    db.cleanup().await;
}

#[tokio::test]
async fn sqlite_bad_locations_fail_cleanly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("file");
    std::fs::write(&file, "x").expect("write");
    let err = Store::open(None, &file)
        .await
        .expect_err("file as data dir");
    assert!(matches!(err, StoreError::DataDir { .. }), "{err}");
    let err = Store::open(Some("mysql://x"), dir.path())
        .await
        .expect_err("bad url");
    assert!(matches!(err, StoreError::BadUrl(_)), "{err}");
    let err = Store::open(Some("postgres://postgres@127.0.0.1:1/x"), dir.path())
        .await
        .expect_err("nothing listens on port 1");
    assert!(matches!(err, StoreError::Unreachable { .. }), "{err}");
    std::fs::create_dir(dir.path().join("d")).expect("mkdir");
    std::fs::write(
        dir.path().join("d/asamblea.sqlite3"),
        "garbage garbage garbage",
    )
    .expect("w");
    let err = Store::open(None, &dir.path().join("d"))
        .await
        .expect_err("not a db");
    assert!(!err.to_string().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sqlite_simultaneous_first_opens_all_succeed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut opens = Vec::new();
    for _ in 0..4 {
        let d = dir.path().to_path_buf();
        opens.push(tokio::spawn(async move { Store::open(None, &d).await }));
    }
    let mut keys = Vec::new();
    for o in opens {
        let s = o.await.expect("task").expect("open");
        keys.push(s.public_key_hex());
        s.close().await;
    }
    keys.dedup();
    assert_eq!(keys.len(), 1, "one instance key for one database");
}

#[tokio::test]
async fn postgres_simultaneous_first_opens_all_succeed() {
    let db = TestDb::postgres().await;
    let mut opens = Vec::new();
    for _ in 0..4 {
        let url = db.url().to_string();
        let dir = db.data_dir().to_path_buf();
        opens.push(tokio::spawn(
            async move { Store::open(Some(&url), &dir).await },
        ));
    }
    for o in opens {
        let s = o.await.expect("task").expect("open");
        assert_eq!(s.public_key_hex(), db.store.public_key_hex());
        s.close().await;
    }
    db.cleanup().await;
}

/// A write transaction dropped without commit, after a failed statement or not, undoes its
/// acts and leaves no connection in a transaction or holding the record's lock: every later
/// write goes through (issue 15: on PostgreSQL the transaction is begun with the lock in one
/// round trip, no longer by sqlx, and rolled back by `PgTx` itself).
async fn dropped_transactions_roll_back(db: &TestDb) {
    tokio::time::timeout(Duration::from_secs(20), drop_and_write(db))
        .await
        .expect("no dropped transaction kept the lock");
    if db.store.backend() == Backend::Postgres {
        let s = &db.store;
        let mut open = -1;
        for _ in 0..50 {
            open = on_read!(s, pool => sqlx::query_scalar::<_, i64>(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() \
                 AND state LIKE 'idle in transaction%'")
                .fetch_one(pool).await)
            .expect("pg_stat_activity");
            if open == 0 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert_eq!(open, 0, "no connection left inside a transaction");
    }
}

/// Drops four transactions (two after a failed statement), then writes 20 acts.
async fn drop_and_write(db: &TestDb) {
    let s = &db.store;
    for failed in [false, true, false, true] {
        let mut tx = s.begin().await.expect("begin");
        tx.append(act(0)).await.expect("append");
        if failed {
            let e = on_tx!(tx, conn => sqlx::query_scalar::<_, i64>("SELECT x FROM no_such_table")
                .fetch_one(&mut **conn).await);
            assert!(e.is_err(), "a statement on no table fails");
        }
        drop(tx);
    }
    for i in 1..=20 {
        assert_eq!(append_one(s, i).await, i, "the dropped acts were undone");
    }
}

#[tokio::test]
async fn sqlite_dropped_transactions_roll_back() {
    dropped_transactions_roll_back(&TestDb::sqlite().await).await;
}

#[tokio::test]
async fn postgres_dropped_transactions_roll_back() {
    let db = TestDb::postgres().await;
    dropped_transactions_roll_back(&db).await;
    db.cleanup().await;
}

/// A begin dropped while it waits for the record's lock (a request whose client went away, on
/// a second server) leaves the lock free once it is granted: every later write of both servers
/// goes through (issue 15: `PgTx` holds its connection before `BEGIN` is sent).
#[tokio::test]
async fn postgres_a_begin_dropped_while_waiting_leaves_the_lock_free() {
    let db = TestDb::postgres().await;
    let other = db.open_again().await;
    let mut holding = db.store.begin().await.expect("begin");
    holding.append(act(1)).await.expect("append");
    let waited = tokio::time::timeout(Duration::from_millis(300), other.begin()).await;
    assert!(waited.is_err(), "the other server waited for the lock");
    holding.commit().await.expect("commit");
    let writes = async {
        for i in 2..=6 {
            append_one(&db.store, i).await;
            append_one(&other, i + 100).await;
        }
    };
    tokio::time::timeout(Duration::from_secs(20), writes)
        .await
        .expect("the dropped begin left the lock free");
    db.cleanup().await;
}

/// A ballot writer's own connections (`Store::with_own_connections`, issue 15) are not the
/// server's pool: with every connection of that pool taken by requests, the writer still writes,
/// and what it commits reaches the server's subscribers. They find rows by key.
#[tokio::test]
async fn postgres_a_writers_own_connections_write_while_the_pool_is_taken() {
    let db = TestDb::postgres().await;
    let own = db.store.with_own_connections(2);
    let mut positions = db.store.subscribe();
    let asamblea_store::Pools::Postgres(pool) = db.store.pools() else {
        panic!("a PostgreSQL store");
    };
    let mut taken = Vec::new();
    while let Ok(Ok(c)) = tokio::time::timeout(Duration::from_millis(500), pool.acquire()).await {
        taken.push(c);
    }
    assert!(taken.len() >= 2, "the server's pool is taken");
    // They find rows by key even by a plan made while a table was young (such a plan read all
    // of it for every batch).
    let asamblea_store::Pools::Postgres(own_pool) = own.pools() else {
        panic!("a PostgreSQL store");
    };
    let planning: String = sqlx::query_scalar("SHOW enable_seqscan")
        .fetch_one(own_pool)
        .await
        .expect("show");
    assert_eq!(planning, "off");
    let plans: String = sqlx::query_scalar("SHOW plan_cache_mode")
        .fetch_one(own_pool)
        .await
        .expect("show");
    assert_eq!(plans, "force_generic_plan");
    let written = tokio::time::timeout(Duration::from_secs(3), append_one(&own, 1)).await;
    assert_eq!(
        written.ok(),
        Some(1),
        "the writer wrote on its own connections"
    );
    let heard = tokio::time::timeout(Duration::from_secs(5), positions.recv()).await;
    assert_eq!(heard.ok().and_then(Result::ok), Some(1));
    drop(taken);
    assert_eq!(append_one(&db.store, 2).await, 2);
    assert_eq!(db.store.verify().await.expect("verify").entries, 2);
    db.cleanup().await;
}

/// Appends that follow what this process last appended, and what they must not follow:
/// another server's appends, an append a savepoint undid (alone in its transaction, which
/// commits), a transaction rolled back. The chain holds.
#[tokio::test]
async fn postgres_appends_follow_the_head_whoever_wrote_it() {
    let db = TestDb::postgres().await;
    let other = db.open_again().await;
    for i in 1..=4 {
        append_one(&db.store, i).await;
    }
    // Another server appends.
    append_one(&other, 5).await;
    assert_eq!(append_one(&db.store, 6).await, 6);
    // Two appends in one transaction.
    let mut tx = db.store.begin().await.expect("begin");
    assert_eq!(tx.append(act(7)).await.expect("append").position, 7);
    assert_eq!(tx.append(act(8)).await.expect("append").position, 8);
    tx.commit().await.expect("commit");
    // A savepoint undoes an append: the next one finds the head where it was.
    let mut tx = db.store.begin().await.expect("begin");
    on_tx!(tx, c => sqlx::query("SAVEPOINT s").execute(&mut **c).await.map(|_| ()))
        .expect("savepoint");
    tx.append(act(9)).await.expect("append");
    on_tx!(tx, c => sqlx::query("ROLLBACK TO SAVEPOINT s").execute(&mut **c).await.map(|_| ()))
        .expect("rollback to savepoint");
    assert_eq!(tx.append(act(10)).await.expect("append").position, 9);
    tx.commit().await.expect("commit");
    // A transaction rolled back.
    let mut tx = db.store.begin().await.expect("begin");
    tx.append(act(11)).await.expect("append");
    tx.rollback().await.expect("rollback");
    assert_eq!(append_one(&db.store, 12).await, 10);
    assert_eq!(append_one(&other, 13).await, 11);
    // A savepoint undoes the transaction's only append and it commits. Another server appends
    // at that very position; this one's next append follows that server's entry, not the
    // undone one.
    let mut tx = db.store.begin().await.expect("begin");
    on_tx!(tx, c => sqlx::query("SAVEPOINT s").execute(&mut **c).await.map(|_| ()))
        .expect("savepoint");
    assert_eq!(tx.append(act(14)).await.expect("append").position, 12);
    on_tx!(tx, c => sqlx::query("ROLLBACK TO SAVEPOINT s").execute(&mut **c).await.map(|_| ()))
        .expect("rollback to savepoint");
    tx.commit().await.expect("commit");
    assert_eq!(append_one(&other, 15).await, 12);
    assert_eq!(append_one(&db.store, 16).await, 13);
    let report = db.store.verify().await.expect("verify");
    assert_eq!((report.entries, report.last_position), (13, 13));
    assert_eq!(other.verify().await.expect("verify").last_position, 13);
    other.close().await;
    db.cleanup().await;
}

/// `Tx::since`: the entries from a position on (that entry first), each with its hash and
/// kind, at most `limit` of them; with no position, the head alone; nothing from a position
/// past the head.
async fn since_reads_what_was_recorded(db: &TestDb) {
    let mut tx = db.store.begin().await.expect("begin");
    assert!(tx.since(None, 8).await.expect("since").is_empty());
    tx.rollback().await.expect("rollback");
    let mut hashes = Vec::new();
    for i in 1..=4 {
        let mut tx = db.store.begin().await.expect("begin");
        hashes.push(tx.append(act(i)).await.expect("append").hash);
        tx.commit().await.expect("commit");
    }
    let mut tx = db.store.begin().await.expect("begin");
    let got: Vec<(i64, String, String)> = tx
        .since(Some(2), 8)
        .await
        .expect("since")
        .into_iter()
        .map(|s| (s.position, s.hash, s.kind))
        .collect();
    let want: Vec<(i64, String, String)> = (2..=4)
        .map(|p| {
            (
                p,
                hashes[p as usize - 1].clone(),
                "test.appended".to_string(),
            )
        })
        .collect();
    assert_eq!(got, want);
    let positions = |rows: Vec<asamblea_store::Since>| -> Vec<i64> {
        rows.iter().map(|s| s.position).collect()
    };
    assert_eq!(positions(tx.since(Some(2), 1).await.expect("since")), [2]);
    assert_eq!(positions(tx.since(None, 8).await.expect("since")), [4]);
    assert!(tx.since(Some(5), 8).await.expect("since").is_empty());
    tx.rollback().await.expect("rollback");
}

/// An append after `Tx::since` takes the head and the hashes its leaf needs from that read
/// (when the head was still where the caller said): over positions whose leaves need none,
/// one or several stored hashes, after a read that found others' acts, after a read limited to
/// one entry, and twice in one transaction, the record stays whole.
async fn append_after_since_keeps_the_record(db: &TestDb) {
    let mut head: Option<i64> = None;
    for i in 1..=40 {
        let mut tx = db.store.begin().await.expect("begin");
        // Every fifth time the caller is one act behind (another writer's act came between).
        let asked = match head {
            Some(h) if i % 5 == 0 && h > 1 => Some(h - 1),
            other => other,
        };
        let limit = if i % 7 == 0 { 1 } else { 64 };
        if asked.is_some() {
            tx.since(asked, limit).await.expect("since");
        }
        let entry = tx.append(act(i)).await.expect("append");
        assert_eq!(entry.position, head.unwrap_or(0) + 1);
        if i % 3 == 0 {
            let second = tx.append(act(100 + i)).await.expect("second append");
            assert_eq!(second.position, entry.position + 1);
            head = Some(second.position);
        } else {
            head = Some(entry.position);
        }
        tx.commit().await.expect("commit");
    }
    let report = db.store.verify().await.expect("verify");
    let size = head.expect("appended");
    assert_eq!(report.last_position, size);
    // The hashes stored for the record's tree are right: every entry is proved included
    // under the root they make.
    let s = &db.store;
    let root = s.tree_root(size as u64).await.expect("root");
    for e in s.entries_after(0, 1000).await.expect("entries") {
        let proof = s
            .inclusion_proof(size as u64, e.position as u64)
            .await
            .expect("prove");
        let leaf = tlog_tiles::record_hash(&tree::leaf_data(&e).expect("leaf"));
        tlog_tiles::check_record(&proof, size as u64, root, e.position as u64 - 1, leaf)
            .expect("inclusion");
    }
}

#[tokio::test]
async fn sqlite_append_after_since_keeps_the_record() {
    let db = TestDb::sqlite().await;
    append_after_since_keeps_the_record(&db).await;
    db.cleanup().await;
}

#[tokio::test]
async fn postgres_append_after_since_keeps_the_record() {
    let db = TestDb::postgres().await;
    append_after_since_keeps_the_record(&db).await;
    db.cleanup().await;
}

#[tokio::test]
async fn sqlite_since_reads_what_was_recorded() {
    let db = TestDb::sqlite().await;
    since_reads_what_was_recorded(&db).await;
    db.cleanup().await;
}

#[tokio::test]
async fn postgres_since_reads_what_was_recorded() {
    let db = TestDb::postgres().await;
    since_reads_what_was_recorded(&db).await;
    db.cleanup().await;
}
