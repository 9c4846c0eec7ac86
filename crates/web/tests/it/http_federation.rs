//! Federation through the real HTTP server, on SQLite and PostgreSQL: a departmental assembly
//! forwards adopted resolutions to the national one (with their origin, vote and the record
//! position and hash of the act that adopted them); the national presidium accepts one as a
//! motion (two members at once make one motion), merges two, declines one with a reason, and the
//! departmental assembly reads each decision; it records its own decision on a national
//! resolution (going down); the national roll-up counts it all. Substitutes hold absent
//! titulars' seats (at their check-in, or by the commission), never while the titular is present
//! or a vote is open, and give them back at the next vote; proxies with their refusals; a vote
//! where a substitute and a proxy holder vote (their ballots checked together in one batch) and
//! each ballot counts once with its weight; the minutes name who held each seat; a delegation
//! voting with its seats.

use asamblea_app::Actor;
use asamblea_app::actions::delegates::check_in::check_in;
use asamblea_app::actions::delegates::register_delegate::{NewDelegate, register_delegate};
use asamblea_app::domain::{AccountId, AssemblyId, DelegateId, OrganizationId, SeatKind};
use asamblea_store::on_read;
use asamblea_store::testing::TestDb;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::hall::{accredit, hall};
use crate::common::sitting::Sitting;
use crate::common::{SLUG, TestServer, get, on_both_backends, page, post, whole_record};

const DEPT: &str = "asamblea-oruro";

/// Asserts the status; the answer.
fn expect(st: StatusCode, (got, v): (StatusCode, Value)) -> Value {
    assert_eq!(got, st, "{v}");
    v
}

fn refused(st: StatusCode, key: &str, (got, v): (StatusCode, Value)) {
    assert_eq!((got, v["error"].as_str()), (st, Some(key)), "{v}");
}

async fn put(s: &TestServer, token: &str, path: &str, body: Value) -> (StatusCode, Value) {
    let r = s
        .client
        .put(s.at(path))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    let st = r.status();
    (st, r.json().await.unwrap_or(Value::Null))
}

/// A departmental assembly under the demo's national one, with a presidium (`chair`) and three
/// accredited delegates checked in.
struct Dept {
    chair: String,
    id: i64,
    delegates: Vec<String>,
}

async fn departmental(s: &TestServer, db: &TestDb, admin: &str) -> Dept {
    expect(
        StatusCode::CREATED,
        post(
            s,
            admin,
            "/api/v1/assemblies",
            json!({"slug": DEPT, "name": "Asamblea Popular de Oruro",
            "level": "departmental", "department": "Oruro", "parent": SLUG}),
        )
        .await,
    );
    let id: i64 = on_read!(db.store, pool => asamblea_store::sqlx::query_scalar("SELECT id FROM assemblies WHERE slug = $1").bind(DEPT).fetch_one(pool).await).unwrap();
    let org: i64 = on_read!(db.store, pool => asamblea_store::sqlx::query_scalar("SELECT id FROM organizations ORDER BY id LIMIT 1").fetch_one(pool).await).unwrap();
    let (chair_id, chair) = s
        .account_named(admin, "pres.oruro", "Presidencia Oruro", "secretary", None)
        .await;
    let (st, v) = post(
        s,
        admin,
        &format!("/api/v1/assemblies/{DEPT}/roles"),
        json!({"account_id": chair_id, "role": "presidium"}),
    )
    .await;
    assert!(st.is_success(), "{st} {v}");
    let mut delegates = Vec::new();
    for i in 0..3 {
        let (acc, token) = s
            .account_named(
                admin,
                &format!("oruro.{i}"),
                &format!("Oruro {i}"),
                "delegate",
                None,
            )
            .await;
        let d = register_delegate(
            &db.store,
            &Actor::System,
            NewDelegate {
                assembly_id: AssemblyId(id),
                organization_id: OrganizationId(org),
                name: format!("Oruro {i}"),
                member_id: None,
                account_id: Some(AccountId(acc)),
                seat_kind: SeatKind::Voting,
                substitute_rank: None,
                election_id: None,
            },
        )
        .await
        .unwrap();
        accredit(&db.store, d.get()).await;
        check_in(&db.store, &Actor::System, AssemblyId(id), d)
            .await
            .unwrap();
        delegates.push(token);
    }
    Dept {
        chair,
        id,
        delegates,
    }
}

/// An open session of assembly `assembly` with one open item, planned by `chair`: (session, item).
pub(crate) async fn sitting(s: &TestServer, chair: &str, assembly: i64) -> (i64, i64) {
    let sid = expect(
        StatusCode::CREATED,
        post(
            s,
            chair,
            "/api/v1/sessions",
            json!({"assembly_id": assembly, "title": "Sesión"}),
        )
        .await,
    )["id"]
        .as_i64()
        .unwrap();
    let item = expect(
        StatusCode::CREATED,
        post(
            s,
            chair,
            &format!("/api/v1/sessions/{sid}/items"),
            json!({"title": "Resoluciones"}),
        )
        .await,
    )["id"]
        .as_i64()
        .unwrap();
    expect(
        StatusCode::OK,
        post(s, chair, &format!("/api/v1/sessions/{sid}/open"), json!({})).await,
    );
    expect(
        StatusCode::OK,
        post(s, chair, &format!("/api/v1/items/{item}/open"), json!({})).await,
    );
    (sid, item)
}

/// `chair` proposes a motion on `item`, `voters` all vote yes, the chair closes: the vote's
/// answer (with the resolution number).
async fn adopt(
    s: &TestServer,
    chair: &str,
    voters: &[String],
    sid: i64,
    item: i64,
    title: &str,
) -> Value {
    let motion = expect(StatusCode::CREATED, post(s, chair, "/api/v1/motions", json!({"item_id": item, "title": title, "body": format!("{title}: primer párrafo.\n\nSegundo párrafo.")})).await)["id"].as_i64().unwrap();
    adopt_motion(s, chair, voters, sid, motion).await
}

async fn adopt_motion(
    s: &TestServer,
    chair: &str,
    voters: &[String],
    sid: i64,
    motion: i64,
) -> Value {
    let vote = expect(
        StatusCode::CREATED,
        post(
            s,
            chair,
            "/api/v1/votes",
            json!({"session_id": sid, "subject": "motion", "motion_id": motion}),
        )
        .await,
    )["id"]
        .as_i64()
        .unwrap();
    for v in voters {
        expect(
            StatusCode::OK,
            post(
                s,
                v,
                &format!("/api/v1/votes/{vote}/ballots"),
                json!({"choice": "yes"}),
            )
            .await,
        );
    }
    expect(
        StatusCode::OK,
        post(s, chair, &format!("/api/v1/votes/{vote}/close"), json!({})).await,
    )
}

/// The resolution id of number `n` in assembly `slug`.
async fn resolution(s: &TestServer, slug: &str, n: i64) -> i64 {
    let all = get(s, &format!("/api/v1/assemblies/{slug}/resolutions")).await;
    all.as_array()
        .unwrap()
        .iter()
        .find(|r| r["number"] == n)
        .unwrap()["id"]
        .as_i64()
        .unwrap()
}

