//! Input that does not fit a handler's types is refused through the one error path: the API
//! answers `{"error": …, "field": …}` JSON (a body that is not UTF-8 with its line and byte),
//! pages answer a page in the user's language. Never axum's plain-text English rejection.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::{self, CSRF, TestServer};

async fn api_json(r: reqwest::RequestBuilder) -> (StatusCode, String, Value) {
    let r = r.send().await.unwrap();
    let status = r.status();
    let ct = r
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    (status, ct, r.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn bad_input_is_refused_as_json_on_the_api_and_as_a_page_elsewhere() {
    let db = common::sqlite().await;
    let s = TestServer::start(db.store.clone()).await;
    let admin = s.admin_token(&db).await;
    let http = &s.client;

    // A field of the wrong type: 422 naming the field.
    let (st, ct, v) = api_json(
        http.post(s.at("/api/v1/organizations"))
            .bearer_auth(&admin)
            .json(
                &json!({"name": "Mineros", "short_name": "FSTMB", "kind": "federation",
                          "sector": "labour", "membership": "many"}),
            ),
    )
    .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(ct.starts_with("application/json"), "{ct}");
    assert_eq!(v["error"], "error-input-field", "{v}");
    assert_eq!(v["field"], "membership", "{v}");
    assert!(v["message"].as_str().unwrap().contains("membership"), "{v}");

    // Malformed JSON: 400 with where it broke.
    let (st, _, v) = api_json(
        http.post(s.at("/api/v1/organizations"))
            .bearer_auth(&admin)
            .header("content-type", "application/json")
            .body("{\n \"name\": "),
    )
    .await;
    assert_eq!(st, StatusCode::BAD_REQUEST, "{v}");
    assert_eq!(v["error"], "error-input-json", "{v}");
    assert_eq!(v["line"], 2, "{v}");

    // Not JSON at all: 415 as JSON.
    let (st, _, v) = api_json(
        http.post(s.at("/api/v1/organizations"))
            .bearer_auth(&admin)
            .body("name=x"),
    )
    .await;
    assert_eq!(st, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{v}");
    assert_eq!(v["error"], "error-input-json-type", "{v}");

    // A path parameter that is not an id: 404 JSON naming it.
    let (st, _, v) = api_json(http.get(s.at("/api/v1/organizations/abc"))).await;
    assert_eq!(st, StatusCode::NOT_FOUND, "{v}");
    assert_eq!(v["error"], "error-not-found", "{v}");
    assert_eq!(v["field"], "id", "{v}");

    // A query parameter of the wrong type.
    let (st, _, v) = api_json(
        http.post(s.at("/api/v1/organizations/import?dry_run=maybe"))
            .bearer_auth(&admin)
            .header("content-type", "text/csv")
            .body("short_name\n"),
    )
    .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(v["field"], "dry_run", "{v}");

    // A Latin-1 file: 400 with the line and the byte.
    let latin1: &[u8] = b"short_name,name\nFSTMB,Jos\xe9 P\xe9rez\n";
    let (st, _, v) = api_json(
        http.post(s.at("/api/v1/organizations/import"))
            .bearer_auth(&admin)
            .header("content-type", "text/csv")
            .body(latin1.to_vec()),
    )
    .await;
    assert_eq!(st, StatusCode::BAD_REQUEST, "{v}");
    assert_eq!(v["error"], "error-input-not-utf8", "{v}");
    assert_eq!(
        (v["line"].as_u64(), v["byte"].as_u64()),
        (Some(2), Some(10)),
        "{v}"
    );
    assert!(v["message"].as_str().unwrap().contains("line 2"), "{v}");

    // Pages: a form value of the wrong type gives a page in Spanish.
    let r = http
        .post(s.at("/assemblies/asamblea-popular-1971/roles"))
        .bearer_auth(&admin)
        .header("accept-language", "es")
        .header("cookie", format!("csrf={CSRF}"))
        .form(&[
            ("csrf", CSRF),
            ("account_id", "abc"),
            ("role", "commission"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let ct = r.headers()["content-type"].to_str().unwrap().to_string();
    let html = r.text().await.unwrap();
    assert!(ct.starts_with("text/html"), "{ct}");
    assert!(html.contains("Revise los datos del formulario."), "{html}");
    assert!(!html.contains("Failed to deserialize"), "{html}");

    // A page path that is not an id: the Spanish not-found page.
    let r = http
        .get(s.at("/organizations/abc"))
        .header("accept-language", "es")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let html = r.text().await.unwrap();
    assert!(html.contains("No encontramos lo que busca."), "{html}");

    s.stop().await;
    db.cleanup().await;
}
