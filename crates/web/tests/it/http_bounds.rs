//! Bounds (issue 11, defect 8): a membership count (which feeds the apportionment) is bounded,
//! and names refuse NUL bytes and other control characters, each with a clear message.

use reqwest::StatusCode;
use serde_json::json;

use crate::common::{self, TestServer};
use asamblea_store::testing::TestDb;

async fn numbers_and_names_are_bounded(db: TestDb) {
    let s = TestServer::start(db.store.clone()).await;
    let admin = s.admin_token(&db).await;
    let (st, _) = s
        .post_json(
            Some(&admin),
            "/api/v1/sectors",
            json!({"key": "labour", "name": "Trabajadores", "colour": "#b71c1c"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED);
    let org = |name: &str, membership: i64| {
        json!({"name": name, "short_name": "FSTMB", "kind": "federation", "sector": "labour",
               "membership": membership})
    };
    for (body, key) in [
        (org("Mineros", i64::MAX), "error-registry-membership"),
        (org("Mineros", 100_000_001), "error-registry-membership"),
        (org("Mine\u{0}ros", 100), "error-text-control"),
        (org("Mineros\u{1b}[2J", 100), "error-text-control"),
    ] {
        let (st, v) = s
            .post_json(Some(&admin), "/api/v1/organizations", body)
            .await;
        assert_eq!(
            (st, v["error"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some(key)),
            "{v}"
        );
        assert!(v["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    let (st, v) = s
        .post_json(
            Some(&admin),
            "/api/v1/organizations",
            org("Mineros", 100_000_000),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let (st, v) = s
        .post_json(
            Some(&admin),
            "/api/v1/accounts",
            json!({"username": "nul.name", "display_name": "Juana\u{0}", "role": "delegate"}),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    s.stop().await;
    db.cleanup().await;
}

#[tokio::test]
async fn sqlite_numbers_and_names_are_bounded() {
    numbers_and_names_are_bounded(common::sqlite().await).await;
}

#[tokio::test]
async fn postgres_numbers_and_names_are_bounded() {
    numbers_and_names_are_bounded(common::postgres().await).await;
}
