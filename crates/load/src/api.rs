//! The JSON API as the set-up and the checks use it (the measured ballots go through
//! `drive.rs`).

use reqwest::Client;
use serde_json::Value;

use crate::Fallible;

/// A client of one server, with an optional bearer token.
#[derive(Clone)]
pub struct Api {
    pub client: Client,
    pub url: String,
}

/// What a request came back with: the status (0: no answer) and the body (or the transport
/// error as `{"transport": "..."}`).
pub type Answer = (u16, Value);

impl Api {
    pub fn new(url: &str) -> Fallible<Api> {
        // A connection idle for 10 seconds is closed by the server (its header read timeout,
        // `asamblea_web::HEADER_READ_TIMEOUT`): reusing one just then failed the vote's close
        // after a 10-second run ("error sending request"). Idle connections are dropped first.
        let client = Client::builder()
            .timeout(std::time::Duration::from_secs(600))
            .pool_idle_timeout(std::time::Duration::from_secs(5))
            .build()
            .map_err(|e| format!("http client: {e}"))?;
        Ok(Api {
            client,
            url: url.to_string(),
        })
    }

    async fn send(&self, req: reqwest::RequestBuilder, token: &str) -> Answer {
        let req = if token.is_empty() {
            req
        } else {
            req.bearer_auth(token)
        };
        match req.send().await {
            Ok(r) => {
                let status = r.status().as_u16();
                (status, r.json().await.unwrap_or(Value::Null))
            }
            Err(e) => (0, serde_json::json!({"transport": e.to_string()})),
        }
    }

    pub async fn post(&self, token: &str, path: &str, body: &Value) -> Answer {
        let req = self.client.post(format!("{}{path}", self.url)).json(body);
        self.send(req, token).await
    }

    pub async fn get(&self, token: &str, path: &str) -> Answer {
        let req = self.client.get(format!("{}{path}", self.url));
        self.send(req, token).await
    }

    /// A POST that must succeed (2xx): its body, or an error naming the path.
    pub async fn ok(&self, token: &str, path: &str, body: &Value) -> Fallible<Value> {
        let (status, v) = self.post(token, path, body).await;
        must(path, status, v)
    }

    /// A GET that must succeed.
    pub async fn get_ok(&self, token: &str, path: &str) -> Fallible<Value> {
        let (status, v) = self.get(token, path).await;
        must(path, status, v)
    }

    /// A CSV body POSTed (member imports).
    pub async fn post_csv(&self, token: &str, path: &str, csv: String) -> Fallible<Value> {
        let req = self
            .client
            .post(format!("{}{path}", self.url))
            .header("content-type", "text/csv")
            .body(csv);
        let (status, v) = self.send(req, token).await;
        must(path, status, v)
    }
}

fn must(path: &str, status: u16, v: Value) -> Fallible<Value> {
    if (200..300).contains(&status) {
        Ok(v)
    } else {
        let mut text = v.to_string();
        text.truncate(600);
        Err(format!("{path}: {status} {text}"))
    }
}

/// The administrator's token: the set-up link's token turned into the first account.
pub async fn set_up_admin(api: &Api, setup_token: &str) -> Fallible<String> {
    let v = api
        .ok(
            "",
            "/api/v1/setup",
            &serde_json::json!({"token": setup_token, "username": "load-admin",
                "display_name": "Load tool", "password": "load tool password"}),
        )
        .await?;
    token_of(&v)
}

/// The `token` field of an answer.
pub fn token_of(v: &Value) -> Fallible<String> {
    v["token"]
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| format!("no token in {v}"))
}

/// An `i64` field of an answer.
pub fn id_of(v: &Value, field: &str) -> Fallible<i64> {
    v[field]
        .as_i64()
        .ok_or_else(|| format!("no `{field}` in {v}"))
}
