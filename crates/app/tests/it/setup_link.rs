//! Every server of one database prints the same valid one-time set-up link until an
//! administrator exists (a second server starting used to void the first one's link).

use asamblea_app::actions::accounts::create_first_admin::{NewAdmin, create_first_admin};
use asamblea_app::actions::accounts::ensure_setup_token::{ensure_setup_token, setup_token_valid};
use asamblea_store::testing::TestDb;

async fn same_link_from_every_server(db: TestDb) {
    let first = ensure_setup_token(&db.store).await.unwrap().unwrap();
    // A second server on the same database (same key file), started later.
    let second_server = db.open_again().await;
    let second = ensure_setup_token(&second_server).await.unwrap().unwrap();
    assert_eq!(first, second, "both servers print the same link");
    // The first server restarting prints it again, and it still opens.
    assert_eq!(ensure_setup_token(&db.store).await.unwrap().unwrap(), first);
    assert!(setup_token_valid(&db.store, &first).await.unwrap());
    assert!(setup_token_valid(&second_server, &first).await.unwrap());
    assert!(!setup_token_valid(&db.store, &"0".repeat(64)).await.unwrap());

    let admin = NewAdmin {
        username: "admin".into(),
        display_name: "Admin".into(),
        password: "a long password".into(),
    };
    create_first_admin(&second_server, &first, admin)
        .await
        .unwrap();
    assert_eq!(ensure_setup_token(&db.store).await.unwrap(), None);
    assert!(
        !setup_token_valid(&db.store, &first).await.unwrap(),
        "used once"
    );
    second_server.close().await;
    db.cleanup().await;
}

#[tokio::test]
async fn sqlite_same_link_from_every_server() {
    same_link_from_every_server(TestDb::sqlite().await).await;
}

#[tokio::test]
async fn postgres_same_link_from_every_server() {
    same_link_from_every_server(TestDb::postgres().await).await;
}
