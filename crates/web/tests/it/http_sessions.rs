//! A scripted session of the demo assembly through the real HTTP server: the agenda, twenty
//! speakers with a point of order, first-time speakers first, a quota and the chair reordering;
//! a motion with two amendments (and an amendment to an amendment), supporters and a
//! recommendation; open (roll-call) and secret votes, one that fails its quorum and one that
//! passes; the numbered resolution with its amendments merged; the minutes against the record.
//! Refusals: voting after the close, for someone else, twice (also concurrently), amending a
//! closed item, stale pages (API and HTML, 409 with the current state). A server restart in the
//! middle of a secret vote loses no acknowledged ballot. Each runs on SQLite and PostgreSQL.

use crate::common;

use crate::common::TestServer;
use crate::common::hall::hall;
use asamblea_app::Actor;
use asamblea_app::actions::delegates::check_in::check_in;
use asamblea_app::actions::sessions::close_vote::ballot_box_digest;
use asamblea_app::domain::{AssemblyId, DelegateId};
use asamblea_store::on_read;
use asamblea_store::testing::TestDb;
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn post(s: &TestServer, token: &str, path: &str, body: Value) -> (StatusCode, Value) {
    let r = s
        .client
        .post(s.at(path))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = r.status();
    let v = r.json::<Value>().await.unwrap_or(Value::Null);
    (status, v)
}

