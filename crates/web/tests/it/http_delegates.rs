//! Delegates through the real HTTP server: an election by the base with voting codes and secret
//! ballots, credentials (accepted, rejected, lapsed term), cards, check-in and quorum, recall by
//! the governing body and by a members' vote, revocation of a delegation, and who may do what.
//!
//! Each test sets up what it needs (`common::delegation`) and checks one thing, on SQLite and
//! on PostgreSQL.

use crate::common;
use crate::common::delegation::{Accredited, Election, World};
use crate::common::{
    Body, CSRF, SLUG, add_members, form, heap_in_key_order, on_both_backends, page, request,
};
use asamblea_app::Actor;
use asamblea_app::actions::delegates::register_delegate::{NewDelegate, register_delegate};
use asamblea_app::domain::{AssemblyId, OrganizationId, SeatKind};
use asamblea_store::testing::TestDb;
use asamblea_store::{Backend, on_read, on_tx};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

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

/// Another organization's secretary may neither open nor close FSTPB's election; its own
/// secretary may; a member is nominated once.
async fn only_its_secretary_runs_an_organizations_election(db: &TestDb) {
    let w = World::new(db).await;
    let e = Election::nominated(&w, db).await;
    let (s, _) = w
        .post(
            Some(&e.other_secretary),
            "/api/v1/elections",
            Election::request(&w),
        )
        .await;
    assert_eq!(s, 403);
    let (s, v) = w
        .post(
            Some(&e.secretary),
            &format!("/api/v1/elections/{}/candidates", e.eid),
            json!({"member_id": e.members[0]}),
        )
        .await;
    assert_eq!(
        (s, v["error"].as_str()),
        (
            StatusCode::CONFLICT,
            Some("dlg-error-election-already-candidate")
        )
    );
    e.codes(&w).await;
    let (s, _) = w
        .post(
            Some(&e.other_secretary),
            &format!("/api/v1/elections/{}/close", e.eid),
            json!({}),
        )
        .await;
    assert_eq!(s, 403);
    w.stop().await;
}
on_both_backends!(only_its_secretary_runs_an_organizations_election => sqlite_only_its_secretary_runs_an_organizations_election, postgres_only_its_secretary_runs_an_organizations_election);

/// One code per member; each casts one ballot: again, or from two tabs at once, it is
/// refused with a clear message; an unknown code is refused; the turnout is public.
async fn each_voting_code_casts_one_ballot(db: &TestDb) {
    let w = World::new(db).await;
    let e = Election::nominated(&w, db).await;
    let codes = e.codes(&w).await;
    assert_eq!(codes.len(), e.members.len());
    let cast = e.vote(&w, &codes).await;
    // Voting twice with the same code: refused, with a clear message.
    let (s, v) = w
        .post(
            None,
            "/api/v1/vote",
            json!({"code": codes[0], "choices": e.ranking(1)}),
        )
        .await;
    assert_eq!(
        (s, v["error"].as_str()),
        (StatusCode::CONFLICT, Some("dlg-error-already-voted"))
    );
    // Two tabs at once with the next code: exactly one ballot counts.
    let last = codes[cast].clone();
    let a = w.post(
        None,
        "/api/v1/vote",
        json!({"code": last, "choices": e.ranking(0)}),
    );
    let b = w.post(
        None,
        "/api/v1/vote",
        json!({"code": last.to_lowercase(), "choices": e.ranking(3)}),
    );
    let ((sa, _), (sb, _)) = tokio::join!(a, b);
    let mut statuses = [sa.as_u16(), sb.as_u16()];
    statuses.sort();
    assert_eq!(statuses, [200, 409]);
    let (s, _) = w
        .post(
            None,
            "/api/v1/vote",
            json!({"code": "AAAA-BBBB-CCCC", "choices": e.ranking(0)}),
        )
        .await;
    assert_eq!(s, 401);
    let live = w.get(&format!("/api/v1/elections/{}", e.eid)).await;
    assert_eq!(
        (live["voted"].as_i64(), live["electorate"].as_i64()),
        (Some(cast as i64 + 1), Some(e.members.len() as i64))
    );
    w.stop().await;
}
on_both_backends!(each_voting_code_casts_one_ballot => sqlite_each_voting_code_casts_one_ballot, postgres_each_voting_code_casts_one_ballot);

