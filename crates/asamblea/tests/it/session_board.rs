//! A secret session vote in an encrypted assembly (issue 14), end to end against a real server:
//! the administrator sets the assembly's secret ballots to `encrypted` (3 of 5 trustees), five
//! `asamblea trustee` processes run the key ceremony on the assembly's key board, the chair
//! opens a secret yes/no/abstain vote (its own board under the assembly's key), delegates cast
//! (the server encrypts for four, one sends a ballot its device encrypted), the chair closes
//! (the vote waits for its trustees), trustee 5's garbage share is refused and named on the
//! record, trustee 4 is absent, trustees 1-3 decrypt with `trustee follow` and the result on
//! the vote's page is the cast choices; `verify-election` accepts the vote's record. While the
//! delegates cast, no row the database gained or changed holds a choice (every table read) —
//! unlike a plaintext secret vote of the same assembly before, whose box does.

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

const SLUG: &str = "asamblea-popular-1971";

#[tokio::test(flavor = "multi_thread")]
async fn an_encrypted_secret_session_vote_is_decrypted_by_3_of_5_trustees() {
    let db = TestDb::sqlite().await;
    let hall = seat_hall(&db.store).await;
    encrypted_vote(&serve(&db), &db, &hall).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn postgres_an_encrypted_secret_session_vote_is_decrypted_by_3_of_5_trustees() {
    let db = TestDb::postgres().await;
    let hall = seat_hall(&db.store).await;
    encrypted_vote(&serve(&db), &db, &hall).await;
    db.cleanup().await;
}

/// A server on the test database: SQLite's data directory, or PostgreSQL with the data
/// directory's signing key (the record the hall was seated in).
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
    let assembly: i64 = on_read!(store, pool => sqlx::query_scalar("SELECT id FROM assemblies WHERE slug = $1").bind(SLUG).fetch_one(pool).await).unwrap();
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

pub(crate) struct Api {
    pub client: reqwest::Client,
    pub url: String,
}

impl Api {
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
    /// A ballot encrypted as a voter's device does (fresh credential) for the board at `b`:
    /// its JSON and tracking code.
    pub async fn device_ballot(&self, b: &str, sel: Vec<Vec<u64>>) -> (String, String) {
        let manifest: Manifest =
            serde_json::from_str(&self.text(&format!("{b}/manifest")).await).unwrap();
        let mut seed = [0u8; 32];
        rand_core::RngCore::fill_bytes(&mut rand_core::OsRng, &mut seed);
        let (ballot, _) = encrypt_ballot(
            &manifest,
            &SigningKey::from_bytes(&seed),
            &sel,
            &mut rand_core::OsRng,
        )
        .unwrap();
        (
            serde_json::to_string(&ballot).unwrap(),
            ballot.tracking_code(),
        )
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
    /// A ballot through the API (it must be taken).
    pub async fn cast(&self, token: &str, vote: i64, ballot: Value) -> Value {
        let path = format!("/api/v1/votes/{vote}/ballots");
        self.ok("POST", Some(token), &path, ballot).await
    }
    /// The chair closes a vote.
    pub async fn close(&self, chair: &str, vote: i64) -> Value {
        let path = format!("/api/v1/votes/{vote}/close");
        self.ok("POST", Some(chair), &path, json!({})).await
    }
    /// A vote as the API shows it.
    pub async fn vote(&self, vote: i64) -> Value {
        self.ok("GET", None, &format!("/api/v1/votes/{vote}"), json!({}))
            .await
    }
    pub async fn page(&self, token: &str, path: &str) -> String {
        self.client
            .get(format!("{}{path}", self.url))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }
}

/// Runs `asamblea <args>` for each argument list at once (separate processes); all must succeed.
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

/// The key ceremony on key board `kb`: `n` trustee processes at a time for each step, then the
/// organizer fixes the key. Returns what `election key` said.
pub(crate) fn ceremony(
    kb: &str,
    tokens: &HashMap<String, String>,
    secret: &dyn Fn(u32) -> String,
    n: u32,
) -> String {
    let step = |f: &dyn Fn(u32) -> Vec<String>| all_ok((1..=n).map(f).collect());
    step(&|i| {
        let token = &tokens[&format!("trustee-{i}")];
        let (i, secret) = (i.to_string(), secret(i));
        args(&[
            "trustee", "init", "--board", kb, "--index", &i, "--secret", &secret, "--token", token,
        ])
    });
    for what in ["deal", "check"] {
        step(&|i| args(&["trustee", what, "--board", kb, "--secret", &secret(i)]));
    }
    let token = &tokens["organizer"];
    all_ok(vec![args(&[
        "election", "key", "--board", kb, "--token", token,
    ])])
    .remove(0)
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

/// The rows written while delegates cast that hold a yes/no/abstain choice.
fn rows_with_a_choice(before: &BTreeSet<String>, after: &BTreeSet<String>) -> Vec<String> {
    after
        .difference(before)
        .filter(|r| {
            ["yes", "no", "abstain"].iter().any(|c| {
                r.contains(&format!("'{c}'"))
                    || r.contains(&format!("\"{c}\""))
                    || r.contains(&format!(",{c})"))
                    || r.contains(&format!("({c},"))
                    || r.contains(&format!(",{c},"))
            })
        })
        .cloned()
        .collect()
}

/// The API at `server`, and the tokens of the administrator (set up now), the chair and each
/// delegate of the hall.
pub(crate) async fn logged_in(server: &Server, hall: &Hall) -> (Api, String, String, Vec<String>) {
    let api = Api {
        client: reqwest::Client::new(),
        url: server.url.clone(),
    };
    let admin = setup_admin(&api.client, server).await;
    let chair = api.login(&hall.chair).await;
    let mut delegates = Vec::new();
    for card in &hall.delegates {
        delegates.push(api.login(card).await);
    }
    (api, admin, chair, delegates)
}

async fn encrypted_vote(server: &Server, db: &TestDb, hall: &Hall) {
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(name).to_string_lossy().into_owned();
    let (api, admin, chair, delegates) = logged_in(server, hall).await;
    // A session with an open item.
    let (sid, item) = api.open_item(&chair, hall.assembly).await;
    let open_secret = |q: &str| json!({"session_id": sid, "item_id": item, "subject": "procedure", "question": q, "secret": true});

    // Plaintext first (the default): the box holds the choices, and the detector sees them.
    let plain = api
        .ok(
            "POST",
            Some(&chair),
            "/api/v1/votes",
            open_secret("¿Receso?"),
        )
        .await["id"]
        .as_i64()
        .unwrap();
    let page = api.page(&chair, &format!("/sessions/votes/{plain}")).await;
    assert!(page.contains("id=\"secret-plaintext\""), "{page}");
    // A plaintext secret vote: the delegate's form posts the choice, no WebAssembly anywhere.
    for path in [
        format!("/sessions/items/{item}"),
        format!("/sessions/votes/{plain}"),
    ] {
        let (page, csp) = api.page_csp(&delegates[0], &path).await;
        assert!(page.contains("id=\"vote-yes\""), "{path}: {page}");
        assert!(!page.contains("data-encrypt"), "{path}: {page}");
        assert!(!page.contains("encrypt.js"), "{path}: {page}");
        assert!(!csp.contains("wasm-unsafe-eval"), "{path}: {csp}");
    }
    let before = every_row(&db.store).await;
    for (d, c) in delegates.iter().zip(["yes", "no"]) {
        api.ok(
            "POST",
            Some(d),
            &format!("/api/v1/votes/{plain}/ballots"),
            json!({"choice": c}),
        )
        .await;
    }
    let after = every_row(&db.store).await;
    assert!(
        !rows_with_a_choice(&before, &after).is_empty(),
        "a plaintext box holds its choices"
    );
    api.ok(
        "POST",
        Some(&chair),
        &format!("/api/v1/votes/{plain}/close"),
        json!({}),
    )
    .await;

    // The administrator sets the assembly's secret ballots to encrypted, 3 of 5 trustees.
    let (st, _) = api
        .call(
            "PUT",
            Some(&admin),
            &format!("/api/v1/assemblies/{SLUG}/secret-ballots"),
            json!({"secret_ballots": "encrypted", "trustees": 5, "threshold": 9}),
        )
        .await;
    assert_eq!(st, 422, "3 of 5 needs threshold ≤ trustees");
    let set = api
        .ok(
            "PUT",
            Some(&admin),
            &format!("/api/v1/assemblies/{SLUG}/secret-ballots"),
            json!({"secret_ballots": "encrypted", "trustees": 5, "threshold": 3}),
        )
        .await;
    let key_board = set["key_board"].as_str().unwrap().to_string();
    let tokens = tokens_of(&set);
    assert_eq!(
        tokens.len(),
        6,
        "the organizer and five trustees: {tokens:?}"
    );
    // Before the trustees have fixed the key, no secret vote opens.
    let (st, v) = api
        .call(
            "POST",
            Some(&chair),
            "/api/v1/votes",
            open_secret("¿Huelga?"),
        )
        .await;
    assert_eq!(st, 409, "{v}");

    // The key ceremony: five trustee processes at a time, each step; the organizer fixes the key.
    let kb = format!("{}/api/v1/boards/{key_board}", server.url);
    let secret = |i: u32| path(&format!("trustee-{i}.secret"));
    let out = ceremony(&kb, &tokens, &secret, 5);
    assert!(
        out.contains("key fixed by trustees [1, 2, 3, 4, 5]"),
        "{out:?}"
    );

    // The secret vote: its own board, under the assembly's key.
    let vote = api
        .ok(
            "POST",
            Some(&chair),
            "/api/v1/votes",
            open_secret("¿Huelga general?"),
        )
        .await["id"]
        .as_i64()
        .unwrap();
    let v = api
        .ok("GET", None, &format!("/api/v1/votes/{vote}"), json!({}))
        .await;
    let board = v["board"].as_str().unwrap().to_string();
    let b = format!("{}/api/v1/boards/{board}", server.url);
    let page = api
        .page(&delegates[0], &format!("/sessions/votes/{vote}"))
        .await;
    assert!(page.contains("id=\"secret-encrypted\""), "{page}");
    // Where a delegate votes (the item page, the vote page that `/now` links to), the form is
    // encrypted on the phone with JavaScript (the vote's manifest, the module, the script, and
    // WebAssembly allowed on that page only); without it the same buttons post the choice.
    for path in [
        format!("/sessions/items/{item}"),
        format!("/sessions/votes/{vote}"),
    ] {
        let (page, csp) = api.page_csp(&delegates[0], &path).await;
        assert!(
            page.contains(&format!("id=\"ballot-form-{vote}\" "))
                || page.contains(&format!("id=\"ballot-form-{vote}\">")),
            "{path}: {page}"
        );
        assert!(
            page.contains(&format!(
                "data-manifest=\"/api/v1/boards/{board}/manifest\""
            )),
            "{path}: {page}"
        );
        assert!(
            page.contains("data-wasm=\"/static/ballot/"),
            "{path}: {page}"
        );
        assert!(
            page.contains("<script src=\"/static/encrypt.js\""),
            "{path}: {page}"
        );
        assert!(page.contains("data-encrypt-panel"), "{path}: {page}");
        assert!(
            page.contains("id=\"vote-yes\"") && page.contains("name=\"choice\" value=\"yes\""),
            "{path}: {page}"
        );
        assert!(
            csp.contains("script-src 'self' 'wasm-unsafe-eval'"),
            "{path}: {csp}"
        );
    }
    // Someone who does not vote (the chair) gets no module.
    let (page, csp) = api
        .page_csp(&chair, &format!("/sessions/votes/{vote}"))
        .await;
    assert!(
        !page.contains("data-encrypt") && !csp.contains("wasm"),
        "{page}"
    );

    // Delegates cast: the server encrypts for four; the sixth's device encrypts its own.
    let before = every_row(&db.store).await;
    let choices = ["yes", "yes", "no", "abstain"];
    let mut codes = Vec::new();
    for (d, c) in delegates.iter().zip(choices) {
        let r = api
            .ok(
                "POST",
                Some(d),
                &format!("/api/v1/votes/{vote}/ballots"),
                json!({"choice": c}),
            )
            .await;
        let code = r["tracking_codes"][0].as_str().unwrap().to_string();
        codes.push(code);
    }
    // The fifth votes on the item's page without JavaScript: the page says the server encrypts
    // (and sees the choice), and the answer shows the ballot's tracking code.
    let item_page = api
        .page(&delegates[4], &format!("/sessions/items/{item}"))
        .await;
    assert!(
        item_page.contains(&format!("id=\"server-encrypts-{vote}\"")),
        "{item_page}"
    );
    assert!(
        item_page.contains(&format!("id=\"secret-encrypted-{vote}\"")),
        "{item_page}"
    );
    let answer = api
        .client
        .post(format!("{}/sessions/votes/{vote}/ballot", server.url))
        .bearer_auth(&delegates[4])
        .header(
            "cookie",
            "csrf=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        )
        .form(&[
            (
                "csrf",
                "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            ),
            ("choice", "yes"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);
    let html = answer.text().await.unwrap();
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
    // The same form sent again (a reload made no key): "already voted", with the receipt of the
    // act that recorded the participation and no tracking code (the receipt row, keyed by the
    // voter, must not lead to their ballot on the board).
    let again = api
        .client
        .post(format!("{}/sessions/votes/{vote}/ballot", server.url))
        .bearer_auth(&delegates[4])
        .header(
            "cookie",
            "csrf=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        )
        .form(&[
            (
                "csrf",
                "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            ),
            ("choice", "no"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 409);
    let again = again.text().await.unwrap();
    assert!(again.contains("id=\"already-voted\""), "{again}");
    assert!(again.contains("id=\"receipt-position\""), "{again}");
    assert!(!again.contains(&code), "no tracking code: {again}");
    codes.push(code);
    let manifest: Manifest =
        serde_json::from_str(&api.text(&format!("{b}/manifest")).await).unwrap();
    let device = SigningKey::from_bytes(&[7u8; 32]);
    let (ballot, _) = encrypt_ballot(
        &manifest,
        &device,
        &vec![vec![0, 1, 0]],
        &mut rand_core::OsRng,
    )
    .unwrap();
    let json_ballot = serde_json::to_string(&ballot).unwrap();
    // Garbage in place of a ballot is refused with the field named.
    let (st, v) = api
        .call(
            "POST",
            Some(&delegates[5]),
            &format!("/api/v1/votes/{vote}/ballots"),
            json!({"choice": "", "ballot_json": "{\"not\": \"a ballot\"}"}),
        )
        .await;
    assert_eq!(st, 422, "{v}");
    assert_eq!(v["error"], "error-ses-ballot-json", "{v}");
    // A ballot whose proof is false (signed again by its credential, so only the proof fails;
    // the server checks it before the ballot is queued for the writer) is refused with its
    // reason, and nothing of it is written: no row changes, and its credential stays unused
    // (the true ballot under it is kept below).
    let mut false_proof = ballot.clone();
    false_proof.answers[0].choice_proofs[1].responses[0] += asamblea_ballot_crypto::Scalar::ONE;
    false_proof.signature =
        ed25519_dalek::Signer::sign(&device, &false_proof.signed_bytes()).to_bytes();
    let rows = every_row(&db.store).await;
    let (st, v) = api
        .call(
            "POST",
            Some(&delegates[5]),
            &format!("/api/v1/votes/{vote}/ballots"),
            json!({"choice": "", "ballot_json": serde_json::to_string(&false_proof).unwrap()}),
        )
        .await;
    assert_eq!(st, 422, "{v}");
    assert_eq!(v["error"], "error-ses-ballot-refused", "{v}");
    assert_eq!(
        every_row(&db.store).await,
        rows,
        "a refused ballot wrote nothing"
    );
    let r = api
        .ok(
            "POST",
            Some(&delegates[5]),
            &format!("/api/v1/votes/{vote}/ballots"),
            json!({"choice": "", "ballot_json": json_ballot}),
        )
        .await;
    assert_eq!(r["tracking_codes"][0], ballot.tracking_code());
    codes.push(ballot.tracking_code());
    // The same device ballot sent again by another delegate: its credential is used.
    let (st, v) = api
        .call(
            "POST",
            Some(&delegates[0]),
            &format!("/api/v1/votes/{vote}/ballots"),
            json!({"choice": "", "ballot_json": json_ballot}),
        )
        .await;
    assert_eq!(st, 409, "{v}");
    assert_eq!(v["error"], "error-board-voted", "{v}");
    let after = every_row(&db.store).await;
    let leaked = rows_with_a_choice(&before, &after);
    assert!(leaked.is_empty(), "rows holding a choice: {leaked:#?}");
    assert!(
        !after
            .iter()
            .any(|r| r.starts_with("secret_ballots|") && after.difference(&before).any(|n| n == r)),
        "nothing in the plaintext box"
    );
    // Each tracking code is on the vote's board.
    for code in &codes {
        let r = api
            .client
            .get(format!("{b}/ballots/{code}"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{code}");
    }

    // The close: the box closes and the vote waits for its trustees.
    let closed = api
        .ok(
            "POST",
            Some(&chair),
            &format!("/api/v1/votes/{vote}/close"),
            json!({}),
        )
        .await;
    assert_eq!(closed["counting"], true, "{closed}");
    let v = api
        .ok("GET", None, &format!("/api/v1/votes/{vote}"), json!({}))
        .await;
    assert_eq!(
        v["counting"],
        json!({"shares": 0, "trustees_needed": 3}),
        "{v}"
    );
    assert!(v["result"].is_null(), "{v}");
    let page = api.page(&chair, &format!("/sessions/votes/{vote}")).await;
    assert!(page.contains("id=\"vote-counting\""), "{page}");
    let projector = api
        .page(&chair, &format!("/assemblies/{SLUG}/projector"))
        .await;
    assert!(
        projector.contains("id=\"projector-counting\""),
        "{projector}"
    );
    let (st, _) = api
        .call(
            "POST",
            Some(&delegates[0]),
            &format!("/api/v1/votes/{vote}/ballots"),
            json!({"choice": "no"}),
        )
        .await;
    assert_eq!(st, 409, "the box is closed");

    // Trustee 5 sends garbage as its share: refused, the refusal on the record naming it.
    let r = api
        .client
        .put(format!("{b}/share-5"))
        .header("x-board-token", &tokens["trustee-5"])
        .json(&json!({"trustee": 5, "factors": [[]]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    // A vote's board takes no ceremony document from a trustee: its ceremony is the key board's.
    let r = api
        .client
        .put(format!("{b}/check-5"))
        .header("x-board-token", &tokens["trustee-5"])
        .json(&json!({"trustee": 5, "complaints": []}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    // Trustees 1 and 2 follow the key board: two shares, still counting.
    let outs = follow(&kb, &[secret(1), secret(2)]);
    assert!(
        outs.iter()
            .all(|o| o.contains(&format!("decrypted {board}"))),
        "{outs:?}"
    );
    let v = api
        .ok("GET", None, &format!("/api/v1/votes/{vote}"), json!({}))
        .await;
    assert_eq!(v["counting"]["shares"], 2, "{v}");
    let page = api.page(&chair, &format!("/sessions/votes/{vote}")).await;
    assert!(page.contains("2 of 3") || page.contains("2 de 3"), "{page}");
    // Trustee 3: the third share decrypts; trustee 4 is absent.
    follow(&kb, &[secret(3)]);
    let v = api
        .ok("GET", None, &format!("/api/v1/votes/{vote}"), json!({}))
        .await;
    assert!(v["counting"].is_null(), "{v}");
    let result = &v["result"];
    assert_eq!(
        (
            result["yes"].clone(),
            result["no"].clone(),
            result["abstain"].clone(),
            result["voted"].clone()
        ),
        (json!(3), json!(2), json!(1), json!(6)),
        "{v}"
    );
    assert_eq!(result["passed"], true, "{v}");
    let page = api.page(&chair, &format!("/sessions/votes/{vote}")).await;
    assert!(page.contains("id=\"vote-board\""), "{page}");
    assert!(page.contains("id=\"vote-record-digest\""), "{page}");
    // A second pass of a trustee finds nothing to do.
    let out = follow(&kb, &[secret(1)]);
    assert!(!out[0].contains("decrypted"), "{out:?}");

    // The vote's record, alone, is accepted by the independent verifier; its digest is the
    // vote's.
    let record = api
        .client
        .get(format!("{b}/record"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    std::fs::write(path("record.json"), &record).unwrap();
    let parsed: Value = serde_json::from_str(&record).unwrap();
    assert_eq!(
        parsed["rejected_shares"][0]["trustee"], 5,
        "{}",
        parsed["rejected_shares"]
    );
    let o = asamblea(&["verify-election", &path("record.json")]);
    let (vout, verr) = text(&o);
    assert!(o.status.success(), "{vout}\n{verr}");
    assert!(
        vout.contains("result: decrypted from the shares of trustees [1, 2, 3]"),
        "{vout}"
    );
    use sha2_digest::hex_sha256;
    assert_eq!(v["digest"].as_str().unwrap(), hex_sha256(&record));

    // A choose-one secret vote through its own board: counted per option.
    let mut choose = open_secret("¿Quién preside la comisión?");
    choose["method"] = json!("choose_one");
    choose["options"] = json!(["Ana", "Beto", "Carla"]);
    let vote2 = api.ok("POST", Some(&chair), "/api/v1/votes", choose).await["id"]
        .as_i64()
        .unwrap();
    for (d, c) in delegates.iter().zip(["2", "0", "2"]) {
        api.ok(
            "POST",
            Some(d),
            &format!("/api/v1/votes/{vote2}/ballots"),
            json!({"choice": c}),
        )
        .await;
    }
    // The fourth delegate's device encrypts its own choice (option 1).
    let b2 = format!(
        "{}/api/v1/boards/{}",
        server.url,
        board_of(&api, vote2).await
    );
    let (json_ballot, code) = api.device_ballot(&b2, vec![vec![0, 1, 0]]).await;
    let r = api
        .cast(
            &delegates[3],
            vote2,
            json!({"choice": "", "ballot_json": json_ballot}),
        )
        .await;
    assert_eq!(r["tracking_codes"][0], code.as_str());
    api.ok(
        "POST",
        Some(&chair),
        &format!("/api/v1/votes/{vote2}/close"),
        json!({}),
    )
    .await;
    follow(&kb, &[secret(2), secret(4), secret(5)]);
    let v2 = api
        .ok("GET", None, &format!("/api/v1/votes/{vote2}"), json!({}))
        .await;
    assert_eq!(v2["result"]["counts"], json!([1, 1, 2]), "{v2}");
    assert_eq!(v2["result"]["winner"], 2, "{v2}");

    // The record: the refused share names trustee 5; the ballots' acts name no voter.
    let entries: Vec<Value> = api
        .client
        .get(format!("{}/api/v1/record?limit=2000", server.url))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let refused: Vec<&Value> = entries
        .iter()
        .filter(|e| e["kind"] == "board.refused" && e["scope"] == format!("board:{board}"))
        .collect();
    assert_eq!(refused.len(), 1, "{refused:?}");
    assert_eq!(refused[0]["payload"]["publisher"], "trustee-5");
    // One act per batch of ballots (issue 15): counts and the batch's tracking codes, no voter.
    let casts: Vec<&Value> = entries
        .iter()
        .filter(|e| e["kind"] == "vote.ballots_cast" && e["payload"]["vote_id"] == vote)
        .collect();
    let ballots: i64 = casts
        .iter()
        .map(|e| e["payload"]["ballots"].as_i64().unwrap())
        .sum();
    assert_eq!(ballots, 6);
    let mut codes = 0;
    for e in casts {
        assert!(e["actor"].is_null(), "{e}");
        let keys: Vec<&String> = e["payload"].as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            ["ballots", "tracking_codes", "vote_id", "voted"],
            "{e}"
        );
        codes += e["payload"]["tracking_codes"].as_array().unwrap().len();
    }
    assert!(codes >= 6, "every ballot's tracking code is on the record");
    assert!(
        entries
            .iter()
            .any(|e| e["kind"] == "vote.counting" && e["payload"]["vote_id"] == vote)
    );
    assert!(
        entries
            .iter()
            .any(|e| e["kind"] == "assembly.secret_ballots_set")
    );
}

/// The board of an encrypted secret vote.
pub(crate) async fn board_of(api: &Api, vote: i64) -> String {
    let v = api
        .ok("GET", None, &format!("/api/v1/votes/{vote}"), json!({}))
        .await;
    v["board"].as_str().unwrap().to_string()
}

mod sha2_digest {
    /// SHA-256 in hex, through the verifier's own crate (no hash written here).
    pub fn hex_sha256(s: &str) -> String {
        asamblea_app::secrets::digest(s)
    }
}
