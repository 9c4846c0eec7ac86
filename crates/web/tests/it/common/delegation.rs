//! Delegates tests' set-up: the demo federation with an administrator (`World`), and an
//! election of FSTPB's delegates by its members (`Election`) taken as far as a test needs:
//! nominated, voting, closed, its delegates accredited by the credentials commission.

use asamblea_app::demo::load_demo::load_demo;
use asamblea_store::testing::TestDb;
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

use super::{SLUG, TestServer, add_members, post_json_with};

/// What accreditation gives: each delegate's login code (collected by the delegate) and badge.
#[derive(Default)]
pub struct Accredited {
    pub cards: Vec<String>,
    pub badges: Vec<String>,
}

pub struct World {
    pub server: TestServer,
    /// No cookie store: each request is only what the test sends.
    pub http: Client,
    pub admin: String,
    /// FSTPB, the organization whose delegates the tests elect, and its seats.
    pub fstpb: i64,
    pub fstpb_seats: i64,
    /// FSTBB, another organization.
    pub other_org: i64,
}

impl World {
    /// The demo loaded, served, with its first administrator.
    pub async fn new(db: &TestDb) -> World {
        assert!(load_demo(&db.store).await.unwrap());
        let server = TestServer::start(db.store.clone()).await;
        let admin = server.admin_token(db).await;
        let seats = super::get(&server, &format!("/api/v1/assemblies/{SLUG}/seats")).await;
        let orgs: Vec<&Value> = seats["sectors"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|s| s["organizations"].as_array().unwrap().iter())
            .collect();
        let find = |short: &str| {
            orgs.iter()
                .find(|o| o["short_name"] == short)
                .copied()
                .unwrap()
        };
        let fstpb = find("FSTPB");
        World {
            fstpb: fstpb["id"].as_i64().unwrap(),
            fstpb_seats: fstpb["seats"].as_i64().unwrap(),
            other_org: find("FSTBB")["id"].as_i64().unwrap(),
            server,
            http: Client::new(),
            admin,
        }
    }

    pub fn at(&self, p: &str) -> String {
        self.server.at(p)
    }

    pub async fn post(&self, token: Option<&str>, path: &str, body: Value) -> (StatusCode, Value) {
        post_json_with(&self.http, &self.at(path), token, &body).await
    }

    /// GETs JSON anonymously; fails the test unless the answer is 200.
    pub async fn get(&self, path: &str) -> Value {
        let r = self.http.get(self.at(path)).send().await.unwrap();
        assert_eq!(r.status(), 200, "GET {path}");
        r.json().await.unwrap()
    }

    /// An account (created by the admin) and a session token for it.
    pub async fn account(&self, username: &str, role: &str, org: Option<i64>) -> (i64, String) {
        self.server.account(&self.admin, username, role, org).await
    }

    pub async fn login(&self, code: &str) -> String {
        self.server.login(code).await
    }

    /// A delegate's card collected on "their phone": the phone asks for a pickup, the commission
    /// approves its number, the phone collects the login code (nobody else sees it).
    pub async fn collect_card(&self, commission: &str, delegate: i64) -> String {
        let (s, p) = self.post(None, "/api/v1/card-pickups", json!({})).await;
        assert_eq!(s, 201, "{p}");
        let (s, v) = self
            .post(
                Some(commission),
                &format!("/api/v1/delegates/{delegate}/card"),
                json!({"pickup": p["number"]}),
            )
            .await;
        assert_eq!(s, 200, "{v}");
        assert!(
            v.get("card_code").is_none(),
            "the commission never sees a login code: {v}"
        );
        let (s, c) = self
            .post(
                None,
                "/api/v1/card-pickups/collect",
                json!({"secret": p["secret"]}),
            )
            .await;
        assert_eq!(s, 200, "{c}");
        c["card_code"].as_str().unwrap().to_string()
    }