/// While the vote goes on the box is not public, no act is appended per ballot, and the ballot
/// table has no voter, no time, no sequence (random keys).
async fn the_ballot_box_is_secret_while_voting(db: &TestDb) {
    let w = World::new(db).await;
    let e = Election::nominated(&w, db).await;
    let codes = e.codes(&w).await;
    e.vote(&w, &codes).await;
    let r = w
        .http
        .get(w.at(&format!("/api/v1/elections/{}/ballots", e.eid)))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let record: Vec<Value> = w
        .get("/api/v1/record?limit=1000")
        .await
        .as_array()
        .unwrap()
        .clone();
    // The record holds one act per batch of ballots (issue 15) with its count alone: no member,
    // no choice, no code.
    let mut counted = 0;
    for entry in record.iter().filter(|e| {
        let kind = e["kind"].as_str().unwrap();
        kind.contains("ballot")
    }) {
        assert_eq!(entry["kind"], "election.ballots_cast", "{entry}");
        assert!(entry["actor"].is_null(), "{entry}");
        let keys: Vec<&String> = entry["payload"].as_object().unwrap().keys().collect();
        assert_eq!(keys, ["ballots", "election_id"], "{entry}");
        counted += entry["payload"]["ballots"].as_u64().unwrap();
    }
    assert_eq!(counted as usize, e.firsts().len());

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
    w.stop().await;
}
on_both_backends!(the_ballot_box_is_secret_while_voting => sqlite_the_ballot_box_is_secret_while_voting, postgres_the_ballot_box_is_secret_while_voting);

