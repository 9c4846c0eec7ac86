//! Delegates through the real HTTP server: an election by the base with voting codes and secret
//! ballots, credentials (accepted, rejected, lapsed term), cards, check-in and quorum, recall by
//! the governing body and by a members' vote, revocation of a delegation, and who may do what.
//! Each flow runs on SQLite and, when `ASAMBLEA_TEST_POSTGRES` is set, on PostgreSQL.

use crate::common;

use crate::common::{CSRF, TestServer};
use asamblea_app::Actor;
use asamblea_app::actions::accounts::ensure_setup_token::ensure_setup_token;
use asamblea_app::actions::delegates::register_delegate::{NewDelegate, register_delegate};
use asamblea_app::demo::load_demo::load_demo;
use asamblea_app::domain::{AssemblyId, OrganizationId, SeatKind};
use asamblea_store::testing::TestDb;
use asamblea_store::{Backend, on_read, on_tx};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

const SLUG: &str = "asamblea-popular-1971";

struct World {
    server: TestServer,
    http: Client,
    admin: String,
    fstpb: i64,
    fstpb_seats: i64,
    other_org: i64,
}

impl World {
    async fn new(db: &TestDb) -> World {
        assert!(load_demo(&db.store).await.unwrap());
        let server = TestServer::start(db.store.clone()).await;
        let http = Client::new();
        let setup = ensure_setup_token(&db.store).await.unwrap().unwrap();
        let (_, r) = common::post_json_with(
            &http,
            &server.at("/api/v1/setup"),
            None,
            &common::setup_body(&setup),
        )
        .await;
        let admin = r["token"].as_str().unwrap().to_string();
        let seats: Value = http
            .get(server.at(&format!("/api/v1/assemblies/{SLUG}/seats")))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
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
            http,
            admin,
        }
    }

    fn at(&self, p: &str) -> String {
        self.server.at(p)
    }

    async fn post(&self, token: Option<&str>, path: &str, body: Value) -> (StatusCode, Value) {
        common::post_json_with(&self.http, &self.at(path), token, &body).await
    }

    async fn get(&self, path: &str) -> Value {
        let r = self.http.get(self.at(path)).send().await.unwrap();
        assert_eq!(r.status(), 200, "GET {path}");
        r.json().await.unwrap()
    }

    /// An account (created by the admin) and a session token for it.
    async fn account(&self, username: &str, role: &str, org: Option<i64>) -> (i64, String) {
        let (s, created) = self
            .post(Some(&self.admin), "/api/v1/accounts",
                json!({"username": username, "display_name": username, "role": role, "organization_id": org}))
            .await;
        assert_eq!(s, 201, "{created}");
        let token = self.login(created["card_code"].as_str().unwrap()).await;
        (created["id"].as_i64().unwrap(), token)
    }

    async fn login(&self, code: &str) -> String {
        let (s, v) = self
            .post(None, "/api/v1/session", json!({"card_code": code}))
            .await;
        assert_eq!(s, 200, "{v}");
        v["token"].as_str().unwrap().to_string()
    }
}

