//! Sessions of the demo assembly through the real HTTP server: the agenda, twenty speakers with
//! a point of order, first-time speakers first, a quota and the chair reordering; a motion with
//! two amendments (and an amendment to an amendment), supporters and a recommendation; open
//! (roll-call) and secret votes, one that fails its quorum and one that passes; the numbered
//! resolution with its amendments merged; the minutes against the record. Refusals: voting
//! after the close, for someone else, twice (also concurrently), amending a closed item, stale
//! pages (API and HTML, 409 with the current state). A server restart in the middle of a
//! secret vote loses no acknowledged ballot. Votes among options: plurality, a majority for
//! the leading option, a tie, approval, a hall voting at once.
//!
//! Each test sets up its own sitting (`common::sitting`) and checks one thing, on SQLite and
//! on PostgreSQL.

use crate::common;
use crate::common::hall::hall;
use crate::common::sitting::{SEATED, Sitting, add_item, plan};
use crate::common::{
    TestServer, csrf_of, get, heap_in_key_order, on_both_backends, post, whole_record,
};
use asamblea_app::actions::sessions::close_vote::ballot_box_digest;
use asamblea_store::on_read;
use asamblea_store::testing::TestDb;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// The chair plans the session and orders its agenda; a delegate may not; a stale opening is
/// refused with the current state.
async fn planning_the_agenda(db: &TestDb) {
    let s = TestServer::start(db.store.clone()).await;
    let h = hall(&s, db, SEATED, 12).await;
    let d0 = h.delegates[0].0.clone();

    // A delegate cannot plan a session; the chair can.
    let (st, v) = post(
        &s,
        &d0,
        "/api/v1/sessions",
        json!({"assembly_id": h.assembly, "title": "X"}),
    )
    .await;
    assert_eq!(st, StatusCode::FORBIDDEN, "{} {v:?}", h.assembly);
    let sid = plan(&s, &h).await;
    add_item(&s, &h, sid, json!({"title": "Aprobación del orden del día", "planned_start": "10:00", "planned_minutes": 15})).await;
    add_item(&s, &h, sid, json!({"title": "Huelga general en caso de golpe", "planned_start": "10:15", "planned_minutes": 120, "links": "https://example.org/tesis.pdf"})).await;
    let (st, _) = post(
        &s,
        &h.chair,
        &format!("/api/v1/sessions/{sid}/items"),
        json!({"title": "Mal", "links": "javascript:alert(1)"}),
    )
    .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);

    // The chair reorders the agenda: a third item moved up above the second.
    let item3 = add_item(&s, &h, sid, json!({"title": "Varios"})).await;
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
    s.stop().await;
}
on_both_backends!(planning_the_agenda => sqlite_planning_the_agenda, postgres_planning_the_agenda);

/// 12 of 25 present: the agenda vote lacks its quorum. Absent delegates cannot vote, and the
/// projector shows progress, never choices, while the vote is open.
async fn a_vote_without_quorum_decides_nothing(db: &TestDb) {
    let t = Sitting::open(db, SEATED, 12).await;
    let s = &t.s;
    let agenda1 = t.agenda_vote(None).await;
    t.cast_all(agenda1, &["yes"; 12]).await;
    // An absent delegate cannot vote.
    let (st, v) = t.cast(20, agenda1, "yes").await;
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
    let v = t.close_vote(agenda1).await;
    assert_eq!(v["result"]["quorum_met"], false);
    assert_eq!(v["result"]["quorum_required"], 13);
    assert_eq!(v["result"]["yes"], 12);
    assert_eq!(v["passed"], false);
    t.stop().await;
}
on_both_backends!(a_vote_without_quorum_decides_nothing => sqlite_a_vote_without_quorum_decides_nothing, postgres_a_vote_without_quorum_decides_nothing);

/// 20 of 25 present: the agenda passes by an absolute majority of the seated, and the
/// roll-call is public, by name, grouped by organization and sector.
async fn a_vote_with_quorum_passes_with_a_public_roll_call(db: &TestDb) {
    let t = Sitting::open(db, SEATED, 20).await;
    let agenda2 = t.agenda_vote(Some("absolute")).await;
    let choices: Vec<&str> = (0..20).map(|i| if i < 15 { "yes" } else { "no" }).collect();
    t.cast_all(agenda2, &choices).await;
    let v = t.close_vote(agenda2).await;
    assert_eq!(v["result"]["quorum_met"], true);
    assert_eq!(
        v["result"]["required_yes"], 13,
        "absolute majority of 25 seated"
    );
    assert_eq!(v["passed"], true);
    // The roll-call is public, by name, grouped by organization and sector.
    let rc = get(&t.s, &format!("/api/v1/votes/{agenda2}")).await;
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
    t.stop().await;
}
on_both_backends!(a_vote_with_quorum_passes_with_a_public_roll_call => sqlite_a_vote_with_quorum_passes_with_a_public_roll_call, postgres_a_vote_with_quorum_passes_with_a_public_roll_call);

