//! The set-up the encrypted boards' process tests share (`board_http`, `election_board`,
//! `session_board`, `session_board_methods`), so that each of them keeps only what it tests:
//!
//! - a server on a test database ([`serve`]) and its API as a client ([`Api`]: calls, pages,
//!   forms, the record);
//! - an assembly whose secret ballots become encrypted ([`Api::encrypt_secret_ballots`]) and the
//!   trustees' key ceremony on its key board, run as `asamblea trustee` processes
//!   ([`trustees_deal`], [`ceremony`]), then the trustees following the key board to decrypt
//!   ([`follow`], [`decrypts`]);
//! - a hall of checked-in delegates for session votes ([`seat_hall`], [`logged_in`]);
//! - what a test checks its board with: a ballot a device encrypts ([`Api::device_ballot`]),
//!   every row of the database ([`every_row`]) and a board's record accepted by
//!   `asamblea verify-election` ([`Api::verified_record`]).

use std::collections::{BTreeSet, HashMap};
use std::process::{Child, Command, Stdio};

use asamblea_app::Actor;
use asamblea_app::actions::accounts::create_account::{NewAccount, create_account};
use asamblea_app::actions::delegates::assign_assembly_role::assign_assembly_role;
use asamblea_app::actions::delegates::check_in::check_in;
use asamblea_app::actions::delegates::register_delegate::{NewDelegate, register_delegate};
use asamblea_app::actions::registry::set_quorum_basis::{QuorumBasisInput, set_quorum_basis};
use asamblea_app::demo::load_demo::load_demo;
use asamblea_app::domain::{AccountId, AssemblyId, OrganizationId, Role, SeatKind};
use asamblea_ballot_crypto::SigningKey;
use asamblea_ballot_crypto::ballot::{Manifest, encrypt_ballot};
use asamblea_store::testing::TestDb;
use asamblea_store::{Backend, Store, on_read, on_tx, sqlx};
use serde_json::{Value, json};

use crate::common::{BIN, asamblea, text};
use crate::serve_process::{Server, setup_admin};

/// The demo's assembly.
pub(crate) const SLUG: &str = "asamblea-popular-1971";

/// The csrf token a test's forms send, as cookie and as field.
pub(crate) const CSRF: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

/// A server on the test database: SQLite's data directory, or PostgreSQL with the data
/// directory's signing key (the record written before the server started).
pub(crate) fn serve(db: &TestDb) -> Server {
    let data = db.data_dir().to_str().unwrap().to_string();
    match db.store.backend() {
        Backend::Sqlite => Server::start(&["--data-dir", &data]),
        Backend::Postgres => {
            let key = asamblea_store::default_key_path(db.data_dir());
            Server::start(&[
                "--database",
                db.url(),
                "--signing-key",
                key.to_str().unwrap(),
            ])
        }
    }
}

/// Runs a boards test on `db`: `prepare` writes what it needs before the server starts (the
/// demo, a hall, members: the server then owns the record), then `test` runs against a server
/// on that database ([`serve`]); then the server stops and the database goes (PostgreSQL's is
/// dropped).
pub(crate) async fn on_a_server<S>(
    db: TestDb,
    prepare: impl AsyncFnOnce(&Store) -> S,
    test: impl AsyncFnOnce(&Server, &TestDb, &S),
) {
    let prepared = prepare(&db.store).await;
    let server = serve(&db);
    test(&server, &db, &prepared).await;
    drop(server);
    db.cleanup().await;
}

/// A server's API, as a client.
pub(crate) struct Api {
    pub client: reqwest::Client,
    pub url: String,
}

/// An assembly's key board, just opened: its name, its address and its publishers' tokens.
pub(crate) struct KeyBoard {
    pub name: String,
    pub url: String,
    pub tokens: HashMap<String, String>,
}

impl Api {
    pub fn new(server: &Server) -> Api {
        Api {
            client: reqwest::Client::new(),
            url: server.url.clone(),
        }
    }