/// Test-only: members of an organization (the registry's import is another area's work).
async fn add_members(db: &TestDb, org: i64, names: &[&str]) -> Vec<i64> {
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

/// Test-only: an organization's leadership term.
async fn set_term_to(db: &TestDb, org: i64, to: &str) {
    let mut tx = db.store.begin().await.unwrap();
    on_tx!(&mut tx, c => asamblea_store::sqlx::query("UPDATE organizations SET term_to = $1 WHERE id = $2")
        .bind(to).bind(org).execute(&mut **c).await.map(|r| r.rows_affected()))
    .unwrap();
    tx.commit().await.unwrap();
}

fn digest(ballots: &[String]) -> String {
    let mut h = Sha256::new();
    for b in ballots {
        h.update(b.as_bytes());
        h.update(b"\n");
    }
    hex::encode(h.finalize())
}

async fn election_credentials_check_in_and_recall(db: TestDb) {
    let w = World::new(&db).await;
    let seats = w.fstpb_seats;
    assert!((1..=10).contains(&seats), "FSTPB has {seats} seats");
    let (_, secretary) = w.account("sec.fstpb", "secretary", Some(w.fstpb)).await;
    let (_, other_secretary) = w.account("sec.otra", "secretary", Some(w.other_org)).await;
    // 5 per seat (each titular candidate gets 5 first preferences), 1 for each of the two
    // substitutes-to-be, one for a race between two tabs, one who does not vote.
    let n_members = (5 * seats + 4) as usize;
    let names: Vec<String> = (0..n_members)
        .map(|i| format!("Afiliado Petrolero {i}"))
        .collect();
    let refs: Vec<&str> = names.iter().map(|s| s.as_str()).collect();
    let members = add_members(&db, w.fstpb, &refs).await;

    // Another organization's secretary may not open FSTPB's election; its own secretary may.
    let body = json!({"assembly_id": 1, "organization_id": w.fstpb, "method": "scottish-stv", "substitutes": 2});
    let (s, _) = w
        .post(Some(&other_secretary), "/api/v1/elections", body.clone())
        .await;
    assert_eq!(s, 403);
    let (s, v) = w.post(Some(&secretary), "/api/v1/elections", body).await;
    assert_eq!(s, 201, "{v}");
    let eid = v["id"].as_i64().unwrap();

    // Nominations: seats + 2 candidates, in order A, B, C, D...
    let n_cand = (seats + 2) as usize;
    let mut cands = Vec::new();
    for m in &members[..n_cand] {
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
    let (s, v) = w
        .post(
            Some(&secretary),
            &format!("/api/v1/elections/{eid}/candidates"),
            json!({"member_id": members[0]}),
        )
        .await;
    assert_eq!(
        (s, v["error"].as_str()),
        (
            StatusCode::CONFLICT,
            Some("dlg-error-election-already-candidate")
        )
    );

    // Voting codes: one per member, shown once.
    let (s, codes) = w
        .post(
            Some(&secretary),
            &format!("/api/v1/elections/{eid}/voting"),
            json!({}),
        )
        .await;
    assert_eq!(s, 200, "{codes}");
    let codes: Vec<String> = codes
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(codes.len(), names.len());

    // Ballots: every voter ranks all candidates in their order, with one moved to the front:
    // each titular-to-be first on 5 ballots, each of the last two on one. Scottish STV elects
    // the first `seats` at the first stage; the next two follow as substitutes, in order.
    let order = |first: usize| -> Vec<String> {
        let mut v: Vec<usize> = (0..n_cand).collect();
        v.retain(|&i| i != first);
        v.insert(0, first);
        v.iter().map(|&i| cands[i].to_string()).collect()
    };
    let mut firsts: Vec<usize> = (0..seats as usize).flat_map(|i| [i; 5]).collect();
    firsts.extend([n_cand - 2, n_cand - 1]);
    for (code, &first) in codes.iter().zip(firsts.iter()) {
        let (s, v) = w
            .post(
                None,
                "/api/v1/vote",
                json!({"code": code, "choices": order(first)}),
            )
            .await;
        assert_eq!(s, 200, "{v}");
    }
    // Voting twice with the same code: refused, with a clear message.
    let (s, v) = w
        .post(
            None,
            "/api/v1/vote",
            json!({"code": codes[0], "choices": order(1)}),
        )
        .await;
    assert_eq!(
        (s, v["error"].as_str()),
        (StatusCode::CONFLICT, Some("dlg-error-already-voted"))
    );
    // Two tabs at once with the last code: exactly one ballot counts.
    let last = codes[firsts.len()].clone();
    let a = w.post(
        None,
        "/api/v1/vote",
        json!({"code": last, "choices": order(0)}),
    );
    let b = w.post(
        None,
        "/api/v1/vote",
        json!({"code": last.to_lowercase(), "choices": order(3)}),
    );
    let ((sa, _), (sb, _)) = tokio::join!(a, b);
    let mut statuses = [sa.as_u16(), sb.as_u16()];
    statuses.sort();
    assert_eq!(statuses, [200, 409]);
    let (s, _) = w
        .post(
            None,
            "/api/v1/vote",
            json!({"code": "AAAA-BBBB-CCCC", "choices": order(0)}),
        )
        .await;
    assert_eq!(s, 401);
    let live = w.get(&format!("/api/v1/elections/{eid}")).await;
    let voters = firsts.len() as i64 + 1;
    assert_eq!(
        (live["voted"].as_i64(), live["electorate"].as_i64()),
        (Some(voters), Some(n_members as i64))
    );
    // The ballot box is not public while voting goes on.
    let r = w
        .http
        .get(w.at(&format!("/api/v1/elections/{eid}/ballots")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    // No act was appended per ballot.
    let record: Vec<Value> = w
        .get("/api/v1/record?limit=1000")
        .await
        .as_array()
        .unwrap()
        .clone();
    let kinds: Vec<&str> = record.iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert!(!kinds.iter().any(|k| k.contains("ballot")), "{kinds:?}");

    // The ballot table has no voter, no time, no sequence.
    let sql = match db.store.backend() {
        Backend::Sqlite => "SELECT name FROM pragma_table_info('ballots') ORDER BY name",
        Backend::Postgres => {
            "SELECT CAST(column_name AS TEXT) FROM information_schema.columns WHERE table_name = 'ballots' ORDER BY column_name"
        }
    };
    let cols: Vec<String> =
        on_read!(db.store, pool => asamblea_store::sqlx::query_scalar(sql).fetch_all(pool).await)
            .unwrap();
    assert_eq!(cols, ["choices", "election_id", "id"]);
    let ids: Vec<String> = on_read!(db.store, pool => asamblea_store::sqlx::query_scalar("SELECT id FROM ballots").fetch_all(pool).await).unwrap();
    assert!(
        ids.iter()
            .all(|i| i.len() == 32 && i.chars().all(|c| c.is_ascii_hexdigit()))
    );

    // Close: count, publish, delegates and substitutes.
    let (s, _) = w
        .post(
            Some(&other_secretary),
            &format!("/api/v1/elections/{eid}/close"),
            json!({}),
        )
        .await;
    assert_eq!(s, 403);
    let (s, closed) = w
        .post(
            Some(&secretary),
            &format!("/api/v1/elections/{eid}/close"),
            json!({}),
        )
        .await;
    assert_eq!(s, 200, "{closed}");
    assert_eq!(closed["voters"], voters);
    // Closed: the box and the list of who voted no longer lie in the order of voting.
    assert!(
        common::heap_in_key_order(
            &db,
            "SELECT id FROM ballots WHERE election_id = $1 ORDER BY ctid",
            eid
        )
        .await
    );
    assert!(
        common::heap_in_key_order(
            &db,
            "SELECT lpad(CAST(member_id AS TEXT), 12, '0') FROM election_voters WHERE election_id = $1 ORDER BY ctid",
            eid
        )
        .await
    );
    let delegate_ids: Vec<i64> = closed["delegates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_i64().unwrap())
        .collect();
    assert_eq!(delegate_ids.len() as i64, seats + 2);
    let e = w.get(&format!("/api/v1/elections/{eid}")).await;
    assert_eq!(e["status"], "closed");
    let titular: Vec<i64> = e["result"]["titular"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_i64().unwrap())
        .collect();
    let subs: Vec<i64> = e["result"]["substitutes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_i64().unwrap())
        .collect();
    let mut expect_titular = cands[..seats as usize].to_vec();
    let mut got_titular = titular.clone();
    expect_titular.sort();
    got_titular.sort();
    assert_eq!(got_titular, expect_titular, "{}", e["result"]);
    assert_eq!(subs, cands[seats as usize..].to_vec(), "{}", e["result"]);
    assert!(
        !e["result"]["count"]["rounds"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    // The ballots verify against the published digest (here and on the record).
    let ballots: Vec<String> =
        serde_json::from_value(w.get(&format!("/api/v1/elections/{eid}/ballots")).await).unwrap();
    assert_eq!(ballots.len() as i64, voters);
    assert_eq!(digest(&ballots), e["ballot_digest"].as_str().unwrap());
    let record: Vec<Value> = w
        .get("/api/v1/record?limit=1000")
        .await
        .as_array()
        .unwrap()
        .clone();
    let closed_act = record
        .iter()
        .find(|a| a["kind"] == "election.closed")
        .unwrap();
    assert_eq!(closed_act["payload"]["ballot_digest"], e["ballot_digest"]);
    assert_eq!(closed_act["payload"]["voters"], voters);
    let text = serde_json::to_string(&record).unwrap();
    for code in &codes {
        assert!(!text.contains(code.as_str()));
    }
    let list = w
        .get(&format!(
            "/api/v1/assemblies/{SLUG}/delegates?organization_id={}",
            w.fstpb
        ))
        .await;
    let list = list.as_array().unwrap();
    assert_eq!(list.len() as i64, seats + 2);
    assert_eq!(
        list.iter().filter(|d| d["position"] == "titular").count() as i64,
        seats
    );
    let sub1 = list.iter().find(|d| d["substitute_rank"] == 1).unwrap()["id"]
        .as_i64()
        .unwrap();
    let sub2 = list.iter().find(|d| d["substitute_rank"] == 2).unwrap()["id"]
        .as_i64()
        .unwrap();
    let titular_delegates: Vec<i64> = list
        .iter()
        .filter(|d| d["position"] == "titular")
        .map(|d| d["id"].as_i64().unwrap())
        .collect();

    // Credentials: the admin names the commission; only the commission decides.
    let (commission_id, commission) = w.account("comision", "delegate", None).await;
    let t0 = titular_delegates[0];
    let (s, _) = w
        .post(
            Some(&w.admin),
            &format!("/api/v1/delegates/{t0}/accredit"),
            json!({}),
        )
        .await;
    assert_eq!(s, 403, "an administrator is not the commission");
    let (s, _) = w
        .post(
            Some(&w.admin),
            &format!("/api/v1/assemblies/{SLUG}/roles"),
            json!({"account_id": commission_id, "role": "credentials"}),
        )
        .await;
    assert_eq!(s, 204);
    let mut cards = Vec::new();
    for &d in titular_delegates.iter().chain([sub1].iter()) {
        let (s, v) = w
            .post(
                Some(&commission),
                &format!("/api/v1/delegates/{d}/accredit"),
                json!({"reason": "acta de elección"}),
            )
            .await;
        assert_eq!(s, 200, "{v}");
        cards.push(v["card_code"].as_str().unwrap().to_string());
    }
    let (s, v) = w
        .post(
            Some(&commission),
            &format!("/api/v1/delegates/{sub2}/reject"),
            json!({"reason": ""}),
        )
        .await;
    assert_eq!(
        (s, v["error"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("dlg-error-reason-required")
        )
    );
    let (s, _) = w
        .post(
            Some(&commission),
            &format!("/api/v1/delegates/{sub2}/reject"),
            json!({"reason": "no es afiliado activo"}),
        )
        .await;
    assert_eq!(s, 204);
    // A lapsed leadership term: refused.
    set_term_to(&db, w.other_org, "2001-12-31").await;
    let lapsed = register_delegate(
        &db.store,
        &Actor::System,
        NewDelegate {
            assembly_id: AssemblyId(1),
            organization_id: OrganizationId(w.other_org),
            name: "Delegado Vencido".into(),
            member_id: None,
            account_id: None,
            seat_kind: SeatKind::Voting,
            substitute_rank: None,
            election_id: None,
        },
    )
    .await
    .unwrap();
    let (s, v) = w
        .post(
            Some(&commission),
            &format!("/api/v1/delegates/{lapsed}/accredit"),
            json!({}),
        )
        .await;
    assert_eq!(
        (s, v["error"].as_str()),
        (StatusCode::CONFLICT, Some("dlg-error-term-lapsed"))
    );

    // Check-in at the door by the card's code; presence and quorum.
    let delegate_token = w.login(&cards[0]).await;
    let (s, _) = w
        .post(
            Some(&delegate_token),
            &format!("/api/v1/assemblies/{SLUG}/check-in"),
            json!({"code": cards[0]}),
        )
        .await;
    assert_eq!(s, 403, "a delegate does not work the door");
    let (s, v) = w
        .post(
            Some(&commission),
            &format!("/api/v1/assemblies/{SLUG}/check-in"),
            json!({"code": cards[0]}),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(
        (v["delegate_id"].as_i64(), v["already_present"].as_bool()),
        (Some(t0), Some(false))
    );
    let (_, v) = w
        .post(
            Some(&commission),
            &format!("/api/v1/assemblies/{SLUG}/check-in"),
            json!({"code": cards[0]}),
        )
        .await;
    assert_eq!(v["already_present"], true);
    let p = w.get(&format!("/api/v1/assemblies/{SLUG}/presence")).await;
    assert_eq!(
        (p["seated"].as_i64(), p["present"].as_i64()),
        (Some(seats), Some(1))
    );
    // Quorum is counted over the plan's voting seats by default, not the few accredited.
    let plan = p["quorum_members"].as_i64().unwrap();
    assert_eq!(p["quorum_basis"], "plan_seats");
    assert!(plan > seats, "{p}");
    assert_eq!(p["quorum_required"].as_i64(), Some(plan / 2 + 1));
    assert_eq!(p["quorum_met"].as_bool(), Some(false));

    // Recall by the governing body: the first substitute takes the seat at once, accredited.
    let (s, _) = w
        .post(
            Some(&other_secretary),
            &format!("/api/v1/delegates/{t0}/recall"),
            json!({"reference": "Acta 12/1971"}),
        )
        .await;
    assert_eq!(s, 403);
    let (s, v) = w
        .post(
            Some(&secretary),
            &format!("/api/v1/delegates/{t0}/recall"),
            json!({"reference": "Acta 12/1971"}),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["substitute_id"].as_i64(), Some(sub1));
    let me = w
        .http
        .get(w.at("/api/v1/me"))
        .bearer_auth(&delegate_token)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 401, "the recalled delegate's sessions ended");
    let (s, _) = w
        .post(None, "/api/v1/session", json!({"card_code": cards[0]}))
        .await;
    assert_eq!(s, 401, "the recalled delegate's card is void");
    let h = w.get(&format!("/api/v1/delegates/{t0}")).await;
    assert_eq!(h["delegate"]["status"], "recalled");
    let kinds: Vec<&str> = h["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "delegate.registered",
            "election.closed",
            "delegate.accredited",
            "delegate.checked_in",
            "delegate.recalled",
            "delegate.substitute_seated"
        ]
    );
    let h = w.get(&format!("/api/v1/delegates/{sub1}")).await;
    assert_eq!(
        (
            h["delegate"]["position"].as_str(),
            h["delegate"]["status"].as_str()
        ),
        (Some("titular"), Some("accredited"))
    );
    let p = w.get(&format!("/api/v1/assemblies/{SLUG}/presence")).await;
    assert_eq!(
        (p["seated"].as_i64(), p["present"].as_i64()),
        (Some(seats), Some(0))
    );

    // Recall by a vote of the members, where the organization recalls that way.
    let (s, _) = w
        .post(
            Some(&secretary),
            &format!("/api/v1/organizations/{}/recall-method", w.fstpb),
            json!({"recall_by": "members_vote"}),
        )
        .await;
    assert_eq!(s, 204);
    let (s, v) = w
        .post(
            Some(&secretary),
            &format!("/api/v1/delegates/{sub1}/recall"),
            json!({"reference": "Acta 13"}),
        )
        .await;
    assert_eq!(
        (s, v["error"].as_str()),
        (StatusCode::CONFLICT, Some("dlg-error-recall-by-members"))
    );
    let (s, v) = w
        .post(
            Some(&secretary),
            &format!("/api/v1/delegates/{sub1}/recall-vote"),
            json!({}),
        )
        .await;
    assert_eq!(s, 201, "{v}");
    let rid = v["id"].as_i64().unwrap();
    let (_, codes) = w
        .post(
            Some(&secretary),
            &format!("/api/v1/elections/{rid}/voting"),
            json!({}),
        )
        .await;
    let yes = n_members / 2 + 2;
    for (i, c) in codes.as_array().unwrap().iter().enumerate().take(yes + 3) {
        let choice = if i < yes { "yes" } else { "no" };
        let (s, v) = w
            .post(
                None,
                "/api/v1/vote",
                json!({"code": c["code"], "choices": [choice]}),
            )
            .await;
        assert_eq!(s, 200, "{v}");
    }
    let (s, v) = w
        .post(
            Some(&secretary),
            &format!("/api/v1/elections/{rid}/close"),
            json!({}),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["recalled"], true);
    let e = w.get(&format!("/api/v1/elections/{rid}")).await;
    assert_eq!(
        (
            e["result"]["yes"].as_i64(),
            e["result"]["no"].as_i64(),
            e["result"]["passed"].as_bool()
        ),
        (Some(yes as i64), Some(3), Some(true))
    );
    let h = w.get(&format!("/api/v1/delegates/{sub1}")).await;
    assert_eq!(h["delegate"]["status"], "recalled");

    // The assembly revokes the whole delegation.
    let (s, _) = w
        .post(
            Some(&secretary),
            &format!("/api/v1/assemblies/{SLUG}/organizations/{}/revoke", w.fstpb),
            json!({"reference": "Resolución 7"}),
        )
        .await;
    assert_eq!(s, 403);
    let (s, v) = w
        .post(
            Some(&w.admin),
            &format!("/api/v1/assemblies/{SLUG}/organizations/{}/revoke", w.fstpb),
            json!({"reference": "Resolución 7, votación 31"}),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    let list = w
        .get(&format!(
            "/api/v1/assemblies/{SLUG}/delegates?organization_id={}",
            w.fstpb
        ))
        .await;
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .all(|d| d["status"] == "recalled" || d["status"] == "rejected"),
        "{list}"
    );

    // Paper count in another election: marked on the record.
    let (s, v) = w.post(Some(&secretary), "/api/v1/elections", json!({"assembly_id": 1, "organization_id": w.fstpb, "method": "plurality", "substitutes": 1})).await;
    assert_eq!(s, 201, "{v}");
    let pid = v["id"].as_i64().unwrap();
    let mut pc = Vec::new();
    for m in &members[6..9] {
        let (_, v) = w
            .post(
                Some(&secretary),
                &format!("/api/v1/elections/{pid}/candidates"),
                json!({"member_id": m}),
            )
            .await;
        pc.push(v["id"].as_i64().unwrap());
    }
    let lines = json!({"lines": [{"candidate_id": pc[2], "votes": 40}, {"candidate_id": pc[0], "votes": 31}, {"candidate_id": pc[1], "votes": 9}]});
    let (s, v) = w
        .post(
            Some(&secretary),
            &format!("/api/v1/elections/{pid}/paper-count"),
            lines,
        )
        .await;
    assert_eq!(s, 200, "{v}");
    let record: Vec<Value> = w
        .get("/api/v1/record?limit=1000")
        .await
        .as_array()
        .unwrap()
        .clone();
    assert!(
        record
            .iter()
            .any(|a| a["kind"] == "election.closed" && a["payload"]["paper_count"] == true)
    );

    assert!(db.store.verify().await.is_ok());
    w.server.stop().await;
    db.cleanup().await;
}

#[tokio::test]
async fn sqlite_election_credentials_check_in_and_recall() {
    election_credentials_check_in_and_recall(common::sqlite().await).await;
}

#[tokio::test]
async fn postgres_election_credentials_check_in_and_recall() {
    let db = common::postgres().await;
    election_credentials_check_in_and_recall(db).await;
}

enum Body {
    None,
    Json(Value),
    Form(Vec<(&'static str, String)>),
}

async fn try_route(w: &World, token: Option<&str>, method: &str, path: &str, body: &Body) -> u16 {
    let mut r = match method {
        "GET" => w.http.get(w.at(path)),
        _ => w.http.post(w.at(path)),
    };
    if let Some(t) = token {
        r = r.bearer_auth(t);
    }
    r = match body {
        Body::None => r,
        Body::Json(v) => r.json(v),
        Body::Form(fields) => {
            let mut f: Vec<(&str, String)> = vec![("csrf", CSRF.to_string())];
            f.extend(fields.iter().cloned());
            r.header("cookie", format!("csrf={CSRF}")).form(&f)
        }
    };
    r.send().await.unwrap().status().as_u16()
}

/// Every route of the area, tried by every role: the allowed ones are not refused (401/403),
/// the others are.
async fn who_may_do_what(db: TestDb) {
    let w = World::new(&db).await;
    let (_, own) = w.account("sec.fstpb", "secretary", Some(w.fstpb)).await;
    let (_, other) = w.account("sec.otra", "secretary", Some(w.other_org)).await;
    let (commission_id, commission) = w.account("comision", "delegate", None).await;
    let (s, _) = w
        .post(
            Some(&w.admin),
            &format!("/api/v1/assemblies/{SLUG}/roles"),
            json!({"account_id": commission_id, "role": "credentials"}),
        )
        .await;
    assert_eq!(s, 204);
    let m = add_members(&db, w.fstpb, &["Uno", "Dos", "Tres", "Cuatro", "Cinco"]).await;
    // A paper count gives FSTPB three delegates; the commission accredits the first.
    let (_, v) = w.post(Some(&own), "/api/v1/elections", json!({"assembly_id": 1, "organization_id": w.fstpb, "method": "plurality", "substitutes": 0})).await;
    let e1 = v["id"].as_i64().unwrap();
    let mut lines = Vec::new();
    for (i, mid) in m[..3].iter().enumerate() {
        let (_, v) = w
            .post(
                Some(&own),
                &format!("/api/v1/elections/{e1}/candidates"),
                json!({"member_id": mid}),
            )
            .await;
        lines.push(json!({"candidate_id": v["id"], "votes": 30 - i as i64}));
    }
    let (s, ds) = w
        .post(
            Some(&own),
            &format!("/api/v1/elections/{e1}/paper-count"),
            json!({"lines": lines}),
        )
        .await;
    assert_eq!(s, 200, "{ds}");
    let d: Vec<i64> = ds
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_i64().unwrap())
        .collect();
    let (_, v) = w
        .post(
            Some(&commission),
            &format!("/api/v1/delegates/{}/accredit", d[0]),
            json!({}),
        )
        .await;
    let delegate = w.login(v["card_code"].as_str().unwrap()).await;
    let (_, v) = w.post(Some(&own), "/api/v1/elections", json!({"assembly_id": 1, "organization_id": w.fstpb, "method": "approval", "substitutes": 0})).await;
    let e2 = v["id"].as_i64().unwrap();
    let org = w.fstpb;

    let roles: [(&str, Option<&str>); 6] = [
        ("anonymous", None),
        ("delegate", Some(&delegate)),
        ("other-secretary", Some(&other)),
        ("own-secretary", Some(&own)),
        ("commission", Some(&commission)),
        ("admin", Some(&w.admin)),
    ];
    const ALL: &[&str] = &[
        "anonymous",
        "delegate",
        "other-secretary",
        "own-secretary",
        "commission",
        "admin",
    ];
    const ORG: &[&str] = &["own-secretary", "admin"];
    const COMMISSION: &[&str] = &["commission"];
    const DOOR: &[&str] = &["commission", "admin"];
    const ADMIN: &[&str] = &["admin"];
    let j = |v: Value| Body::Json(v);
    let f = |v: &[(&'static str, &str)]| {
        Body::Form(v.iter().map(|(k, x)| (*k, x.to_string())).collect())
    };
    let (d0, d1, d2) = (d[0], d[1], d[2]);
    let cases: Vec<(&str, String, Body, &[&str])> = vec![
        // JSON API: public reads.
        ("GET", format!("/api/v1/elections/{e1}"), Body::None, ALL),
        (
            "GET",
            format!("/api/v1/elections/{e1}/ballots"),
            Body::None,
            ALL,
        ),
        (
            "GET",
            format!("/api/v1/assemblies/{SLUG}/elections"),
            Body::None,
            ALL,
        ),
        (
            "GET",
            format!("/api/v1/assemblies/{SLUG}/delegates"),
            Body::None,
            ALL,
        ),
        (
            "GET",
            format!("/api/v1/assemblies/{SLUG}/presence"),
            Body::None,
            ALL,
        ),
        ("GET", format!("/api/v1/delegates/{d0}"), Body::None, ALL),
        // JSON API: acts. Bodies the allowed roles get past permission with, then are refused
        // for content (422/409) or succeed harmlessly.
        (
            "POST",
            "/api/v1/elections".into(),
            j(
                json!({"assembly_id": 1, "organization_id": org, "method": "bogus", "substitutes": 0}),
            ),
            ORG,
        ),
        (
            "POST",
            format!("/api/v1/elections/{e2}/voting"),
            j(json!({})),
            ORG,
        ),
        (
            "POST",
            format!("/api/v1/elections/{e2}/close"),
            j(json!({})),
            ORG,
        ),
        (
            "POST",
            format!("/api/v1/elections/{e2}/paper-count"),
            j(json!({"lines": []})),
            ORG,
        ),
        (
            "POST",
            format!("/api/v1/elections/{e2}/candidates"),
            j(json!({"member_id": m[4]})),
            ORG,
        ),
        (
            "POST",
            format!("/api/v1/organizations/{org}/recall-method"),
            j(json!({"recall_by": "bogus"})),
            ORG,
        ),
        (
            "POST",
            format!("/api/v1/delegates/{d0}/recall"),
            j(json!({"reference": ""})),
            ORG,
        ),
        (
            "POST",
            format!("/api/v1/delegates/{d0}/recall-vote"),
            j(json!({})),
            ORG,
        ),
        (
            "POST",
            format!("/api/v1/delegates/{d1}/reject"),
            j(json!({"reason": ""})),
            COMMISSION,
        ),
        (
            "POST",
            format!("/api/v1/delegates/{d1}/accredit"),
            j(json!({})),
            COMMISSION,
        ),
        (
            "POST",
            format!("/api/v1/delegates/{d0}/card"),
            j(json!({})),
            COMMISSION,
        ),
        (
            "POST",
            format!("/api/v1/assemblies/{SLUG}/check-in"),
            j(json!({"code": "ZZZZ-ZZZZ-ZZZZ"})),
            DOOR,
        ),
        (
            "POST",
            format!("/api/v1/assemblies/{SLUG}/roles"),
            j(json!({"account_id": commission_id, "role": "bogus"})),
            ADMIN,
        ),
        (
            "POST",
            format!("/api/v1/assemblies/{SLUG}/organizations/{org}/revoke"),
            j(json!({"reference": ""})),
            ADMIN,
        ),
        // Pages: public.
        ("GET", "/vote".into(), Body::None, ALL),
        ("GET", format!("/elections/{e1}"), Body::None, ALL),
        (
            "GET",
            format!("/assemblies/{SLUG}/elections"),
            Body::None,
            ALL,
        ),
        (
            "GET",
            format!("/assemblies/{SLUG}/delegates"),
            Body::None,
            ALL,
        ),
        (
            "GET",
            format!("/assemblies/{SLUG}/presence"),
            Body::None,
            ALL,
        ),
        ("GET", format!("/delegates/{d0}"), Body::None, ALL),
        ("GET", format!("/assemblies/{SLUG}/door"), Body::None, DOOR),
        // Pages: forms.
        (
            "POST",
            format!("/assemblies/{SLUG}/elections"),
            f(&[
                ("organization_id", &org.to_string()),
                ("method", "bogus"),
                ("substitutes", "0"),
            ]),
            ORG,
        ),
        (
            "POST",
            format!("/elections/{e2}/candidates"),
            f(&[("member_id", &m[3].to_string())]),
            ORG,
        ),
        ("POST", format!("/elections/{e2}/close"), f(&[]), ORG),
        ("POST", format!("/elections/{e2}/paper-count"), f(&[]), ORG),
        ("POST", format!("/elections/{e2}/voting"), f(&[]), ORG),
        (
            "POST",
            format!("/organizations/{org}/recall-method"),
            f(&[("recall_by", "bogus"), ("back", "/")]),
            ORG,
        ),
        (
            "POST",
            format!("/delegates/{d0}/recall"),
            f(&[("reference", "")]),
            ORG,
        ),
        ("POST", format!("/delegates/{d0}/recall-vote"), f(&[]), ORG),
        (
            "POST",
            format!("/delegates/{d2}/reject"),
            f(&[("reason", "")]),
            COMMISSION,
        ),
        (
            "POST",
            format!("/delegates/{d2}/accredit"),
            f(&[("reason", "")]),
            COMMISSION,
        ),
        ("POST", format!("/delegates/{d0}/card"), f(&[]), COMMISSION),
        (
            "POST",
            format!("/assemblies/{SLUG}/door"),
            f(&[("code", "ZZZZ-ZZZZ-ZZZZ")]),
            DOOR,
        ),
        (
            "POST",
            format!("/assemblies/{SLUG}/roles"),
            f(&[
                ("account_id", &commission_id.to_string()),
                ("role", "bogus"),
            ]),
            ADMIN,
        ),
        (
            "POST",
            format!("/assemblies/{SLUG}/revoke"),
            f(&[("organization_id", &org.to_string()), ("reference", "")]),
            ADMIN,
        ),
    ];
    let mut wrong = Vec::new();
    for (method, path, body, allowed) in &cases {
        for (role, token) in &roles {
            let status = try_route(&w, *token, method, path, body).await;
            let refused = status == 401 || status == 403;
            let should = allowed.contains(role);
            if refused == should
                || (!should && *role == "anonymous" && status != 401 && *method == "POST")
            {
                wrong.push(format!("{method} {path} as {role}: {status}"));
            }
        }
    }
    // Voting goes by the code, whoever holds the phone: an unknown code is refused for everyone.
    for (role, token) in &roles {
        let s = try_route(
            &w,
            *token,
            "POST",
            "/api/v1/vote",
            &j(json!({"code": "ZZZZ-ZZZZ-ZZZZ", "choices": ["1"]})),
        )
        .await;
        let p = try_route(
            &w,
            *token,
            "POST",
            "/vote",
            &f(&[("code", "ZZZZ-ZZZZ-ZZZZ")]),
        )
        .await;
        if s != 401 || p != 401 {
            wrong.push(format!("vote as {role}: {s} {p}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // Observers see results and histories, never who voted what: the API has no such route.
    let doc = w.get("/api/v1/openapi.json").await;
    let paths: Vec<&String> = doc["paths"].as_object().unwrap().keys().collect();
    assert!(paths.iter().all(|p| !p.contains("voters")), "{paths:?}");
    w.server.stop().await;
    db.cleanup().await;
}

#[tokio::test]
async fn sqlite_who_may_do_what() {
    who_may_do_what(common::sqlite().await).await;
}

#[tokio::test]
async fn postgres_who_may_do_what() {
    let db = common::postgres().await;
    who_may_do_what(db).await;
}

async fn form(w: &World, token: &str, path: &str, fields: &[(&str, &str)]) -> (u16, String) {
    let mut f: Vec<(&str, &str)> = vec![("csrf", CSRF)];
    f.extend_from_slice(fields);
    let r = w
        .http
        .post(w.at(path))
        .bearer_auth(token)
        .header("cookie", format!("csrf={CSRF}"))
        .form(&f)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

async fn page(w: &World, path: &str) -> String {
    let r = w.http.get(w.at(path)).send().await.unwrap();
    assert_eq!(r.status(), 200, "GET {path}");
    r.text().await.unwrap()
}

/// The people's pages: the secretary opens, nominates and starts a vote through forms (the codes
/// list), a member votes with a ranked ballot, the result page shows the rounds; the commission
/// accepts a credential and gets the card; the door checks the delegate in; presence shows it.
async fn pages_for_people(db: TestDb) {
    let w = World::new(&db).await;
    let (_, own) = w.account("sec.fstpb", "secretary", Some(w.fstpb)).await;
    let (commission_id, commission) = w.account("comision", "delegate", None).await;
    let m = add_members(
        &db,
        w.fstpb,
        &["Rosa Condori", "Mario Quispe", "Teresa Mamani"],
    )
    .await;
    let (s, _) = form(
        &w,
        &own,
        &format!("/assemblies/{SLUG}/elections"),
        &[
            ("organization_id", &w.fstpb.to_string()),
            ("method", "meek"),
            ("substitutes", "1"),
        ],
    )
    .await;
    assert_eq!(s, 200);
    let list: Vec<Value> =
        serde_json::from_value(w.get(&format!("/api/v1/assemblies/{SLUG}/elections")).await)
            .unwrap();
    let eid = list[0]["id"].as_i64().unwrap();
    for mid in &m {
        let (s, body) = form(
            &w,
            &own,
            &format!("/elections/{eid}/candidates"),
            &[("member_id", &mid.to_string())],
        )
        .await;
        assert_eq!(s, 200, "{body}");
    }
    let (s, codes_page) = form(&w, &own, &format!("/elections/{eid}/voting"), &[]).await;
    assert_eq!(s, 200);
    let codes: Vec<String> = codes_page
        .split("card-code-small\">")
        .skip(1)
        .map(|p| p.split('<').next().unwrap().to_string())
        .collect();
    assert_eq!(codes.len(), 3, "{codes_page}");
    let e = w.get(&format!("/api/v1/elections/{eid}")).await;
    let cid: Vec<i64> = e["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    // A ranked ballot from the phone form; the same rank twice is sent back with a message.
    let anon = Client::new();
    let cast = |fields: Vec<(String, String)>| {
        let anon = anon.clone();
        let url = w.at("/vote/cast");
        async move {
            let mut f = vec![("csrf".to_string(), CSRF.to_string())];
            f.extend(fields);
            let r = anon
                .post(url)
                .header("cookie", format!("csrf={CSRF}"))
                .form(&f)
                .send()
                .await
                .unwrap();
            (r.status().as_u16(), r.text().await.unwrap())
        }
    };
    let (s, body) = cast(vec![
        ("code".into(), codes[0].clone()),
        (format!("rank_{}", cid[0]), "1".into()),
        (format!("rank_{}", cid[1]), "1".into()),
    ])
    .await;
    assert_eq!(s, 422);
    assert!(body.contains("mismo número"), "{body}");
    for (i, code) in codes.iter().enumerate() {
        let first = if i < 2 { cid[1] } else { cid[2] };
        let (s, body) = cast(vec![
            ("code".into(), code.clone()),
            (format!("rank_{first}"), "1".into()),
            (format!("rank_{}", cid[0]), "2".into()),
        ])
        .await;
        assert_eq!(s, 200, "{body}");
        assert!(body.contains("id=\"vote-done\""));
    }
    let (s, _) = form(&w, &own, &format!("/elections/{eid}/close"), &[]).await;
    assert_eq!(s, 200);
    let result = page(&w, &format!("/elections/{eid}")).await;
    assert!(
        result.contains("id=\"rounds\"") && result.contains("id=\"elected\""),
        "{result}"
    );

    // Credentials through the page: the card with its code and QR code.
    let (s, _) = w
        .post(
            Some(&w.admin),
            &format!("/api/v1/assemblies/{SLUG}/roles"),
            json!({"account_id": commission_id, "role": "credentials"}),
        )
        .await;
    assert_eq!(s, 204);
    let delegates: Vec<Value> =
        serde_json::from_value(w.get(&format!("/api/v1/assemblies/{SLUG}/delegates")).await)
            .unwrap();
    let d0 = delegates
        .iter()
        .find(|d| d["position"] == "titular")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let (s, card) = form(
        &w,
        &commission,
        &format!("/delegates/{d0}/accredit"),
        &[("reason", "acta en regla")],
    )
    .await;
    assert_eq!(s, 200);
    assert!(card.contains("<svg"), "the card has a QR code");
    let code = card
        .split("id=\"card-code-value\">")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_string();
    assert_eq!(code.len(), 14);
    let (s, door) = form(
        &w,
        &commission,
        &format!("/assemblies/{SLUG}/door"),
        &[("code", &code)],
    )
    .await;
    assert_eq!(s, 200);
    assert!(door.contains("id=\"door-ok\""), "{door}");
    let r = w
        .http
        .get(w.at(&format!("/assemblies/{SLUG}/presence")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["refresh"], "15");
    let presence = r.text().await.unwrap();
    assert!(presence.contains("1 presentes de 1"), "{presence}");
    let history = page(&w, &format!("/delegates/{d0}")).await;
    assert!(
        history.contains("Credencial aceptada") && history.contains("Registró su asistencia"),
        "{history}"
    );
    w.server.stop().await;
    db.cleanup().await;
}

#[tokio::test]
async fn sqlite_pages_for_people() {
    pages_for_people(common::sqlite().await).await;
}

#[tokio::test]
async fn postgres_pages_for_people() {
    let db = common::postgres().await;
    pages_for_people(db).await;
}

/// A second election never over-fills the organization's seats nor seats a person twice: with
/// every titular seat held it cannot be opened; once a credential is rejected it fills only the
/// vacant seat; a member who holds a place is refused as a candidate and not offered on the page.
async fn second_election_fills_only_vacant_seats(db: TestDb) {
    let w = World::new(&db).await;
    let (_, own) = w.account("sec.fstpb", "secretary", Some(w.fstpb)).await;
    let (commission_id, commission) = w.account("comision", "delegate", None).await;
    let (s, _) = w
        .post(
            Some(&w.admin),
            &format!("/api/v1/assemblies/{SLUG}/roles"),
            json!({"account_id": commission_id, "role": "credentials"}),
        )
        .await;
    assert_eq!(s, 204);
    let seats = w.fstpb_seats;
    let names: Vec<String> = (0..seats + 3).map(|i| format!("Miembro {i}")).collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let m = add_members(&db, w.fstpb, &refs).await;
    let open = async || {
        w.post(
            Some(&own),
            "/api/v1/elections",
            json!({"assembly_id": 1, "organization_id": w.fstpb,
            "method": "plurality", "substitutes": 0}),
        )
        .await
    };
    // The first election fills every seat (one candidate more than seats loses).
    let (s, v) = open().await;
    assert_eq!(s, 201, "{v}");
    let e1 = v["id"].as_i64().unwrap();
    let mut lines = Vec::new();
    for (i, mid) in m[..seats as usize + 1].iter().enumerate() {
        let (s, v) = w
            .post(
                Some(&own),
                &format!("/api/v1/elections/{e1}/candidates"),
                json!({"member_id": mid}),
            )
            .await;
        assert_eq!(s, 201, "{v}");
        lines.push(json!({"candidate_id": v["id"], "votes": 100 - i as i64}));
    }
    let (s, ds) = w
        .post(
            Some(&own),
            &format!("/api/v1/elections/{e1}/paper-count"),
            json!({"lines": lines}),
        )
        .await;
    assert_eq!(s, 200, "{ds}");
    let elected: Vec<i64> = ds
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_i64().unwrap())
        .collect();
    assert_eq!(elected.len() as i64, seats);

    // No seat vacant: a second election is refused, saying why.
    let (s, v) = open().await;
    assert_eq!(
        (s, v["error"].as_str()),
        (StatusCode::CONFLICT, Some("dlg-error-election-no-vacancy")),
        "{v}"
    );

    // A credential rejected frees one seat: the new election fills only that one.
    let (s, _) = w
        .post(
            Some(&commission),
            &format!("/api/v1/delegates/{}/reject", elected[0]),
            json!({"reason": "no es afiliado activo"}),
        )
        .await;
    assert_eq!(s, 204);
    let (s, v) = open().await;
    assert_eq!(s, 201, "{v}");
    let e2 = v["id"].as_i64().unwrap();
    assert_eq!(
        w.get(&format!("/api/v1/elections/{e2}")).await["titular_seats"],
        1
    );

    // Someone who holds a place is neither offered nor accepted as a candidate.
    let (s, v) = w
        .post(
            Some(&own),
            &format!("/api/v1/elections/{e2}/candidates"),
            json!({"member_id": m[1]}),
        )
        .await;
    assert_eq!(
        (s, v["error"].as_str()),
        (
            StatusCode::CONFLICT,
            Some("dlg-error-election-already-delegate")
        ),
        "{v}"
    );
    let r = w
        .http
        .get(w.at(&format!("/elections/{e2}")))
        .bearer_auth(&own)
        .send()
        .await
        .unwrap();
    let html = r.text().await.unwrap();
    assert!(html.contains("id=\"nominate-member\""), "{html}");
    assert!(
        !html.contains(&format!("<option value=\"{}\">", m[1])),
        "{html}"
    );
    assert!(
        html.contains(&format!("<option value=\"{}\">", m[seats as usize + 1])),
        "{html}"
    );
    let mut lines = Vec::new();
    for (i, mid) in [m[seats as usize + 1], m[seats as usize + 2]]
        .iter()
        .enumerate()
    {
        let (s, v) = w
            .post(
                Some(&own),
                &format!("/api/v1/elections/{e2}/candidates"),
                json!({"member_id": mid}),
            )
            .await;
        assert_eq!(s, 201, "{v}");
        // Nominated once: no longer offered.
        lines.push(json!({"candidate_id": v["id"], "votes": 10 - i as i64}));
    }
    let html = w
        .http
        .get(w.at(&format!("/elections/{e2}")))
        .bearer_auth(&own)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        !html.contains(&format!("<option value=\"{}\">", m[seats as usize + 1])),
        "{html}"
    );
    let (s, ds) = w
        .post(
            Some(&own),
            &format!("/api/v1/elections/{e2}/paper-count"),
            json!({"lines": lines}),
        )
        .await;
    assert_eq!(s, 200, "{ds}");
    assert_eq!(ds.as_array().unwrap().len(), 1);
    let all = w
        .get(&format!(
            "/api/v1/assemblies/{SLUG}/delegates?organization_id={}",
            w.fstpb
        ))
        .await;
    let holding = all
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| {
            d["position"] == "titular" && (d["status"] == "elected" || d["status"] == "accredited")
        })
        .count() as i64;
    assert_eq!(holding, seats, "{all}");
}

#[tokio::test]
async fn sqlite_second_election_fills_only_vacant_seats() {
    second_election_fills_only_vacant_seats(common::sqlite().await).await;
}

#[tokio::test]
async fn postgres_second_election_fills_only_vacant_seats() {
    second_election_fills_only_vacant_seats(common::postgres().await).await;
}

/// A tie broken by lot is shown on the election's page: the round, the tied candidates, that
/// the lot decided, its seed and who was chosen.
async fn tie_by_lot_is_shown(db: TestDb) {
    let w = World::new(&db).await;
    let (_, own) = w.account("sec.fstpb", "secretary", Some(w.fstpb)).await;
    let seats = w.fstpb_seats as usize;
    let names: Vec<String> = (0..=seats).map(|i| format!("Candidata {i}")).collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let m = add_members(&db, w.fstpb, &refs).await;
    let (s, v) = w
        .post(
            Some(&own),
            "/api/v1/elections",
            json!({"assembly_id": 1, "organization_id": w.fstpb,
        "method": "plurality", "substitutes": 0}),
        )
        .await;
    assert_eq!(s, 201, "{v}");
    let eid = v["id"].as_i64().unwrap();
    let mut cands = Vec::new();
    for mid in &m {
        let (s, v) = w
            .post(
                Some(&own),
                &format!("/api/v1/elections/{eid}/candidates"),
                json!({"member_id": mid}),
            )
            .await;
        assert_eq!(s, 201, "{v}");
        cands.push(v["id"].as_i64().unwrap().to_string());
    }
    let (s, codes) = w
        .post(
            Some(&own),
            &format!("/api/v1/elections/{eid}/voting"),
            json!({}),
        )
        .await;
    assert_eq!(s, 200, "{codes}");
    // One ballot for all but the last two: they tie (no votes) for the last seat.
    let code = codes[0]["code"].as_str().unwrap();
    let (s, v) = w
        .post(
            None,
            "/api/v1/vote",
            json!({"code": code, "choices": cands[..seats - 1]}),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    let (s, v) = w
        .post(
            Some(&own),
            &format!("/api/v1/elections/{eid}/close"),
            json!({}),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    let e = w.get(&format!("/api/v1/elections/{eid}")).await;
    let count = &e["result"]["count"];
    let tie = &count["ties"][0];
    assert_eq!(tie["resolved_by"], "lot", "{e}");
    let seed = count["seed"].as_str().unwrap();
    let html = page(&w, &format!("/elections/{eid}")).await;
    let line = format!(
        "empate entre {}, {}; decidido por sorteo (semilla {seed}): {}",
        tie["between"][0].as_str().unwrap(),
        tie["between"][1].as_str().unwrap(),
        tie["chosen"].as_str().unwrap()
    );
    assert!(
        html.contains("id=\"ties\"") && html.contains(&line),
        "{line}\n{html}"
    );
}

#[tokio::test]
async fn sqlite_tie_by_lot_is_shown() {
    tie_by_lot_is_shown(common::sqlite().await).await;
}

#[tokio::test]
async fn postgres_tie_by_lot_is_shown() {
    tie_by_lot_is_shown(common::postgres().await).await;
}
