//! A database outage (issue 11, defect 7): logged-in calls answer 503 "unavailable", not 401 "not
//! logged in" (which would send people to the login page and drop their session in clients).

use reqwest::StatusCode;

use crate::common::{self, TestServer};
use asamblea_store::testing::TestDb;

async fn logged_in_calls_get_503_while_the_database_is_down(db: TestDb) {
    let s = TestServer::start(db.store.clone()).await;
    let admin = s.admin_token(&db).await;
    assert_eq!(
        s.get_json(Some(&admin), "/api/v1/me").await.0,
        StatusCode::OK
    );
    // A login not used yet, so not remembered in memory (`session_cache.rs`): its lookup needs
    // the database. (One just used may still be answered from memory for a few seconds.)
    let (_, fresh) = s
        .account_named(&admin, "otra", "Otra", "secretary", None)
        .await;
    db.store.close().await;
    let admin = fresh;
    let (st, v) = s.get_json(Some(&admin), "/api/v1/me").await;
    assert_eq!(
        (st, v["error"].as_str()),
        (StatusCode::SERVICE_UNAVAILABLE, Some("error-unavailable"))
    );
    let r = s
        .client
        .get(s.at("/account"))
        .header("cookie", format!("asamblea_session={admin}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    // Without a session, nothing to look up: the public is not refused for it.
    let (st, _) = s.get_json(None, "/api/v1/me").await;
    assert_eq!(st, StatusCode::UNAUTHORIZED);
    s.stop().await;
    db.cleanup().await;
}

#[tokio::test]
async fn sqlite_logged_in_calls_get_503_while_the_database_is_down() {
    logged_in_calls_get_503_while_the_database_is_down(common::sqlite().await).await;
}

#[tokio::test]
async fn postgres_logged_in_calls_get_503_while_the_database_is_down() {
    logged_in_calls_get_503_while_the_database_is_down(common::postgres().await).await;
}
