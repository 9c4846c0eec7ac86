//! Elections by the base, issue 10 defect 2 and the paper count (task 10a): an election opened by
//! mistake is cancelled, before or after its vote opened, with its reason on the record, and then
//! counts nothing and seats no one; the vote opens only once confirmed; several members are
//! nominated at once and nobody already nominated is offered; a paper count's tie is drawn by
//! lot with its seed, whatever the order of the form's fields, and the form keeps what was typed.

use crate::common::delegation::{Election, World};
use crate::common::{Body, SLUG, add_members, on_both_backends, request};
use asamblea_store::testing::TestDb;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// POSTs a form as `token` (field names may be built at run time); the status and the page.
async fn post_form(
    w: &World,
    token: &str,
    path: &str,
    fields: &[(String, String)],
) -> (u16, String) {
    let fields: Vec<(&'static str, String)> = fields
        .iter()
        .map(|(k, v)| (&*Box::leak(k.clone().into_boxed_str()), v.clone()))
        .collect();
    let (status, _, text) = request(
        &w.http,
        &w.at(path),
        "POST",
        Some(token),
        &Body::Form(fields),
    )
    .await;
    (status, text)
}

/// The page at `path` as `token`.
async fn html(w: &World, token: &str, path: &str) -> String {
    let r = w
        .http
        .get(w.at(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    r.text().await.unwrap()
}

async fn record(w: &World) -> Vec<Value> {
    w.get("/api/v1/record?limit=1000")
        .await
        .as_array()
        .unwrap()
        .clone()
}

/// Cancelled while nominating: refused without a reason or by another organization; then the
/// reason is on the record and on the page, the election takes nothing more, and the
/// organization can open another election.
async fn an_election_is_cancelled_before_its_vote(db: &TestDb) {
    let w = World::new(db).await;
    let e = Election::nominated(&w, db).await;
    let path = format!("/api/v1/elections/{}/cancel", e.eid);
    let (s, v) = w
        .post(Some(&e.secretary), &path, json!({"reason": "  "}))
        .await;
    assert_eq!(
        (s, v["error"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("dlg-error-reason-required")
        ),
        "{v}"
    );
    let (s, _) = w
        .post(Some(&e.other_secretary), &path, json!({"reason": "no"}))
        .await;
    assert_eq!(s, 403);
    let (s, v) = w
        .post(
            Some(&e.secretary),
            &path,
            json!({"reason": "Se abrió con el método equivocado"}),
        )
        .await;
    assert_eq!(s, 204, "{v}");
    let shown = w.get(&format!("/api/v1/elections/{}", e.eid)).await;
    assert_eq!(shown["cancel_reason"], "Se abrió con el método equivocado");
    assert!(shown["cancelled_at"].is_string(), "{shown}");
    let act = record(&w)
        .await
        .into_iter()
        .find(|a| a["kind"] == "election.cancelled")
        .expect("the cancellation is on the record");
    assert_eq!(act["payload"]["election_id"], e.eid);
    assert_eq!(
        act["payload"]["reason"],
        "Se abrió con el método equivocado"
    );
    // Nothing more happens in it.
    let refused = |s: StatusCode, v: &Value| {
        assert_eq!(
            (s, v["error"].as_str()),
            (StatusCode::CONFLICT, Some("dlg-error-election-cancelled")),
            "{v}"
        )
    };
    let (s, v) = w
        .post(
            Some(&e.secretary),
            &format!("/api/v1/elections/{}/candidates", e.eid),
            json!({"member_id": e.members[e.members.len() - 1]}),
        )
        .await;
    refused(s, &v);
    let (s, v) = w
        .post(
            Some(&e.secretary),
            &format!("/api/v1/elections/{}/voting", e.eid),
            json!({"confirm": true}),
        )
        .await;
    refused(s, &v);
    let lines: Vec<Value> = e
        .cands
        .iter()
        .enumerate()
        .map(|(i, c)| json!({"candidate_id": c, "votes": 10 - i as i64}))
        .collect();
    let (s, v) = w
        .post(
            Some(&e.secretary),
            &format!("/api/v1/elections/{}/paper-count", e.eid),
            json!({ "lines": lines }),
        )
        .await;
    refused(s, &v);
    let (s, _) = w
        .post(Some(&e.secretary), &path, json!({"reason": "otra vez"}))
        .await;
    assert_eq!(s, 409);
    assert!(w.fstpb_delegates().await.is_empty());
    // Its page says so, with the reason, and offers nothing to do.
    let page = html(&w, &e.secretary, &format!("/elections/{}", e.eid)).await;
    assert!(page.contains("id=\"election-cancelled\""), "{page}");
    assert!(page.contains("Se abrió con el método equivocado"), "{page}");
    assert!(page.contains(">Anulada<"), "{page}");
    for control in [
        "nominate-form",
        "start-voting",
        "cancel-election",
        "paper-count",
    ] {
        assert!(
            !page.contains(&format!("id=\"{control}\"")),
            "{control}: {page}"
        );
    }
    let list = html(&w, &e.secretary, &format!("/assemblies/{SLUG}/elections")).await;
    assert!(list.contains(">Anulada<"), "{list}");
    // The organization opens the election again, for all its seats.
    let (s, v) = w
        .post(
            Some(&e.secretary),
            "/api/v1/elections",
            Election::request(&w),
        )
        .await;
    assert_eq!(s, 201, "{v}");
    let again = w
        .get(&format!("/api/v1/elections/{}", v["id"].as_i64().unwrap()))
        .await;
    assert_eq!(again["titular_seats"], w.fstpb_seats);
    assert!(db.store.verify().await.is_ok());
    w.stop().await;
}
on_both_backends!(an_election_is_cancelled_before_its_vote => sqlite_an_election_is_cancelled_before_its_vote, postgres_an_election_is_cancelled_before_its_vote);

/// Cancelled while voting (through the page): the ballots cast are never counted, no code casts
/// another, no one is seated, and the box is not published.
async fn an_election_cancelled_while_voting_counts_nothing(db: &TestDb) {
    let w = World::new(db).await;
    let e = Election::nominated(&w, db).await;
    let codes = e.codes(&w).await;
    e.vote(&w, &codes[..3]).await;
    let (s, page) = post_form(
        &w,
        &e.secretary,
        &format!("/elections/{}/cancel", e.eid),
        &[("reason".into(), String::new())],
    )
    .await;
    assert_eq!(s, 422, "a reason is needed");
    assert!(page.contains("id=\"election-error\""), "{page}");
    let (s, page) = post_form(
        &w,
        &e.secretary,
        &format!("/elections/{}/cancel", e.eid),
        &[("reason".into(), "Padrón equivocado".into())],
    )
    .await;
    assert_eq!(s, 200, "{page}");
    assert!(page.contains("Padrón equivocado"), "{page}");
    let (s, v) = w
        .post(
            Some(&e.secretary),
            &format!("/api/v1/elections/{}/close", e.eid),
            json!({}),
        )
        .await;
    assert_eq!(
        (s, v["error"].as_str()),
        (StatusCode::CONFLICT, Some("dlg-error-election-cancelled")),
        "{v}"
    );
    let (s, v) = w
        .post(
            None,
            "/api/v1/vote",
            json!({"code": codes[5], "choices": e.ranking(0)}),
        )
        .await;
    assert_eq!(
        (s, v["error"].as_str()),
        (StatusCode::CONFLICT, Some("dlg-error-election-cancelled")),
        "{v}"
    );
    assert!(w.fstpb_delegates().await.is_empty());
    let shown = w.get(&format!("/api/v1/elections/{}", e.eid)).await;
    assert!(shown["result"].is_null(), "{shown}");
    let act = record(&w)
        .await
        .into_iter()
        .find(|a| a["kind"] == "election.cancelled")
        .unwrap();
    assert_eq!(act["payload"]["status"], "voting");
    assert_eq!(act["payload"]["voters"], 3);
    let (s, v) = w
        .post(
            Some(&e.secretary),
            "/api/v1/elections",
            Election::request(&w),
        )
        .await;
    assert_eq!(s, 201, "{v}");
    assert!(db.store.verify().await.is_ok());
    w.stop().await;
}
on_both_backends!(an_election_cancelled_while_voting_counts_nothing => sqlite_an_election_cancelled_while_voting_counts_nothing, postgres_an_election_cancelled_while_voting_counts_nothing);

/// The vote opens only when confirmed: by `{"confirm": true}` in the API, by a ticked box on the
/// page; unconfirmed, nothing changes.
async fn the_vote_opens_only_when_confirmed(db: &TestDb) {
    let w = World::new(db).await;
    let e = Election::nominated(&w, db).await;
    let (s, v) = w
        .post(
            Some(&e.secretary),
            &format!("/api/v1/elections/{}/voting", e.eid),
            json!({}),
        )
        .await;
    assert_eq!(
        (s, v["error"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("dlg-error-election-confirm-start")
        ),
        "{v}"
    );
    let path = format!("/elections/{}/voting", e.eid);
    let (s, page) = post_form(&w, &e.secretary, &path, &[]).await;
    assert_eq!(s, 422, "{page}");
    assert!(page.contains("id=\"start-confirm\""), "{page}");
    let shown = w.get(&format!("/api/v1/elections/{}", e.eid)).await;
    assert_eq!(shown["status"], "nominating");
    assert_eq!(shown["electorate"], 0);
    let (s, page) = post_form(&w, &e.secretary, &path, &[("confirm".into(), "1".into())]).await;
    assert_eq!(s, 200, "{page}");
    assert!(page.contains("card-code-small"), "{page}");
    let shown = w.get(&format!("/api/v1/elections/{}", e.eid)).await;
    assert_eq!(shown["status"], "voting");
    w.stop().await;
}
on_both_backends!(the_vote_opens_only_when_confirmed => sqlite_the_vote_opens_only_when_confirmed, postgres_the_vote_opens_only_when_confirmed);

/// Nine members ticked on the page become nine candidates; the form then offers only the others,
/// none ticked; the API nominates several at once, all or none.
async fn several_are_nominated_at_once(db: &TestDb) {
    let w = World::new(db).await;
    let (_, own) = w.account("sec.fstpb", "secretary", Some(w.fstpb)).await;
    let names: Vec<String> = (0..12).map(|i| format!("Afiliada {i}")).collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let m = add_members(db, w.fstpb, &refs).await;
    let (s, v) = w
        .post(
            Some(&own),
            "/api/v1/elections",
            json!({"assembly_id": 1, "organization_id": w.fstpb, "method": "plurality", "substitutes": 1}),
        )
        .await;
    assert_eq!(s, 201, "{v}");
    let eid = v["id"].as_i64().unwrap();
    let page = html(&w, &own, &format!("/elections/{eid}")).await;
    let form = &page[page.find("id=\"nominate-form\"").expect("the form")..];
    let form = &form[..form.find("</form>").unwrap()];
    assert!(
        !form.contains("checked"),
        "nobody is ticked at first: {form}"
    );
    let ticked: Vec<(String, String)> = m[..9]
        .iter()
        .map(|id| ("member_id".to_string(), id.to_string()))
        .collect();
    let (s, page) = post_form(&w, &own, &format!("/elections/{eid}/candidates"), &ticked).await;
    assert_eq!(s, 200, "{page}");
    let shown = w.get(&format!("/api/v1/elections/{eid}")).await;
    assert_eq!(shown["candidates"].as_array().unwrap().len(), 9, "{shown}");
    for (i, id) in m.iter().enumerate() {
        let offered = page.contains(&format!("id=\"nominate-{id}\""));
        assert_eq!(offered, i >= 9, "member {i} offered: {offered}");
    }
    assert!(!page.contains("checked"), "{page}");
    // All or none: one already nominated refuses the whole list.
    let (s, v) = w
        .post(
            Some(&own),
            &format!("/api/v1/elections/{eid}/candidates"),
            json!({"member_ids": [m[9], m[0]]}),
        )
        .await;
    assert_eq!(
        (s, v["error"].as_str()),
        (
            StatusCode::CONFLICT,
            Some("dlg-error-election-already-candidate")
        ),
        "{v}"
    );
    let (s, v) = w
        .post(
            Some(&own),
            &format!("/api/v1/elections/{eid}/candidates"),
            json!({"member_ids": [m[9], m[10]]}),
        )
        .await;
    assert_eq!(s, 201, "{v}");
    assert_eq!(v["ids"].as_array().unwrap().len(), 2, "{v}");
    let shown = w.get(&format!("/api/v1/elections/{eid}")).await;
    assert_eq!(shown["candidates"].as_array().unwrap().len(), 11);
    let (s, v) = w
        .post(
            Some(&own),
            &format!("/api/v1/elections/{eid}/candidates"),
            json!({"member_ids": []}),
        )
        .await;
    assert_eq!(
        (s, v["error"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("dlg-error-nominate-none")
        ),
        "{v}"
    );
    w.stop().await;
}
on_both_backends!(several_are_nominated_at_once => sqlite_several_are_nominated_at_once, postgres_several_are_nominated_at_once);

/// A paper count where three candidates tie for the last titular seat, the form's fields in
/// reverse order: the tie is drawn by lot (the count engine's) and published with its seed, on the
/// page too; the one chosen by the lot is the one seated. A value that is not a number is refused
/// and the form keeps what was typed. (That the draw does not depend on the order of the lines is
/// `count_paper`'s unit test.)
async fn a_paper_count_tie_is_drawn_by_lot(db: &TestDb) {
    let w = World::new(db).await;
    let (_, own) = w.account("sec.fstpb", "secretary", Some(w.fstpb)).await;
    let seats = w.fstpb_seats as usize;
    let names: Vec<String> = (0..seats + 2).map(|i| format!("Afiliado {i}")).collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let m = add_members(db, w.fstpb, &refs).await;
    let (s, v) = w
        .post(
            Some(&own),
            "/api/v1/elections",
            json!({"assembly_id": 1, "organization_id": w.fstpb, "method": "plurality", "substitutes": 0}),
        )
        .await;
    assert_eq!(s, 201, "{v}");
    let eid = v["id"].as_i64().unwrap();
    let (s, v) = w
        .post(
            Some(&own),
            &format!("/api/v1/elections/{eid}/candidates"),
            json!({"member_ids": m}),
        )
        .await;
    assert_eq!(s, 201, "{v}");
    let cands: Vec<i64> = v["ids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_i64().unwrap())
        .collect();
    // The first seats-1 get 50 votes; the last three tie on 7 for the last seat.
    let votes = |i: usize| if i + 1 < seats { 50 } else { 7 };
    let path = format!("/elections/{eid}/paper-count");
    let mut typed: Vec<(String, String)> = cands
        .iter()
        .enumerate()
        .map(|(i, c)| (format!("votes_{c}"), votes(i).to_string()))
        .collect();
    typed[0].1 = "cincuenta".into();
    let (s, page) = post_form(&w, &own, &path, &typed).await;
    assert_eq!(s, 422, "{page}");
    assert!(page.contains("value=\"cincuenta\""), "{page}");
    assert!(
        page.contains(&format!(
            "id=\"paper-{}\" maxlength=\"12\" value=\"7\"",
            cands[seats + 1]
        )),
        "{page}"
    );
    // The fields in reverse order: the last candidate of the tie comes first in the form.
    typed[0].1 = votes(0).to_string();
    typed.reverse();
    let (s, page) = post_form(&w, &own, &path, &typed).await;
    assert_eq!(s, 200, "{page}");
    let shown = w.get(&format!("/api/v1/elections/{eid}")).await;
    let result = &shown["result"];
    let ties = result["ties"].as_array().expect("the ties are published");
    assert_eq!(ties.len(), 1, "{result}");
    assert_eq!(ties[0]["resolved_by"], "lot");
    assert_eq!(ties[0]["between"].as_array().unwrap().len(), 3);
    let seed = ties[0]["seed"].as_str().unwrap().to_string();
    assert!(!seed.is_empty());
    let page = html(&w, &own, &format!("/elections/{eid}")).await;
    assert!(page.contains("id=\"ties\""), "{page}");
    assert!(page.contains(&seed), "{page}");
    // The lot is the count engine's, from the candidates and their votes: the same draw as the
    // lines given in the form's own order.
    let titular = result["titular"].clone();
    let tied = [cands[seats - 1], cands[seats], cands[seats + 1]];
    let last = titular
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .as_i64()
        .unwrap();
    assert!(tied.contains(&last), "{result}");
    let chosen_name = ties[0]["chosen"].as_str().unwrap();
    let chosen = shown["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == chosen_name)
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    assert_eq!(chosen, last, "the lot decided, not the order of the fields");
    w.stop().await;
}
on_both_backends!(a_paper_count_tie_is_drawn_by_lot => sqlite_a_paper_count_tie_is_drawn_by_lot, postgres_a_paper_count_tie_is_drawn_by_lot);
