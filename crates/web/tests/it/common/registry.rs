//! Registry tests' set-up: a small registry (two sectors; COB > FSTMB > SMC in labour, CSUTCB
//! in peasants) on an empty database, the people who act on it, FSTMB's members imported from a
//! clean file, and two assemblies to plan seats for.

use asamblea_store::testing::TestDb;
use reqwest::StatusCode;
use serde_json::{Value, json};

use super::TestServer;

/// FSTMB's members, as a clean file: three rows, one name with a comma.
pub const CLEAN: &str = "member_number,name,phone,email\r\n101,Juana Mamani,71234567,juana@fstmb.bo\r\n102,\"Quispe, Pedro\",,\r\n103,Rosa Condori,,rosa@catavi.bo\r\n";

pub struct Registry {
    pub server: TestServer,
    pub admin: String,
    pub cob: i64,
    pub fstmb: i64,
    pub smc: i64,
    pub csutcb: i64,
}

/// The people of the registry tests.
pub struct People {
    /// FSTMB's secretary (a delegate account assigned through the registry) and its account id.
    pub secretary: String,
    pub secretary_id: i64,
    /// CSUTCB's secretary.
    pub other: String,
    /// A delegate.
    pub delegate: String,
}

impl Registry {
    /// The server, its first administrator, the sectors and the organizations.
    pub async fn new(db: &TestDb) -> Registry {
        let server = TestServer::start(db.store.clone()).await;
        let admin = server.admin_token(db).await;
        for (key, name, colour) in [
            ("labour", "Trabajadores", "#b71c1c"),
            ("peasants", "Campesinos", "#2e7d32"),
        ] {
            let (s, _) = server
                .post_json(
                    Some(&admin),
                    "/api/v1/sectors",
                    json!({"key": key, "name": name, "colour": colour}),
                )
                .await;
            assert_eq!(s, StatusCode::CREATED);
        }
        let org = async |body: Value| {
            let (s, v) = server
                .post_json(Some(&admin), "/api/v1/organizations", body)
                .await;
            assert_eq!(s, StatusCode::CREATED, "{v}");
            v["id"].as_i64().unwrap()
        };
        let cob = org(json!({"name": "Central Obrera Boliviana", "short_name": "COB", "kind": "confederation", "sector": "labour", "department": "La Paz"})).await;
        let fstmb = org(json!({"name": "Federación Sindical de Trabajadores Mineros de Bolivia", "short_name": "FSTMB",
            "kind": "federation", "sector": "labour", "parent_id": cob, "department": "Oruro", "membership": 60000,
            "term_from": "1969-05-01", "term_to": "1971-04-30"})).await;
        let smc = org(json!({"name": "Sindicato Mixto de Catavi", "short_name": "SMC", "kind": "union", "sector": "labour",
            "parent_id": fstmb, "department": "Potosí", "membership": 4000, "term_to": "2999-12-31"})).await;
        let csutcb = org(json!({"name": "Confederación Sindical Única de Trabajadores Campesinos", "short_name": "CSUTCB",
            "kind": "confederation", "sector": "peasants", "department": "Oruro", "membership": 20000})).await;
        Registry {
            server,
            admin,
            cob,
            fstmb,
            smc,
            csutcb,
        }
    }

    /// FSTMB's secretary (assigned through the registry), CSUTCB's secretary, a delegate.
    pub async fn people(&self) -> People {
        let (server, admin, fstmb) = (&self.server, &self.admin, self.fstmb);
        let (secretary_id, secretary) = server.account(admin, "sec.fstmb", "delegate", None).await;
        let (s, v) = server
            .post_json(
                Some(admin),
                &format!("/api/v1/organizations/{fstmb}/secretaries"),
                json!({"account_id": secretary_id}),
            )
            .await;
        assert_eq!(s, StatusCode::NO_CONTENT, "{v}");
        let (_, other) = server
            .account(admin, "sec.csutcb", "secretary", Some(self.csutcb))
            .await;
        let (_, delegate) = server.account(admin, "juana", "delegate", None).await;
        People {
            secretary,
            secretary_id,
            other,
            delegate,
        }
    }

    /// FSTMB's members, as the API lists them.
    pub fn members_path(&self) -> String {
        format!("/api/v1/organizations/{}/members", self.fstmb)
    }

    /// POSTs `csv` to `org`'s member import with `query` (`dry_run=…`, `digest=…`) as `token`.
    pub async fn import(
        &self,
        token: Option<&str>,
        org: i64,
        query: &str,
        csv: &str,
    ) -> (StatusCode, Value) {
        let server = &self.server;
        let mut r = server
            .client
            .post(server.at(&format!(
                "/api/v1/organizations/{org}/members/import?{query}"
            )))
            .header("content-type", "text/csv")
            .body(csv.to_string());
        if let Some(t) = token {
            r = r.bearer_auth(t);
        }
        let r = r.send().await.unwrap();
        let status = r.status();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    /// FSTMB's secretary previews [`CLEAN`] and imports it; the file's digest.
    pub async fn import_clean(&self, secretary: &str) -> String {
        let (s, dry) = self
            .import(Some(secretary), self.fstmb, "dry_run=true", CLEAN)
            .await;
        assert_eq!(s, StatusCode::OK, "{dry}");
        let digest = dry["digest"].as_str().unwrap().to_string();
        let query = format!("dry_run=false&digest={digest}");
        let (s, done) = self
            .import(Some(secretary), self.fstmb, &query, CLEAN)
            .await;
        assert_eq!(s, StatusCode::OK, "{done}");
        digest
    }

    /// The administrator creates the national assembly `asamblea-1971` and the departmental
    /// `asamblea-oruro` under it.
    pub async fn assemblies(&self) {
        for body in [
            json!({"slug": "asamblea-1971", "name": "Asamblea Popular", "level": "national"}),
            json!({"slug": "asamblea-oruro", "name": "Asamblea de Oruro", "level": "departmental", "department": "Oruro", "parent": "asamblea-1971"}),
        ] {
            let (s, v) = self
                .server
                .post_json(Some(&self.admin), "/api/v1/assemblies", body)
                .await;
            assert_eq!(s, StatusCode::CREATED, "{v}");
        }
    }

    /// PUTs a seat plan for assembly `slug` as `token`.
    pub async fn put_plan(
        &self,
        token: Option<&str>,
        slug: &str,
        body: Value,
    ) -> (StatusCode, Value) {
        let server = &self.server;
        let mut r = server
            .client
            .put(server.at(&format!("/api/v1/assemblies/{slug}/plan")))
            .json(&body);
        if let Some(t) = token {
            r = r.bearer_auth(t);
        }
        let r = r.send().await.unwrap();
        let s = r.status();
        (s, r.json::<Value>().await.unwrap_or(Value::Null))
    }

    /// The plan's version for assembly `slug`.
    pub async fn plan_version(&self, slug: &str) -> Value {
        let path = format!("/api/v1/assemblies/{slug}/plan");
        self.server.get_json(None, &path).await.1["version"].clone()
    }

    pub async fn stop(self) {
        self.server.stop().await;
    }
}

/// A plan for `asamblea-1971` based on version `expected`: 10 voting seats (labour 60, peasants
/// 40), 3 attached and 2 fraternal, at least 1 per organization, D'Hondt.
pub fn plan(expected: i64) -> Value {
    json!({"expected_version": expected, "voting_seats": 10, "attached_seats": 3, "fraternal_seats": 2,
        "min_seats_per_organization": 1, "method": "dhondt", "shares": {"labour": 60, "peasants": 40}})
}
