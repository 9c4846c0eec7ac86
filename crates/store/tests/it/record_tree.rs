//! The record as a Merkle tree: stored hashes appended with each act, roots, proofs and
//! checkpoint notes (issue 11, the record, point 2).

use asamblea_store::record::tree;
use asamblea_store::testing::TestDb;
use asamblea_store::{NewAct, Store, on_tx};
use serde_json::json;

fn act(i: i64) -> NewAct {
    NewAct {
        actor: None,
        kind: "test.appended".into(),
        scope: "instance".into(),
        payload: json!({"i": i}),
    }
}

async fn append(store: &Store, n: i64) {
    for i in 0..n {
        let mut tx = store.begin().await.expect("begin");
        tx.append(act(i)).await.expect("append");
        tx.commit().await.expect("commit");
    }
}

async fn tree_proofs_and_notes(db: &TestDb) {
    let s = &db.store;
    append(s, 7).await;
    s.checkpoint().await.expect("checkpoint").expect("some");
    append(s, 6).await;
    s.checkpoint().await.expect("checkpoint").expect("some");
    let vkey = s.verifier_key();
    let notes = s.all_checkpoints().await.expect("all");
    assert_eq!(notes.len(), 2);
    let old = tree::open_note(&notes[0].1, &vkey).expect("first note");
    let new = tree::open_note(&notes[1].1, &vkey).expect("second note");
    assert_eq!((old.size, new.size), (7, 13));
    assert_eq!(new.root, s.tree_root(13).await.expect("root"));
    // Inclusion of every entry, against the signed root.
    let entries = s.entries_after(0, 100).await.expect("entries");
    for e in &entries {
        let proof = s
            .inclusion_proof(13, e.position as u64)
            .await
            .expect("prove");
        let leaf = tlog_tiles::record_hash(&tree::leaf_data(e).expect("leaf"));
        tlog_tiles::check_record(&proof, 13, new.root, e.position as u64 - 1, leaf)
            .expect("inclusion");
    }
    // Consistency of the two checkpoints.
    let proof = s.consistency_proof(13, 7).await.expect("prove tree");
    tlog_tiles::check_tree(&proof, 13, new.root, 7, old.root).expect("consistent");
    assert!(tlog_tiles::check_tree(&proof, 13, new.root, 7, new.root).is_err());

    // A database whose tree lags (written before the tree existed) is caught up at open.
    let mut tx = s.begin().await.expect("begin");
    on_tx!(tx, conn => sqlx::query("DELETE FROM record_tree WHERE idx >= 5")
        .execute(&mut **conn).await.map(|_| ()))
    .expect("delete");
    tx.commit().await.expect("commit");
    let again = db.open_again().await;
    assert_eq!(again.tree_root(13).await.expect("root"), new.root);
    again.close().await;
}

#[tokio::test]
async fn sqlite_tree_proofs_and_notes() {
    let db = TestDb::sqlite().await;
    tree_proofs_and_notes(&db).await;
    db.cleanup().await;
}

#[tokio::test]
async fn postgres_tree_proofs_and_notes() {
    let db = TestDb::postgres().await;
    tree_proofs_and_notes(&db).await;
    db.cleanup().await;
}

/// Acts appended by two stores on one database (two servers) in turn, some transactions with
/// several acts: each store guesses the head is where it last left it and reads the hashes the
/// next leaf needs with the head (`Tx::append`), a guess wrong at every turn here. The stored
/// tree is still the tree of the entries: its root equals the root computed from the entries
/// alone, and every entry's inclusion proof checks.
async fn the_tree_holds_when_servers_take_turns(db: &TestDb) {
    let (a, b) = (db.store.clone(), db.open_again().await);
    let mut i = 0;
    for round in 0..12_usize {
        let s = if round % 2 == 0 { &a } else { &b };
        let mut tx = s.begin().await.expect("begin");
        for _ in 0..=(round % 3) {
            i += 1;
            tx.append(act(i)).await.expect("append");
        }
        if round == 7 {
            // Rolled back: its acts leave no trace, nor does its guess.
            drop(tx);
        } else {
            tx.commit().await.expect("commit");
        }
    }
    let entries = a.entries_after(0, 100).await.expect("entries");
    let size = entries.len() as u64;
    assert_eq!(
        size,
        (0..12).filter(|r| *r != 7).map(|r| r % 3 + 1).sum::<u64>()
    );
    // The tree computed from the entries alone, no stored hash read.
    let mut computed = std::collections::HashMap::new();
    for e in &entries {
        let leaf = tree::leaf_data(e).expect("leaf");
        computed.extend(
            tree::stored_hashes_for(e.position as u64 - 1, &leaf, &computed).expect("hashes"),
        );
    }
    let root = tlog_tiles::tree_hash(size, &tree::TreeReader::over(&computed)).expect("root");
    for s in [&a, &b] {
        assert_eq!(s.tree_root(size).await.expect("stored root"), root);
    }
    for e in &entries {
        let proof = b
            .inclusion_proof(size, e.position as u64)
            .await
            .expect("prove");
        let leaf = tlog_tiles::record_hash(&tree::leaf_data(e).expect("leaf"));
        tlog_tiles::check_record(&proof, size, root, e.position as u64 - 1, leaf)
            .expect("inclusion");
    }
    b.close().await;
}

#[tokio::test]
async fn sqlite_the_tree_holds_when_servers_take_turns() {
    let db = TestDb::sqlite().await;
    the_tree_holds_when_servers_take_turns(&db).await;
    db.cleanup().await;
}

#[tokio::test]
async fn postgres_the_tree_holds_when_servers_take_turns() {
    let db = TestDb::postgres().await;
    the_tree_holds_when_servers_take_turns(&db).await;
    db.cleanup().await;
}