    pub async fn call(
        &self,
        method: &str,
        token: Option<&str>,
        path: &str,
        body: Value,
    ) -> (u16, Value) {
        let url = format!("{}{path}", self.url);
        let mut rq = match method {
            "GET" => self.client.get(url),
            "PUT" => self.client.put(url).json(&body),
            _ => self.client.post(url).json(&body),
        };
        if let Some(t) = token {
            rq = rq.bearer_auth(t);
        }
        let r = rq.send().await.unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }
    pub async fn ok(&self, method: &str, token: Option<&str>, path: &str, body: Value) -> Value {
        let (st, v) = self.call(method, token, path, body).await;
        assert!((200..300).contains(&st), "{method} {path}: {st} {v}");
        v
    }
    /// `GET path` (public), which must succeed.
    pub async fn get(&self, path: &str) -> Value {
        self.ok("GET", None, path, json!({})).await
    }
    pub async fn login(&self, card: &str) -> String {
        let v = self
            .ok("POST", None, "/api/v1/session", json!({"card_code": card}))
            .await;
        v["token"].as_str().unwrap().to_string()
    }
    /// The body at `url` (a full address), whatever its status.
    pub async fn text(&self, url: &str) -> String {
        let r = self.client.get(url).send().await.unwrap();
        r.text().await.unwrap()
    }
    /// The JSON at `url` (a full address).
    pub async fn json(&self, url: &str) -> Value {
        serde_json::from_str(&self.text(url).await).unwrap()
    }
    /// The server's record, its first `limit` entries.
    pub async fn record(&self, limit: u32) -> Vec<Value> {
        let entries = self
            .json(&format!("{}/api/v1/record?limit={limit}", self.url))
            .await;
        entries.as_array().unwrap().clone()
    }
    /// A page and its content security policy.
    pub async fn page_csp(&self, token: &str, path: &str) -> (String, String) {
        let r = self
            .client
            .get(format!("{}{path}", self.url))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        let csp = r
            .headers()
            .get("content-security-policy")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        (r.text().await.unwrap(), csp)
    }
    pub async fn page(&self, token: &str, path: &str) -> String {
        self.page_csp(token, path).await.0
    }
    /// Posts a page's form as a browser without JavaScript does (the csrf cookie and field,
    /// Spanish pages), as `token`'s holder or anonymously: the status and the page.
    pub async fn form(
        &self,
        token: Option<&str>,
        path: &str,
        fields: &[(&str, &str)],
    ) -> (u16, String) {
        let mut all = vec![("csrf", CSRF)];
        all.extend_from_slice(fields);
        let mut rq = self
            .client
            .post(format!("{}{path}", self.url))
            .header("cookie", format!("csrf={CSRF}; lang=es"))
            .form(&all);
        if let Some(t) = token {
            rq = rq.bearer_auth(t);
        }
        let r = rq.send().await.unwrap();
        (r.status().as_u16(), r.text().await.unwrap())
    }
    /// A board's address on this server.
    pub fn board_url(&self, board: &str) -> String {
        format!("{}/api/v1/boards/{board}", self.url)
    }
    /// Publishes `document` on the board at `b` with a publisher's token (`X-Board-Token`): the
    /// status and the answer.
    pub async fn publish(
        &self,
        b: &str,
        document: &str,
        token: &str,
        body: &Value,
    ) -> (u16, Value) {
        let r = self
            .client
            .put(format!("{b}/{document}"))
            .header("x-board-token", token)
            .json(body)
            .send()
            .await
            .unwrap();
        (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
    }
    /// Each of these tracking codes is a ballot on the board at `b`.
    pub async fn on_board(&self, b: &str, codes: &[String]) {
        for code in codes {
            let r = self
                .client
                .get(format!("{b}/ballots/{code}"))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status().as_u16(), 200, "{code}");
        }
    }
    /// The administrator sets the assembly's secret ballots to `encrypted`, `threshold` of
    /// `trustees`: the key board it opened (the ceremony is still to run).
    pub async fn encrypt_secret_ballots(
        &self,
        admin: &str,
        trustees: u32,
        threshold: u32,
    ) -> KeyBoard {
        let set = self
            .ok(
                "PUT",
                Some(admin),
                &format!("/api/v1/assemblies/{SLUG}/secret-ballots"),
                json!({"secret_ballots": "encrypted", "trustees": trustees, "threshold": threshold}),
            )
            .await;
        let name = set["key_board"].as_str().unwrap().to_string();
        KeyBoard {
            url: self.board_url(&name),
            name,
            tokens: tokens_of(&set),
        }
    }
    /// A ballot encrypted as a voter's device does (fresh credential) for the board at `b`:
    /// its JSON and tracking code.
    pub async fn device_ballot(&self, b: &str, sel: Vec<Vec<u64>>) -> (String, String) {
        let mut seed = [0u8; 32];
        rand_core::RngCore::fill_bytes(&mut rand_core::OsRng, &mut seed);
        let ballot = self.ballot_of(b, &SigningKey::from_bytes(&seed), sel).await;
        (
            serde_json::to_string(&ballot).unwrap(),
            ballot.tracking_code(),
        )
    }
    /// A ballot signed by `key` for the board at `b`, encrypted under its manifest.
    pub async fn ballot_of(
        &self,
        b: &str,
        key: &SigningKey,
        sel: Vec<Vec<u64>>,
    ) -> asamblea_ballot_crypto::ballot::Ballot {
        let manifest: Manifest =
            serde_json::from_str(&self.text(&format!("{b}/manifest")).await).unwrap();
        encrypt_ballot(&manifest, key, &sel, &mut rand_core::OsRng)
            .unwrap()
            .0
    }
    /// The record of the board at `b`, written to `file`, which `asamblea verify-election`
    /// accepts: the record and what the verifier said.
    pub async fn verified_record(&self, b: &str, file: &str) -> (String, String) {
        let record = self.text(&format!("{b}/record")).await;
        std::fs::write(file, &record).unwrap();
        let o = asamblea(&["verify-election", file]);
        let (out, err) = text(&o);
        assert!(o.status.success(), "{file}: {out}\n{err}");
        (record, out)
    }
    /// A session with an open item, opened by the chair: (session, item).
    pub async fn open_item(&self, chair: &str, assembly: i64) -> (i64, i64) {
        let id = |v: Value| v["id"].as_i64().unwrap();
        let sid = id(self
            .ok("POST", Some(chair), "/api/v1/sessions", json!({
                "assembly_id": assembly, "title": "Sesión", "planned_at": "1971-06-22 10:00",
                "speaking_seconds": 120, "first_time_first": false, "quota_kind": "none", "quota": 0, "min_supporters": 0}))
            .await);
        let item = json!({"title": "Huelga", "planned_start": "10:00", "planned_minutes": 60});
        let item = id(self
            .ok(
                "POST",
                Some(chair),
                &format!("/api/v1/sessions/{sid}/items"),
                item,
            )
            .await);
        for path in [
            format!("/api/v1/sessions/{sid}/open"),
            format!("/api/v1/items/{item}/open"),
        ] {
            self.ok("POST", Some(chair), &path, json!({})).await;
        }
        (sid, item)
    }
    /// The chair opens a vote (`body` as `POST /api/v1/votes` takes it): its id.
    pub async fn open_vote(&self, chair: &str, body: Value) -> i64 {
        self.ok("POST", Some(chair), "/api/v1/votes", body).await["id"]
            .as_i64()
            .unwrap()
    }
    /// A ballot through the API (it must be taken).
    pub async fn cast(&self, token: &str, vote: i64, ballot: Value) -> Value {
        let path = format!("/api/v1/votes/{vote}/ballots");
        self.ok("POST", Some(token), &path, ballot).await
    }
    /// A ballot through the API, taken or not: the status and the answer.
    pub async fn try_cast(&self, token: &str, vote: i64, ballot: Value) -> (u16, Value) {
        let path = format!("/api/v1/votes/{vote}/ballots");
        self.call("POST", Some(token), &path, ballot).await
    }
    /// The chair closes a vote.
    pub async fn close(&self, chair: &str, vote: i64) -> Value {
        let path = format!("/api/v1/votes/{vote}/close");
        self.ok("POST", Some(chair), &path, json!({})).await
    }
    /// A vote as the API shows it.
    pub async fn vote(&self, vote: i64) -> Value {
        self.get(&format!("/api/v1/votes/{vote}")).await
    }
    /// The board of an encrypted secret vote, its address on this server.
    pub async fn vote_board(&self, vote: i64) -> String {
        self.board_url(self.vote(vote).await["board"].as_str().unwrap())
    }
    /// A member votes in an election with the code the vote's start gave them (`body`: the
    /// code and the choices, or a device's `ballot_json`); it must be taken.
    pub async fn vote_by_code(&self, body: Value) -> Value {
        self.ok("POST", None, "/api/v1/vote", body).await
    }
    /// [`Api::vote_by_code`], taken or not: the status and the answer.
    pub async fn try_vote_by_code(&self, body: Value) -> (u16, Value) {
        self.call("POST", None, "/api/v1/vote", body).await
    }
    /// The administrator closes election `id`.
    pub async fn close_election(&self, admin: &str, id: i64) -> Value {
        let path = format!("/api/v1/elections/{id}/close");
        self.ok("POST", Some(admin), &path, json!({})).await
    }
    /// An election as the API shows it.
    pub async fn election(&self, id: i64) -> Value {
        self.get(&format!("/api/v1/elections/{id}")).await
    }
}