async fn forwarding_up_and_coming_down(db: &TestDb) {
    let s = TestServer::start(db.store.clone()).await;
    let h = hall(&s, db, 5, 5).await;
    let nat_voters: Vec<String> = h.delegates.iter().map(|d| d.0.clone()).collect();
    let d = departmental(&s, db, &h.admin).await;
    let (dsid, ditem) = sitting(&s, &d.chair, d.id).await;
    for (n, title) in [
        "Huelga general",
        "Control obrero",
        "Control obrero en COMIBOL",
        "Milicias",
    ]
    .iter()
    .enumerate()
    {
        let closed = adopt(&s, &d.chair, &d.delegates, dsid, ditem, title).await;
        assert_eq!(closed["resolution"], json!(n as i64 + 1), "{closed}");
    }
    let r: Vec<i64> = futures_resolutions(&s).await;

    // The national assembly has no parent: it cannot forward.
    let (nsid, nitem) = sitting(&s, &h.chair, h.assembly).await;
    adopt(&s, &h.chair, &nat_voters, nsid, nitem, "Tesis política").await;
    let nat_res = resolution(&s, SLUG, 1).await;
    refused(
        StatusCode::CONFLICT,
        "fed-error-no-parent",
        post(
            &s,
            &h.chair,
            &format!("/api/v1/resolutions/{nat_res}/forward"),
            json!({}),
        )
        .await,
    );
    // Only the departmental presidium forwards; once.
    assert_eq!(
        post(
            &s,
            &d.delegates[0],
            &format!("/api/v1/resolutions/{}/forward", r[0]),
            json!({})
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    let mut fw = Vec::new();
    for rid in &r {
        fw.push(
            expect(
                StatusCode::CREATED,
                post(
                    &s,
                    &d.chair,
                    &format!("/api/v1/resolutions/{rid}/forward"),
                    json!({}),
                )
                .await,
            )["id"]
                .as_i64()
                .unwrap(),
        );
    }
    refused(
        StatusCode::CONFLICT,
        "fed-error-forwarded-twice",
        post(
            &s,
            &d.chair,
            &format!("/api/v1/resolutions/{}/forward", r[0]),
            json!({}),
        )
        .await,
    );

    // What arrives keeps its origin, its text, its vote and the act that adopted it.
    let f = get(&s, &format!("/api/v1/forwards/{}", fw[0])).await;
    assert_eq!(
        (
            f["from_slug"].as_str(),
            f["number"].as_i64(),
            f["status"].as_str()
        ),
        (Some(DEPT), Some(1), Some("pending"))
    );
    assert_eq!(f["vote"]["yes"], 3, "{f}");
    assert_eq!(
        (f["kind"].as_str(), f["resolution_id"].as_i64()),
        (Some("resolution"), Some(r[0])),
        "{f}"
    );
    assert!(f["vote_id"].as_i64().is_some(), "the adoption vote: {f}");
    assert!(
        f["body"]
            .as_str()
            .unwrap()
            .starts_with("Huelga general: primer párrafo.")
    );
    let record = whole_record(&s).await;
    let act = record
        .iter()
        .find(|e| e["position"] == f["decided_position"])
        .unwrap();
    assert_eq!(act["kind"], "resolution.adopted");
    assert_eq!(act["hash"], f["decided_hash"]);
    assert_eq!(act["payload"]["resolution_id"], r[0]);
    assert_eq!(act["scope"], format!("assembly:{}", d.id));

    // The departmental presidium cannot decide for the national one.
    assert_eq!(
        post(
            &s,
            &d.chair,
            &format!("/api/v1/forwards/{}/accept", fw[0]),
            json!({"item_id": nitem})
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    // Two national presidium members accept the same forward at once: one motion.
    let accept = json!({"item_id": nitem});
    let path = format!("/api/v1/forwards/{}/accept", fw[0]);
    let (a, b) = tokio::join!(
        post(&s, &h.chair, &path, accept.clone()),
        post(&s, &h.admin, &path, accept.clone())
    );
    let mut statuses = [a.0, b.0];
    statuses.sort();
    assert_eq!(
        statuses,
        [StatusCode::CREATED, StatusCode::CONFLICT],
        "{a:?} {b:?}"
    );
    let motion = if a.0 == StatusCode::CREATED {
        &a.1
    } else {
        &b.1
    }["id"]
        .as_i64()
        .unwrap();
    let loser = if a.0 == StatusCode::CONFLICT {
        &a.1
    } else {
        &b.1
    };
    assert_eq!(loser["error"], "fed-error-forward-decided");
    let item = get(&s, &format!("/api/v1/items/{nitem}")).await;
    let same: Vec<&Value> = item["motions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["title"] == "Huelga general")
        .collect();
    assert_eq!(same.len(), 1, "{item}");

    // Merge two on the same subject; a merge of one is refused; decline one with a reason.
    refused(
        StatusCode::UNPROCESSABLE_ENTITY,
        "fed-error-merge-two",
        post(
            &s,
            &h.chair,
            "/api/v1/forwards/merge",
            json!({"forward_ids": [fw[1]], "item_id": nitem, "title": "x", "body": "y"}),
        )
        .await,
    );
    let merged = expect(StatusCode::CREATED, post(&s, &h.chair, "/api/v1/forwards/merge", json!({"forward_ids": [fw[1], fw[2]], "item_id": nitem, "title": "Control obrero (unificada)", "body": "Control obrero con derecho a veto."})).await)["id"].as_i64().unwrap();
    refused(
        StatusCode::UNPROCESSABLE_ENTITY,
        "fed-error-reason",
        post(
            &s,
            &h.chair,
            &format!("/api/v1/forwards/{}/decline", fw[3]),
            json!({"reason": "  "}),
        )
        .await,
    );
    expect(
        StatusCode::OK,
        post(
            &s,
            &h.chair,
            &format!("/api/v1/forwards/{}/decline", fw[3]),
            json!({"reason": "Lo decide el congreso de la COB"}),
        )
        .await,
    );
    refused(
        StatusCode::CONFLICT,
        "fed-error-forward-decided",
        post(
            &s,
            &h.chair,
            &format!("/api/v1/forwards/{}/accept", fw[3]),
            json!({"item_id": nitem}),
        )
        .await,
    );

    // The national assembly adopts the accepted motion.
    adopt_motion(&s, &h.chair, &nat_voters, nsid, motion).await;

    // The departmental assembly reads what the parent decided.
    let sent = get(&s, &format!("/api/v1/assemblies/{DEPT}/forwards")).await["sent"].clone();
    let by_number = |n: i64| {
        sent.as_array()
            .unwrap()
            .iter()
            .find(|f| f["number"] == n)
            .unwrap()
            .clone()
    };
    assert_eq!(
        (
            by_number(1)["status"].as_str(),
            by_number(1)["parent_motion_status"].as_str()
        ),
        (Some("accepted"), Some("adopted"))
    );
    assert_eq!(
        (
            by_number(2)["status"].as_str(),
            by_number(2)["parent_motion_id"].as_i64()
        ),
        (Some("merged"), Some(merged))
    );
    assert_eq!(by_number(3)["parent_motion_id"].as_i64(), Some(merged));
    assert_eq!(
        (
            by_number(4)["status"].as_str(),
            by_number(4)["reason"].as_str()
        ),
        (Some("declined"), Some("Lo decide el congreso de la COB"))
    );
    let dept_page = page(&s, &format!("/assemblies/{DEPT}/federation")).await;
    assert!(
        dept_page.contains("Lo decide el congreso de la COB"),
        "{dept_page}"
    );
    assert!(
        dept_page.contains("Adoptada por la asamblea superior"),
        "{dept_page}"
    );

    // Going down: the departmental assembly decides on the national resolutions.
    let nat_res2 = resolution(&s, SLUG, 2).await;
    refused(
        StatusCode::UNPROCESSABLE_ENTITY,
        "fed-error-reason",
        post(
            &s,
            &d.chair,
            &format!("/api/v1/assemblies/{DEPT}/descent/{nat_res}"),
            json!({"decision": "objected"}),
        )
        .await,
    );
    refused(
        StatusCode::UNPROCESSABLE_ENTITY,
        "fed-error-not-parent-resolution",
        post(
            &s,
            &d.chair,
            &format!("/api/v1/assemblies/{DEPT}/descent/{}", r[0]),
            json!({"decision": "noted"}),
        )
        .await,
    );
    assert_eq!(
        post(
            &s,
            &d.delegates[0],
            &format!("/api/v1/assemblies/{DEPT}/descent/{nat_res}"),
            json!({"decision": "noted"})
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    expect(
        StatusCode::OK,
        post(
            &s,
            &d.chair,
            &format!("/api/v1/assemblies/{DEPT}/descent/{nat_res}"),
            json!({"decision": "objected", "reason": "Falta la cuestión agraria"}),
        )
        .await,
    );
    expect(
        StatusCode::OK,
        post(
            &s,
            &d.chair,
            &format!("/api/v1/assemblies/{DEPT}/descent/{nat_res2}"),
            json!({"decision": "adopted"}),
        )
        .await,
    );
    let descent = get(&s, &format!("/api/v1/assemblies/{DEPT}/descent")).await;
    let descent = descent.as_array().unwrap();
    assert_eq!(descent.len(), 2);
    assert_eq!(
        (
            descent[0]["decision"].as_str(),
            descent[0]["reason"].as_str()
        ),
        (Some("objected"), Some("Falta la cuestión agraria"))
    );
    assert_eq!(descent[1]["decision"], "adopted");

    // The national roll-up counts it all.
    let roll = get(&s, &format!("/api/v1/assemblies/{SLUG}/rollup")).await;
    let oruro = &roll["departments"][0];
    assert_eq!(
        (
            oruro["slug"].as_str(),
            oruro["accredited"].as_i64(),
            oruro["present"].as_i64()
        ),
        (Some(DEPT), Some(3), Some(3))
    );
    assert_eq!(
        [
            &oruro["forwards_pending"],
            &oruro["forwards_on_agenda"],
            &oruro["forwards_adopted"],
            &oruro["forwards_declined"]
        ],
        [&json!(0), &json!(2), &json!(1), &json!(1)],
        "{roll}"
    );
    assert!(
        roll["sectors"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["accredited"].as_i64().unwrap() > 0)
    );
    let rollup_page = page(&s, &format!("/assemblies/{SLUG}/rollup")).await;
    assert!(
        rollup_page.contains("Asamblea Popular de Oruro"),
        "{rollup_page}"
    );
    s.stop().await;
}
on_both_backends!(forwarding_up_and_coming_down => sqlite_forwarding_up_and_coming_down, postgres_forwarding_up_and_coming_down);

/// The departmental resolutions 1..=4, by number.
async fn futures_resolutions(s: &TestServer) -> Vec<i64> {
    let mut out = Vec::new();
    for n in 1..=4 {
        out.push(resolution(s, DEPT, n).await);
    }
    out
}

/// A substitute of delegate `titular`'s organization (rank 1) with an account: (id, token).
async fn substitute(t: &Sitting, db: &TestDb, titular: usize) -> (i64, String) {
    let (acc, token) =
        t.s.account_named(&t.h.admin, "suplente.1", "Suplente Uno", "delegate", None)
            .await;
    let org: i64 = on_read!(db.store, pool => asamblea_store::sqlx::query_scalar("SELECT organization_id FROM delegates WHERE id = $1").bind(t.h.delegates[titular].1).fetch_one(pool).await).unwrap();
    let id = register_delegate(
        &db.store,
        &Actor::System,
        NewDelegate {
            assembly_id: AssemblyId(t.h.assembly),
            organization_id: OrganizationId(org),
            name: "Suplente Uno".into(),
            member_id: None,
            account_id: Some(AccountId(acc)),
            seat_kind: SeatKind::Voting,
            substitute_rank: Some(1),
            election_id: None,
        },
    )
    .await
    .unwrap();
    accredit(&db.store, id.get()).await;
    (id.get(), token)
}

async fn a_substitute_and_a_proxy_holder_vote(db: &TestDb) {
    // Six seated, delegates 0..=4 present; delegate 5 (of delegate 0's organization) absent.
    let t = Sitting::open(db, 6, 5).await;
    let s = &t.s;
    let admin = t.h.admin.clone();
    let settings = format!("/api/v1/assemblies/{SLUG}/federation");
    assert_eq!(get(s, &settings).await["proxies"], "off");
    // Proxies are off by default.
    refused(
        StatusCode::CONFLICT,
        "fed-error-proxies-off",
        post(
            s,
            &t.d(4),
            &format!("/api/v1/assemblies/{SLUG}/proxies"),
            json!({"holder_id": t.h.delegates[3].1}),
        )
        .await,
    );
    assert_eq!(put(s, &t.d(0), &settings, json!({"substitutes_at_check_in": true, "proxies": "any", "proxy_cap": 1, "vote_weight": "delegate"})).await.0, StatusCode::FORBIDDEN);
    refused(StatusCode::UNPROCESSABLE_ENTITY, "fed-error-weight-and-proxies", put(s, &admin, &settings, json!({"substitutes_at_check_in": true, "proxies": "any", "proxy_cap": 1, "vote_weight": "delegation"})).await);
    expect(StatusCode::OK, put(s, &admin, &settings, json!({"substitutes_at_check_in": true, "proxies": "any", "proxy_cap": 1, "vote_weight": "delegate"})).await);

    let (sub, sub_token) = substitute(&t, db, 5).await;
    let holds = format!("/api/v1/sessions/{}/seat-holds", t.sid);
    // The titular is present: no substitute takes the seat (and none is in the hall yet).
    refused(
        StatusCode::CONFLICT,
        "fed-error-titular-present",
        post(s, &admin, &holds, json!({"titular_id": t.h.delegates[0].1})).await,
    );
    refused(
        StatusCode::CONFLICT,
        "fed-error-no-substitute",
        post(s, &admin, &holds, json!({"titular_id": t.h.delegates[5].1})).await,
    );
    assert_eq!(
        post(
            s,
            &t.d(1),
            &holds,
            json!({"titular_id": t.h.delegates[5].1})
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    // The substitute checks in and takes the absent titular's seat.
    check_in(
        &db.store,
        &Actor::System,
        AssemblyId(t.h.assembly),
        DelegateId(sub),
    )
    .await
    .unwrap();
    let held = get(s, &holds).await;
    assert_eq!(
        (
            held[0]["substitute_id"].as_i64(),
            held[0]["titular_id"].as_i64()
        ),
        (Some(sub), Some(t.h.delegates[5].1)),
        "{held}"
    );
    refused(
        StatusCode::CONFLICT,
        "fed-error-seat-held",
        post(s, &admin, &holds, json!({"titular_id": t.h.delegates[5].1})).await,
    );

    // Proxies: to oneself, to an absent delegate, chains and past the cap are refused.
    let proxies = format!("/api/v1/assemblies/{SLUG}/proxies");
    let give = |i: usize, to: usize| {
        post(
            s,
            &t.h.delegates[i].0,
            &proxies,
            json!({"holder_id": t.h.delegates[to].1}),
        )
    };
    refused(
        StatusCode::UNPROCESSABLE_ENTITY,
        "fed-error-proxy-self",
        give(4, 4).await,
    );
    refused(
        StatusCode::CONFLICT,
        "fed-error-proxy-absent",
        give(4, 5).await,
    );
    let proxy = expect(StatusCode::CREATED, give(4, 3).await)["id"]
        .as_i64()
        .unwrap();
    refused(
        StatusCode::CONFLICT,
        "fed-error-proxy-given",
        give(4, 2).await,
    );
    refused(
        StatusCode::CONFLICT,
        "fed-error-proxy-chain",
        give(2, 4).await,
    );
    refused(
        StatusCode::CONFLICT,
        "fed-error-proxy-chain",
        give(3, 1).await,
    );
    refused(
        StatusCode::CONFLICT,
        "fed-error-proxy-cap-reached",
        give(2, 3).await,
    );
    assert_eq!(get(s, &proxies).await.as_array().unwrap().len(), 1);

    // The vote: the titular arrives during it and cannot vote; the substitute does.
    let vote = t.agenda_vote(None).await;
    refused(
        StatusCode::CONFLICT,
        "fed-error-vote-open",
        post(
            s,
            &t.d(4),
            &format!("/api/v1/proxies/{proxy}/revoke"),
            json!({}),
        )
        .await,
    );
    refused(
        StatusCode::CONFLICT,
        "fed-error-vote-open",
        give(2, 1).await,
    );
    t.check_in(db, 5, 6).await;
    let ballot = format!("/api/v1/votes/{vote}/ballots");
    // The ballots arrive together and are checked in one batch (its delegates and their
    // standing read for the whole batch, `cast_vote::Batch::read`): the write lock is held
    // while they queue behind delegate 0's, which the writer took alone.
    let lock = db.store.begin().await.unwrap();
    let cast = |token: String, choice: &'static str| {
        let ballot = &ballot;
        async move { post(s, &token, ballot, json!({"choice": choice})).await }
    };
    let first = cast(t.d(0), "yes");
    let rest = async {
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        futures_util::future::join_all([
            cast(t.d(5), "yes"),
            cast(sub_token.clone(), "yes"),
            cast(t.d(4), "no"),
            cast(t.d(1), "no"),
            cast(t.d(2), "yes"),
            cast(t.d(3), "yes"),
            cast(t.d(1), "no"),
        ])
        .await
    };
    let release = async {
        tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
        lock.rollback().await.unwrap();
    };
    let (first, rest, ()) = tokio::join!(first, rest, release);
    expect(StatusCode::OK, first);
    let mut rest = rest.into_iter();
    let mut next = || rest.next().unwrap();
    // The titular arrived during the vote and cannot vote; the substitute does.
    refused(
        StatusCode::CONFLICT,
        "fed-error-seat-held-by-substitute",
        next(),
    );
    expect(StatusCode::OK, next());
    // The delegator cannot vote; the holder's ballot carries both votes.
    refused(StatusCode::CONFLICT, "fed-error-gave-proxy", next());
    // Delegate 1's two ballots: one counts, the other is refused, whichever came first.
    let (one, two, three, again) = (next(), next(), next(), next());
    expect(StatusCode::OK, two);
    expect(StatusCode::OK, three);
    let mut ones = [one, again];
    ones.sort_by_key(|(st, _)| st.as_u16());
    let [one, again] = ones;
    expect(StatusCode::OK, one);
    refused(StatusCode::CONFLICT, "error-ses-already-voted", again);
    // Two batches: delegate 0's alone, then the others' (4 accepted).
    let batches: Vec<i64> = whole_record(s)
        .await
        .iter()
        .filter(|e| e["kind"] == "vote.ballots_cast" && e["payload"]["vote_id"] == vote)
        .map(|e| e["payload"]["ballots"].as_i64().unwrap())
        .collect();
    assert_eq!(batches, [1, 4]);
    let closed = t.close_vote(vote).await;
    let r = &closed["result"];
    // Each ballot once with its weight: 5 ballots, 6 votes (delegate 3's weighs 2).
    assert_eq!(
        (r["yes"].as_i64(), r["no"].as_i64(), r["voted"].as_i64()),
        (Some(5), Some(1), Some(5)),
        "{closed}"
    );
    let rc = get(s, &format!("/api/v1/votes/{vote}")).await;
    let row = |name: &str| {
        rc["roll_call"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["name"] == name)
            .unwrap()
            .clone()
    };
    assert_eq!(row("Suplente Uno")["seat_of"], "Delegado 05");
    assert_eq!(
        (
            row("Delegado 03")["weight"].as_i64(),
            row("Delegado 03")["also_for"].clone()
        ),
        (Some(2), json!(["Delegado 04"]))
    );
    let vote_page = page(s, &format!("/sessions/votes/{vote}")).await;
    assert!(
        vote_page.contains("Delegado 03 (también por Delegado 04)"),
        "{vote_page}"
    );
    assert!(
        vote_page.contains("Suplente Uno (suplente de Delegado 05)"),
        "{vote_page}"
    );

    // At the next vote the titular takes the seat back; the substitute no longer votes.
    let vote2 = t.agenda_vote(None).await;
    assert_eq!(
        post(
            s,
            &sub_token,
            &format!("/api/v1/votes/{vote2}/ballots"),
            json!({"choice": "yes"})
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    expect(StatusCode::OK, t.cast(5, vote2, "yes").await);
    t.close_vote(vote2).await;
    let acts: Vec<String> = whole_record(s)
        .await
        .iter()
        .map(|e| e["kind"].as_str().unwrap().to_string())
        .collect();
    for k in [
        "delegate.seat_held",
        "proxy.given",
        "delegate.seat_returned",
    ] {
        assert!(acts.iter().any(|a| a == k), "{k}");
    }
    // The revoked proxy: the delegator votes again.
    expect(
        StatusCode::OK,
        post(
            s,
            &t.d(4),
            &format!("/api/v1/proxies/{proxy}/revoke"),
            json!({}),
        )
        .await,
    );
    // Close the session: the minutes name who held each seat at each vote.
    t.to_item2().await;
    expect(
        StatusCode::OK,
        post(
            s,
            &t.h.chair,
            &format!("/api/v1/items/{}/close", t.item2),
            json!({}),
        )
        .await,
    );
    expect(
        StatusCode::OK,
        post(
            s,
            &t.h.chair,
            &format!("/api/v1/sessions/{}/close", t.sid),
            json!({}),
        )
        .await,
    );
    let minutes = page(s, &format!("/sessions/{}/minutes", t.sid)).await;
    assert!(
        minutes.contains("Suplente Uno (suplente de Delegado 05)"),
        "{minutes}"
    );
    assert!(
        minutes.contains("Delegado 03 (también por Delegado 04)"),
        "{minutes}"
    );
    // A substitute leaving the hall: check-out at the door.
    expect(
        StatusCode::OK,
        post(
            s,
            &admin,
            &format!("/api/v1/assemblies/{SLUG}/check-out"),
            json!({"delegate_id": sub}),
        )
        .await,
    );
    t.stop().await;
}
on_both_backends!(a_substitute_and_a_proxy_holder_vote => sqlite_a_substitute_and_a_proxy_holder_vote, postgres_a_substitute_and_a_proxy_holder_vote);

/// An assembly that votes by delegation: one ballot per delegation, weighing its seats.
async fn a_delegation_votes_with_its_seats(db: &TestDb) {
    let t = Sitting::open(db, 6, 6).await;
    let s = &t.s;
    expect(StatusCode::OK, put(s, &t.h.admin, &format!("/api/v1/assemblies/{SLUG}/federation"), json!({"substitutes_at_check_in": false, "proxies": "off", "proxy_cap": 1, "vote_weight": "delegation"})).await);
    let org0: i64 = on_read!(db.store, pool => asamblea_store::sqlx::query_scalar("SELECT seats FROM seat_allocations s JOIN delegates d ON d.organization_id = s.organization_id AND d.assembly_id = s.assembly_id WHERE d.id = $1").bind(t.h.delegates[0].1).fetch_one(pool).await).unwrap();
    let vote = t.agenda_vote(None).await;
    expect(StatusCode::OK, t.cast(0, vote, "yes").await);
    // Delegates 0 and 5 are of the same delegation: it has voted.
    refused(
        StatusCode::CONFLICT,
        "fed-error-delegation-voted",
        t.cast(5, vote, "no").await,
    );
    let closed = t.close_vote(vote).await;
    assert_eq!(
        closed["result"]["yes"].as_i64(),
        Some(org0.max(1)),
        "{closed}"
    );
    t.stop().await;
}
on_both_backends!(a_delegation_votes_with_its_seats => sqlite_a_delegation_votes_with_its_seats, postgres_a_delegation_votes_with_its_seats);

/// The demo's federation chapter: Oruro's forward adopted nationally with a substitute voting,
/// La Paz's proxy carried and its forward pending; told once.
async fn the_demo_federation(db: &TestDb) {
    use asamblea_app::demo::{
        load_demo::load_demo, load_demo_federation::load_demo_federation,
        load_demo_story::load_demo_story,
    };
    load_demo(&db.store).await.unwrap();
    assert!(load_demo_story(&db.store).await.unwrap());
    let seats_sql = "SELECT s.organization_id, s.seats FROM seat_allocations s JOIN organizations o ON o.id = s.organization_id \
         WHERE o.delegation_of IS NULL ORDER BY s.assembly_id, s.organization_id";
    let before: Vec<(i64, i64)> =
        on_read!(db.store, pool => asamblea_store::sqlx::query_as(seats_sql).fetch_all(pool).await)
            .unwrap();
    assert!(load_demo_federation(&db.store).await.unwrap());
    // The delegations' seats are added: every other organization keeps its seats.
    let after: Vec<(i64, i64)> =
        on_read!(db.store, pool => asamblea_store::sqlx::query_as(seats_sql).fetch_all(pool).await)
            .unwrap();
    assert_eq!(before, after);
    assert!(!load_demo_federation(&db.store).await.unwrap(), "told once");
    let s = TestServer::start(db.store.clone()).await;
    let roll = get(&s, &format!("/api/v1/assemblies/{SLUG}/rollup")).await;
    let dept = |slug: &str| {
        roll["departments"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["slug"] == slug)
            .unwrap()
            .clone()
    };
    assert_eq!(
        dept("asamblea-popular-oruro-1971")["forwards_adopted"],
        1,
        "{roll}"
    );
    assert_eq!(
        dept("asamblea-popular-la-paz-1971")["forwards_pending"],
        1,
        "{roll}"
    );
    // Oruro and La Paz elected their national delegates, accredited.
    for slug in [
        "asamblea-popular-oruro-1971",
        "asamblea-popular-la-paz-1971",
    ] {
        let d = dept(slug);
        assert_eq!(
            (d["national_seats"].as_i64(), d["national_filled"].as_i64()),
            (Some(1), Some(1)),
            "{roll}"
        );
    }
    let elected: i64 = on_read!(db.store, pool => asamblea_store::sqlx::query_scalar(
        "SELECT COUNT(*) FROM delegates d JOIN organizations o ON o.id = d.organization_id WHERE o.delegation_of IS NOT NULL \
         AND d.status = 'accredited' AND d.election_id IS NOT NULL").fetch_one(pool).await).unwrap();
    assert_eq!(elected, 4, "a titular and a substitute each");
    let national = get(&s, &format!("/api/v1/assemblies/{SLUG}/resolutions")).await;
    assert!(
        national
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["number"] == 2 && r["title"] == "Defensa de las minas nacionalizadas"),
        "{national}"
    );
    let third: i64 = on_read!(db.store, pool => asamblea_store::sqlx::query_scalar("SELECT id FROM assembly_sessions WHERE title = 'Tercera sesión ordinaria (demo)'").fetch_one(pool).await).unwrap();
    let minutes = page(&s, &format!("/sessions/{third}/minutes")).await;
    assert!(minutes.contains("(suplente de "), "{minutes}");
    let la_paz: i64 = on_read!(db.store, pool => asamblea_store::sqlx::query_scalar("SELECT id FROM assembly_sessions WHERE title = 'Sesión de la Asamblea Popular de La Paz (demo)'").fetch_one(pool).await).unwrap();
    let minutes = page(&s, &format!("/sessions/{la_paz}/minutes")).await;
    assert!(minutes.contains("(también por "), "{minutes}");
    s.stop().await;
}
on_both_backends!(the_demo_federation => sqlite_the_demo_federation, postgres_the_demo_federation);

/// POSTs the door's seat form as `token` (with the CSRF cookie): (status, page).
async fn door_seat(
    s: &TestServer,
    token: &str,
    session: &str,
    titular: &str,
) -> (StatusCode, String) {
    let r = s
        .client
        .post(s.at(&format!("/assemblies/{SLUG}/door/seat")))
        .bearer_auth(token)
        .header("cookie", format!("csrf={}", crate::common::CSRF))
        .header("accept-language", "es")
        .form(&[
            ("csrf", crate::common::CSRF),
            ("session_id", session),
            ("titular_id", titular),
        ])
        .send()
        .await
        .unwrap();
    (r.status(), r.text().await.unwrap())
}

/// The door page's select of absent titulars.
fn titular_select(page: &str) -> &str {
    let after = page
        .split("id=\"seat-titular\"")
        .nth(1)
        .expect("the seat form");
    after.split("</select>").next().unwrap()
}

/// The credentials commission's door page seats a substitute without JavaScript: the absent
/// titular is offered, a refusal keeps the choices with the message, then the substitute in the
/// hall takes the seat and the page lists the hold (also in the API).
async fn the_door_seats_a_substitute(db: &TestDb) {
    let t = Sitting::open(db, 6, 5).await;
    let s = &t.s;
    let admin = t.h.admin.clone();
    let (sub, _) = substitute(&t, db, 5).await;
    let absent = t.h.delegates[5].1.to_string();
    let sid = t.sid.to_string();
    let door = s.text_as(&admin, &format!("/assemblies/{SLUG}/door")).await;
    let offered = titular_select(&door);
    assert!(
        offered.contains(&format!("<option value=\"{absent}\"")),
        "{door}"
    );
    // A present titular is not offered.
    let present = t.h.delegates[0].1;
    assert!(
        !offered.contains(&format!("<option value=\"{present}\"")),
        "{door}"
    );
    // Not the commission: forbidden, nothing held.
    assert_eq!(
        door_seat(s, &t.d(1), &sid, &absent).await.0,
        StatusCode::FORBIDDEN
    );
    // The substitute is not in the hall yet: refused, the choices kept.
    let (st, body) = door_seat(s, &admin, &sid, &absent).await;
    assert_eq!(st, StatusCode::CONFLICT, "{body}");
    assert!(
        body.contains("no tiene un suplente acreditado y presente"),
        "{body}"
    );
    assert!(
        titular_select(&body).contains(&format!("<option value=\"{absent}\" selected")),
        "{body}"
    );
    // A session that is not this assembly's: refused with the form's own message.
    let (st, body) = door_seat(s, &admin, "999999", &absent).await;
    assert_eq!(st, StatusCode::CONFLICT, "{body}");
    assert!(body.contains("Elija una sesión de esta asamblea"), "{body}");
    let holds = format!("/api/v1/sessions/{}/seat-holds", t.sid);
    assert_eq!(get(s, &holds).await.as_array().unwrap().len(), 0);
    // In the hall, the substitute takes the seat.
    check_in(
        &db.store,
        &Actor::System,
        AssemblyId(t.h.assembly),
        DelegateId(sub),
    )
    .await
    .unwrap();
    let (st, body) = door_seat(s, &admin, &sid, &absent).await;
    assert_eq!(st, StatusCode::OK, "{body}");
    assert!(body.contains("El suplente ocupa la banca."), "{body}");
    assert!(body.contains("Suplente Uno ocupa la banca de"), "{body}");
    let held = get(s, &holds).await;
    assert_eq!(
        (
            held[0]["substitute_id"].as_i64(),
            held[0]["titular_id"].as_i64()
        ),
        (Some(sub), Some(t.h.delegates[5].1)),
        "{held}"
    );
    // Twice: the seat is held.
    let (st, body) = door_seat(s, &admin, &sid, &absent).await;
    assert_eq!(st, StatusCode::CONFLICT, "{body}");
    assert!(body.contains("Un suplente ya ocupa esa banca"), "{body}");
    t.stop().await;
}
on_both_backends!(the_door_seats_a_substitute => sqlite_the_door_seats_a_substitute, postgres_the_door_seats_a_substitute);

/// Opens a vote to forward `motion` in session `sid` (by `chair`): the answer.
async fn forward_vote(s: &TestServer, chair: &str, sid: i64, motion: i64) -> (StatusCode, Value) {
    post(
        s,
        chair,
        "/api/v1/votes",
        json!({"session_id": sid, "subject": "procedure", "motion_id": motion, "forward": true}),
    )
    .await
}

/// A motion goes up only by a carried vote to forward it: without one, or with one lost, the
/// chair's forward is refused and nothing is sent; carried, the forward records that vote and the
/// position and hash of its `vote.closed` act, and the national inbox shows it; once only. A vote
/// to forward is a yes/no vote of procedure on a motion, in an assembly with a parent.
async fn a_motion_goes_up_only_by_a_vote_to_forward(db: &TestDb) {
    let s = TestServer::start(db.store.clone()).await;
    let h = hall(&s, db, 3, 3).await;
    let d = departmental(&s, db, &h.admin).await;
    let (dsid, ditem) = sitting(&s, &d.chair, d.id).await;
    let motion = expect(StatusCode::CREATED, post(&s, &d.chair, "/api/v1/motions", json!({"item_id": ditem, "title": "Control obrero", "body": "Control obrero colectivo en las minas."})).await)["id"].as_i64().unwrap();
    let send = format!("/api/v1/motions/{motion}/forward");
    let sent = || async {
        get(&s, &format!("/api/v1/assemblies/{DEPT}/forwards")).await["sent"]
            .as_array()
            .unwrap()
            .len()
    };
    // No vote yet: refused, nothing sent.
    refused(
        StatusCode::CONFLICT,
        "fed-error-no-forward-vote",
        post(&s, &d.chair, &send, json!({})).await,
    );
    assert_eq!(sent().await, 0);
    // A vote to forward must be a yes/no vote of procedure on the motion.
    refused(
        StatusCode::UNPROCESSABLE_ENTITY,
        "fed-error-forward-vote-form",
        post(
            &s,
            &d.chair,
            "/api/v1/votes",
            json!({"session_id": dsid, "subject": "motion", "motion_id": motion, "forward": true}),
        )
        .await,
    );
    // The national assembly has no parent: no vote to forward there.
    let (nsid, nitem) = sitting(&s, &h.chair, h.assembly).await;
    let nat_motion = expect(
        StatusCode::CREATED,
        post(
            &s,
            &h.chair,
            "/api/v1/motions",
            json!({"item_id": nitem, "title": "Tesis", "body": "Texto."}),
        )
        .await,
    )["id"]
        .as_i64()
        .unwrap();
    refused(
        StatusCode::CONFLICT,
        "fed-error-no-parent",
        forward_vote(&s, &h.chair, nsid, nat_motion).await,
    );
    // A vote to forward, lost (two against one): refused.
    let lost = expect(
        StatusCode::CREATED,
        forward_vote(&s, &d.chair, dsid, motion).await,
    )["id"]
        .as_i64()
        .unwrap();
    for (who, choice) in d.delegates.iter().zip(["no", "no", "yes"]) {
        expect(
            StatusCode::OK,
            post(
                &s,
                who,
                &format!("/api/v1/votes/{lost}/ballots"),
                json!({"choice": choice}),
            )
            .await,
        );
    }
    let closed = expect(
        StatusCode::OK,
        post(
            &s,
            &d.chair,
            &format!("/api/v1/votes/{lost}/close"),
            json!({}),
        )
        .await,
    );
    assert_eq!(closed["result"]["passed"], false, "{closed}");
    refused(
        StatusCode::CONFLICT,
        "fed-error-forward-vote-lost",
        post(&s, &d.chair, &send, json!({})).await,
    );
    assert_eq!(sent().await, 0);
    // Voted again, carried: the motion stays a motion (a vote of procedure adopts nothing).
    let carried = expect(
        StatusCode::CREATED,
        forward_vote(&s, &d.chair, dsid, motion).await,
    )["id"]
        .as_i64()
        .unwrap();
    let page_form = s
        .text_as(&d.chair, &format!("/sessions/items/{ditem}"))
        .await;
    assert!(!page_form.contains(&format!("id=\"forward-vote-{nat_motion}\"")));
    adopt_votes(&s, &d.delegates, carried).await;
    let closed = expect(
        StatusCode::OK,
        post(
            &s,
            &d.chair,
            &format!("/api/v1/votes/{carried}/close"),
            json!({}),
        )
        .await,
    );
    assert_eq!(
        (
            closed["result"]["passed"].as_bool(),
            closed["resolution"].as_i64()
        ),
        (Some(true), None),
        "{closed}"
    );
    // The departmental chair's page offers it; only the chair forwards.
    let fed = s
        .text_as(&d.chair, &format!("/assemblies/{DEPT}/federation"))
        .await;
    assert!(
        fed.contains(&format!("id=\"forward-motion-{motion}\"")),
        "{fed}"
    );
    assert_eq!(
        post(&s, &d.delegates[0], &send, json!({})).await.0,
        StatusCode::FORBIDDEN
    );
    let fw = expect(
        StatusCode::CREATED,
        post(&s, &d.chair, &send, json!({})).await,
    )["id"]
        .as_i64()
        .unwrap();
    refused(
        StatusCode::CONFLICT,
        "fed-error-forwarded-twice",
        post(&s, &d.chair, &send, json!({})).await,
    );
    let f = get(&s, &format!("/api/v1/forwards/{fw}")).await;
    assert_eq!(
        (
            f["kind"].as_str(),
            f["vote_id"].as_i64(),
            f["resolution_id"].as_i64(),
            f["motion_id"].as_i64()
        ),
        (Some("motion"), Some(carried), None, Some(motion)),
        "{f}"
    );
    assert_eq!(
        (f["vote"]["yes"].as_i64(), f["title"].as_str()),
        (Some(3), Some("Control obrero")),
        "{f}"
    );
    let record = whole_record(&s).await;
    let act = record
        .iter()
        .find(|e| e["position"] == f["decided_position"])
        .unwrap();
    assert_eq!(
        (act["kind"].as_str(), act["hash"].clone()),
        (Some("vote.closed"), f["decided_hash"].clone())
    );
    assert_eq!(act["payload"]["vote_id"], carried);
    let sent_act = record
        .iter()
        .rev()
        .find(|e| e["kind"] == "forward.sent")
        .unwrap();
    assert_eq!(sent_act["payload"]["vote_id"], carried, "{sent_act}");
    // The national inbox shows where it came from and the vote that decided it.
    let inbox = s
        .text_as(&h.chair, &format!("/assemblies/{SLUG}/federation"))
        .await;
    assert!(inbox.contains("elevada por votación"), "{inbox}");
    assert!(
        inbox.contains(&format!("Votación n.º {carried} para elevarla: 3 a favor")),
        "{inbox}"
    );
    s.stop().await;
}
on_both_backends!(a_motion_goes_up_only_by_a_vote_to_forward => sqlite_a_motion_goes_up_only_by_a_vote_to_forward, postgres_a_motion_goes_up_only_by_a_vote_to_forward);

/// Every one of `voters` votes yes in vote `vote`.
async fn adopt_votes(s: &TestServer, voters: &[String], vote: i64) {
    for v in voters {
        expect(
            StatusCode::OK,
            post(
                s,
                v,
                &format!("/api/v1/votes/{vote}/ballots"),
                json!({"choice": "yes"}),
            )
            .await,
        );
    }
}

/// A departmental assembly elects its national delegation: an organization made the delegation
/// of Oruro gets two seats in the national plan; its election's electorate is Oruro's seated
/// delegates (one without a credential gets no code); the elected take the
/// national seats as delegates awaiting credentials, the commission accredits them, and the
/// roll-up shows the seats filled and vacant.
async fn a_departmental_election_fills_national_seats(db: &TestDb) {
    let s = TestServer::start(db.store.clone()).await;
    let h = hall(&s, db, 3, 3).await;
    let d = departmental(&s, db, &h.admin).await;
    let q = |sql: &'static str| {
        let store = db.store.clone();
        async move {
            on_read!(store, pool => asamblea_store::sqlx::query_scalar::<_, String>(sql).fetch_one(pool).await).unwrap()
        }
    };
    let sector = q("SELECT s.key FROM sectors s JOIN organizations o ON o.sector_id = s.id ORDER BY o.id LIMIT 1").await;
    let org = expect(
        StatusCode::CREATED,
        post(
            &s,
            &h.admin,
            "/api/v1/organizations",
            json!({"name": "Delegación de la Asamblea Popular de Oruro",
            "short_name": "AP-ORURO", "kind": "other", "sector": sector}),
        )
        .await,
    )["id"]
        .as_i64()
        .unwrap();
    let delegation = format!("/api/v1/organizations/{org}/delegation");
    refused(
        StatusCode::UNPROCESSABLE_ENTITY,
        "fed-error-delegation-assembly",
        put(&s, &h.admin, &delegation, json!({"assembly": SLUG})).await,
    );
    expect(
        StatusCode::OK,
        put(&s, &h.admin, &delegation, json!({"assembly": DEPT})).await,
    );
    refused(
        StatusCode::CONFLICT,
        "fed-error-delegation-set",
        put(&s, &h.admin, &delegation, json!({"assembly": DEPT})).await,
    );
    // The national plan gives the delegation two seats.
    let version = get(&s, &format!("/api/v1/assemblies/{SLUG}/plan")).await["version"]
        .as_i64()
        .unwrap();
    let (st, v) = put(&s, &h.admin, &format!("/api/v1/assemblies/{SLUG}/plan"), json!({"expected_version": version,
        "voting_seats": 12, "method": "dhondt", "shares": {sector.clone(): 1}, "fixed": [{"organization_id": org, "seats": 2}]})).await;
    assert!(st.is_success(), "{st} {v}");
    let roll = get(&s, &format!("/api/v1/assemblies/{SLUG}/rollup")).await;
    let oruro = roll["departments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["slug"] == DEPT)
        .unwrap()
        .clone();
    assert_eq!(
        (
            oruro["national_seats"].as_i64(),
            oruro["national_vacant"].as_i64()
        ),
        (Some(2), Some(2)),
        "{roll}"
    );
    // A fourth Oruro delegate is only elected (no credential): not seated, no vote.
    let unseated = register_delegate(&db.store, &Actor::System, NewDelegate {
        assembly_id: AssemblyId(d.id), organization_id: OrganizationId(on_read!(db.store, pool => asamblea_store::sqlx::query_scalar::<_, i64>("SELECT id FROM organizations ORDER BY id LIMIT 1").fetch_one(pool).await).unwrap()),
        name: "Oruro sin credencial".into(), member_id: None, account_id: None, seat_kind: SeatKind::Voting,
        substitute_rank: None, election_id: None }).await.unwrap();
    // The election: its members are Oruro's seated delegates.
    let eid = expect(StatusCode::CREATED, post(&s, &h.admin, "/api/v1/elections",
        json!({"assembly_id": h.assembly, "organization_id": org, "method": "plurality", "substitutes": 1})).await)["id"].as_i64().unwrap();
    let members: Vec<(i64, i64)> = on_read!(db.store, pool => asamblea_store::sqlx::query_as("SELECT id, delegate_id FROM members WHERE organization_id = $1 ORDER BY id").bind(org).fetch_all(pool).await).unwrap();
    assert_eq!(members.len(), 3, "{members:?}");
    assert!(members.iter().all(|(_, dl)| *dl != unseated.get()));
    let mut cands = Vec::new();
    for (m, _) in &members {
        cands.push(
            expect(
                StatusCode::CREATED,
                post(
                    &s,
                    &h.admin,
                    &format!("/api/v1/elections/{eid}/candidates"),
                    json!({"member_id": m}),
                )
                .await,
            )["id"]
                .as_i64()
                .unwrap(),
        );
    }
    let codes = expect(
        StatusCode::OK,
        post(
            &s,
            &h.admin,
            &format!("/api/v1/elections/{eid}/voting"),
            json!({"confirm": true}),
        )
        .await,
    );
    let codes: Vec<String> = codes
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(codes.len(), 3, "one code per seated delegate");
    // Plurality, two seats: candidates 0 and 1 get two votes each, candidate 2 one.
    for (code, pick) in codes.iter().zip([[0, 1], [0, 1], [2, 0]]) {
        let choices: Vec<String> = pick.iter().map(|&i| cands[i].to_string()).collect();
        expect(
            StatusCode::OK,
            s.post_json(
                None,
                "/api/v1/vote",
                json!({"code": code, "choices": choices}),
            )
            .await,
        );
    }
    let closed = expect(
        StatusCode::OK,
        post(
            &s,
            &h.admin,
            &format!("/api/v1/elections/{eid}/close"),
            json!({}),
        )
        .await,
    );
    let elected: Vec<i64> = closed["delegates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_i64().unwrap())
        .collect();
    assert_eq!(elected.len(), 3, "two titulars and a substitute: {closed}");
    let rows: Vec<(String, String, Option<i64>)> = on_read!(db.store, pool => asamblea_store::sqlx::query_as(
        "SELECT d.name, d.position, d.account_id FROM delegates d WHERE d.assembly_id = $1 AND d.organization_id = $2 ORDER BY d.id")
        .bind(h.assembly).bind(org).fetch_all(pool).await).unwrap();
    assert_eq!(
        rows.iter().filter(|r| r.1 == "titular").count(),
        2,
        "{rows:?}"
    );
    assert!(
        rows.iter().all(|r| r.2.is_some()),
        "the elected keep their accounts: {rows:?}"
    );
    let roll = get(&s, &format!("/api/v1/assemblies/{SLUG}/rollup")).await;
    let oruro = roll["departments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["slug"] == DEPT)
        .unwrap()
        .clone();
    assert_eq!(
        (
            oruro["national_filled"].as_i64(),
            oruro["national_vacant"].as_i64()
        ),
        (Some(2), Some(0)),
        "{roll}"
    );
    let page_text = s.text(&format!("/assemblies/{SLUG}/rollup")).await;
    assert!(
        page_text.contains("2 · ocupadas: 2 · vacantes: 0"),
        "{page_text}"
    );
    // Full: no second election while the seats are filled.
    refused(StatusCode::CONFLICT, "dlg-error-election-no-vacancy", post(&s, &h.admin, "/api/v1/elections",
        json!({"assembly_id": h.assembly, "organization_id": org, "method": "plurality", "substitutes": 0})).await);
    s.stop().await;
}
on_both_backends!(a_departmental_election_fills_national_seats => sqlite_a_departmental_election_fills_national_seats, postgres_a_departmental_election_fills_national_seats);

/// An administrator makes an organization the delegation of a departmental assembly from the
/// organization's page (issue 12, item 7: pages for all of it); a second time is refused on the
/// page with the reason.
async fn the_organization_page_makes_a_delegation(db: &TestDb) {
    let s = TestServer::start(db.store.clone()).await;
    let h = hall(&s, db, 3, 3).await;
    departmental(&s, db, &h.admin).await;
    let sector: String = on_read!(db.store, pool => asamblea_store::sqlx::query_scalar(
        "SELECT s.key FROM sectors s JOIN organizations o ON o.sector_id = s.id ORDER BY o.id LIMIT 1")
        .fetch_one(pool).await)
    .unwrap();
    let (st, v) = post(&s, &h.admin, "/api/v1/organizations",
        json!({"name": "Delegación de Oruro", "short_name": "AP-OR", "kind": "other", "sector": sector})).await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let org = v["id"].as_i64().unwrap();
    let at = format!("/organizations/{org}");
    let html = s.text_as(&h.admin, &at).await;
    assert!(
        html.contains("id=\"delegation-assembly\"") && html.contains(&format!("value=\"{DEPT}\"")),
        "the form offers the departmental assembly"
    );
    let csrf = crate::common::csrf_of(&html);
    let send = async || {
        s.client
            .post(s.at(&format!("{at}/delegation")))
            .bearer_auth(&h.admin)
            .form(&[("csrf", csrf.as_str()), ("assembly", DEPT)])
            .send()
            .await
            .unwrap()
    };
    let done = send().await;
    assert!(done.status().is_success(), "{}", done.status());
    let html = done.text().await.unwrap();
    assert!(
        html.contains("id=\"delegation-of\"") && !html.contains("id=\"delegation-assembly\""),
        "{html}"
    );
    let again = send().await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    assert!(again.text().await.unwrap().contains("role=\"alert\""));
    s.stop().await;
}
on_both_backends!(the_organization_page_makes_a_delegation => sqlite_the_organization_page_makes_a_delegation, postgres_the_organization_page_makes_a_delegation);
