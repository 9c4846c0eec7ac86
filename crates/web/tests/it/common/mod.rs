//! Test support: a real server on loopback over a fresh database (SQLite file or PostgreSQL),
//! requests as the tests make them, and the set-ups that several tests share (`delegation`,
//! `hall`, `registry`, `sitting`).

#![allow(dead_code)]

pub mod delegation;
pub mod hall;
pub mod registry;
mod requests;
pub mod sitting;

pub use requests::*;

use std::net::SocketAddr;

use asamblea_app::actions::accounts::ensure_setup_token::ensure_setup_token;
use asamblea_store::Store;
use asamblea_store::on_tx;
use asamblea_store::testing::TestDb;
use asamblea_web::AppState;
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use tokio::sync::oneshot;

/// A form token for tests: sent both as the `csrf` cookie and as the form's `csrf` field.
pub const CSRF: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

/// The demo assembly (the People's Assembly of Bolivia, 1971).
pub const SLUG: &str = "asamblea-popular-1971";

/// Declares the two tests of a scenario: `$sqlite` runs `$body` on a fresh SQLite database,
/// `$postgres` on a fresh PostgreSQL one (skipped unless asked for, see
/// `asamblea_store::testing`); each drops its database afterwards.
macro_rules! on_both_backends {
    ($body:ident => $sqlite:ident, $postgres:ident) => {
        #[tokio::test]
        async fn $sqlite() {
            let db = $crate::common::sqlite().await;
            $body(&db).await;
            db.cleanup().await;
        }

        #[tokio::test]
        async fn $postgres() {
            let db = $crate::common::postgres().await;
            $body(&db).await;
            db.cleanup().await;
        }
    };
}
pub(crate) use on_both_backends;

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
        Self::start_state(AppState::new(store)).await
    }

    /// Serves `state` (a server made by the test) on 127.0.0.1 with an OS-chosen port.
    pub async fn start_state(state: AppState) -> TestServer {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr: SocketAddr = listener.local_addr().expect("addr");
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let shutdown = async move {
                let _ = stopped.await;
            };
            asamblea_web::serve(listener, state, shutdown)
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
        self.account_named(admin, username, username, role, org)
            .await
    }

    /// [`TestServer::account`] with a display name of its own.
    pub async fn account_named(
        &self,
        admin: &str,
        username: &str,
        display_name: &str,
        role: &str,
        org: Option<i64>,
    ) -> (i64, String) {
        let (status, created) = self
            .post_json(
                Some(admin),
                "/api/v1/accounts",
                json!({"username": username, "display_name": display_name, "role": role, "organization_id": org}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
        let token = self
            .login(created["card_code"].as_str().expect("a card code"))
            .await;
        (created["id"].as_i64().unwrap(), token)
    }

    /// Logs in with a card's code; the session token.
    pub async fn login(&self, card_code: &str) -> String {
        let (status, v) = self
            .post_json(None, "/api/v1/session", json!({"card_code": card_code}))
            .await;
        assert_eq!(status, StatusCode::OK, "login: {v}");
        v["token"].as_str().unwrap().to_string()
    }

    pub async fn stop(mut self) {
        self.halt().await;
    }

    /// Stops serving and waits for the server to end; the `TestServer` stays (a restart
    /// assigns a new one in its place).
    pub async fn halt(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        if let Some(t) = self.task.take() {
            let _ = tokio::time::timeout(std::time::Duration::from_secs(5), t).await;
        }
    }
}

/// Test-only: members of an organization, numbered `M-<org>-<i>` (the registry's import is
/// tested on its own); their ids.
pub async fn add_members(db: &TestDb, org: i64, names: &[&str]) -> Vec<i64> {
    let mut tx = db.store.begin().await.unwrap();
    let mut ids = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let number = format!("M-{org}-{i:03}");
        let id: i64 = on_tx!(&mut tx, c => asamblea_store::sqlx::query_scalar(
            "INSERT INTO members (organization_id, member_number, name) VALUES ($1, $2, $3) RETURNING id")
            .bind(org).bind(&number).bind(*name).fetch_one(&mut **c).await)
        .unwrap();
        ids.push(id);
    }
    tx.commit().await.unwrap();
    ids
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

/// On PostgreSQL, whether the rows `rows` selects (one text column, with `$1` bound to `id`)
/// lie in the table's heap in key order: the rows ordered by `ctid` (the physical order) are
/// the rows ordered by `key` (the table's key after the vote's column; name the selected
/// column otherwise, as PostgreSQL orders by an output column first). Always true on SQLite, whose secret tables
/// are `WITHOUT ROWID` (in key order logically; inside each page only once the close rewrote
/// them: issue 14, `store/src/write_order.rs` and the `linking_attacks` tests).
#[allow(dead_code)]
pub async fn heap_in_key_order(db: &TestDb, rows: &str, key: &str, id: i64) -> bool {
    if !matches!(db.store.backend(), asamblea_store::Backend::Postgres) {
        return true;
    }
    // Both orders as PostgreSQL sorts (its collation, not Rust's byte order).
    let in_order = async |order: &str| -> Vec<String> {
        let query = format!("{rows} ORDER BY {order}");
        asamblea_store::on_read!(db.store, pool =>
            asamblea_store::sqlx::query_scalar(&query).bind(id).fetch_all(pool).await)
        .expect("rows")
    };
    let heap = in_order("ctid").await;
    heap.len() > 1 && heap == in_order(key).await
}

/// The demo assembly's secret ballots made encrypted (2 of 3 trustees) by `admin`, and its
/// key ceremony's dealings put on its key board (made here, as three trustees would).
pub async fn encrypt_assembly(s: &TestServer, admin: &str, db: &TestDb) {
    use asamblea_ballot_crypto::dkg::{Dealer, Threshold};
    use asamblea_ballot_crypto::record::Ceremony;
    let r = s
        .client
        .put(s.at(&format!("/api/v1/assemblies/{SLUG}/secret-ballots")))
        .bearer_auth(admin)
        .json(&json!({"secret_ballots": "encrypted", "trustees": 3, "threshold": 2}))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "{:?}", r.text().await);
    let v: Value = r.json().await.unwrap();
    let key_board = v["key_board"].as_str().unwrap().to_string();
    let th = Threshold { n: 3, t: 2 };
    let mut rng = rand::rngs::OsRng;
    let dealings = (1..=3)
        .map(|i| {
            Dealer::new(th, i, &mut rng)
                .unwrap()
                .dealing(&key_board, &mut rng)
        })
        .collect();
    let ceremony = Ceremony {
        id: Some(key_board.clone()),
        dealings,
        excluded: Vec::new(),
    };
    // Test-only stand-in for `asamblea trustee init|deal|check` and `election key`.
    let mut tx = db.store.begin().await.unwrap();
    on_tx!(&mut tx, c => asamblea_store::sqlx::query(
        "INSERT INTO secret_board_documents (election_id, name, body) VALUES ($1, 'ceremony', $2)")
        .bind(&key_board).bind(serde_json::to_string(&ceremony).unwrap())
        .execute(&mut **c).await.map(|r| r.rows_affected()))
    .unwrap();
    tx.commit().await.unwrap();
}
