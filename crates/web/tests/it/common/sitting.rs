//! A sitting for session tests: a hall (`hall`) with a session planned by the chair, opened,
//! and the first of its two agenda items open; and the steps the tests take from there
//! (speakers, motions, votes), each a plain request that checks only what the next step needs.

use asamblea_app::Actor;
use asamblea_app::actions::delegates::check_in::check_in;
use asamblea_app::actions::delegates::check_out::check_out;
use asamblea_app::domain::{AssemblyId, DelegateId};
use asamblea_store::testing::TestDb;
use reqwest::StatusCode;
use serde_json::{Value, json};

use super::hall::{Hall, hall};
use super::{TestServer, get, post};

/// The hall of the session tests: 25 seated delegates, so the quorum is 13.
pub const SEATED: usize = 25;

pub struct Sitting {
    pub s: TestServer,
    pub h: Hall,
    /// The session.
    pub sid: i64,
    /// "Aprobación del orden del día", open.
    pub item1: i64,
    /// "Huelga general en caso de golpe", planned.
    pub item2: i64,
}

/// A motion by a delegation (three paragraphs) and its amendments: 1 replaces §2 (by delegate
/// 1), 2 inserts after §3 (by delegate 2), 1a amends amendment 1 (by delegate 3).
pub struct Motions {
    pub motion: i64,
    pub am1: i64,
    pub am2: i64,
    pub am1a: i64,
}

/// The chair plans the session: 120 s to speak, first-time speakers first, five speakers per
/// organization, two supporters per motion. Its id.
pub async fn plan(s: &TestServer, h: &Hall) -> i64 {
    let (st, v) = post(s, &h.chair, "/api/v1/sessions", json!({
        "assembly_id": h.assembly, "title": "Primera sesión", "planned_at": "1971-06-22 10:00",
        "speaking_seconds": 120, "first_time_first": true, "quota_kind": "organization", "quota": 5, "min_supporters": 2
    })).await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    v["id"].as_i64().unwrap()
}

/// The chair adds an agenda item to session `sid`; its id.
pub async fn add_item(s: &TestServer, h: &Hall, sid: i64, item: Value) -> i64 {
    let (st, v) = post(s, &h.chair, &format!("/api/v1/sessions/{sid}/items"), item).await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    v["id"].as_i64().unwrap()
}

/// Asserts a 200 answer; the answer.
fn ok((st, v): (StatusCode, Value)) -> Value {
    assert_eq!(st, StatusCode::OK, "{v}");
    v
}

impl Sitting {
    /// `seated` delegates, the first `present` checked in; the session planned and opened, its
    /// first item open.
    pub async fn open(db: &TestDb, seated: usize, present: usize) -> Sitting {
        let s = TestServer::start(db.store.clone()).await;
        let h = hall(&s, db, seated, present).await;
        let sid = plan(&s, &h).await;
        let item1 = add_item(&s, &h, sid, json!({"title": "Aprobación del orden del día", "planned_start": "10:00", "planned_minutes": 15})).await;
        let item2 = add_item(&s, &h, sid, json!({"title": "Huelga general en caso de golpe", "planned_start": "10:15", "planned_minutes": 120, "links": "https://example.org/tesis.pdf"})).await;
        ok(post(
            &s,
            &h.chair,
            &format!("/api/v1/sessions/{sid}/open"),
            json!({}),
        )
        .await);
        ok(post(
            &s,
            &h.chair,
            &format!("/api/v1/items/{item1}/open"),
            json!({}),
        )
        .await);
        Sitting {
            s,
            h,
            sid,
            item1,
            item2,
        }
    }

    /// Delegate `i`'s session token.
    pub fn d(&self, i: usize) -> String {
        self.h.delegates[i].0.clone()
    }

    /// Checks delegates `from..to` in at the door.
    pub async fn check_in(&self, db: &TestDb, from: usize, to: usize) {
        for i in from..to {
            check_in(
                &db.store,
                &Actor::System,
                AssemblyId(self.h.assembly),
                DelegateId(self.h.delegates[i].1),
            )
            .await
            .unwrap();
        }
    }