async fn get(s: &TestServer, path: &str) -> Value {
    s.client
        .get(s.at(path))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// The whole record, page by page.
async fn whole_record(s: &TestServer) -> Vec<Value> {
    let mut all: Vec<Value> = Vec::new();
    loop {
        let after = all
            .last()
            .map(|e| e["position"].as_i64().unwrap())
            .unwrap_or(0);
        let page: Vec<Value> = get(s, &format!("/api/v1/record?after={after}&limit=1000"))
            .await
            .as_array()
            .unwrap()
            .clone();
        if page.is_empty() {
            return all;
        }
        all.extend(page);
    }
}

async fn scripted_session(db: TestDb) {
    let mut s = TestServer::start(db.store.clone()).await;
    // 25 seated delegates; 12 present at first (the quorum is 13).
    let h = hall(&s, &db, 25, 12).await;
    let d = |i: usize| h.delegates[i].0.clone();

    // A delegate cannot plan a session; the chair can.
    let (st, v) = post(
        &s,
        &d(0),
        "/api/v1/sessions",
        json!({"assembly_id": h.assembly, "title": "X"}),
    )
    .await;
    assert_eq!(st, StatusCode::FORBIDDEN, "{} {v:?}", h.assembly);
    let (st, v) = post(&s, &h.chair, "/api/v1/sessions", json!({
        "assembly_id": h.assembly, "title": "Primera sesión", "planned_at": "1971-06-22 10:00",
        "speaking_seconds": 120, "first_time_first": true, "quota_kind": "organization", "quota": 5, "min_supporters": 2
    })).await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let sid = v["id"].as_i64().unwrap();
    let (_, v) = post(&s, &h.chair, &format!("/api/v1/sessions/{sid}/items"), json!({"title": "Aprobación del orden del día", "planned_start": "10:00", "planned_minutes": 15})).await;
    let item1 = v["id"].as_i64().unwrap();
    let (st, v) = post(&s, &h.chair, &format!("/api/v1/sessions/{sid}/items"), json!({"title": "Huelga general en caso de golpe", "planned_start": "10:15", "planned_minutes": 120, "links": "https://example.org/tesis.pdf"})).await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let item2 = v["id"].as_i64().unwrap();
    let (st, _) = post(
        &s,
        &h.chair,
        &format!("/api/v1/sessions/{sid}/items"),
        json!({"title": "Mal", "links": "javascript:alert(1)"}),
    )
    .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);

    // The chair reorders the agenda: a third item moved up above the second.
    let (_, v) = post(
        &s,
        &h.chair,
        &format!("/api/v1/sessions/{sid}/items"),
        json!({"title": "Varios"}),
    )
    .await;
    let item3 = v["id"].as_i64().unwrap();
    let (st, v) = post(
        &s,
        &h.chair,
        &format!("/api/v1/items/{item3}/move"),
        json!({"up": true}),
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let titles: Vec<String> = get(&s, &format!("/api/v1/sessions/{sid}")).await["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["title"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        titles,
        [
            "Aprobación del orden del día",
            "Varios",
            "Huelga general en caso de golpe"
        ]
    );
    // Opening with a stale version is refused with the current state.
    let version = get(&s, &format!("/api/v1/sessions/{sid}")).await["session"]["version"]
        .as_i64()
        .unwrap();
    let (st, v) = post(
        &s,
        &h.chair,
        &format!("/api/v1/sessions/{sid}/open"),
        json!({"version": version - 1}),
    )
    .await;
    assert_eq!(st, StatusCode::CONFLICT);
    assert_eq!(v["error"], "error-ses-stale");
    assert_eq!(v["current"]["session"]["status"], "planned");
    let (st, _) = post(
        &s,
        &h.chair,
        &format!("/api/v1/sessions/{sid}/open"),
        json!({"version": version}),
    )
    .await;
    assert_eq!(st, StatusCode::OK);
    let (st, _) = post(
        &s,
        &h.chair,
        &format!("/api/v1/items/{item1}/open"),
        json!({}),
    )
    .await;
    assert_eq!(st, StatusCode::OK);

    // The agenda vote without quorum: 12 of 25 present.
    let (st, v) = post(&s, &h.chair, "/api/v1/votes", json!({"session_id": sid, "item_id": item1, "subject": "agenda", "question": "¿Se aprueba el orden del día?"})).await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let agenda1 = v["id"].as_i64().unwrap();
    for i in 0..12 {
        let (st, v) = post(
            &s,
            &d(i),
            &format!("/api/v1/votes/{agenda1}/ballots"),
            json!({"choice": "yes"}),
        )
        .await;
        assert_eq!(st, StatusCode::OK, "{v}");
    }
    // An absent delegate cannot vote.
    let (st, v) = post(
        &s,
        &d(20),
        &format!("/api/v1/votes/{agenda1}/ballots"),
        json!({"choice": "yes"}),
    )
    .await;
    assert_eq!(
        (st, v["error"].as_str()),
        (StatusCode::CONFLICT, Some("error-ses-not-present"))
    );
    // The projector shows progress, never choices, while the vote is open.
    let projector = s.text("/assemblies/asamblea-popular-1971/projector").await;
    assert!(
        projector.contains("12 de 12 presentes han votado"),
        "{projector}"
    );
    assert!(!projector.contains("APROBADA"));
    // Its live stream starts at the record's head as the page was made, so no act is missed.
    let (_, head) = s.get_json(None, "/api/v1/record/head").await;
    let head = head["position"].as_i64().expect("head position");
    assert!(
        projector.contains(&format!("data-live-after=\"{head}\"")),
        "the projector's stream starts at {head}"
    );
    let (st, v) = post(
        &s,
        &h.chair,
        &format!("/api/v1/votes/{agenda1}/close"),
        json!({}),
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(v["result"]["quorum_met"], false);
    assert_eq!(v["result"]["quorum_required"], 13);
    assert_eq!(v["result"]["yes"], 12);
    assert_eq!(v["passed"], false);

    // Eight more check in: 20 present. The agenda passes.
    for i in 12..20 {
        let (assembly, delegate) = (AssemblyId(h.assembly), DelegateId(h.delegates[i].1));
        check_in(&db.store, &Actor::System, assembly, delegate)
            .await
            .unwrap();
    }
    let (_, v) = post(&s, &h.chair, "/api/v1/votes", json!({"session_id": sid, "item_id": item1, "subject": "agenda", "question": "¿Se aprueba el orden del día?", "majority": "absolute"})).await;
    let agenda2 = v["id"].as_i64().unwrap();
    for i in 0..20 {
        let choice = if i < 15 { "yes" } else { "no" };
        let (st, v) = post(
            &s,
            &d(i),
            &format!("/api/v1/votes/{agenda2}/ballots"),
            json!({"choice": choice}),
        )
        .await;
        assert_eq!(st, StatusCode::OK, "{v}");
    }
    let (_, v) = post(
        &s,
        &h.chair,
        &format!("/api/v1/votes/{agenda2}/close"),
        json!({}),
    )
    .await;
    assert_eq!(v["result"]["quorum_met"], true);
    assert_eq!(
        v["result"]["required_yes"], 13,
        "absolute majority of 25 seated"
    );
    assert_eq!(v["passed"], true);
    // The roll-call is public, by name, grouped by organization and sector.
    let rc = get(&s, &format!("/api/v1/votes/{agenda2}")).await;
    assert_eq!(rc["roll_call"].as_array().unwrap().len(), 20);
    assert!(
        rc["roll_call"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["name"] == "Delegado 15" && r["choice"] == "no")
    );
    assert!(!rc["by_organization"].as_array().unwrap().is_empty());
    assert!(!rc["by_sector"].as_array().unwrap().is_empty());
    // Voting after the close is refused, with the closed vote as the current state.
    let (st, v) = post(
        &s,
        &d(0),
        &format!("/api/v1/votes/{agenda2}/ballots"),
        json!({"choice": "no"}),
    )
    .await;
    assert_eq!(
        (st, v["error"].as_str()),
        (StatusCode::CONFLICT, Some("error-ses-vote-closed"))
    );
    assert_eq!(v["current"]["status"], "closed");
    let (st, _) = post(
        &s,
        &h.chair,
        &format!("/api/v1/items/{item1}/close"),
        json!({}),
    )
    .await;
    assert_eq!(st, StatusCode::OK);

    // Item 2: twenty speakers (four per delegation), then a point of order.
    let (st, _) = post(
        &s,
        &h.chair,
        &format!("/api/v1/items/{item2}/open"),
        json!({}),
    )
    .await;
    assert_eq!(st, StatusCode::OK);
    for i in (0..19).chain([20]) {
        let kind = ["for", "against", "other"][i % 3];
        let (st, v) = post(
            &s,
            &d(i),
            &format!("/api/v1/items/{item2}/speakers"),
            json!({"kind": kind}),
        )
        .await;
        assert_eq!(st, StatusCode::CREATED, "speaker {i}: {v}");
    }
    // Asking twice is refused.
    let (st, v) = post(
        &s,
        &d(3),
        &format!("/api/v1/items/{item2}/speakers"),
        json!({"kind": "for"}),
    )
    .await;
    assert_eq!(
        (st, v["error"].as_str()),
        (StatusCode::CONFLICT, Some("error-ses-already-asked"))
    );
    // A point of order goes first.
    let (st, _) = post(
        &s,
        &d(19),
        &format!("/api/v1/items/{item2}/speakers"),
        json!({"kind": "order"}),
    )
    .await;
    assert_eq!(st, StatusCode::CREATED);
    let it = get(&s, &format!("/api/v1/items/{item2}")).await;
    let waiting = it["waiting"].as_array().unwrap();
    assert_eq!(waiting.len(), 21);
    assert_eq!(waiting[0]["kind"], "order");
    assert_eq!(waiting[0]["name"], "Delegado 19");
    assert_eq!(waiting[1]["name"], "Delegado 00");
    // The chair calls the point of order; the same (now stale) version is refused with the list.
    let version = it["item"]["version"].as_i64().unwrap();
    let (st, v) = post(
        &s,
        &h.chair,
        &format!("/api/v1/items/{item2}/speakers/next"),
        json!({"version": version}),
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let (st, v) = post(
        &s,
        &h.chair,
        &format!("/api/v1/items/{item2}/speakers/next"),
        json!({"version": version}),
    )
    .await;
    assert_eq!(
        (st, v["error"].as_str()),
        (StatusCode::CONFLICT, Some("error-ses-stale"))
    );
    assert_eq!(v["current"]["floor"]["speaker"]["kind"], "order");
    post(
        &s,
        &h.chair,
        &format!("/api/v1/items/{item2}/speakers/next"),
        json!({}),
    )
    .await;
    let it = get(&s, &format!("/api/v1/items/{item2}")).await;
    let floor = &it["floor"];
    assert_eq!(floor["speaker"]["name"], "Delegado 00");
    // The countdown: the server gives the start and the end (start + 120 s).
    let started = floor["speaker"]["started_at"].as_str().unwrap();
    let ends = floor["ends_at"].as_str().unwrap();
    let t = |x: &str| {
        time::OffsetDateTime::parse(x, &time::format_description::well_known::Rfc3339).unwrap()
    };
    assert!(
        (119..=120).contains(&(t(ends) - t(started)).whole_seconds()),
        "{started} {ends}"
    );
    for _ in 0..5 {
        post(
            &s,
            &h.chair,
            &format!("/api/v1/items/{item2}/speakers/next"),
            json!({}),
        )
        .await;
    }
    // The quota: delegation 0 has had its five (0, 5, 10, 15, 20).
    let (st, v) = post(
        &s,
        &d(0),
        &format!("/api/v1/items/{item2}/speakers"),
        json!({"kind": "other"}),
    )
    .await;
    assert_eq!(
        (st, v["error"].as_str()),
        (StatusCode::CONFLICT, Some("error-ses-quota-full"))
    );
    // Delegado 04 has spoken and asks again; Delegado 24 asks for the first time after them.
    let (st, v) = post(
        &s,
        &d(4),
        &format!("/api/v1/items/{item2}/speakers"),
        json!({"kind": "other"}),
    )
    .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let (st, v) = post(
        &s,
        &d(24),
        &format!("/api/v1/items/{item2}/speakers"),
        json!({"kind": "for"}),
    )
    .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let it = get(&s, &format!("/api/v1/items/{item2}")).await;
    assert_eq!(it["floor"]["speaker"]["name"], "Delegado 05");
    let names: Vec<&str> = it["waiting"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names[names.len() - 2..],
        ["Delegado 24", "Delegado 04"],
        "first-time speakers first: {names:?}"
    );
    // The chair moves the repeat speaker up.
    let last = it["waiting"].as_array().unwrap().last().unwrap()["id"]
        .as_i64()
        .unwrap();
    let version = it["item"]["version"].as_i64().unwrap();
    let (st, v) = post(
        &s,
        &h.chair,
        &format!("/api/v1/speakers/{last}/move"),
        json!({"up": true, "version": version}),
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let it = get(&s, &format!("/api/v1/items/{item2}")).await;
    let names: Vec<&str> = it["waiting"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names[names.len() - 2..],
        ["Delegado 04", "Delegado 24"],
        "{names:?}"
    );
    // Delegado 24 takes their name off the list; nobody else may.
    let d24 = it["waiting"].as_array().unwrap().last().unwrap()["id"]
        .as_i64()
        .unwrap();
    let (st, _) = post(
        &s,
        &d(3),
        &format!("/api/v1/speakers/{d24}/withdraw"),
        json!({}),
    )
    .await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    let (st, _) = post(
        &s,
        &d(24),
        &format!("/api/v1/speakers/{d24}/withdraw"),
        json!({}),
    )
    .await;
    assert_eq!(st, StatusCode::OK);
    let it = get(&s, &format!("/api/v1/items/{item2}")).await;
    assert!(
        it["waiting"]
            .as_array()
            .unwrap()
            .iter()
            .all(|w| w["name"] != "Delegado 24")
    );
    // The chair closes the list: no more requests.
    post(
        &s,
        &h.chair,
        &format!("/api/v1/items/{item2}/speakers/list"),
        json!({"open": false}),
    )
    .await;
    let (st, v) = post(
        &s,
        &d(23),
        &format!("/api/v1/items/{item2}/speakers"),
        json!({"kind": "for"}),
    )
    .await;
    assert_eq!(
        (st, v["error"].as_str()),
        (StatusCode::CONFLICT, Some("error-ses-list-closed"))
    );
    // A stale HTML form gets a 409 page with the current state.
    let page = s
        .text_as(&h.chair, &format!("/sessions/items/{item2}"))
        .await;
    let csrf = page
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let r = s
        .client
        .post(s.at(&format!("/sessions/items/{item2}/next")))
        .bearer_auth(&h.chair)
        .form(&[("csrf", csrf.as_str()), ("version", "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let body = r.text().await.unwrap();
    assert!(
        body.contains("desactualizada") && body.contains("Delegado 05"),
        "{body}"
    );

    // A motion by a delegation, three paragraphs.
    let (st, v) = post(&s, &d(0), "/api/v1/motions", json!({"item_id": item2, "title": "Huelga general", "by_delegation": true,
        "body": "En caso de golpe, huelga general.\n\nLos sindicatos ocupan los centros de trabajo.\n\nLa Asamblea se declara en sesión permanente."})).await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let motion = v["id"].as_i64().unwrap();
    // Amendment 1 replaces §2; amendment 2 inserts after §3; amendment 1a amends amendment 1.
    let (st, v) = post(&s, &d(1), "/api/v1/motions", json!({"item_id": item2, "parent_id": motion, "op": "replace", "paragraph": 2,
        "body": "Los sindicatos y las comunidades ocupan los centros de trabajo.\n\nSe forman milicias."})).await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let am1 = v["id"].as_i64().unwrap();
    let (st, v) = post(&s, &d(2), "/api/v1/motions", json!({"item_id": item2, "parent_id": motion, "op": "insert", "paragraph": 3, "body": "Se suspenden las clases."})).await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let am2 = v["id"].as_i64().unwrap();
    let (st, v) = post(&s, &d(3), "/api/v1/motions", json!({"item_id": item2, "parent_id": am1, "op": "replace", "paragraph": 2, "body": "Se forman comités de defensa."})).await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let am1a = v["id"].as_i64().unwrap();
    let (st, v) = post(
        &s,
        &d(3),
        "/api/v1/motions",
        json!({"item_id": item2, "parent_id": motion, "op": "delete", "paragraph": 9, "body": ""}),
    )
    .await;
    assert_eq!(
        (st, v["error"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("error-ses-bad-paragraph")
        )
    );
    let (st, v) = post(&s, &d(3), "/api/v1/motions", json!({"item_id": item2, "parent_id": motion, "parent_version": 1, "op": "delete", "paragraph": 1})).await;
    assert_eq!(
        (st, v["error"].as_str()),
        (StatusCode::CONFLICT, Some("error-ses-stale")),
        "the motion changed since version 1"
    );
    // Not enough supporters yet.
    let (st, v) = post(
        &s,
        &h.chair,
        "/api/v1/votes",
        json!({"session_id": sid, "subject": "motion", "motion_id": am1a}),
    )
    .await;
    assert_eq!(
        (st, v["error"].as_str()),
        (
            StatusCode::CONFLICT,
            Some("error-ses-not-enough-supporters")
        )
    );
    for m in [motion, am1, am2, am1a] {
        for i in 5..7 {
            let (st, v) = post(
                &s,
                &d(i),
                &format!("/api/v1/motions/{m}/support"),
                json!({}),
            )
            .await;
            assert_eq!(st, StatusCode::OK, "{v}");
        }
    }
    let (st, _) = post(
        &s,
        &h.chair,
        &format!("/api/v1/motions/{am1}/recommend"),
        json!({"recommendation": "adopt", "by": "Comisión política"}),
    )
    .await;
    assert_eq!(st, StatusCode::OK);

    // Amendments come first: amendment 1 cannot be put to the vote while 1a, which amends it,
    // is pending; nor the motion while its amendments are.
    for m in [am1, motion] {
        let (st, v) = post(
            &s,
            &h.chair,
            "/api/v1/votes",
            json!({"session_id": sid, "subject": "motion", "motion_id": m}),
        )
        .await;
        assert_eq!(
            (st, v["error"].as_str()),
            (StatusCode::CONFLICT, Some("error-ses-amendments-pending")),
            "{m}"
        );
    }

    // Amendment 1a: open vote, teller enters one delegate's vote; passes.
    let (_, v) = post(
        &s,
        &h.chair,
        "/api/v1/votes",
        json!({"session_id": sid, "subject": "motion", "motion_id": am1a}),
    )
    .await;
    let v1a = v["id"].as_i64().unwrap();
    for i in 0..19 {
        post(
            &s,
            &d(i),
            &format!("/api/v1/votes/{v1a}/ballots"),
            json!({"choice": if i < 14 { "yes" } else { "abstain" }}),
        )
        .await;
    }
    // Voting for someone else is refused; a teller may.
    let (st, v) = post(
        &s,
        &d(0),
        &format!("/api/v1/votes/{v1a}/ballots"),
        json!({"choice": "no", "delegate_id": h.delegates[19].1}),
    )
    .await;
    assert_eq!(
        (st, v["error"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("error-ses-vote-for-other")
        )
    );
    let (st, v) = post(
        &s,
        &h.teller,
        &format!("/api/v1/votes/{v1a}/ballots"),
        json!({"choice": "yes", "delegate_id": h.delegates[19].1}),
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    // Twice: refused.
    let (st, v) = post(
        &s,
        &d(0),
        &format!("/api/v1/votes/{v1a}/ballots"),
        json!({"choice": "no"}),
    )
    .await;
    assert_eq!(
        (st, v["error"].as_str()),
        (StatusCode::CONFLICT, Some("error-ses-already-voted"))
    );
    let (_, v) = post(
        &s,
        &h.chair,
        &format!("/api/v1/votes/{v1a}/close"),
        json!({}),
    )
    .await;
    assert_eq!(v["passed"], true, "{v}");
    assert_eq!(v["result"]["by_teller"], 1);
    let rc = get(&s, &format!("/api/v1/votes/{v1a}")).await;
    assert!(
        rc["roll_call"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["name"] == "Delegado 19" && r["by_teller"] == 1)
    );

    // Amendment 1: SECRET vote, with a server restart in the middle.
    let (_, v) = post(&s, &h.chair, "/api/v1/votes", json!({"session_id": sid, "subject": "motion", "motion_id": am1, "secret": true, "majority": "two-thirds"})).await;
    let v1 = v["id"].as_i64().unwrap();
    // Two ballots from the same delegate at once: exactly one counts.
    let path = format!("/api/v1/votes/{v1}/ballots");
    let d0 = d(0);
    let (a, b) = tokio::join!(
        post(&s, &d0, &path, json!({"choice": "yes"})),
        post(&s, &d0, &path, json!({"choice": "yes"}))
    );
    let mut statuses = [a.0, b.0];
    statuses.sort();
    assert_eq!(
        statuses,
        [StatusCode::OK, StatusCode::CONFLICT],
        "{a:?} {b:?}"
    );
    for i in 1..10 {
        let (st, _) = post(&s, &d(i), &path, json!({"choice": "yes"})).await;
        assert_eq!(st, StatusCode::OK);
    }
    let h_tokens: Vec<String> = h.delegates.iter().map(|x| x.0.clone()).collect();
    s.stop().await;
    s = TestServer::start(db.store.clone()).await;
    assert_eq!(
        get(&s, &format!("/api/v1/votes/{v1}")).await["voted"],
        10,
        "every acknowledged ballot survived the restart"
    );
    for (i, tok) in h_tokens.iter().enumerate().take(20).skip(10) {
        let choice = if i < 17 { "yes" } else { "no" };
        let (st, v) = post(&s, tok, &path, json!({"choice": choice})).await;
        assert_eq!(st, StatusCode::OK, "{v}");
    }
    let (_, closed) = post(
        &s,
        &h.chair,
        &format!("/api/v1/votes/{v1}/close"),
        json!({}),
    )
    .await;
    assert_eq!(closed["passed"], true, "{closed}");
    let sv = get(&s, &format!("/api/v1/votes/{v1}")).await;
    assert_eq!(sv["voted"], 20);
    assert!(
        sv.get("roll_call").is_none(),
        "a secret vote has no roll-call"
    );
    assert_eq!(sv["voters"].as_array().unwrap().len(), 20);
    let box_: Vec<(String, String)> = serde_json::from_value(sv["ballot_box"].clone()).unwrap();
    assert_eq!(box_.len(), 20);
    let yes = box_.iter().filter(|(_, c)| c == "yes").count();
    assert_eq!((yes, closed["result"]["yes"].as_u64().unwrap()), (17, 17));
    assert_eq!(sv["digest"].as_str().unwrap(), ballot_box_digest(&box_));
    // Nowhere a link from a ballot to a delegate: no voter column; the record has only counts.
    let casts: Vec<(i64, Option<String>)> = on_read!(db.store, pool => asamblea_store::sqlx::query_as("SELECT delegate_id, choice FROM vote_casts WHERE vote_id = $1").bind(v1).fetch_all(pool).await).unwrap();
    assert!(casts.iter().all(|(_, c)| c.is_none()));
    let record: Vec<Value> = whole_record(&s).await;
    for e in record
        .iter()
        .filter(|e| e["kind"] == "vote.ballot_cast" && e["payload"]["vote_id"] == v1)
    {
        assert!(e["actor"].is_null(), "{e}");
        assert!(
            e["payload"].get("delegate_id").is_none() && e["payload"].get("choice").is_none(),
            "{e}"
        );
    }

    // Amendment 2: rejected.
    let (_, v) = post(
        &s,
        &h.chair,
        "/api/v1/votes",
        json!({"session_id": sid, "subject": "motion", "motion_id": am2}),
    )
    .await;
    let v2 = v["id"].as_i64().unwrap();
    for (i, tok) in h_tokens.iter().enumerate().take(20) {
        post(
            &s,
            tok,
            &format!("/api/v1/votes/{v2}/ballots"),
            json!({"choice": if i < 5 { "yes" } else { "no" }}),
        )
        .await;
    }
    let (_, v) = post(
        &s,
        &h.chair,
        &format!("/api/v1/votes/{v2}/close"),
        json!({}),
    )
    .await;
    assert_eq!(v["passed"], false);

    // The motion: two thirds, open vote; becomes Resolución N.º 1 with the amendments merged.
    let (_, v) = post(&s, &h.chair, "/api/v1/votes", json!({"session_id": sid, "subject": "motion", "motion_id": motion, "majority": "two-thirds"})).await;
    let vm = v["id"].as_i64().unwrap();
    for (i, tok) in h_tokens.iter().enumerate().take(20) {
        post(
            &s,
            tok,
            &format!("/api/v1/votes/{vm}/ballots"),
            json!({"choice": if i < 18 { "yes" } else { "no" }}),
        )
        .await;
    }
    let (_, v) = post(
        &s,
        &h.chair,
        &format!("/api/v1/votes/{vm}/close"),
        json!({}),
    )
    .await;
    assert_eq!(v["passed"], true, "{v}");
    assert_eq!(v["resolution"], 1);
    let res = get(&s, "/api/v1/assemblies/asamblea-popular-1971/resolutions").await;
    assert_eq!(res[0]["number"], 1);
    assert_eq!(
        res[0]["body"],
        "En caso de golpe, huelga general.\n\nLos sindicatos y las comunidades ocupan los centros de trabajo.\n\nSe forman comités de defensa.\n\nLa Asamblea se declara en sesión permanente."
    );
    let rid = res[0]["id"].as_i64().unwrap();
    let (st, _) = post(
        &s,
        &h.chair,
        &format!("/api/v1/resolutions/{rid}/follow-up"),
        json!({"follow_up": "in_progress"}),
    )
    .await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(
        get(&s, "/api/v1/assemblies/asamblea-popular-1971/resolutions").await[0]["follow_up"],
        "in_progress"
    );

    // Close the item; amending it now is refused.
    let (st, v) = post(
        &s,
        &h.chair,
        &format!("/api/v1/items/{item2}/close"),
        json!({}),
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let (st, v) = post(
        &s,
        &d(4),
        "/api/v1/motions",
        json!({"item_id": item2, "parent_id": motion, "op": "delete", "paragraph": 1}),
    )
    .await;
    assert_eq!(
        (st, v["error"].as_str()),
        (StatusCode::CONFLICT, Some("error-ses-item-closed"))
    );
    assert_eq!(v["current"]["item"]["status"], "closed");

    // Close the session; the minutes name the closing act's position and hash.
    let (st, v) = post(
        &s,
        &h.chair,
        &format!("/api/v1/sessions/{sid}/close"),
        json!({}),
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let position = v["position"].as_i64().unwrap();
    let record: Vec<Value> = whole_record(&s).await;
    let closing = record
        .iter()
        .find(|e| e["position"] == position)
        .expect("closing act on the record");
    assert_eq!(closing["kind"], "session.closed");
    assert!(
        record
            .iter()
            .filter(|e| e["kind"].as_str().unwrap_or("").starts_with("session.")
                || e["kind"].as_str().unwrap_or("").starts_with("vote.")
                || e["kind"].as_str().unwrap_or("").starts_with("motion."))
            .all(|e| e["scope"] == format!("assembly:{}", h.assembly))
    );
    let minutes = s.text(&format!("/sessions/{sid}/minutes")).await;
    assert!(
        minutes.contains(closing["hash"].as_str().unwrap()),
        "the minutes name the closing hash"
    );
    assert!(minutes.contains(&format!("hasta la posición {position}")));
    assert!(minutes.contains("Resolución N.º 1"));
    assert!(minutes.contains("Se forman comités de defensa."));
    assert!(minutes.contains("20 presentes de 25 miembros con voto."));
    assert!(
        minutes.contains("Delegado 15: No"),
        "roll-call by name in the minutes"
    );
    assert!(
        minutes.contains("Sin quórum: 12 presentes de 25 delegados acreditados (se requieren 13).")
    );
    assert!(minutes.contains("registrado por escrutador"));
    assert!(
        minutes.contains("Delegado 19 (") && minutes.contains("cuestión de orden"),
        "speakers in the minutes"
    );
    // The pages render.
    for p in [
        format!("/sessions/{sid}"),
        format!("/sessions/items/{item2}"),
        format!("/sessions/votes/{v1}"),
        "/assemblies/asamblea-popular-1971/sessions".to_string(),
        "/assemblies/asamblea-popular-1971/projector".to_string(),
    ] {
        let r = s
            .client
            .get(s.at(&p))
            .bearer_auth(&h_tokens[0])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{p}");
    }
    let report = db.store.verify().await.unwrap();
    assert_eq!(
        report.last_position,
        record.last().unwrap()["position"].as_i64().unwrap()
    );
    let _ = &h.admin;
    s.stop().await;
}

#[tokio::test]
async fn sqlite_scripted_session() {
    scripted_session(common::sqlite().await).await;
}

#[tokio::test]
async fn postgres_scripted_session() {
    let db = common::postgres().await;
    scripted_session(db).await;
}

/// Votes among options: plurality (the default), a majority for the leading option, a tie that
/// decides nothing, and approval; and the result as the item page shows it.
async fn choice_votes(db: TestDb) {
    let s = TestServer::start(db.store.clone()).await;
    // 10 seated, 8 present: the quorum (6) is met.
    let h = hall(&s, &db, 10, 8).await;
    let d = |i: usize| h.delegates[i].0.clone();
    let (_, v) = post(
        &s,
        &h.chair,
        "/api/v1/sessions",
        json!({"assembly_id": h.assembly, "title": "Elección de la mesa"}),
    )
    .await;
    let sid = v["id"].as_i64().unwrap();
    let (_, v) = post(
        &s,
        &h.chair,
        &format!("/api/v1/sessions/{sid}/items"),
        json!({"title": "Presidencia"}),
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

    // Permission comes before the input: a delegate sending a bad vote is told "forbidden",
    // not what is wrong with it.
    let (st, v) = post(
        &s,
        &d(0),
        "/api/v1/votes",
        json!({"session_id": sid, "item_id": item, "subject": "procedure", "question": "?", "majority": "plurality"}),
    )
    .await;
    assert_eq!(st, StatusCode::FORBIDDEN, "{v}");
    // A yes/no vote cannot be decided by plurality.
    let (st, v) = post(
        &s,
        &h.chair,
        "/api/v1/votes",
        json!({"session_id": sid, "item_id": item, "subject": "procedure",
        "question": "¿Se aprueba?", "majority": "plurality"}),
    )
    .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");

    // Runs one vote: `choices[i]` is delegate i's ballot; returns the close's answer.
    let run = async |method: &str, majority: Option<&str>, choices: &[&str]| -> Value {
        let mut body = json!({"session_id": sid, "item_id": item, "subject": "procedure", "question": "¿Quién preside?",
            "method": method, "options": ["Ana", "Beto", "Carla"]});
        if let Some(m) = majority {
            body["majority"] = json!(m);
        }
        let (st, v) = post(&s, &h.chair, "/api/v1/votes", body).await;
        assert_eq!(st, StatusCode::CREATED, "{v}");
        let id = v["id"].as_i64().unwrap();
        for (i, c) in choices.iter().enumerate() {
            let (st, v) = post(
                &s,
                &d(i),
                &format!("/api/v1/votes/{id}/ballots"),
                json!({"choice": c}),
            )
            .await;
            assert_eq!(st, StatusCode::OK, "{v}");
        }
        let (st, v) = post(
            &s,
            &h.chair,
            &format!("/api/v1/votes/{id}/close"),
            json!({}),
        )
        .await;
        assert_eq!(st, StatusCode::OK, "{v}");
        v
    };
    // Plurality: Ana 3, Beto 2, Carla 1 — Ana.
    let v = run("choose_one", None, &["0", "0", "0", "1", "1", "2"]).await;
    assert_eq!(
        (v["passed"].as_bool(), v["result"]["winner"].as_i64()),
        (Some(true), Some(0)),
        "{v}"
    );
    assert_eq!(v["result"]["majority"], "plurality");
    // The same ballots under a simple majority: Ana leads with 3 of 6 but needs 4.
    let v = run(
        "choose_one",
        Some("simple"),
        &["0", "0", "0", "1", "1", "2"],
    )
    .await;
    assert_eq!(v["passed"], false, "{v}");
    assert_eq!(
        (
            v["result"]["leader"].as_i64(),
            v["result"]["required"].as_i64()
        ),
        (Some(0), Some(4))
    );
    assert!(v["result"]["winner"].is_null());
    // A tie for the most votes decides nothing.
    let v = run("choose_one", None, &["0", "0", "1", "1", "2"]).await;
    assert_eq!(v["passed"], false, "{v}");
    assert_eq!(v["result"]["tied"], json!([0, 1]));
    // Approval with a simple majority: Ana approved on 3 of 4 ballots (needs 3).
    let v = run("approval", Some("simple"), &["0,1", "0", "2,0", "1"]).await;
    assert_eq!(
        (v["passed"].as_bool(), v["result"]["winner"].as_i64()),
        (Some(true), Some(0)),
        "{v}"
    );
    assert_eq!(v["result"]["counts"], json!([3, 2, 1]));

    // The hall votes at once (the server commits ballots that arrive together in one
    // transaction): delegate 0 twice. Exactly one ballot per delegate counts, each is answered,
    // and the record numbers the ballots 1..=8 with no voter named.
    let (_, v) = post(
        &s,
        &h.chair,
        "/api/v1/votes",
        json!({"session_id": sid, "item_id": item, "subject": "procedure",
        "question": "¿Huelga?", "secret": true}),
    )
    .await;
    let secret = v["id"].as_i64().unwrap();
    let path = format!("/api/v1/votes/{secret}/ballots");
    let mut senders: Vec<usize> = (0..8).collect();
    senders.push(0);
    let answers = futures_util::future::join_all(
        senders
            .iter()
            .map(|i| post(&s, &h.delegates[*i].0, &path, json!({"choice": "yes"}))),
    )
    .await;
    let ok = answers
        .iter()
        .filter(|(st, _)| *st == StatusCode::OK)
        .count();
    let twice: Vec<&Value> = answers
        .iter()
        .filter(|(st, _)| *st == StatusCode::CONFLICT)
        .map(|(_, v)| v)
        .collect();
    assert_eq!((ok, twice.len()), (8, 1), "{answers:?}");
    assert_eq!(twice[0]["error"], "error-ses-already-voted");
    let record = whole_record(&s).await;
    let mut counts: Vec<i64> = record
        .iter()
        .filter(|e| e["kind"] == "vote.ballot_cast" && e["payload"]["vote_id"] == secret)
        .map(|e| {
            assert!(
                e["actor"].is_null() && e["payload"].get("delegate_id").is_none(),
                "{e}"
            );
            e["payload"]["voted"].as_i64().unwrap()
        })
        .collect();
    counts.sort_unstable();
    assert_eq!(counts, (1..=8).collect::<Vec<i64>>());
    let (_, v) = post(
        &s,
        &h.chair,
        &format!("/api/v1/votes/{secret}/close"),
        json!({}),
    )
    .await;
    assert_eq!(
        (v["result"]["yes"].as_i64(), v["passed"].as_bool()),
        (Some(8), Some(true)),
        "{v}"
    );
    // Closed: the box and the list of who voted no longer lie in the order of voting.
    assert!(
        common::heap_in_key_order(
            &db,
            "SELECT ballot_id FROM secret_ballots WHERE vote_id = $1 ORDER BY ctid",
            secret
        )
        .await
    );
    assert!(
        common::heap_in_key_order(
            &db,
            "SELECT lpad(CAST(delegate_id AS TEXT), 12, '0') FROM vote_casts WHERE vote_id = $1 ORDER BY ctid",
            secret
        )
        .await
    );

    // The item page states the tie (Spanish by default).
    let page = s.text_as(&d(0), &format!("/sessions/items/{item}")).await;
    assert!(page.contains("Empate en el primer lugar"), "{page}");
    assert!(page.contains("más votos"), "the majority is named");
    s.stop().await;
}

#[tokio::test]
async fn sqlite_choice_votes() {
    choice_votes(common::sqlite().await).await;
}

#[tokio::test]
async fn postgres_choice_votes() {
    let db = common::postgres().await;
    choice_votes(db).await;
}

/// A form post keeps the status of its refusal: something that does not exist is a 404 (not a
/// 403), a value outside its closed set is refused when the form is read (422), and a refusal
/// of the permission stays a 403. The API, too, refuses such a value as it reads the body.
async fn form_refusals_keep_their_status(db: TestDb) {
    let s = TestServer::start(db.store.clone()).await;
    let h = hall(&s, &db, 3, 3).await;
    let form = async |token: &str, path: &str, fields: &[(&str, &str)]| -> StatusCode {
        let mut all = vec![("csrf", common::CSRF)];
        all.extend_from_slice(fields);
        s.client
            .post(s.at(path))
            .bearer_auth(token)
            .header("cookie", format!("csrf={}", common::CSRF))
            .form(&all)
            .send()
            .await
            .unwrap()
            .status()
    };
    let missing = 999_999;
    // The chair updates a resolution that does not exist.
    let path = format!("/sessions/resolutions/{missing}/follow-up");
    assert_eq!(
        form(&h.chair, &path, &[("follow_up", "done")]).await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        form(&h.chair, &path, &[("follow_up", "finished")]).await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    // Votes and motions that do not exist.
    let path = format!("/sessions/votes/{missing}/ballot");
    assert_eq!(
        form(&h.delegates[0].0, &path, &[("choice", "yes")]).await,
        StatusCode::NOT_FOUND
    );
    let path = format!("/sessions/votes/{missing}/close");
    assert_eq!(form(&h.chair, &path, &[]).await, StatusCode::NOT_FOUND);
    let path = format!("/sessions/motions/{missing}/recommend");
    assert_eq!(
        form(&h.chair, &path, &[("recommendation", "adopt")]).await,
        StatusCode::NOT_FOUND
    );
    // A delegate may not plan a session.
    let path = format!("/assemblies/{}/sessions", common::hall::SLUG);
    assert_eq!(
        form(&h.delegates[0].0, &path, &[("title", "X")]).await,
        StatusCode::FORBIDDEN
    );
    // The API reads a closed set's value at the edge, naming the valid ones.
    let r = s
        .client
        .post(s.at("/api/v1/votes"))
        .bearer_auth(&h.chair)
        .json(&json!({"session_id": missing, "subject": "procedure", "method": "ranked"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(body.contains("yes_no, choose_one, approval"), "{body}");
    s.stop().await;
}

#[tokio::test]
async fn sqlite_form_refusals_keep_their_status() {
    form_refusals_keep_their_status(common::sqlite().await).await;
}

#[tokio::test]
async fn postgres_form_refusals_keep_their_status() {
    let db = common::postgres().await;
    form_refusals_keep_their_status(db).await;
}