    /// The credentials commission: an account the administrator names to it; (id, token).
    pub async fn commission(&self) -> (i64, String) {
        let (id, token) = self.account("comision", "delegate", None).await;
        let (s, v) = self
            .post(
                Some(&self.admin),
                &format!("/api/v1/assemblies/{SLUG}/roles"),
                json!({"account_id": id, "role": "credentials"}),
            )
            .await;
        assert_eq!(s, 204, "{v}");
        (id, token)
    }

    /// FSTPB's delegates as listed for the assembly.
    pub async fn fstpb_delegates(&self) -> Vec<Value> {
        let list = self
            .get(&format!(
                "/api/v1/assemblies/{SLUG}/delegates?organization_id={}",
                self.fstpb
            ))
            .await;
        list.as_array().unwrap().clone()
    }

    pub async fn stop(self) {
        self.server.stop().await;
    }
}

/// FSTPB's election of its delegates (Scottish STV, two substitutes): 5 members per seat plus 4,
/// seats + 2 candidates (the first members, in order).
pub struct Election {
    pub eid: i64,
    /// FSTPB's secretary, who runs it.
    pub secretary: String,
    /// Another organization's secretary.
    pub other_secretary: String,
    pub members: Vec<i64>,
    /// The candidates in order of nomination.
    pub cands: Vec<i64>,
    pub seats: usize,
}

/// The delegation an election registered: titulars, then the ranked substitutes.
pub struct Delegation {
    pub titular: Vec<i64>,
    pub sub1: i64,
    pub sub2: i64,
}

impl Election {
    /// The secretaries; FSTPB's members; the election opened and its candidates nominated.
    pub async fn nominated(w: &World, db: &TestDb) -> Election {
        let seats = w.fstpb_seats as usize;
        assert!((1..=10).contains(&seats), "FSTPB has {seats} seats");
        let (_, secretary) = w.account("sec.fstpb", "secretary", Some(w.fstpb)).await;
        let (_, other_secretary) = w.account("sec.otra", "secretary", Some(w.other_org)).await;
        // 5 per seat (each titular candidate gets 5 first preferences), 1 for each of the two
        // substitutes-to-be, one for a race between two tabs, one who does not vote.
        let names: Vec<String> = (0..5 * seats + 4)
            .map(|i| format!("Afiliado Petrolero {i}"))
            .collect();
        let refs: Vec<&str> = names.iter().map(|s| s.as_str()).collect();
        let members = add_members(db, w.fstpb, &refs).await;
        let (s, v) = w
            .post(Some(&secretary), "/api/v1/elections", Self::request(w))
            .await;
        assert_eq!(s, 201, "{v}");
        let eid = v["id"].as_i64().unwrap();
        let mut cands = Vec::new();
        for m in &members[..seats + 2] {
            let (s, v) = w
                .post(
                    Some(&secretary),
                    &format!("/api/v1/elections/{eid}/candidates"),
                    json!({"member_id": m}),
                )
                .await;
            assert_eq!(s, 201, "{v}");
            cands.push(v["id"].as_i64().unwrap());
        }
        Election {
            eid,
            secretary,
            other_secretary,
            members,
            cands,
            seats,
        }
    }

    /// The request that opens the election.
    pub fn request(w: &World) -> Value {
        json!({"assembly_id": 1, "organization_id": w.fstpb, "method": "scottish-stv", "substitutes": 2})
    }

    /// The secretary starts the vote: one voting code per member, shown once.
    pub async fn codes(&self, w: &World) -> Vec<String> {
        start_voting(w, &self.secretary, self.eid).await
    }

    /// A ballot ranking every candidate in nomination order, with candidate `first` moved to
    /// the front.
    pub fn ranking(&self, first: usize) -> Vec<String> {
        let mut v: Vec<usize> = (0..self.cands.len()).collect();
        v.retain(|&i| i != first);
        v.insert(0, first);
        v.iter().map(|&i| self.cands[i].to_string()).collect()
    }

