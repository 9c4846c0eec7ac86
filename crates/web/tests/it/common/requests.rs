//! Requests as the tests make them: JSON and pages as an anonymous visitor or with a token,
//! forms with the test's CSRF token, the whole record.

use reqwest::{Client, Method, StatusCode};
use serde_json::Value;

use super::{CSRF, TestServer};

/// POSTs JSON as `token`; the status and the JSON answer (`Null` when it is not JSON).
pub async fn post(s: &TestServer, token: &str, path: &str, body: Value) -> (StatusCode, Value) {
    s.post_json(Some(token), path, body).await
}

/// GETs JSON anonymously; fails the test unless the answer is 200.
pub async fn get(s: &TestServer, path: &str) -> Value {
    let (status, v) = s.get_json(None, path).await;
    assert_eq!(status, StatusCode::OK, "GET {path}: {v}");
    v
}

/// GETs a page with the server's client; fails the test unless the answer is 200.
pub async fn page(s: &TestServer, path: &str) -> String {
    let r = s.client.get(s.at(path)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK, "GET {path}");
    r.text().await.unwrap()
}

/// The whole public record, page by page.
pub async fn whole_record(s: &TestServer) -> Vec<Value> {
    let mut all: Vec<Value> = Vec::new();
    loop {
        let after = all
            .last()
            .map(|e| e["position"].as_i64().unwrap())
            .unwrap_or(0);
        let page: Vec<Value> = serde_json::from_value(
            get(s, &format!("/api/v1/record?after={after}&limit=1000")).await,
        )
        .unwrap();
        if page.is_empty() {
            return all;
        }
        all.extend(page);
    }
}

/// The form token a page carries (its hidden `csrf` field).
pub fn csrf_of(html: &str) -> String {
    html.split("name=\"csrf\" value=\"")
        .nth(1)
        .expect("a form with a csrf field")
        .split('"')
        .next()
        .unwrap()
        .to_string()
}

/// A request's body.
pub enum Body {
    None,
    Json(Value),
    /// Form fields; [`request`] adds the `csrf` field and cookie.
    Form(Vec<(&'static str, String)>),
}

/// Sends `method url` as `token` with `body` (a form gets the test's CSRF token as cookie and
/// field); the status, the `location` header and the body as text (empty for an event stream,
/// which never ends).
pub async fn request(
    http: &Client,
    url: &str,
    method: &str,
    token: Option<&str>,
    body: &Body,
) -> (u16, String, String) {
    let m = Method::from_bytes(method.as_bytes()).expect("method");
    let mut r = http.request(m, url);
    if let Some(t) = token {
        r = r.bearer_auth(t);
    }
    r = match body {
        Body::None => r,
        Body::Json(v) => r.json(v),
        Body::Form(fields) => {
            let mut all: Vec<(&str, String)> = vec![("csrf", CSRF.to_string())];
            all.extend(fields.iter().cloned());
            r.header("cookie", format!("csrf={CSRF}")).form(&all)
        }
    };
    let resp = r
        .send()
        .await
        .unwrap_or_else(|e| panic!("{method} {url}: {e}"));
    let status = resp.status().as_u16();
    let location = resp
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let is_stream = resp
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|c| c.starts_with("text/event-stream"));
    let text = if is_stream {
        String::new()
    } else {
        resp.text().await.unwrap_or_default()
    };
    (status, location, text)
}

/// POSTs a form (with the test's CSRF token) as `token`; the status and the page.
pub async fn form(
    http: &Client,
    url: &str,
    token: &str,
    fields: &[(&'static str, &str)],
) -> (u16, String) {
    let fields = fields.iter().map(|(k, v)| (*k, v.to_string())).collect();
    let (status, _, text) = request(http, url, "POST", Some(token), &Body::Form(fields)).await;
    (status, text)
}