/// Closing counts, publishes the box (it verifies against the digest, here and on the record,
/// and no code is on the record) and registers the titulars and the ranked substitutes.
async fn closing_seats_the_elected_and_publishes_the_box(db: &TestDb) {
    let w = World::new(db).await;
    let e = Election::nominated(&w, db).await;
    let (seats, eid, cands) = (e.seats, e.eid, &e.cands);
    let codes = e.codes(&w).await;
    let voters = e.vote(&w, &codes).await as i64;
    let closed = e.close(&w).await;
    assert_eq!(closed["voters"], voters);
    // Closed: the box and the list of who voted no longer lie in the order of voting.
    assert!(
        heap_in_key_order(
            db,
            "SELECT id FROM ballots WHERE election_id = $1",
            "choices, id",
            eid
        )
        .await
    );
    assert!(
        heap_in_key_order(
            db,
            "SELECT CAST(member_id AS TEXT) AS row_key FROM election_voters WHERE election_id = $1",
            "member_id",
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
    assert_eq!(delegate_ids.len(), seats + 2);
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
    let mut expect_titular = cands[..seats].to_vec();
    let mut got_titular = titular.clone();
    expect_titular.sort();
    got_titular.sort();
    assert_eq!(got_titular, expect_titular, "{}", e["result"]);
    assert_eq!(subs, cands[seats..].to_vec(), "{}", e["result"]);
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
    let list = w.fstpb_delegates().await;
    assert_eq!(list.len(), seats + 2);
    assert_eq!(
        list.iter().filter(|d| d["position"] == "titular").count(),
        seats
    );
    w.stop().await;
}
on_both_backends!(closing_seats_the_elected_and_publishes_the_box => sqlite_closing_seats_the_elected_and_publishes_the_box, postgres_closing_seats_the_elected_and_publishes_the_box);

/// Credentials: the administrator names the commission, only the commission decides, and a
/// rejection needs a reason.
async fn only_the_commission_decides_credentials(db: &TestDb) {
    let w = World::new(db).await;
    let (_, delegation) = Election::closed(&w, db).await;
    let t0 = delegation.titular[0];
    let (s, _) = w
        .post(
            Some(&w.admin),
            &format!("/api/v1/delegates/{t0}/accredit"),
            json!({}),
        )
        .await;
    assert_eq!(s, 403, "an administrator is not the commission");
    let (_, commission) = w.commission().await;
    let Accredited { cards, .. } = delegation.accredit(&w, &commission).await;
    assert_eq!(cards.len(), delegation.titular.len() + 1);
    let (s, v) = delegation.reject_sub2(&w, &commission, "").await;
    assert_eq!(
        (s, v["error"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("dlg-error-reason-required")
        )
    );
    let (s, _) = delegation
        .reject_sub2(&w, &commission, "no es afiliado activo")
        .await;
    assert_eq!(s, 204);
    w.stop().await;
}
on_both_backends!(only_the_commission_decides_credentials => sqlite_only_the_commission_decides_credentials, postgres_only_the_commission_decides_credentials);

/// A delegate of an organization whose leadership term has lapsed is refused accreditation.
async fn a_lapsed_term_is_refused_accreditation(db: &TestDb) {
    let w = World::new(db).await;
    let (_, commission) = w.commission().await;
    set_term_to(db, w.other_org, "2001-12-31").await;
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
    w.stop().await;
}
on_both_backends!(a_lapsed_term_is_refused_accreditation => sqlite_a_lapsed_term_is_refused_accreditation, postgres_a_lapsed_term_is_refused_accreditation);

/// Check-in at the door by the card's code (the commission works the door, a delegate does
/// not); presence and quorum follow.
async fn the_door_checks_in_by_card(db: &TestDb) {
    let w = World::new(db).await;
    let (e, delegation) = Election::closed(&w, db).await;
    let seats = e.seats as i64;
    let (_, commission) = w.commission().await;
    let Accredited { cards, badges } = delegation.accredit(&w, &commission).await;
    let t0 = delegation.titular[0];
    let delegate_token = w.login(&cards[0]).await;
    let (s, _) = w
        .post(
            Some(&delegate_token),
            &format!("/api/v1/assemblies/{SLUG}/check-in"),
            json!({"badge": badges[0]}),
        )
        .await;
    assert_eq!(s, 403, "a delegate does not work the door");
    let (s, v) = w
        .post(
            Some(&commission),
            &format!("/api/v1/assemblies/{SLUG}/check-in"),
            json!({"badge": badges[0]}),
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
            json!({"badge": badges[0]}),
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
    w.stop().await;
}
on_both_backends!(the_door_checks_in_by_card => sqlite_the_door_checks_in_by_card, postgres_the_door_checks_in_by_card);

/// Recall by the governing body (another organization's secretary may not): the recalled
/// delegate's sessions and card end, the first substitute takes the seat at once, accredited,
/// and the delegate's public history tells it.
async fn a_recall_by_the_governing_body_seats_the_first_substitute(db: &TestDb) {
    let w = World::new(db).await;
    let (e, delegation) = Election::closed(&w, db).await;
    let seats = e.seats as i64;
    let (t0, sub1) = (delegation.titular[0], delegation.sub1);
    let (_, commission) = w.commission().await;
    let Accredited { cards, badges } = delegation.accredit(&w, &commission).await;
    let delegate_token = w.login(&cards[0]).await;
    let (s, v) = w
        .post(
            Some(&commission),
            &format!("/api/v1/assemblies/{SLUG}/check-in"),
            json!({"badge": badges[0]}),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    let (s, _) = w
        .post(
            Some(&e.other_secretary),
            &format!("/api/v1/delegates/{t0}/recall"),
            json!({"reference": "Acta 12/1971"}),
        )
        .await;
    assert_eq!(s, 403);
    let (s, v) = w
        .post(
            Some(&e.secretary),
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
    w.stop().await;
}
on_both_backends!(a_recall_by_the_governing_body_seats_the_first_substitute => sqlite_a_recall_by_the_governing_body_seats_the_first_substitute, postgres_a_recall_by_the_governing_body_seats_the_first_substitute);

/// Where the organization recalls by a vote of its members, its secretary cannot recall
/// directly: the members vote, and a majority recalls.
async fn where_members_recall_it_is_their_vote(db: &TestDb) {
    let w = World::new(db).await;
    let (e, delegation) = Election::closed(&w, db).await;
    let t0 = delegation.titular[0];
    let (_, commission) = w.commission().await;
    delegation.accredit(&w, &commission).await;
    let secretary = &e.secretary;
    let (s, _) = w
        .post(
            Some(secretary),
            &format!("/api/v1/organizations/{}/recall-method", w.fstpb),
            json!({"recall_by": "members_vote"}),
        )
        .await;
    assert_eq!(s, 204);
    let (s, v) = w
        .post(
            Some(secretary),
            &format!("/api/v1/delegates/{t0}/recall"),
            json!({"reference": "Acta 13"}),
        )
        .await;
    assert_eq!(
        (s, v["error"].as_str()),
        (StatusCode::CONFLICT, Some("dlg-error-recall-by-members"))
    );
    let (s, v) = w
        .post(
            Some(secretary),
            &format!("/api/v1/delegates/{t0}/recall-vote"),
            json!({}),
        )
        .await;
    assert_eq!(s, 201, "{v}");
    let rid = v["id"].as_i64().unwrap();
    let (_, codes) = w
        .post(
            Some(secretary),
            &format!("/api/v1/elections/{rid}/voting"),
            json!({"confirm": true}),
        )
        .await;
    let yes = e.members.len() / 2 + 2;
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
            Some(secretary),
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
    let h = w.get(&format!("/api/v1/delegates/{t0}")).await;
    assert_eq!(h["delegate"]["status"], "recalled");
    // The delegate's page says why in words: the members' vote, not the server's own
    // reference to it (`election:<id>`) nor the way's code name (`members_vote`).
    let page = page(&w.server, &format!("/delegates/{t0}")).await;
    let status = page
        .split("id=\"delegate-status\">")
        .nth(1)
        .and_then(|s| s.split("</dd>").next())
        .unwrap_or_default();
    assert_eq!(
        status,
        format!("Revocado · <a href=\"/elections/{rid}\" id=\"recalled-by\">elección #{rid}</a>")
    );
    assert!(
        page.contains(&format!("elección #{rid} · por votación de sus afiliados")),
        "the history names the members' vote"
    );
    assert!(
        !page.contains("election:") && !page.contains("members_vote"),
        "no code name on the page"
    );
    w.stop().await;
}
on_both_backends!(where_members_recall_it_is_their_vote => sqlite_where_members_recall_it_is_their_vote, postgres_where_members_recall_it_is_their_vote);

/// The assembly (its administrator, not the organization's secretary) revokes the whole
/// delegation.
async fn the_assembly_revokes_a_whole_delegation(db: &TestDb) {
    let w = World::new(db).await;
    let (e, delegation) = Election::closed(&w, db).await;
    let (_, commission) = w.commission().await;
    delegation.accredit(&w, &commission).await;
    let (s, v) = delegation
        .reject_sub2(&w, &commission, "no es afiliado activo")
        .await;
    assert_eq!(s, 204, "{v}");
    let (s, _) = w
        .post(
            Some(&e.secretary),
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
    let list = w.fstpb_delegates().await;
    assert!(
        list.iter()
            .all(|d| d["status"] == "recalled" || d["status"] == "rejected"),
        "{list:?}"
    );
    w.stop().await;
}
on_both_backends!(the_assembly_revokes_a_whole_delegation => sqlite_the_assembly_revokes_a_whole_delegation, postgres_the_assembly_revokes_a_whole_delegation);

/// An election counted on paper: its close is marked so on the record.
async fn a_paper_count_is_marked_on_the_record(db: &TestDb) {
    let w = World::new(db).await;
    let (_, secretary) = w.account("sec.fstpb", "secretary", Some(w.fstpb)).await;
    let members = add_members(db, w.fstpb, &["Uno", "Dos", "Tres"]).await;
    let (s, v) = w.post(Some(&secretary), "/api/v1/elections", json!({"assembly_id": 1, "organization_id": w.fstpb, "method": "plurality", "substitutes": 1})).await;
    assert_eq!(s, 201, "{v}");
    let pid = v["id"].as_i64().unwrap();
    let mut pc = Vec::new();
    for m in &members {
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
    w.stop().await;
}
on_both_backends!(a_paper_count_is_marked_on_the_record => sqlite_a_paper_count_is_marked_on_the_record, postgres_a_paper_count_is_marked_on_the_record);

/// POSTs a form as `token` to `path`; the status and the page.
async fn form_at(
    w: &World,
    token: &str,
    path: &str,
    fields: &[(&'static str, &str)],
) -> (u16, String) {
    form(&w.http, &w.at(path), token, fields).await
}

/// The status of `method path` as `token`.
async fn try_route(w: &World, token: Option<&str>, method: &str, path: &str, body: &Body) -> u16 {
    request(&w.http, &w.at(path), method, token, body).await.0
}

/// Every route of the area, tried by every role: the allowed ones are not refused (401/403),
/// the others are.
async fn who_may_do_what(db: &TestDb) {
    let w = World::new(db).await;
    let (_, own) = w.account("sec.fstpb", "secretary", Some(w.fstpb)).await;
    let (_, other) = w.account("sec.otra", "secretary", Some(w.other_org)).await;
    let (commission_id, commission) = w.commission().await;
    let m = add_members(db, w.fstpb, &["Uno", "Dos", "Tres", "Cuatro", "Cinco"]).await;
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
    assert!(v["badge"].is_string(), "{v}");
    let card = w.collect_card(&commission, d[0]).await;
    let delegate = w.login(&card).await;
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
            j(json!({"pickup": "ZZZZ-ZZZZ"})),
            COMMISSION,
        ),
        (
            "POST",
            format!("/api/v1/assemblies/{SLUG}/check-in"),
            j(json!({"badge": "ZZZZ-ZZZZ"})),
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
        (
            "POST",
            format!("/delegates/{d0}/card"),
            f(&[("pickup", "ZZZZ-ZZZZ")]),
            COMMISSION,
        ),
        (
            "POST",
            format!("/assemblies/{SLUG}/door"),
            f(&[("badge", "ZZZZ-ZZZZ")]),
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
    w.stop().await;
}
on_both_backends!(who_may_do_what => sqlite_who_may_do_what, postgres_who_may_do_what);

/// The secretary opens, nominates and starts a vote through forms (the codes list), a member
/// votes from the phone with a ranked ballot, the result page shows the rounds.
async fn an_election_through_the_pages(db: &TestDb) {
    let w = World::new(db).await;
    let (_, own) = w.account("sec.fstpb", "secretary", Some(w.fstpb)).await;
    let m = add_members(
        db,
        w.fstpb,
        &["Rosa Condori", "Mario Quispe", "Teresa Mamani"],
    )
    .await;
    let (s, _) = form_at(
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
        let (s, body) = form_at(
            &w,
            &own,
            &format!("/elections/{eid}/candidates"),
            &[("member_id", &mid.to_string())],
        )
        .await;
        assert_eq!(s, 200, "{body}");
    }
    let (s, codes_page) = form_at(
        &w,
        &own,
        &format!("/elections/{eid}/voting"),
        &[("confirm", "1")],
    )
    .await;
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
    let (s, _) = form_at(&w, &own, &format!("/elections/{eid}/close"), &[]).await;
    assert_eq!(s, 200);
    let result = page(&w.server, &format!("/elections/{eid}")).await;
    assert!(
        result.contains("id=\"rounds\"") && result.contains("id=\"elected\""),
        "{result}"
    );
    w.stop().await;
}
on_both_backends!(an_election_through_the_pages => sqlite_an_election_through_the_pages, postgres_an_election_through_the_pages);

/// The commission accepts a credential through the page and gets the card (its code and QR
/// code); the door page checks the delegate in; the presence page shows it and refreshes
/// itself; the delegate's page tells both.
async fn credentials_and_the_door_through_the_pages(db: &TestDb) {
    let w = World::new(db).await;
    let (_, delegation) = Election::closed(&w, db).await;
    let (_, commission) = w.commission().await;
    let d0 = delegation.titular[0];
    let (s, card) = form_at(
        &w,
        &commission,
        &format!("/delegates/{d0}/accredit"),
        &[("reason", "acta en regla")],
    )
    .await;
    assert_eq!(s, 200);
    assert!(
        !card.contains("card-code-value"),
        "the printed card has no login code"
    );
    let badge = card
        .split("id=\"card-badge-value\">")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_string();
    assert_eq!(badge.len(), 8);
    let (s, door) = form_at(
        &w,
        &commission,
        &format!("/assemblies/{SLUG}/door"),
        &[("badge", &badge)],
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
    let history = page(&w.server, &format!("/delegates/{d0}")).await;
    assert!(
        history.contains("Credencial aceptada") && history.contains("Registró su asistencia"),
        "{history}"
    );
    w.stop().await;
}
on_both_backends!(credentials_and_the_door_through_the_pages => sqlite_credentials_and_the_door_through_the_pages, postgres_credentials_and_the_door_through_the_pages);

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
    assert!(html.contains("id=\"nominate-form\""), "{html}");
    assert!(
        !html.contains(&format!("id=\"nominate-{}\"", m[1])),
        "{html}"
    );
    assert!(
        html.contains(&format!("id=\"nominate-{}\"", m[seats as usize + 1])),
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
            json!({"confirm": true}),
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
    let html = page(&w.server, &format!("/elections/{eid}")).await;
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