/// Voting after the close is refused, with the closed vote as the current state.
async fn a_ballot_after_the_close_is_refused(db: &TestDb) {
    let t = Sitting::open(db, SEATED, 20).await;
    let vote = t.agenda_vote(None).await;
    t.cast_all(vote, &["yes"]).await;
    t.close_vote(vote).await;
    let (st, v) = t.cast(0, vote, "no").await;
    assert_eq!(
        (st, v["error"].as_str()),
        (StatusCode::CONFLICT, Some("error-ses-vote-closed"))
    );
    assert_eq!(v["current"]["status"], "closed");
    t.stop().await;
}
on_both_backends!(a_ballot_after_the_close_is_refused => sqlite_a_ballot_after_the_close_is_refused, postgres_a_ballot_after_the_close_is_refused);

/// Twenty speakers (four per delegation), then a point of order, which goes first; asking
/// twice is refused.
async fn a_point_of_order_goes_first(db: &TestDb) {
    let t = Sitting::open(db, SEATED, 20).await;
    let item2 = t.item2;
    t.to_item2().await;
    t.ask_twenty_and_a_point_of_order().await;
    // Asking twice is refused.
    let (st, v) = t.ask_to_speak(3, "for").await;
    assert_eq!(
        (st, v["error"].as_str()),
        (StatusCode::CONFLICT, Some("error-ses-already-asked"))
    );
    let it = t.item(item2).await;
    let waiting = it["waiting"].as_array().unwrap();
    assert_eq!(waiting.len(), 21);
    assert_eq!(waiting[0]["kind"], "order");
    assert_eq!(waiting[0]["name"], "Delegado 19");
    assert_eq!(waiting[1]["name"], "Delegado 00");
    t.stop().await;
}
on_both_backends!(a_point_of_order_goes_first => sqlite_a_point_of_order_goes_first, postgres_a_point_of_order_goes_first);

