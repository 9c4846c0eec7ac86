//! What the hall sees must be true (issue 10): quorum counted over the assembly's quorum basis,
//! shown with its basis wherever it is shown; a vote on an amendment named as such everywhere; a
//! proposer cannot support their own motion. Each runs on SQLite and PostgreSQL.

use crate::common;
use crate::common::hall::{hall, set_quorum_basis};
use crate::common::{SLUG, TestServer};
use asamblea_store::testing::TestDb;
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn post(s: &TestServer, token: &str, path: &str, body: Value) -> (StatusCode, Value) {
    common::post_json_with(&s.client, &s.at(path), Some(token), &body).await
}

/// A session of the demo assembly with its one item open: (session id, item id).
async fn open_session(s: &TestServer, chair: &str, assembly: i64) -> (i64, i64) {
    let (st, v) = post(
        s,
        chair,
        "/api/v1/sessions",
        json!({"assembly_id": assembly, "title": "Sesión"}),
    )
    .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let sid = v["id"].as_i64().unwrap();
    let (_, v) = post(
        s,
        chair,
        &format!("/api/v1/sessions/{sid}/items"),
        json!({"title": "Punto"}),
    )
    .await;
    let item = v["id"].as_i64().unwrap();
    let (st, _) = post(s, chair, &format!("/api/v1/sessions/{sid}/open"), json!({})).await;
    assert_eq!(st, StatusCode::OK);
    let (st, _) = post(s, chair, &format!("/api/v1/items/{item}/open"), json!({})).await;
    assert_eq!(st, StatusCode::OK);
    (sid, item)
}

/// Opens a yes/no vote on the item, has `voters` vote yes, closes it: the close's answer.
async fn yes_vote(s: &TestServer, chair: &str, voters: &[String], sid: i64, item: i64) -> Value {
    let (st, v) = post(
        s,
        chair,
        "/api/v1/votes",
        json!({"session_id": sid, "item_id": item,
        "subject": "procedure", "question": "¿Se aprueba?"}),
    )
    .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let id = v["id"].as_i64().unwrap();
    for d in voters {
        let (st, v) = post(
            s,
            d,
            &format!("/api/v1/votes/{id}/ballots"),
            json!({"choice": "yes"}),
        )
        .await;
        assert_eq!(st, StatusCode::OK, "{v}");
    }
    let (st, mut v) = post(s, chair, &format!("/api/v1/votes/{id}/close"), json!({})).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    v["vote_id"] = json!(id);
    v
}

