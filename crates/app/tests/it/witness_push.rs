//! What the server's pusher of checkpoints reads (issue 11, task A): only current witnesses with a
//! URL are targets, each with the size it last cosigned; a checkpoint whose new entries are only
//! cosignatures is not news (else each cosignature would call for the next one, for ever); the
//! outcome of a push is kept without an act.

use asamblea_app::Actor;
use asamblea_app::actions::witnesses::accept_cosignature::accept_cosignature;
use asamblea_app::actions::witnesses::add_witness::{NewWitness, add_witness};
use asamblea_app::actions::witnesses::remove_witness::remove_witness;
use asamblea_app::queries::witnesses::witnesses;
use asamblea_app::witness_push::{news_between, push_targets, record_push};
use asamblea_record::witness::{cosign, split_note, witness_vkey};
use asamblea_store::testing::TestDb;
use ed25519_dalek::SigningKey;

#[tokio::test]
async fn sqlite_only_news_is_pushed() {
    let db = TestDb::sqlite().await;
    let store = &db.store;
    let pusher = SigningKey::from_bytes(&[21u8; 32]);
    let puller = SigningKey::from_bytes(&[22u8; 32]);
    let add = |name: &str, key: &SigningKey, url: Option<&str>| NewWitness {
        vkey: witness_vkey(name, &key.verifying_key()),
        url: url.map(str::to_string),
    };
    add_witness(
        store,
        &Actor::System,
        &add("w.example/push", &pusher, Some("http://127.0.0.1:9/")),
    )
    .await
    .unwrap();
    add_witness(store, &Actor::System, &add("w.example/pull", &puller, None))
        .await
        .unwrap();
    let targets = push_targets(store).await.unwrap();
    assert_eq!(targets.len(), 1, "only the witness with a URL: {targets:?}");
    assert_eq!(
        (targets[0].url.as_str(), targets[0].cosigned),
        ("http://127.0.0.1:9", 0)
    );

    // The witness cosigns the checkpoint of every act so far: an act of its own follows.
    let cp = store.checkpoint().await.unwrap().unwrap();
    let size = cp.position;
    let note = store.latest_note().await.unwrap().unwrap().note;
    let (body, _) = split_note(&note).unwrap();
    let line = cosign(&pusher, "w.example/push", body.as_bytes(), 1_800_000_000);
    accept_cosignature(store, &format!("{note}{line}"))
        .await
        .unwrap();
    let head = store.head().await.unwrap().unwrap().0;
    assert_eq!(head, size + 1);
    assert_eq!(push_targets(store).await.unwrap()[0].cosigned, size);
    assert!(
        !news_between(store, size, head).await.unwrap(),
        "a cosignature alone is not news"
    );
    assert!(news_between(store, 0, head).await.unwrap());

    // The push's outcome is kept, without an act; the list shows it.
    record_push(store, "w.example/push", head, Some("unreachable: down"))
        .await
        .unwrap();
    assert_eq!(store.head().await.unwrap().unwrap().0, head, "no act");
    let listed = witnesses(store).await.unwrap();
    let w = listed.iter().find(|w| w.name == "w.example/push").unwrap();
    assert_eq!(
        (w.cosigned_size, w.pushed_size, w.push_error.as_deref()),
        (Some(size), Some(head), Some("unreachable: down"))
    );

    // Anything else is news; a removed witness is no target.
    remove_witness(store, &Actor::System, "w.example/pull")
        .await
        .unwrap();
    let head2 = store.head().await.unwrap().unwrap().0;
    assert!(news_between(store, size, head2).await.unwrap());
    remove_witness(store, &Actor::System, "w.example/push")
        .await
        .unwrap();
    assert!(push_targets(store).await.unwrap().is_empty());
    db.cleanup().await;
}