    /// Checks delegate `i` out at the door (they were in).
    pub async fn check_out(&self, db: &TestDb, i: usize) {
        let (assembly, delegate) = (
            AssemblyId(self.h.assembly),
            DelegateId(self.h.delegates[i].1),
        );
        let gone = check_out(&db.store, &Actor::System, assembly, delegate).await;
        assert!(gone.unwrap(), "delegate {i} was not checked in");
    }

    /// Closes item 1 and opens item 2.
    pub async fn to_item2(&self) {
        let chair = &self.h.chair;
        let (item1, item2) = (self.item1, self.item2);
        ok(post(
            &self.s,
            chair,
            &format!("/api/v1/items/{item1}/close"),
            json!({}),
        )
        .await);
        ok(post(
            &self.s,
            chair,
            &format!("/api/v1/items/{item2}/open"),
            json!({}),
        )
        .await);
    }

    /// The chair opens a vote of this session (`vote` without its `session_id`); its id.
    pub async fn open_vote(&self, mut vote: Value) -> i64 {
        vote["session_id"] = json!(self.sid);
        let (st, v) = post(&self.s, &self.h.chair, "/api/v1/votes", vote).await;
        assert_eq!(st, StatusCode::CREATED, "{v}");
        v["id"].as_i64().unwrap()
    }

    /// The agenda vote on item 1, by `majority` if given; its id.
    pub async fn agenda_vote(&self, majority: Option<&str>) -> i64 {
        let mut vote = json!({"item_id": self.item1, "subject": "agenda", "question": "¿Se aprueba el orden del día?"});
        if let Some(m) = majority {
            vote["majority"] = json!(m);
        }
        self.open_vote(vote).await
    }

    /// A vote on a motion or amendment, with `extra` fields (secret, majority); its id.
    pub async fn motion_vote(&self, motion: i64, extra: Value) -> i64 {
        let mut vote = json!({"subject": "motion", "motion_id": motion});
        for (k, v) in extra.as_object().into_iter().flatten() {
            vote[k] = v.clone();
        }
        self.open_vote(vote).await
    }

    /// Delegate `i` casts `choice` in `vote`: the status and the answer.
    pub async fn cast(&self, i: usize, vote: i64, choice: &str) -> (StatusCode, Value) {
        let path = format!("/api/v1/votes/{vote}/ballots");
        post(&self.s, &self.d(i), &path, json!({"choice": choice})).await
    }

    /// Delegate `i` casts `choices[i]` in `vote`, each accepted.
    pub async fn cast_all(&self, vote: i64, choices: &[&str]) {
        for (i, choice) in choices.iter().enumerate() {
            ok(self.cast(i, vote, choice).await);
        }
    }

    /// The chair closes `vote`; the answer.
    pub async fn close_vote(&self, vote: i64) -> Value {
        ok(post(
            &self.s,
            &self.h.chair,
            &format!("/api/v1/votes/{vote}/close"),
            json!({}),
        )
        .await)
    }

    /// The item as the API shows it (the floor, the waiting list, its version).
    pub async fn item(&self, item: i64) -> Value {
        get(&self.s, &format!("/api/v1/items/{item}")).await
    }

    /// Delegate `i` asks to speak on item 2 (`kind`: for, against, other, order).
    pub async fn ask_to_speak(&self, i: usize, kind: &str) -> (StatusCode, Value) {
        let path = format!("/api/v1/items/{}/speakers", self.item2);
        post(&self.s, &self.d(i), &path, json!({"kind": kind})).await
    }

    /// Twenty speakers on item 2 (delegates 0 to 18 and 20: for, against, other in turn, four
    /// per delegation), then a point of order by delegate 19.
    pub async fn ask_twenty_and_a_point_of_order(&self) {
        for i in (0..19).chain([20]) {
            let kind = ["for", "against", "other"][i % 3];
            let (st, v) = self.ask_to_speak(i, kind).await;
            assert_eq!(st, StatusCode::CREATED, "speaker {i}: {v}");
        }
        let (st, v) = self.ask_to_speak(19, "order").await;
        assert_eq!(st, StatusCode::CREATED, "{v}");
    }

