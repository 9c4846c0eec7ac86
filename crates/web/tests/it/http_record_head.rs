//! `GET /api/v1/record/head` reads: it writes no checkpoint, and shows the latest one the server
//! signed; `serve` signs the head soon after it moves.

use std::net::SocketAddr;
use std::time::Duration;

use crate::common;
use crate::common::TestServer;
use asamblea_app::actions::accounts::create_account::{NewAccount, create_account};
use asamblea_app::actions::accounts::ensure_setup_token::ensure_setup_token;
use asamblea_app::{Actor, Role};
use asamblea_record::{Checkpoint, verify_checkpoint};
use asamblea_store::testing::TestDb;
use asamblea_store::{Store, on_read};
use asamblea_web::AppState;
use serde_json::Value;

async fn checkpoint_rows(store: &Store) -> i64 {
    on_read!(store, pool => asamblea_store::sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM checkpoints").fetch_one(pool).await)
    .unwrap()
}

/// An act on the record (an account made by the system).
async fn act(store: &Store, username: &str) {
    let input = NewAccount {
        username: username.into(),
        display_name: username.into(),
        role: Role::Delegate,
        organization_id: None,
    };
    create_account(store, &Actor::System, input).await.unwrap();
}

/// The router alone on loopback, without the checkpoints `serve` signs: only requests write.
async fn router_only(store: Store) -> (String, tokio::task::JoinHandle<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let app = asamblea_web::router(AppState::new(store))
        .into_make_service_with_connect_info::<SocketAddr>();
    let task = tokio::spawn(async move {
        axum::serve(listener, app).await.unwrap();
    });
    (url, task)
}

async fn get_head(url: &str) -> Value {
    reqwest::get(format!("{url}/api/v1/record/head"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn head_writes_nothing(db: TestDb) {
    let store = db.store.clone();
    let (url, task) = router_only(store.clone()).await;
    assert_eq!(get_head(&url).await, Value::Null);
    act(&store, "juana.mamani").await;

    // A record without a checkpoint: the head, no checkpoint, and none written.
    let head = get_head(&url).await;
    assert_eq!(head["position"], 1);
    assert!(head["checkpoint"].is_null(), "{head}");
    assert_eq!(checkpoint_rows(&store).await, 0);

    // Once the server has signed a head, readers get that checkpoint, even after the head moved.
    store.checkpoint().await.unwrap().unwrap();
    act(&store, "pedro.quispe").await;
    for _ in 0..3 {
        let head = get_head(&url).await;
        assert_eq!(head["position"], 2);
        assert_eq!(head["checkpoint"]["position"], 1);
        let cp: Checkpoint = serde_json::from_value(head["checkpoint"].clone()).unwrap();
        verify_checkpoint(&cp).unwrap();
        assert_eq!(cp.public_key, store.public_key_hex());
    }
    assert_eq!(checkpoint_rows(&store).await, 1);
    task.abort();
    db.cleanup().await;
}

#[tokio::test]
async fn sqlite_head_writes_nothing() {
    head_writes_nothing(common::sqlite().await).await;
}

#[tokio::test]
async fn postgres_head_writes_nothing() {
    let db = common::postgres().await;
    head_writes_nothing(db).await;
}

async fn served_heads_get_signed(db: TestDb) {
    let server = TestServer::start(db.store.clone()).await;
    let setup = ensure_setup_token(&db.store).await.unwrap().unwrap();
    let (status, _) = server
        .post_json(None, "/api/v1/setup", common::setup_body(&setup))
        .await;
    assert_eq!(status, 200);
    // The first act after a quiet spell is signed at once (well within a second).
    let mut head = Value::Null;
    for _ in 0..250 {
        head = get_head(&server.url).await;
        if head["checkpoint"]["position"] == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(head["checkpoint"]["position"], 1, "{head}");
    let cp: Checkpoint = serde_json::from_value(head["checkpoint"].clone()).unwrap();
    verify_checkpoint(&cp).unwrap();
    server.stop().await;
    db.cleanup().await;
}

#[tokio::test]
async fn sqlite_served_heads_get_signed() {
    served_heads_get_signed(common::sqlite().await).await;
}

#[tokio::test]
async fn postgres_served_heads_get_signed() {
    let db = common::postgres().await;
    served_heads_get_signed(db).await;
}