/// Runs `asamblea <args>` for each argument list at once (separate processes); all must succeed.
/// `ASAMBLEA_BOARD_TOKEN` is set empty, as a shell profile may leave it: that is no token.
pub(crate) fn all_ok(runs: Vec<Vec<String>>) -> Vec<String> {
    let children: Vec<(Vec<String>, Child)> = runs
        .into_iter()
        .map(|args| {
            let child = Command::new(BIN)
                .args(&args)
                .env("ASAMBLEA_BOARD_TOKEN", "")
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            (args, child)
        })
        .collect();
    children
        .into_iter()
        .map(|(args, c)| {
            let o = c.wait_with_output().unwrap();
            let (out, err) = text(&o);
            assert!(o.status.success(), "asamblea {args:?}\n{out}\n{err}");
            out
        })
        .collect()
}

/// Runs `asamblea <args>`, which must succeed: what it printed.
pub(crate) fn ok(a: &[&str]) -> String {
    all_ok(vec![args(a)]).remove(0)
}

pub(crate) fn args(a: &[&str]) -> Vec<String> {
    a.iter().map(|s| s.to_string()).collect()
}

/// A key board's tokens by publisher (`[publisher, token]` pairs of the answer).
pub(crate) fn tokens_of(set: &Value) -> HashMap<String, String> {
    set["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p[0].as_str().unwrap().into(), p[1].as_str().unwrap().into()))
        .collect()
}

/// The trustees' part of the key ceremony on board `kb`: `n` trustee processes at a time for
/// each step (`init` with the trustee's token, then `deal` and `check`, the token read from the
/// trustee's own secret file). Returns what each `check` said.
pub(crate) fn trustees_deal(
    kb: &str,
    tokens: &HashMap<String, String>,
    secret: &dyn Fn(u32) -> String,
    n: u32,
) -> Vec<String> {
    let step = |f: &dyn Fn(u32) -> Vec<String>| all_ok((1..=n).map(f).collect());
    step(&|i| {
        let token = &tokens[&format!("trustee-{i}")];
        let (i, secret) = (i.to_string(), secret(i));
        args(&[
            "trustee", "init", "--board", kb, "--index", &i, "--secret", &secret, "--token", token,
        ])
    });
    step(&|i| args(&["trustee", "deal", "--board", kb, "--secret", &secret(i)]));
    step(&|i| args(&["trustee", "check", "--board", kb, "--secret", &secret(i)]))
}

/// The organizer fixes the key of board `kb`: what `election key` said.
pub(crate) fn fix_key(kb: &str, tokens: &HashMap<String, String>) -> String {
    ok(&[
        "election",
        "key",
        "--board",
        kb,
        "--token",
        &tokens["organizer"],
    ])
}

/// The whole key ceremony on key board `kb` ([`trustees_deal`], then [`fix_key`]). Returns what
/// `election key` said.
pub(crate) fn ceremony(
    kb: &str,
    tokens: &HashMap<String, String>,
    secret: &dyn Fn(u32) -> String,
    n: u32,
) -> String {
    trustees_deal(kb, tokens, secret, n);
    fix_key(kb, tokens)
}

/// `asamblea trustee follow --once` on key board `kb` for each of these secrets at once.
pub(crate) fn follow(kb: &str, secrets: &[String]) -> Vec<String> {
    all_ok(
        secrets
            .iter()
            .map(|s| args(&["trustee", "follow", "--board", kb, "--secret", s, "--once"]))
            .collect(),
    )
}

/// [`follow`], and each of these trustees says it decrypted `board`.
pub(crate) fn decrypts(kb: &str, secrets: &[String], board: &str) {
    let outs = follow(kb, secrets);
    assert!(
        outs.iter()
            .all(|o| o.contains(&format!("decrypted {board}"))),
        "{outs:?}"
    );
}

/// The tracking code a page shows after a ballot cast without JavaScript, which links it to its
/// place on `board`'s page.
pub(crate) fn tracking_code_on_page(html: &str, board: &str) -> String {
    let code = html
        .split("class=\"hash tracking-code\">")
        .nth(1)
        .and_then(|r| r.split('<').next())
        .unwrap_or_else(|| panic!("a tracking code in {html}"))
        .to_string();
    assert!(
        html.contains(&format!("/boards/{board}?code={code}")),
        "{html}"
    );
    code
}

/// A closed vote or election (`v`, as the API shows it) waits for its trustees: no decryption
/// share yet, `needed` of them to come, no result.
pub(crate) fn awaits_trustees(v: &Value, needed: u32) {
    assert_eq!(
        v["counting"],
        json!({"shares": 0, "trustees_needed": needed}),
        "{v}"
    );
    assert!(v["result"].is_null(), "{v}");
}

/// Every row of every table, as text (`table|row`).
pub(crate) async fn every_row(store: &Store) -> BTreeSet<String> {
    let tables: Vec<String> = match store.backend() {
        Backend::Sqlite => on_read!(store, pool => sqlx::query_scalar(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx%'")
            .fetch_all(pool).await),
        Backend::Postgres => on_read!(store, pool => sqlx::query_scalar(
            "SELECT CAST(table_name AS TEXT) FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name NOT LIKE '_sqlx%'")
            .fetch_all(pool).await),
    }
    .unwrap();
    assert!(tables.len() > 40, "{tables:?}");
    let mut rows = BTreeSet::new();
    for t in tables {
        let sql = match store.backend() {
            Backend::Sqlite => {
                let cols: Vec<String> = on_read!(store, pool => sqlx::query_scalar(
                    "SELECT name FROM pragma_table_info($1)").bind(&t).fetch_all(pool).await)
                .unwrap();
                let parts: Vec<String> = cols.iter().map(|c| format!("quote(\"{c}\")")).collect();
                format!("SELECT {} FROM \"{t}\"", parts.join(" || '|' || "))
            }
            Backend::Postgres => format!("SELECT CAST(x AS TEXT) FROM \"{t}\" x"),
        };
        let got: Vec<String> =
            on_read!(store, pool => sqlx::query_scalar(&sql).fetch_all(pool).await).unwrap();
        rows.extend(got.into_iter().map(|r| format!("{t}|{r}")));
    }
    rows
}

/// The demo's assembly, its id.
pub(crate) async fn assembly_id(store: &Store) -> i64 {
    on_read!(store, pool => sqlx::query_scalar("SELECT id FROM assemblies WHERE slug = $1").bind(SLUG).fetch_one(pool).await).unwrap()
}

pub(crate) struct Hall {
    pub assembly: i64,
    /// Card codes: the chair's, then one per delegate.
    pub chair: String,
    pub delegates: Vec<String>,
}

/// The demo assembly with a presidium and six accredited voting delegates, all checked in,
/// written before the server starts (the server then owns the record).
pub(crate) async fn seat_hall(store: &Store) -> Hall {
    load_demo(store).await.unwrap();
    let sys = Actor::System;
    let assembly = assembly_id(store).await;
    let orgs: Vec<i64> = on_read!(store, pool => sqlx::query_scalar("SELECT organization_id FROM seat_allocations WHERE assembly_id = $1 AND seats > 0 ORDER BY organization_id LIMIT 3").bind(assembly).fetch_all(pool).await).unwrap();
    let account = |username: &str, role: Role| NewAccount {
        username: username.into(),
        display_name: username.into(),
        role,
        organization_id: None,
    };
    let chair = create_account(store, &sys, account("presidencia", Role::Secretary))
        .await
        .unwrap();
    assign_assembly_role(
        store,
        &sys,
        AssemblyId(assembly),
        chair.id,
        serde_json::from_value(json!("presidium")).unwrap(),
        true,
    )
    .await
    .unwrap();
    set_quorum_basis(
        store,
        &sys,
        SLUG,
        QuorumBasisInput {
            quorum_basis: serde_json::from_value(json!("accredited")).unwrap(),
        },
    )
    .await
    .unwrap();
    let mut delegates = Vec::new();
    for i in 0..6 {
        let card = create_account(
            store,
            &sys,
            account(&format!("delegado.{i:02}"), Role::Delegate),
        )
        .await
        .unwrap();
        let id = register_delegate(
            store,
            &sys,
            NewDelegate {
                assembly_id: AssemblyId(assembly),
                organization_id: OrganizationId(orgs[i % orgs.len()]),
                name: format!("Delegado {i:02}"),
                member_id: None,
                account_id: Some(AccountId(card.id.get())),
                seat_kind: SeatKind::Voting,
                substitute_rank: None,
                election_id: None,
            },
        )
        .await
        .unwrap();
        let mut tx = store.begin().await.unwrap();
        on_tx!(&mut tx, c => sqlx::query("UPDATE delegates SET status = 'accredited' WHERE id = $1")
            .bind(id.get()).execute(&mut **c).await.map(|r| r.rows_affected()))
        .unwrap();
        tx.commit().await.unwrap();
        check_in(store, &sys, AssemblyId(assembly), id)
            .await
            .unwrap();
        delegates.push(card.card_code);
    }
    Hall {
        assembly,
        chair: chair.card_code,
        delegates,
    }
}

/// The API at `server`, and the tokens of the administrator (set up now), the chair and each
/// delegate of the hall.
pub(crate) async fn logged_in(server: &Server, hall: &Hall) -> (Api, String, String, Vec<String>) {
    let api = Api::new(server);
    let admin = setup_admin(&api.client, server).await;
    let chair = api.login(&hall.chair).await;
    let mut delegates = Vec::new();
    for card in &hall.delegates {
        delegates.push(api.login(card).await);
    }
    (api, admin, chair, delegates)
}