    /// The chair gives the floor on item 2 to the next speaker, `n` times.
    pub async fn call_next(&self, n: usize) {
        let path = format!("/api/v1/items/{}/speakers/next", self.item2);
        for _ in 0..n {
            ok(post(&self.s, &self.h.chair, &path, json!({})).await);
        }
    }

    /// The motion and its three amendments on item 2.
    pub async fn motions(&self) -> Motions {
        let item2 = self.item2;
        let propose = async |i: usize, motion: Value| {
            let (st, v) = post(&self.s, &self.d(i), "/api/v1/motions", motion).await;
            assert_eq!(st, StatusCode::CREATED, "{v}");
            v["id"].as_i64().unwrap()
        };
        let motion = propose(0, json!({"item_id": item2, "title": "Huelga general", "by_delegation": true,
            "body": "En caso de golpe, huelga general.\n\nLos sindicatos ocupan los centros de trabajo.\n\nLa Asamblea se declara en sesión permanente."})).await;
        let am1 = propose(1, json!({"item_id": item2, "parent_id": motion, "op": "replace", "paragraph": 2,
            "body": "Los sindicatos y las comunidades ocupan los centros de trabajo.\n\nSe forman milicias."})).await;
        let am2 = propose(2, json!({"item_id": item2, "parent_id": motion, "op": "insert", "paragraph": 3, "body": "Se suspenden las clases."})).await;
        let am1a = propose(3, json!({"item_id": item2, "parent_id": am1, "op": "replace", "paragraph": 2, "body": "Se forman comités de defensa."})).await;
        Motions {
            motion,
            am1,
            am2,
            am1a,
        }
    }

    /// Two supporters (delegates 5 and 6) for the motion and each amendment.
    pub async fn support(&self, m: &Motions) {
        for motion in [m.motion, m.am1, m.am2, m.am1a] {
            for i in 5..7 {
                let path = format!("/api/v1/motions/{motion}/support");
                ok(post(&self.s, &self.d(i), &path, json!({})).await);
            }
        }
    }

    /// Amendment 1a in an open vote: delegates 0 to 13 yes, 14 to 18 abstain, and the teller
    /// enters delegate 19's yes. Passes; its id.
    pub async fn amendment_1a_with_the_teller(&self, m: &Motions) -> i64 {
        self.mark_via_teller(19).await;
        let vote = self.motion_vote(m.am1a, json!({})).await;
        let choices: Vec<&str> = (0..19)
            .map(|i| if i < 14 { "yes" } else { "abstain" })
            .collect();
        self.cast_all(vote, &choices).await;
        let path = format!("/api/v1/votes/{vote}/ballots");
        let by_teller = json!({"choice": "yes", "delegate_id": self.h.delegates[19].1});
        ok(post(&self.s, &self.h.teller, &path, by_teller).await);
        vote
    }

    /// The chair marks delegate `i` (who has no phone) as voting through a teller, on the
    /// record, before a vote opens.
    pub async fn mark_via_teller(&self, i: usize) {
        let via = format!("/api/v1/delegates/{}/via-teller", self.h.delegates[i].1);
        ok(post(&self.s, &self.h.chair, &via, json!({"via_teller": true})).await);
    }

    /// `motion` put to an open vote of delegates 0 to 19 with `extra` fields: the first `yes`
    /// vote yes, the others no. The vote's id and the close's answer.
    pub async fn decide(&self, motion: i64, extra: Value, yes: usize) -> (i64, Value) {
        let vote = self.motion_vote(motion, extra).await;
        let choices: Vec<&str> = (0..20)
            .map(|i| if i < yes { "yes" } else { "no" })
            .collect();
        self.cast_all(vote, &choices).await;
        let closed = self.close_vote(vote).await;
        (vote, closed)
    }

    pub async fn stop(self) {
        self.s.stop().await;
    }
}
