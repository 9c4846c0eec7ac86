//! Test support: a real server on loopback over a fresh database (SQLite file or PostgreSQL).

#![allow(dead_code)]

pub mod hall;

use std::net::SocketAddr;

use asamblea_app::actions::accounts::ensure_setup_token::ensure_setup_token;
use asamblea_store::Store;
use asamblea_store::testing::TestDb;
use asamblea_web::AppState;
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use tokio::sync::oneshot;

/// A form token for tests: sent both as the `csrf` cookie and as the form's `csrf` field.
pub const CSRF: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

/// The set-up body that creates the first administrator `admin` (password `a long password`).
pub fn setup_body(token: &str) -> Value {
    json!({"token": token, "username": "admin", "display_name": "Admin", "password": "a long password"})
}

/// POSTs `body` as JSON to `url` with `client`, as `token` if any; the status and the JSON
/// answer (`Null` when the answer is not JSON).
pub async fn post_json_with(
    client: &Client,
    url: &str,
    token: Option<&str>,
    body: &Value,
) -> (StatusCode, Value) {
    let mut r = client.post(url).json(body);
    if let Some(t) = token {
        r = r.bearer_auth(t);
    }
    let r = r.send().await.unwrap();
    let status = r.status();
    (status, r.json().await.unwrap_or(Value::Null))
}

pub struct TestServer {
    pub url: String,
    pub client: reqwest::Client,
    stop: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl TestServer {
    /// Serves `store` on 127.0.0.1 with an OS-chosen port.
    pub async fn start(store: Store) -> TestServer {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr: SocketAddr = listener.local_addr().expect("addr");
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let shutdown = async move {
                let _ = stopped.await;
            };
            asamblea_web::serve(listener, AppState::new(store), shutdown)
                .await
                .expect("serve");
        });
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .expect("client");
        TestServer {
            url: format!("http://{addr}"),
            client,
            stop: Some(stop),
            task: Some(task),
        }
    }

    pub fn at(&self, path: &str) -> String {
        format!("{}{}", self.url, path)
    }

    /// POSTs JSON with the server's client; the status and the JSON answer.
    pub async fn post_json(
        &self,
        token: Option<&str>,
        path: &str,
        body: Value,
    ) -> (StatusCode, Value) {
        post_json_with(&self.client, &self.at(path), token, &body).await
    }

    /// GETs a page with the server's client (and its cookies); the body as text.
    pub async fn text(&self, path: &str) -> String {
        self.client
            .get(self.at(path))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }

    /// GETs a page as `token`; the body as text.
    pub async fn text_as(&self, token: &str, path: &str) -> String {
        let r = self.client.get(self.at(path)).bearer_auth(token);
        r.send().await.unwrap().text().await.unwrap()
    }

    /// GETs with the server's client; the status and the JSON answer.
    pub async fn get_json(&self, token: Option<&str>, path: &str) -> (StatusCode, Value) {
        let mut r = self.client.get(self.at(path));
        if let Some(t) = token {
            r = r.bearer_auth(t);
        }
        let r = r.send().await.unwrap();
        let status = r.status();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    /// Creates the first administrator with the database's set-up token; its session token.
    pub async fn admin_token(&self, db: &TestDb) -> String {
        let setup = ensure_setup_token(&db.store).await.unwrap().unwrap();
        let (_, r) = self
            .post_json(None, "/api/v1/setup", setup_body(&setup))
            .await;
        r["token"].as_str().unwrap().to_string()
    }

    /// Creates an account (as the administrator `admin`) and logs it in with its card;
    /// returns (account id, token).
    pub async fn account(
        &self,
        admin: &str,
        username: &str,
        role: &str,
        org: Option<i64>,
    ) -> (i64, String) {
        let (_, created) = self
            .post_json(
                Some(admin),
                "/api/v1/accounts",
                json!({"username": username, "display_name": username, "role": role, "organization_id": org}),
            )
            .await;
        let (_, session) = self
            .post_json(
                None,
                "/api/v1/session",
                json!({"card_code": created["card_code"]}),
            )
            .await;
        (
            created["id"].as_i64().unwrap(),
            session["token"].as_str().unwrap().to_string(),
        )
    }

    pub async fn stop(mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        if let Some(t) = self.task.take() {
            let _ = tokio::time::timeout(std::time::Duration::from_secs(5), t).await;
        }
    }
}

/// A fresh SQLite database.
pub async fn sqlite() -> TestDb {
    TestDb::sqlite().await
}

/// A fresh PostgreSQL database; fails the test when `ASAMBLEA_TEST_POSTGRES` is unset (see
/// `asamblea_store::testing`).
pub async fn postgres() -> TestDb {
    TestDb::postgres().await
}

/// On PostgreSQL, whether the rows `query` selects (one text column, with `$1` bound to `id`)
/// lie in the table's heap in key order: `query` orders by `ctid` (the physical order), and
/// the answer is compared with the same rows sorted. Always true on SQLite, whose secret tables
/// are `WITHOUT ROWID` (stored in key order).
#[allow(dead_code)]
pub async fn heap_in_key_order(db: &TestDb, query: &str, id: i64) -> bool {
    if !matches!(db.store.backend(), asamblea_store::Backend::Postgres) {
        return true;
    }
    let rows: Vec<String> = asamblea_store::on_read!(db.store, pool =>
        asamblea_store::sqlx::query_scalar(query).bind(id).fetch_all(pool).await)
    .expect("rows in heap order");
    let mut sorted = rows.clone();
    sorted.sort();
    rows.len() > 1 && rows == sorted
}