/// Five accredited delegates, all present and voting yes, do not decide for an assembly of the
/// plan's voting seats: quorum is counted over the plan by default, and every result says over
/// what. The administrator can count over the seats filled or the accredited instead.
async fn quorum_basis(db: TestDb) {
    let s = TestServer::start(db.store.clone()).await;
    let h = hall(&s, &db, 5, 5).await;
    let voters: Vec<String> = h.delegates.iter().map(|d| d.0.clone()).collect();
    let (_, plan) = s
        .get_json(None, &format!("/api/v1/assemblies/{SLUG}/plan"))
        .await;
    let seats = plan["voting_seats"].as_i64().unwrap();
    assert!(seats > 10, "{plan}");

    // Only an administrator sets the basis; an unknown basis is refused.
    let r = s
        .client
        .put(s.at(&format!("/api/v1/assemblies/{SLUG}/quorum-basis")))
        .bearer_auth(&h.chair)
        .json(&json!({"quorum_basis": "accredited"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = s
        .client
        .put(s.at(&format!("/api/v1/assemblies/{SLUG}/quorum-basis")))
        .bearer_auth(&h.admin)
        .json(&json!({"quorum_basis": "delegates"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // The default: seats in the plan. Five present of the plan: no quorum, nothing adopted.
    set_quorum_basis(&s, &h.admin, "plan_seats").await;
    let (sid, item) = open_session(&s, &h.chair, h.assembly).await;
    let v = yes_vote(&s, &h.chair, &voters, sid, item).await;
    let r = &v["result"];
    assert_eq!(r["quorum_basis"], "plan_seats", "{v}");
    assert_eq!(r["seated"], seats, "{v}");
    assert_eq!(r["present"], 5);
    assert_eq!(r["quorum_met"], false);
    assert_eq!(v["passed"], false);
    let vid = v["vote_id"].as_i64().unwrap();
    let page = s.text(&format!("/sessions/votes/{vid}")).await;
    let line = format!("Sin quórum: 5 presentes de {seats} escaños del plan");
    assert!(page.contains(&line), "{page}");
    let projector = s.text(&format!("/assemblies/{SLUG}/projector")).await;
    assert!(projector.contains(&line), "{projector}");
    let minutes = s.text(&format!("/sessions/{sid}/minutes")).await;
    assert!(minutes.contains(&line), "{minutes}");
    let presence = s.text(&format!("/assemblies/{SLUG}/presence")).await;
    assert!(
        presence.contains(&format!("de {seats} escaños del plan")),
        "{presence}"
    );

    // Seats filled: the five titulars elected or accredited; quorum met.
    set_quorum_basis(&s, &h.admin, "filled_seats").await;
    let v = yes_vote(&s, &h.chair, &voters, sid, item).await;
    assert_eq!(v["result"]["quorum_basis"], "filled_seats", "{v}");
    assert_eq!(v["result"]["seated"], 5);
    assert_eq!(v["passed"], true);
    let vid = v["vote_id"].as_i64().unwrap();
    let page = s.text(&format!("/sessions/votes/{vid}")).await;
    assert!(
        page.contains("Quórum alcanzado: 5 presentes de 5 escaños ocupados"),
        "{page}"
    );

    // The setting and its changes are on the record.
    let (_, acts) = s.get_json(None, "/api/v1/record?after=0&limit=1000").await;
    let set: Vec<&Value> = acts
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["kind"] == "assembly.quorum_basis_set")
        .collect();
    assert_eq!(set.len(), 3, "{set:?}");
    assert_eq!(set[2]["payload"]["quorum_basis"], "filled_seats");

    // The seat plan page offers the setting to an administrator.
    let admin_plan = s
        .text_as(&h.admin, &format!("/assemblies/{SLUG}/plan"))
        .await;
    assert!(admin_plan.contains("id=\"quorum-basis\""), "{admin_plan}");
    assert!(
        admin_plan.contains("<option value=\"filled_seats\" selected>"),
        "{admin_plan}"
    );
}

#[tokio::test]
async fn sqlite_quorum_basis() {
    quorum_basis(common::sqlite().await).await;
}

#[tokio::test]
async fn postgres_quorum_basis() {
    quorum_basis(common::postgres().await).await;
}

/// An amendment's vote names the amendment and the motion ("Enmienda 7 a la moción 4: …") on the
/// vote page, the item, the session, the projector (with its result) and the minutes; the
/// motion's own vote keeps its title. A proposer cannot support their own motion, and the page
/// offers them no support button.
async fn amendment_votes_and_own_support(db: TestDb) {
    let s = TestServer::start(db.store.clone()).await;
    let h = hall(&s, &db, 4, 4).await;
    let d = |i: usize| h.delegates[i].0.clone();
    let (st, v) = post(
        &s,
        &h.chair,
        "/api/v1/sessions",
        json!({"assembly_id": h.assembly, "title": "Sesión", "min_supporters": 1}),
    )
    .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let sid = v["id"].as_i64().unwrap();
    let (_, v) = post(
        &s,
        &h.chair,
        &format!("/api/v1/sessions/{sid}/items"),
        json!({"title": "Punto"}),
    )
    .await;
    let item = v["id"].as_i64().unwrap();
    post(
        &s,
        &h.chair,
        &format!("/api/v1/sessions/{sid}/open"),
        json!({}),
    )
    .await;
    post(
        &s,
        &h.chair,
        &format!("/api/v1/items/{item}/open"),
        json!({}),
    )
    .await;
    let (st, v) = post(
        &s,
        &d(0),
        "/api/v1/motions",
        json!({"item_id": item, "title": "Huelga general",
        "body": "Primero.\n\nSegundo."}),
    )
    .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let motion = v["id"].as_i64().unwrap();
    let (st, v) = post(
        &s,
        &d(1),
        "/api/v1/motions",
        json!({"item_id": item, "parent_id": motion,
        "op": "replace", "paragraph": 2, "body": "Segundo, enmendado."}),
    )
    .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let amendment = v["id"].as_i64().unwrap();

    // Supporting one's own motion is refused with a clear message; others may support it.
    let (st, v) = post(
        &s,
        &d(0),
        &format!("/api/v1/motions/{motion}/support"),
        json!({}),
    )
    .await;
    assert_eq!(
        (st, v["error"].as_str()),
        (StatusCode::CONFLICT, Some("error-ses-support-own")),
        "{v}"
    );
    let (st, v) = post(
        &s,
        &d(1),
        &format!("/api/v1/motions/{amendment}/support"),
        json!({}),
    )
    .await;
    assert_eq!(st, StatusCode::CONFLICT, "{v}");
    let page = s.text_as(&d(0), &format!("/sessions/items/{item}")).await;
    assert!(
        !page.contains(&format!("/sessions/motions/{motion}/support")),
        "{page}"
    );
    assert!(
        page.contains(&format!("/sessions/motions/{amendment}/support")),
        "{page}"
    );
    for (m, who) in [(motion, 2), (amendment, 2)] {
        let (st, v) = post(
            &s,
            &d(who),
            &format!("/api/v1/motions/{m}/support"),
            json!({}),
        )
        .await;
        assert_eq!(st, StatusCode::OK, "{v}");
    }

    // The amendment's vote: adopted, and named as the amendment everywhere.
    let (st, v) = post(
        &s,
        &h.chair,
        "/api/v1/votes",
        json!({"session_id": sid, "subject": "motion", "motion_id": amendment}),
    )
    .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let vid = v["id"].as_i64().unwrap();
    let title = format!("Enmienda {amendment} a la moción {motion}: Huelga general");
    let projector = s.text(&format!("/assemblies/{SLUG}/projector")).await;
    assert!(projector.contains(&title), "{projector}");
    for i in 0..4 {
        post(
            &s,
            &d(i),
            &format!("/api/v1/votes/{vid}/ballots"),
            json!({"choice": "yes"}),
        )
        .await;
    }
    let (st, v) = post(
        &s,
        &h.chair,
        &format!("/api/v1/votes/{vid}/close"),
        json!({}),
    )
    .await;
    assert_eq!((st, &v["passed"]), (StatusCode::OK, &json!(true)), "{v}");
    let (_, v) = s.get_json(None, &format!("/api/v1/votes/{vid}")).await;
    assert_eq!(v["amends"], motion, "{v}");
    for path in [
        format!("/sessions/votes/{vid}"),
        format!("/sessions/items/{item}"),
        format!("/sessions/{sid}"),
        format!("/sessions/{sid}/minutes"),
    ] {
        let page = s.text(&path).await;
        assert!(page.contains(&title), "{path}: {page}");
    }
    let projector = s.text(&format!("/assemblies/{SLUG}/projector")).await;
    let result = projector
        .split("id=\"projector-result\"")
        .nth(1)
        .expect(&projector);
    assert!(
        result.contains(&title) && result.contains("APROBADA"),
        "{projector}"
    );

    // The motion's own vote carries the motion's title.
    let (st, v) = post(
        &s,
        &h.chair,
        "/api/v1/votes",
        json!({"session_id": sid, "subject": "motion", "motion_id": motion}),
    )
    .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let page = s.text(&format!("/sessions/votes/{}", v["id"])).await;
    assert!(page.contains("<h1>Huelga general</h1>"), "{page}");
}

#[tokio::test]
async fn sqlite_amendment_votes_and_own_support() {
    amendment_votes_and_own_support(common::sqlite().await).await;
}

#[tokio::test]
async fn postgres_amendment_votes_and_own_support() {
    amendment_votes_and_own_support(common::postgres().await).await;
}