/// The chair calls the point of order; the same (now stale) version is refused with the list.
async fn a_stale_call_of_the_next_speaker_is_refused(db: &TestDb) {
    let t = Sitting::open(db, SEATED, 20).await;
    let (s, h, item2) = (&t.s, &t.h, t.item2);
    t.to_item2().await;
    t.ask_twenty_and_a_point_of_order().await;
    let version = t.item(item2).await["item"]["version"].as_i64().unwrap();
    let (st, v) = post(
        s,
        &h.chair,
        &format!("/api/v1/items/{item2}/speakers/next"),
        json!({"version": version}),
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let (st, v) = post(
        s,
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
    t.stop().await;
}
on_both_backends!(a_stale_call_of_the_next_speaker_is_refused => sqlite_a_stale_call_of_the_next_speaker_is_refused, postgres_a_stale_call_of_the_next_speaker_is_refused);

/// The countdown: the server gives the speaker's start and end (start + the session's 120 s).
async fn the_floor_has_the_sessions_speaking_time(db: &TestDb) {
    let t = Sitting::open(db, SEATED, 20).await;
    t.to_item2().await;
    t.ask_twenty_and_a_point_of_order().await;
    t.call_next(2).await;
    let it = t.item(t.item2).await;
    let floor = &it["floor"];
    assert_eq!(floor["speaker"]["name"], "Delegado 00");
    let started = floor["speaker"]["started_at"].as_str().unwrap();
    let ends = floor["ends_at"].as_str().unwrap();
    let parse = |x: &str| {
        time::OffsetDateTime::parse(x, &time::format_description::well_known::Rfc3339).unwrap()
    };
    assert!(
        (119..=120).contains(&(parse(ends) - parse(started)).whole_seconds()),
        "{started} {ends}"
    );
    t.stop().await;
}
on_both_backends!(the_floor_has_the_sessions_speaking_time => sqlite_the_floor_has_the_sessions_speaking_time, postgres_the_floor_has_the_sessions_speaking_time);

/// After the point of order and five speakers: a delegation past its quota is refused;
/// first-time speakers come before repeat ones; the chair moves a speaker up.
async fn the_quota_first_time_speakers_and_the_chairs_order(db: &TestDb) {
    let t = Sitting::open(db, SEATED, 20).await;
    let (s, h, item2) = (&t.s, &t.h, t.item2);
    t.to_item2().await;
    t.ask_twenty_and_a_point_of_order().await;
    t.call_next(7).await;
    // The quota: delegation 0 has had its five (0, 5, 10, 15, 20).
    let (st, v) = t.ask_to_speak(0, "other").await;
    assert_eq!(
        (st, v["error"].as_str()),
        (StatusCode::CONFLICT, Some("error-ses-quota-full"))
    );
    // Delegado 04 has spoken and asks again; Delegado 24 asks for the first time after them.
    let (st, v) = t.ask_to_speak(4, "other").await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let (st, v) = t.ask_to_speak(24, "for").await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let it = t.item(item2).await;
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
        s,
        &h.chair,
        &format!("/api/v1/speakers/{last}/move"),
        json!({"up": true, "version": version}),
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let it = t.item(item2).await;
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
    t.stop().await;
}
on_both_backends!(the_quota_first_time_speakers_and_the_chairs_order => sqlite_the_quota_first_time_speakers_and_the_chairs_order, postgres_the_quota_first_time_speakers_and_the_chairs_order);

/// A speaker takes their own name off the list, nobody else may; a closed list takes no one.
async fn a_speaker_withdraws_and_a_closed_list_takes_no_one(db: &TestDb) {
    let t = Sitting::open(db, SEATED, 20).await;
    let (s, h, item2) = (&t.s, &t.h, t.item2);
    t.to_item2().await;
    t.ask_twenty_and_a_point_of_order().await;
    let (st, v) = t.ask_to_speak(24, "for").await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let d24 = t.item(item2).await["waiting"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["name"] == "Delegado 24")
        .expect("Delegado 24 waits")["id"]
        .as_i64()
        .unwrap();
    let (st, _) = post(
        s,
        &t.d(3),
        &format!("/api/v1/speakers/{d24}/withdraw"),
        json!({}),
    )
    .await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    let (st, _) = post(
        s,
        &t.d(24),
        &format!("/api/v1/speakers/{d24}/withdraw"),
        json!({}),
    )
    .await;
    assert_eq!(st, StatusCode::OK);
    let it = t.item(item2).await;
    assert!(
        it["waiting"]
            .as_array()
            .unwrap()
            .iter()
            .all(|w| w["name"] != "Delegado 24")
    );
    // The chair closes the list: no more requests.
    post(
        s,
        &h.chair,
        &format!("/api/v1/items/{item2}/speakers/list"),
        json!({"open": false}),
    )
    .await;
    let (st, v) = t.ask_to_speak(23, "for").await;
    assert_eq!(
        (st, v["error"].as_str()),
        (StatusCode::CONFLICT, Some("error-ses-list-closed"))
    );
    t.stop().await;
}
on_both_backends!(a_speaker_withdraws_and_a_closed_list_takes_no_one => sqlite_a_speaker_withdraws_and_a_closed_list_takes_no_one, postgres_a_speaker_withdraws_and_a_closed_list_takes_no_one);

/// A stale HTML form gets a 409 page with the current state.
async fn a_stale_form_gets_the_current_state(db: &TestDb) {
    let t = Sitting::open(db, SEATED, 20).await;
    let (s, h, item2) = (&t.s, &t.h, t.item2);
    t.to_item2().await;
    t.ask_twenty_and_a_point_of_order().await;
    t.call_next(7).await;
    let page = s
        .text_as(&h.chair, &format!("/sessions/items/{item2}"))
        .await;
    let csrf = csrf_of(&page);
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
    t.stop().await;
}
on_both_backends!(a_stale_form_gets_the_current_state => sqlite_a_stale_form_gets_the_current_state, postgres_a_stale_form_gets_the_current_state);

/// An amendment names a paragraph of the text it amends, as it stands now.
async fn an_amendment_names_a_paragraph_of_the_current_text(db: &TestDb) {
    let t = Sitting::open(db, SEATED, 20).await;
    let (s, item2) = (&t.s, t.item2);
    t.to_item2().await;
    let m = t.motions().await;
    let motion = m.motion;
    let (st, v) = post(
        s,
        &t.d(3),
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
    let (st, v) = post(s, &t.d(3), "/api/v1/motions", json!({"item_id": item2, "parent_id": motion, "parent_version": 1, "op": "delete", "paragraph": 1})).await;
    assert_eq!(
        (st, v["error"].as_str()),
        (StatusCode::CONFLICT, Some("error-ses-stale")),
        "the motion changed since version 1"
    );
    t.stop().await;
}
on_both_backends!(an_amendment_names_a_paragraph_of_the_current_text => sqlite_an_amendment_names_a_paragraph_of_the_current_text, postgres_an_amendment_names_a_paragraph_of_the_current_text);

/// A motion goes to the vote with enough supporters, and only once the amendments to it are
/// decided; a recommendation may be attached.
async fn supporters_and_amendments_come_first(db: &TestDb) {
    let t = Sitting::open(db, SEATED, 20).await;
    let (s, h, sid) = (&t.s, &t.h, t.sid);
    t.to_item2().await;
    let m = t.motions().await;
    let (motion, am1, am1a) = (m.motion, m.am1, m.am1a);
    // Not enough supporters yet.
    let (st, v) = post(
        s,
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
    t.support(&m).await;
    let (st, _) = post(
        s,
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
            s,
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
    t.stop().await;
}
on_both_backends!(supporters_and_amendments_come_first => sqlite_supporters_and_amendments_come_first, postgres_supporters_and_amendments_come_first);

/// An open vote: nobody votes for someone else but the teller, whose entry is marked; nobody
/// votes twice.
async fn a_teller_enters_a_vote_and_nobody_votes_twice(db: &TestDb) {
    let t = Sitting::open(db, SEATED, 20).await;
    let (s, h) = (&t.s, &t.h);
    t.to_item2().await;
    let m = t.motions().await;
    t.support(&m).await;
    // Delegate 19 has no phone: the chair (not a teller) marks them as voting through a
    // teller, on the record, before the vote opens (issue 11, defect 2).
    let via = format!("/api/v1/delegates/{}/via-teller", h.delegates[19].1);
    let (st, _) = post(s, &h.teller, &via, json!({"via_teller": true})).await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    t.mark_via_teller(19).await;
    let v1a = t.motion_vote(m.am1a, json!({})).await;
    let choices: Vec<&str> = (0..19)
        .map(|i| if i < 14 { "yes" } else { "abstain" })
        .collect();
    t.cast_all(v1a, &choices).await;
    // Voting for someone else is refused; a teller may.
    let (st, v) = post(
        s,
        &t.d(0),
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
    // Not for a delegate who was not marked before the vote opened (marked now: too late).
    let via18 = format!("/api/v1/delegates/{}/via-teller", h.delegates[18].1);
    let (st, _) = post(s, &h.chair, &via18, json!({"via_teller": true})).await;
    assert_eq!(st, StatusCode::OK);
    let (st, v) = post(
        s,
        &h.teller,
        &format!("/api/v1/votes/{v1a}/ballots"),
        json!({"choice": "yes", "delegate_id": h.delegates[18].1}),
    )
    .await;
    assert_eq!(
        (st, v["error"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("error-ses-not-via-teller")
        )
    );
    let (st, v) = post(
        s,
        &h.teller,
        &format!("/api/v1/votes/{v1a}/ballots"),
        json!({"choice": "yes", "delegate_id": h.delegates[19].1}),
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let entered = v;
    // Delegate 19 then tries to vote: already voted, with the receipt of the teller's act.
    let (st, v) = t.cast(19, v1a, "no").await;
    assert_eq!(
        (st, v["error"].as_str()),
        (StatusCode::CONFLICT, Some("error-ses-already-voted"))
    );
    assert!(entered["record_position"].is_i64(), "{entered}");
    assert_eq!(
        (&v["record_position"], &v["record_hash"]),
        (&entered["record_position"], &entered["record_hash"]),
        "{v}"
    );
    // Twice: refused, with the receipt of the first ballot.
    let (st, v) = t.cast(0, v1a, "no").await;
    assert_eq!(
        (st, v["error"].as_str()),
        (StatusCode::CONFLICT, Some("error-ses-already-voted"))
    );
    let first = get(
        s,
        &format!(
            "/api/v1/record?after={}&limit=1",
            v["record_position"].as_i64().expect("a receipt") - 1
        ),
    )
    .await;
    // One act per batch of ballots (issue 15): delegate 0's own ballot is in its list.
    assert_eq!(first[0]["kind"], "vote.ballots_cast");
    assert_eq!(first[0]["hash"], v["record_hash"]);
    assert!(
        first[0]["payload"]["casts"]
            .as_array()
            .expect("an open vote's batch lists its ballots")
            .iter()
            .any(|c| c["delegate_id"] == h.delegates[0].1),
        "delegate 0's own ballot: {first}"
    );
    let v = t.close_vote(v1a).await;
    assert_eq!(v["passed"], true, "{v}");
    assert_eq!(v["result"]["by_teller"], 1);
    let rc = get(s, &format!("/api/v1/votes/{v1a}")).await;
    assert!(
        rc["roll_call"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["name"] == "Delegado 19" && r["by_teller"] == 1)
    );
    t.stop().await;
}
on_both_backends!(a_teller_enters_a_vote_and_nobody_votes_twice => sqlite_a_teller_enters_a_vote_and_nobody_votes_twice, postgres_a_teller_enters_a_vote_and_nobody_votes_twice);

/// A secret vote with a server restart in the middle: two ballots from one delegate at once
/// count once, every acknowledged ballot survives, and nothing links a ballot to a voter.
async fn a_secret_vote_survives_a_restart_and_names_no_voter(db: &TestDb) {
    let mut t = Sitting::open(db, SEATED, 20).await;
    t.to_item2().await;
    let m = t.motions().await;
    t.support(&m).await;
    let v1a = t.amendment_1a_with_the_teller(&m).await;
    t.close_vote(v1a).await;
    let v1 = t
        .motion_vote(m.am1, json!({"secret": true, "majority": "two-thirds"}))
        .await;
    // Two ballots from the same delegate at once: exactly one counts.
    let path = format!("/api/v1/votes/{v1}/ballots");
    let d0 = t.d(0);
    let (a, b) = tokio::join!(
        post(&t.s, &d0, &path, json!({"choice": "yes"})),
        post(&t.s, &d0, &path, json!({"choice": "yes"}))
    );
    let mut statuses = [a.0, b.0];
    statuses.sort();
    assert_eq!(
        statuses,
        [StatusCode::OK, StatusCode::CONFLICT],
        "{a:?} {b:?}"
    );
    for i in 1..10 {
        let (st, _) = t.cast(i, v1, "yes").await;
        assert_eq!(st, StatusCode::OK);
    }
    t.s.halt().await;
    t.s = TestServer::start(db.store.clone()).await;
    let s = &t.s;
    assert_eq!(
        get(s, &format!("/api/v1/votes/{v1}")).await["voted"],
        10,
        "every acknowledged ballot survived the restart"
    );
    for i in 10..20 {
        let choice = if i < 17 { "yes" } else { "no" };
        let (st, v) = t.cast(i, v1, choice).await;
        assert_eq!(st, StatusCode::OK, "{v}");
    }
    let closed = t.close_vote(v1).await;
    assert_eq!(closed["passed"], true, "{closed}");
    let sv = get(s, &format!("/api/v1/votes/{v1}")).await;
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
    let record: Vec<Value> = whole_record(s).await;
    for e in record
        .iter()
        .filter(|e| e["kind"] == "vote.ballots_cast" && e["payload"]["vote_id"] == v1)
    {
        assert!(e["actor"].is_null(), "{e}");
        assert!(
            e["payload"].get("delegate_id").is_none()
                && e["payload"].get("choice").is_none()
                && e["payload"].get("casts").is_none(),
            "{e}"
        );
    }
    t.stop().await;
}
on_both_backends!(a_secret_vote_survives_a_restart_and_names_no_voter => sqlite_a_secret_vote_survives_a_restart_and_names_no_voter, postgres_a_secret_vote_survives_a_restart_and_names_no_voter);

/// The amendments decided (1a and 1 adopted, 2 rejected), the motion adopted by two thirds
/// becomes Resolución N.º 1 with the adopted amendments merged; its follow-up is recorded.
async fn an_adopted_motion_becomes_a_numbered_resolution(db: &TestDb) {
    let t = Sitting::open(db, SEATED, 20).await;
    let (s, h) = (&t.s, &t.h);
    t.to_item2().await;
    let m = t.motions().await;
    t.support(&m).await;
    let v1a = t.amendment_1a_with_the_teller(&m).await;
    t.close_vote(v1a).await;
    let (_, v) = t.decide(m.am1, json!({"majority": "two-thirds"}), 17).await;
    assert_eq!(v["passed"], true, "amendment 1: {v}");
    let (_, v) = t.decide(m.am2, json!({}), 5).await;
    assert_eq!(v["passed"], false, "amendment 2: {v}");

    let (_, v) = t
        .decide(m.motion, json!({"majority": "two-thirds"}), 18)
        .await;
    assert_eq!(v["passed"], true, "{v}");
    assert_eq!(v["resolution"], 1);
    let res = get(s, "/api/v1/assemblies/asamblea-popular-1971/resolutions").await;
    assert_eq!(res[0]["number"], 1);
    assert_eq!(
        res[0]["body"],
        "En caso de golpe, huelga general.\n\nLos sindicatos y las comunidades ocupan los centros de trabajo.\n\nSe forman comités de defensa.\n\nLa Asamblea se declara en sesión permanente."
    );
    let rid = res[0]["id"].as_i64().unwrap();
    let (st, _) = post(
        s,
        &h.chair,
        &format!("/api/v1/resolutions/{rid}/follow-up"),
        json!({"follow_up": "in_progress"}),
    )
    .await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(
        get(s, "/api/v1/assemblies/asamblea-popular-1971/resolutions").await[0]["follow_up"],
        "in_progress"
    );
    t.stop().await;
}
on_both_backends!(an_adopted_motion_becomes_a_numbered_resolution => sqlite_an_adopted_motion_becomes_a_numbered_resolution, postgres_an_adopted_motion_becomes_a_numbered_resolution);

/// Close the item; amending it now is refused, with the closed item as the current state.
async fn a_closed_item_takes_no_amendment(db: &TestDb) {
    let t = Sitting::open(db, SEATED, 20).await;
    let (s, h, item2) = (&t.s, &t.h, t.item2);
    t.to_item2().await;
    let m = t.motions().await;
    let (st, v) = post(
        s,
        &h.chair,
        &format!("/api/v1/items/{item2}/close"),
        json!({}),
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let (st, v) = post(
        s,
        &t.d(4),
        "/api/v1/motions",
        json!({"item_id": item2, "parent_id": m.motion, "op": "delete", "paragraph": 1}),
    )
    .await;
    assert_eq!(
        (st, v["error"].as_str()),
        (StatusCode::CONFLICT, Some("error-ses-item-closed"))
    );
    assert_eq!(v["current"]["item"]["status"], "closed");
    t.stop().await;
}
on_both_backends!(a_closed_item_takes_no_amendment => sqlite_a_closed_item_takes_no_amendment, postgres_a_closed_item_takes_no_amendment);

/// The whole session, then its close: the minutes name the closing act's position and hash and
/// tell what happened (attendance, the vote without quorum, the roll-call, the teller's entry,
/// the speakers, the resolution); every act of the session is the assembly's; the pages
/// render; the record verifies.
async fn the_minutes_cite_the_closing_act(db: &TestDb) {
    let t = Sitting::open(db, SEATED, 12).await;
    let (s, h, sid, item2) = (&t.s, &t.h, t.sid, t.item2);
    let agenda1 = t.agenda_vote(None).await;
    t.cast_all(agenda1, &["yes"; 12]).await;
    t.close_vote(agenda1).await;
    t.check_in(db, 12, 20).await;
    let agenda2 = t.agenda_vote(Some("absolute")).await;
    let choices: Vec<&str> = (0..20).map(|i| if i < 15 { "yes" } else { "no" }).collect();
    t.cast_all(agenda2, &choices).await;
    t.close_vote(agenda2).await;
    t.to_item2().await;
    t.ask_twenty_and_a_point_of_order().await;
    t.call_next(7).await;
    let m = t.motions().await;
    t.support(&m).await;
    let v1a = t.amendment_1a_with_the_teller(&m).await;
    t.close_vote(v1a).await;
    let (v1, _) = t
        .decide(m.am1, json!({"secret": true, "majority": "two-thirds"}), 17)
        .await;
    t.decide(m.am2, json!({}), 5).await;
    let (_, v) = t
        .decide(m.motion, json!({"majority": "two-thirds"}), 18)
        .await;
    assert_eq!(v["resolution"], 1, "{v}");
    let (st, v) = post(
        s,
        &h.chair,
        &format!("/api/v1/items/{item2}/close"),
        json!({}),
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{v}");

    // Close the session; the minutes name the closing act's position and hash.
    let (st, v) = post(
        s,
        &h.chair,
        &format!("/api/v1/sessions/{sid}/close"),
        json!({}),
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let position = v["position"].as_i64().unwrap();
    let record: Vec<Value> = whole_record(s).await;
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
            .bearer_auth(t.d(0))
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
    t.stop().await;
}
on_both_backends!(the_minutes_cite_the_closing_act => sqlite_the_minutes_cite_the_closing_act, postgres_the_minutes_cite_the_closing_act);

// ---------------------------------------------------------------------------------------------
// Votes among options (10 seated, 8 present: the quorum, 6, is met)
// ---------------------------------------------------------------------------------------------

/// Runs one vote on item 1 among Ana, Beto and Carla: `choices[i]` is delegate i's ballot;
/// the close's answer.
async fn choose(t: &Sitting, method: &str, majority: Option<&str>, choices: &[&str]) -> Value {
    let mut body = json!({"item_id": t.item1, "subject": "procedure", "question": "¿Quién preside?",
        "method": method, "options": ["Ana", "Beto", "Carla"]});
    if let Some(m) = majority {
        body["majority"] = json!(m);
    }
    let id = t.open_vote(body).await;
    t.cast_all(id, choices).await;
    t.close_vote(id).await
}

/// Permission comes before the input: a delegate sending a bad vote is told "forbidden", not
/// what is wrong with it; a yes/no vote cannot be decided by plurality.
async fn a_vote_is_checked_for_permission_then_for_sense(db: &TestDb) {
    let t = Sitting::open(db, 10, 8).await;
    let (s, h, sid, item) = (&t.s, &t.h, t.sid, t.item1);
    let (st, v) = post(
        s,
        &t.d(0),
        "/api/v1/votes",
        json!({"session_id": sid, "item_id": item, "subject": "procedure", "question": "?", "majority": "plurality"}),
    )
    .await;
    assert_eq!(st, StatusCode::FORBIDDEN, "{v}");
    let (st, v) = post(
        s,
        &h.chair,
        "/api/v1/votes",
        json!({"session_id": sid, "item_id": item, "subject": "procedure",
        "question": "¿Se aprueba?", "majority": "plurality"}),
    )
    .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    t.stop().await;
}
on_both_backends!(a_vote_is_checked_for_permission_then_for_sense => sqlite_a_vote_is_checked_for_permission_then_for_sense, postgres_a_vote_is_checked_for_permission_then_for_sense);

/// Plurality (the default): Ana 3, Beto 2, Carla 1 — Ana.
async fn plurality_elects_the_most_voted_option(db: &TestDb) {
    let t = Sitting::open(db, 10, 8).await;
    let v = choose(&t, "choose_one", None, &["0", "0", "0", "1", "1", "2"]).await;
    assert_eq!(
        (v["passed"].as_bool(), v["result"]["winner"].as_i64()),
        (Some(true), Some(0)),
        "{v}"
    );
    assert_eq!(v["result"]["majority"], "plurality");
    t.stop().await;
}
on_both_backends!(plurality_elects_the_most_voted_option => sqlite_plurality_elects_the_most_voted_option, postgres_plurality_elects_the_most_voted_option);

/// The same ballots under a simple majority: Ana leads with 3 of 6 but needs 4.
async fn a_majority_vote_needs_the_majority_for_the_leader(db: &TestDb) {
    let t = Sitting::open(db, 10, 8).await;
    let v = choose(
        &t,
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
    t.stop().await;
}
on_both_backends!(a_majority_vote_needs_the_majority_for_the_leader => sqlite_a_majority_vote_needs_the_majority_for_the_leader, postgres_a_majority_vote_needs_the_majority_for_the_leader);

/// A tie for the most votes decides nothing, and the item page says so (Spanish by default).
async fn a_tie_decides_nothing(db: &TestDb) {
    let t = Sitting::open(db, 10, 8).await;
    let v = choose(&t, "choose_one", None, &["0", "0", "1", "1", "2"]).await;
    assert_eq!(v["passed"], false, "{v}");
    assert_eq!(v["result"]["tied"], json!([0, 1]));
    let page =
        t.s.text_as(&t.d(0), &format!("/sessions/items/{}", t.item1))
            .await;
    assert!(page.contains("Empate en el primer lugar"), "{page}");
    assert!(page.contains("más votos"), "the majority is named");
    t.stop().await;
}
on_both_backends!(a_tie_decides_nothing => sqlite_a_tie_decides_nothing, postgres_a_tie_decides_nothing);

/// Approval with a simple majority: Ana approved on 3 of 4 ballots (needs 3).
async fn approval_elects_the_most_approved_option(db: &TestDb) {
    let t = Sitting::open(db, 10, 8).await;
    let v = choose(&t, "approval", Some("simple"), &["0,1", "0", "2,0", "1"]).await;
    assert_eq!(
        (v["passed"].as_bool(), v["result"]["winner"].as_i64()),
        (Some(true), Some(0)),
        "{v}"
    );
    assert_eq!(v["result"]["counts"], json!([3, 2, 1]));
    t.stop().await;
}
on_both_backends!(approval_elects_the_most_approved_option => sqlite_approval_elects_the_most_approved_option, postgres_approval_elects_the_most_approved_option);

/// An approval ballot with nothing marked is refused as empty (the page's help says one option at
/// least; the phone refuses it the same), not as "that option does not exist"; one with an option
/// the vote lacks still is.
async fn an_empty_approval_ballot_is_refused_as_empty(db: &TestDb) {
    let t = Sitting::open(db, 10, 8).await;
    let id = t
        .open_vote(
            json!({"item_id": t.item1, "subject": "procedure", "question": "¿Quién preside?",
            "method": "approval", "options": ["Ana", "Beto", "Carla"]}),
        )
        .await;
    let (st, v) = t.cast(0, id, "").await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(v["error"], "error-ses-approval-empty", "{v}");
    assert!(
        v["message"]
            .as_str()
            .unwrap_or_default()
            .contains("mark at least one option"),
        "{v}"
    );
    let (st, v) = t.cast(0, id, "0,7").await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(v["error"], "error-ses-choice", "{v}");
    let (st, v) = t.cast(0, id, "1").await;
    assert!(st.is_success(), "{v}");
    t.stop().await;
}
on_both_backends!(an_empty_approval_ballot_is_refused_as_empty => sqlite_an_empty_approval_ballot_is_refused_as_empty, postgres_an_empty_approval_ballot_is_refused_as_empty);

/// The hall votes at once (the server commits ballots that arrive together in one
/// transaction): delegate 0 twice. Exactly one ballot per delegate counts, each is answered,
/// and the record numbers the ballots 1..=8 with no voter named. Closed, the box and the list
/// of who voted no longer lie in the order of voting.
async fn a_hall_voting_at_once_counts_one_ballot_each(db: &TestDb) {
    let t = Sitting::open(db, 10, 8).await;
    let (s, h) = (&t.s, &t.h);
    let secret = t
        .open_vote(json!({"item_id": t.item1, "subject": "procedure", "question": "¿Huelga?", "secret": true}))
        .await;
    let path = format!("/api/v1/votes/{secret}/ballots");
    // Never through a teller in a secret vote, even for a marked delegate.
    let (st, v) = post(
        s,
        &h.teller,
        &path,
        json!({"choice": "yes", "delegate_id": h.delegates[9].1}),
    )
    .await;
    assert_eq!(
        (st, v["error"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("error-ses-teller-secret")
        )
    );
    let mut senders: Vec<usize> = (0..8).collect();
    senders.push(0);
    let answers = futures_util::future::join_all(
        senders
            .iter()
            .map(|i| post(s, &h.delegates[*i].0, &path, json!({"choice": "yes"}))),
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
    let record = whole_record(s).await;
    // One act per batch: the batches' counts add up to the 8 ballots, each act's `voted` is the
    // running total, and none names a voter.
    let mut counts: Vec<(i64, i64)> = record
        .iter()
        .filter(|e| e["kind"] == "vote.ballots_cast" && e["payload"]["vote_id"] == secret)
        .map(|e| {
            assert!(
                e["actor"].is_null()
                    && e["payload"].get("delegate_id").is_none()
                    && e["payload"].get("casts").is_none(),
                "{e}"
            );
            (
                e["payload"]["voted"].as_i64().unwrap(),
                e["payload"]["ballots"].as_i64().unwrap(),
            )
        })
        .collect();
    counts.sort_unstable();
    let mut total = 0;
    for (voted, ballots) in &counts {
        total += ballots;
        assert_eq!(*voted, total, "{counts:?}");
    }
    assert_eq!(total, 8, "{counts:?}");
    let v = t.close_vote(secret).await;
    assert_eq!(
        (v["result"]["yes"].as_i64(), v["passed"].as_bool()),
        (Some(8), Some(true)),
        "{v}"
    );
    // Closed: the box and the list of who voted no longer lie in the order of voting.
    assert!(
        heap_in_key_order(
            db,
            "SELECT ballot_id FROM secret_ballots WHERE vote_id = $1",
            "choice, ballot_id",
            secret
        )
        .await
    );
    assert!(
        heap_in_key_order(
            db,
            "SELECT CAST(delegate_id AS TEXT) AS row_key FROM vote_casts WHERE vote_id = $1",
            "delegate_id",
            secret
        )
        .await
    );
    t.stop().await;
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
    let path = format!("/assemblies/{}/sessions", common::SLUG);
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
on_both_backends!(a_hall_voting_at_once_counts_one_ballot_each => sqlite_a_hall_voting_at_once_counts_one_ballot_each, postgres_a_hall_voting_at_once_counts_one_ballot_each);

/// A delegate's public history names every act in words, also the acts that have no
/// delegate-centred phrase (issue 10, defect 7: no raw `dlg-act-…` key on a public page).
async fn a_delegates_history_names_every_act_in_words(db: &TestDb) {
    let t = Sitting::open(db, SEATED, 20).await;
    t.mark_via_teller(19).await;
    let id = t.h.delegates[19].1;
    let html = common::page(&t.s, &format!("/delegates/{id}")).await;
    assert!(!html.contains("dlg-act-"), "{html}");
    assert!(
        html.contains("Voto por escrutador fijado") || html.contains("Voting through a teller set"),
        "{html}"
    );
    t.stop().await;
}
on_both_backends!(a_delegates_history_names_every_act_in_words => sqlite_a_delegates_history_names_every_act_in_words, postgres_a_delegates_history_names_every_act_in_words);