    /// The first preference of each planned ballot: each titular-to-be first on 5 ballots, each
    /// of the last two candidates on one. Scottish STV elects the first `seats` at the first
    /// stage; the next two follow as substitutes, in order.
    pub fn firsts(&self) -> Vec<usize> {
        let n = self.cands.len();
        let mut firsts: Vec<usize> = (0..self.seats).flat_map(|i| [i; 5]).collect();
        firsts.extend([n - 2, n - 1]);
        firsts
    }

    /// Casts the planned ballots, one per code from the first; how many.
    pub async fn vote(&self, w: &World, codes: &[String]) -> usize {
        let firsts = self.firsts();
        for (code, &first) in codes.iter().zip(firsts.iter()) {
            let (s, v) = w
                .post(
                    None,
                    "/api/v1/vote",
                    json!({"code": code, "choices": self.ranking(first)}),
                )
                .await;
            assert_eq!(s, 200, "{v}");
        }
        firsts.len()
    }

    /// The secretary closes the election; the answer.
    pub async fn close(&self, w: &World) -> Value {
        let (s, closed) = w
            .post(
                Some(&self.secretary),
                &format!("/api/v1/elections/{}/close", self.eid),
                json!({}),
            )
            .await;
        assert_eq!(s, 200, "{closed}");
        closed
    }

    /// Nominated, voted with the planned ballots and closed: the delegation it registered.
    pub async fn closed(w: &World, db: &TestDb) -> (Election, Delegation) {
        let e = Election::nominated(w, db).await;
        let codes = e.codes(w).await;
        e.vote(w, &codes).await;
        e.close(w).await;
        let list = w.fstpb_delegates().await;
        let sub = |rank: i64| {
            list.iter().find(|d| d["substitute_rank"] == rank).unwrap()["id"]
                .as_i64()
                .unwrap()
        };
        let delegation = Delegation {
            titular: list
                .iter()
                .filter(|d| d["position"] == "titular")
                .map(|d| d["id"].as_i64().unwrap())
                .collect(),
            sub1: sub(1),
            sub2: sub(2),
        };
        (e, delegation)
    }
}

impl Delegation {
    /// The commission accredits the titulars and the first substitute; their cards' codes in
    /// that order.
    /// The commission accredits the titulars and substitute 1; each delegate then collects
    /// their card on their own phone. Their login codes (collected by the delegates) and badge
    /// numbers (printed for the door), in that order.
    pub async fn accredit(&self, w: &World, commission: &str) -> Accredited {
        let mut out = Accredited::default();
        for &d in self.titular.iter().chain([self.sub1].iter()) {
            let (s, v) = w
                .post(
                    Some(commission),
                    &format!("/api/v1/delegates/{d}/accredit"),
                    json!({"reason": "acta de elección"}),
                )
                .await;
            assert_eq!(s, 200, "{v}");
            assert!(
                v.get("card_code").is_none(),
                "accreditation shows no login code: {v}"
            );
            out.badges.push(v["badge"].as_str().unwrap().to_string());
            out.cards.push(w.collect_card(commission, d).await);
        }
        out
    }

    /// The commission rejects the second substitute's credential, with `reason`.
    pub async fn reject_sub2(
        &self,
        w: &World,
        commission: &str,
        reason: &str,
    ) -> (StatusCode, Value) {
        w.post(
            Some(commission),
            &format!("/api/v1/delegates/{}/reject", self.sub2),
            json!({"reason": reason}),
        )
        .await
    }
}

/// `secretary` starts the vote of election `eid`: one voting code per member, shown once.
pub async fn start_voting(w: &World, secretary: &str, eid: i64) -> Vec<String> {
    let (s, codes) = w
        .post(
            Some(secretary),
            &format!("/api/v1/elections/{eid}/voting"),
            json!({"confirm": true}),
        )
        .await;
    assert_eq!(s, 200, "{codes}");
    codes
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap().to_string())
        .collect()
}
