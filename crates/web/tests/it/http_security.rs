//! Fixes from the attack on the product (issue 11) and the one mapping of errors (issue 9): local
//! redirects only, API writes by cookie need the form token, error pages in the user's language.

use crate::common;
use crate::common::{CSRF, TestServer};
use reqwest::StatusCode;
use serde_json::json;

/// A client that follows no redirect and keeps no cookies (each request says its own).
fn bare_client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

#[tokio::test]
async fn sqlite_language_switch_redirects_only_to_local_paths() {
    let db = common::sqlite().await;
    let server = TestServer::start(db.store.clone()).await;
    let c = bare_client();
    for (back, expected) in [
        ("/%5Cevil.example", "/"),
        ("/%09/evil.example", "/"),
        ("//evil.example", "/"),
        ("https://evil.example/", "/"),
        ("/%0A/evil.example", "/"),
        ("/record", "/record"),
    ] {
        let r = c
            .get(server.at(&format!("/lang/en?back={back}")))
            .send()
            .await
            .unwrap();
        assert!(r.status().is_redirection(), "{back}: {}", r.status());
        assert_eq!(
            r.headers()["location"].to_str().unwrap(),
            expected,
            "back={back}"
        );
    }
    server.stop().await;
}

#[tokio::test]
async fn sqlite_api_writes_by_cookie_need_the_form_token() {
    let db = common::sqlite().await;
    let server = TestServer::start(db.store.clone()).await;
    let admin = server.admin_token(&db).await;
    let c = bare_client();
    let body = json!({"key": "labour", "name": "Obreros", "colour": "#b71c1c"});
    // The session cookie alone (as a browser on another site could make it travel, with a
    // text/plain body and no Origin): refused.
    let r = c
        .post(server.at("/api/v1/sectors"))
        .header("cookie", format!("asamblea_session={admin}; csrf={CSRF}"))
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let v: serde_json::Value = r.json().await.unwrap();
    assert_eq!(v["error"], "error-csrf");
    // A wrong token: refused.
    let r = c
        .post(server.at("/api/v1/sectors"))
        .header("cookie", format!("asamblea_session={admin}; csrf={CSRF}"))
        .header("x-csrf-token", "0".repeat(64))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // The cookie's token in the header: accepted.
    let r = c
        .post(server.at("/api/v1/sectors"))
        .header("cookie", format!("asamblea_session={admin}; csrf={CSRF}"))
        .header("x-csrf-token", CSRF)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    // A Bearer token needs no form token.
    let (s, _) = server
        .post_json(
            Some(&admin),
            "/api/v1/sectors",
            json!({"key": "peasants", "name": "Campesinos", "colour": "#2e7d32"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    server.stop().await;
}

#[tokio::test]
async fn sqlite_error_pages_speak_the_users_language() {
    let db = common::sqlite().await;
    let server = TestServer::start(db.store.clone()).await;
    let c = bare_client();
    let es = c
        .get(server.at("/elections/999999"))
        .header("cookie", "lang=es")
        .send()
        .await
        .unwrap();
    assert_eq!(es.status(), StatusCode::NOT_FOUND);
    assert!(
        es.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let es = es.text().await.unwrap();
    let en = c
        .get(server.at("/elections/999999"))
        .header("cookie", "lang=en")
        .send()
        .await
        .unwrap();
    assert_eq!(en.status(), StatusCode::NOT_FOUND);
    let en = en.text().await.unwrap();
    assert!(en.contains("<html"), "{en}");
    assert_ne!(es, en, "the same page in both languages");
    assert!(en.contains("lang=\"en\""), "{en}");
    assert!(es.contains("lang=\"es\""), "{es}");
    server.stop().await;
}
