//! The mandate and calls to action through HTTP, on SQLite and PostgreSQL: demands submitted by
//! secretaries, merged and ranked; the assembly's ranking equal to the counting engine's on the
//! same ballots; the platform proposed as a motion, amended, adopted by vote and recorded, with
//! its page and exports; a command created by resolution; a prepared strike armed and fired by
//! k of n members (k-1 confirmations fire nothing; concurrent confirmations fire once, one act);
//! the firing window; adherence reported in and out of scope, the dashboard, the map, the
//! announcements and the Atom feed. Refusals: a demand or a report by someone who is not the
//! organization's secretary, confirmations by a non-member, before arming, after the window.

use asamblea_app::Actor;
use asamblea_app::actions::calls::confirm_call::{Confirm, confirm_call_at};
use asamblea_app::domain::{AccountId, CallId, ConfirmPurpose};
use asamblea_app::queries::accounts::account;
use asamblea_rules::count::{Ballot, CountOptions, Election, Method, count};
use asamblea_store::on_read;
use asamblea_store::testing::TestDb;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::sitting::Sitting;
use crate::common::{CSRF, SLUG, get, on_both_backends, page, post, whole_record};

/// The assembly's base organizations with seats, by id: (id, department name).
async fn base_orgs(db: &TestDb, assembly: i64) -> Vec<(i64, Option<String>)> {
    on_read!(db.store, pool => asamblea_store::sqlx::query_as(
        "SELECT o.id, d.name FROM seat_allocations s JOIN organizations o ON o.id = s.organization_id \
         LEFT JOIN departments d ON d.id = o.department_id WHERE s.assembly_id = $1 AND s.seats > 0 ORDER BY o.id")
        .bind(assembly).fetch_all(pool).await)
    .unwrap()
}

fn id(v: &(StatusCode, Value)) -> i64 {
    assert_eq!(v.0, StatusCode::CREATED, "{}", v.1);
    v.1["id"].as_i64().unwrap()
}

fn ok(v: (StatusCode, Value)) -> Value {
    assert_eq!(v.0, StatusCode::OK, "{}", v.1);
    v.1
}

/// A motion on item 2 by delegate 0, supported by delegates 5 and 6, adopted by 15 of 20: its
/// resolution's id.
async fn resolution(t: &Sitting, title: &str, body: &str) -> i64 {
    let m = id(&post(
        &t.s,
        &t.d(0),
        "/api/v1/motions",
        json!({"item_id": t.item2, "title": title, "body": body}),
    )
    .await);
    for i in 5..7 {
        ok(post(
            &t.s,
            &t.d(i),
            &format!("/api/v1/motions/{m}/support"),
            json!({}),
        )
        .await);
    }
    let (_, v) = t.decide(m, json!({}), 15).await;
    assert_eq!(v["passed"], true, "{v}");
    let all = get(&t.s, &format!("/api/v1/assemblies/{SLUG}/resolutions")).await;
    all.as_array()
        .unwrap()
        .iter()
        .find(|r| r["motion_id"] == m)
        .unwrap()["id"]
        .as_i64()
        .unwrap()
}

/// The acts of `kind` on the record.
async fn acts(t: &Sitting, kind: &str) -> Vec<Value> {
    whole_record(&t.s)
        .await
        .into_iter()
        .filter(|e| e["kind"] == kind)
        .collect()
}

/// The ranking the counting engine gives for these ballots (ranks of demand ids, weight).
fn engine_order(candidates: &[i64], ballots: &[(Vec<Vec<i64>>, u64)], method: Method) -> Vec<i64> {
    let index = |d: &i64| candidates.iter().position(|c| c == d).unwrap() as u32;
    let e = Election {
        candidates: candidates.iter().map(|c| format!("D{c}")).collect(),
        ballots: ballots
            .iter()
            .map(|(r, w)| {
                let ranks: Vec<Vec<u32>> =
                    r.iter().map(|x| x.iter().map(index).collect()).collect();
                Ballot::from_ranks(*w, &ranks)
            })
            .collect(),
        ..Election::default()
    };
    let seats = if method == Method::Schulze {
        1
    } else {
        candidates.len()
    };
    let r = count(
        &e,
        &CountOptions {
            method,
            seats,
            seed: None,
        },
    )
    .unwrap();
    let order = if method == Method::Schulze {
        r.ranking.unwrap()
    } else {
        r.elected
    };
    order.into_iter().map(|i| candidates[i as usize]).collect()
}

fn order_of(ranking: &Value) -> Vec<i64> {
    ranking["order"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["demand_id"].as_i64().unwrap())
        .collect()
}

/// Demands from four organizations, two merged; rankings by the secretaries; the assembly's
/// ranking equal to the counting engine's (Schulze with equal weights, then approval by seats);
/// the platform proposed as a motion from the mandate page, amended, adopted, recorded; its page,
/// CSV, JSON and PDF; refusals along the way.
async fn the_mandate_from_demands_to_a_platform(db: &TestDb) {
    let t = Sitting::open(db, 20, 20).await;
    let (s, h) = (&t.s, &t.h);
    t.to_item2().await;
    let orgs = base_orgs(db, h.assembly).await;
    let mut sec = Vec::new();
    for (i, (org, _)) in orgs.iter().take(4).enumerate() {
        sec.push(
            s.account(&h.admin, &format!("sec.{i}"), "secretary", Some(*org))
                .await
                .1,
        );
    }
    let demand = async |i: usize, org: i64, body: &str, support: i64| {
        post(
            s,
            &sec[i],
            "/api/v1/demands",
            json!({"assembly_id": h.assembly, "organization_id": org,
            "body": body, "category": "economía", "support": support}),
        )
        .await
    };
    let a = id(&demand(
        0,
        orgs[0].0,
        "Nacionalización de la Gulf sin indemnización",
        900,
    )
    .await);
    let b = id(&demand(
        1,
        orgs[1].0,
        "Control obrero con derecho a veto en la COMIBOL",
        700,
    )
    .await);
    let c = id(&demand(2, orgs[2].0, "Tierra para quien la trabaja", 500).await);
    let d = id(&demand(3, orgs[3].0, "Nacionalizar la Gulf Oil", 300).await);
    // A secretary speaks for their own organization only; a delegate for none.
    assert_eq!(
        demand(0, orgs[1].0, "Otra", 1).await.0,
        StatusCode::FORBIDDEN
    );
    let (st, _) = post(
        s,
        &t.d(0),
        "/api/v1/demands",
        json!({"assembly_id": h.assembly,
        "organization_id": orgs[0].0, "body": "x", "category": "y"}),
    )
    .await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    assert_eq!(
        demand(0, orgs[0].0, "", 1).await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    // The secretariat merges a and d, keeping both and their supporters.
    let merge = json!({"assembly_id": h.assembly, "demand_ids": [a, d], "body": "Nacionalización de la Gulf Oil sin indemnización", "category": "hidrocarburos"});
    assert_eq!(
        post(s, &sec[0], "/api/v1/demands/merge", merge.clone())
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    let m = id(&post(s, &h.chair, "/api/v1/demands/merge", merge.clone()).await);
    assert_eq!(
        post(s, &h.chair, "/api/v1/demands/merge", merge).await.0,
        StatusCode::CONFLICT
    );
    let all = get(s, &format!("/api/v1/assemblies/{SLUG}/demands")).await;
    let merged = all
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == m)
        .unwrap();
    assert_eq!(merged["support"], 1200);
    assert_eq!(merged["merged_from"], json!([a, d]));
    assert_eq!(all.as_array().unwrap().len(), 5, "the originals stay");

    // Rankings; an original merged away is refused (use the merged demand).
    let ballots: Vec<Vec<Vec<i64>>> = vec![
        vec![vec![m], vec![b], vec![c]],
        vec![vec![b], vec![m], vec![c]],
        vec![vec![c], vec![b, m]],
        vec![vec![m], vec![c]],
    ];
    for (i, ranks) in ballots.iter().enumerate() {
        ok(post(
            s,
            &sec[i],
            "/api/v1/demands/rankings",
            json!({"assembly_id": h.assembly,
            "organization_id": orgs[i].0, "ranks": ranks}),
        )
        .await);
    }
    let (st, _) = post(
        s,
        &sec[3],
        "/api/v1/demands/rankings",
        json!({"assembly_id": h.assembly,
        "organization_id": orgs[3].0, "ranks": [[d]]}),
    )
    .await;
    assert_eq!(st, StatusCode::CONFLICT);
    let candidates = [b, c, m];
    let ranking = get(s, &format!("/api/v1/assemblies/{SLUG}/ranking")).await;
    let equal: Vec<(Vec<Vec<i64>>, u64)> = ballots.iter().map(|r| (r.clone(), 1)).collect();
    assert_eq!(
        order_of(&ranking),
        engine_order(&candidates, &equal, Method::Schulze),
        "{ranking}"
    );
    assert!(ranking["pairwise"].is_array() && ranking["paths"].is_array());

    // Approval weighted by seats: the same ballots, each organization's seats as its weight.
    ok(post(
        s,
        &h.chair,
        "/api/v1/mandate/rule",
        json!({"assembly_id": h.assembly, "method": "approval", "weighting": "seats"}),
    )
    .await);
    let seats: Vec<i64> = on_read!(db.store, pool => asamblea_store::sqlx::query_scalar(
        "SELECT seats FROM seat_allocations WHERE assembly_id = $1 ORDER BY organization_id LIMIT 4")
        .bind(h.assembly).fetch_all(pool).await).unwrap();
    let weighted: Vec<(Vec<Vec<i64>>, u64)> = ballots
        .iter()
        .zip(&seats)
        .map(|(r, s)| (r.clone(), *s as u64))
        .collect();
    let ranking = get(s, &format!("/api/v1/assemblies/{SLUG}/ranking")).await;
    assert_eq!(
        order_of(&ranking),
        engine_order(&candidates, &weighted, Method::Approval),
        "{ranking}"
    );
    let weights: Vec<i64> = ranking["ballots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["weight"].as_i64().unwrap())
        .collect();
    assert_eq!(weights, seats);
    ok(post(
        s,
        &h.chair,
        "/api/v1/mandate/rule",
        json!({"assembly_id": h.assembly, "method": "schulze", "weighting": "equal"}),
    )
    .await);
    let order = order_of(&get(s, &format!("/api/v1/assemblies/{SLUG}/ranking")).await);

    // The chair proposes the platform from the mandate page, as a motion on the open item.
    let html = crate::common::page(s, &format!("/assemblies/{SLUG}/mandate")).await;
    assert!(html.contains(&format!("[D{m}]")) && html.contains("Tierra para quien la trabaja"));
    let r = s
        .client
        .post(s.at(&format!("/assemblies/{SLUG}/mandate/motion")))
        .bearer_auth(&h.chair)
        .header("cookie", format!("csrf={CSRF}"))
        .form(&[("csrf", CSRF.to_string()), ("item_id", t.item2.to_string())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.url().path(),
        format!("/sessions/items/{}", t.item2),
        "to the item, after a 303"
    );
    let item = t.item(t.item2).await;
    let motion = item["motions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["parent_id"].is_null())
        .unwrap()
        .clone();
    let pid = motion["id"].as_i64().unwrap();
    assert!(
        motion["body"]
            .as_str()
            .unwrap()
            .starts_with(&format!("[D{}] ", order[0]))
    );
    // Amended like any motion: a demand added at the end, untagged.
    let am = id(&post(
        s,
        &t.d(1),
        "/api/v1/motions",
        json!({"item_id": t.item2, "parent_id": pid, "op": "insert",
        "paragraph": 3, "body": "Escala móvil de salarios"}),
    )
    .await);
    for mid in [pid, am] {
        for i in 5..7 {
            ok(post(
                s,
                &t.d(i),
                &format!("/api/v1/motions/{mid}/support"),
                json!({}),
            )
            .await);
        }
    }
    assert_eq!(t.decide(am, json!({}), 15).await.1["passed"], true);
    let (_, v) = t.decide(pid, json!({}), 15).await;
    assert_eq!(v["passed"], true, "{v}");
    let resolutions = get(s, &format!("/api/v1/assemblies/{SLUG}/resolutions")).await;
    let rid = resolutions[0]["id"].as_i64().unwrap();

    // Recorded as the platform (the chair only), once.
    assert_eq!(
        post(
            s,
            &sec[0],
            "/api/v1/platforms",
            json!({"resolution_id": rid})
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    let (st, adopted) = post(
        s,
        &h.chair,
        "/api/v1/platforms",
        json!({"resolution_id": rid}),
    )
    .await;
    assert_eq!(st, StatusCode::CREATED, "{adopted}");
    assert_eq!(adopted["number"], 1);
    assert_eq!(
        post(
            s,
            &h.chair,
            "/api/v1/platforms",
            json!({"resolution_id": rid})
        )
        .await
        .0,
        StatusCode::CONFLICT
    );
    let platforms = get(s, &format!("/api/v1/assemblies/{SLUG}/platforms")).await;
    let items = platforms[0]["items"].as_array().unwrap();
    let linked: Vec<Value> = items.iter().map(|i| i["demand_id"].clone()).collect();
    assert_eq!(
        linked,
        vec![
            json!(order[0]),
            json!(order[1]),
            json!(order[2]),
            Value::Null
        ]
    );
    assert_eq!(items[3]["body"], "Escala móvil de salarios");
    let pos = adopted["act_position"].as_i64().unwrap();
    let record = whole_record(s).await;
    let act = record.iter().find(|e| e["position"] == pos).unwrap();
    assert_eq!(act["kind"], "platform.adopted");
    assert_eq!(act["payload"]["resolution_id"], rid);
    for kind in [
        "demand.submitted",
        "demands.merged",
        "demands.ranked",
        "mandate.rule_set",
    ] {
        assert!(record.iter().any(|e| e["kind"] == kind), "{kind}");
    }

    // The public page and the exports.
    let html = page(s, &format!("/assemblies/{SLUG}/mandate")).await;
    assert!(
        html.contains("Escala móvil de salarios")
            && html.contains(&format!("/record?before={}", pos + 1))
    );
    let csv = page(s, &format!("/assemblies/{SLUG}/platform.csv")).await;
    assert!(
        csv.starts_with("position,demand_id,text,platform,resolution,act_position"),
        "{csv}"
    );
    assert!(csv.contains(&format!("1,{},", order[0])) && csv.contains(&format!(",{pos}")));
    let json_export = get(s, &format!("/assemblies/{SLUG}/platform.json")).await;
    assert_eq!(json_export["act_position"], pos);
    let pdf = s
        .client
        .get(s.at(&format!("/assemblies/{SLUG}/platform.pdf")))
        .send()
        .await
        .unwrap();
    assert_eq!(pdf.status(), StatusCode::OK);
    assert!(pdf.bytes().await.unwrap().starts_with(b"%PDF"));
    t.stop().await;
}
on_both_backends!(the_mandate_from_demands_to_a_platform => sqlite_the_mandate_from_demands_to_a_platform, postgres_the_mandate_from_demands_to_a_platform);

/// Three command members' accounts: (ids, tokens).
async fn members(t: &Sitting) -> (Vec<i64>, Vec<String>) {
    let mut ids = Vec::new();
    let mut tokens = Vec::new();
    for name in ["lechin", "zavaleta", "lora"] {
        let (i, tok) = t.s.account(&t.h.admin, name, "delegate", None).await;
        ids.push(i);
        tokens.push(tok);
    }
    (ids, tokens)
}

/// Resolution No. 1 creates the Political Command (2 of 3 within 30 minutes, strikes) and
/// prepares a general strike for the command to fire; the call's id and the command's.
async fn command_and_prepared_strike(t: &Sitting, member_ids: &[i64]) -> (i64, i64) {
    let (s, h) = (&t.s, &t.h);
    t.to_item2().await;
    let rid = resolution(
        t,
        "Resolución N.º 1",
        "Ante un golpe, huelga general y ocupación de los centros de trabajo.",
    )
    .await;
    let cmd = json!({"assembly_id": h.assembly, "resolution_id": rid, "name": "Comando Político",
        "member_ids": member_ids, "threshold": 2, "window_minutes": 30, "kinds": ["strike"]});
    assert_eq!(
        post(s, &t.d(0), "/api/v1/commands", cmd.clone()).await.0,
        StatusCode::FORBIDDEN
    );
    let mut bad = cmd.clone();
    bad["threshold"] = json!(4);
    assert_eq!(
        post(s, &h.chair, "/api/v1/commands", bad).await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let command = id(&post(s, &h.chair, "/api/v1/commands", cmd).await);
    let call = id(&post(s, &h.chair, "/api/v1/calls", json!({"assembly_id": h.assembly, "command_id": command,
        "resolution_id": rid, "kind": "strike", "scope_kind": "everyone", "title": "Huelga general indefinida",
        "body": "Ante el golpe, huelga general y ocupación de los centros de trabajo.", "prepared": true,
        "steps": [{"hours": 24}, {"hours": 48}, {"condition": "si el golpe persiste"}]})).await);
    (call, command)
}

/// k-of-n firing over HTTP: a non-member and an unarmed call are refused; one confirmation (and
/// its double tap) fires nothing; two members confirming at the same moment fire the call
/// exactly once, with one `call.fired` act; then escalation and lifting.
async fn a_strike_fired_by_two_of_three(db: &TestDb) {
    let t = Sitting::open(db, 20, 20).await;
    let (s, h) = (&t.s, &t.h);
    let (ids, tok) = members(&t).await;
    let (call, command) = command_and_prepared_strike(&t, &ids).await;
    let confirm = async |token: &str| {
        post(
            s,
            token,
            &format!("/api/v1/calls/{call}/confirm"),
            json!({"purpose": "fire"}),
        )
        .await
    };
    assert_eq!(
        confirm(&t.d(3)).await.0,
        StatusCode::FORBIDDEN,
        "a non-member"
    );
    assert_eq!(
        confirm(&h.chair).await.0,
        StatusCode::FORBIDDEN,
        "the chair is not the command"
    );
    assert_eq!(
        confirm(&tok[0]).await.0,
        StatusCode::CONFLICT,
        "not armed yet"
    );
    // A command member prepares a march: outside its powers.
    let (st, _) = post(s, &tok[0], "/api/v1/calls", json!({"assembly_id": h.assembly, "command_id": command,
        "kind": "march", "scope_kind": "everyone", "title": "Marcha", "body": "x", "steps": [{"hours": 24}]})).await;
    assert!(st == StatusCode::FORBIDDEN, "{st}");
    ok(post(s, &tok[0], &format!("/api/v1/calls/{call}/arm"), json!({})).await);
    assert_eq!(
        get(s, &format!("/api/v1/calls/{call}")).await["status"],
        "armed"
    );

    let first = ok(confirm(&tok[0]).await);
    assert_eq!(
        (first["decided"].clone(), first["confirmations"].clone()),
        (json!(false), json!(1))
    );
    let again = ok(confirm(&tok[0]).await);
    assert_eq!(again["merged"], true, "a double tap is merged: {again}");
    assert_eq!(
        get(s, &format!("/api/v1/calls/{call}")).await["status"],
        "armed",
        "k-1 fire nothing"
    );
    assert_eq!(acts(&t, "call.confirmed").await.len(), 1);
    assert!(acts(&t, "call.fired").await.is_empty());

    // The two others confirm at the same moment: one fires it, the other is merged.
    let (x, y) = tokio::join!(confirm(&tok[1]), confirm(&tok[2]));
    let (x, y) = (ok(x), ok(y));
    let decided = [&x, &y].iter().filter(|v| v["decided"] == true).count();
    assert_eq!(decided, 1, "{x} {y}");
    assert_eq!(
        get(s, &format!("/api/v1/calls/{call}")).await["status"],
        "active"
    );
    let fired = acts(&t, "call.fired").await;
    assert_eq!(fired.len(), 1, "one firing, one act");
    assert_eq!(
        fired[0]["payload"]["confirmed_by"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        ok(confirm(&tok[0]).await)["merged"],
        true,
        "after the firing"
    );
    assert_eq!(acts(&t, "call.fired").await.len(), 1);

    // Escalated step by step, then lifted.
    assert_eq!(
        post(
            s,
            &t.d(3),
            &format!("/api/v1/calls/{call}/escalate"),
            json!({})
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        ok(post(
            s,
            &tok[1],
            &format!("/api/v1/calls/{call}/escalate"),
            json!({})
        )
        .await)["step"],
        2
    );
    assert_eq!(
        ok(post(
            s,
            &h.chair,
            &format!("/api/v1/calls/{call}/escalate"),
            json!({})
        )
        .await)["step"],
        3
    );
    assert_eq!(
        post(
            s,
            &h.chair,
            &format!("/api/v1/calls/{call}/escalate"),
            json!({})
        )
        .await
        .0,
        StatusCode::CONFLICT
    );
    ok(post(
        s,
        &h.chair,
        &format!("/api/v1/calls/{call}/lift"),
        json!({}),
    )
    .await);
    assert_eq!(
        get(s, &format!("/api/v1/calls/{call}")).await["status"],
        "lifted"
    );
    let feed = page(s, &format!("/assemblies/{SLUG}/feed.atom")).await;
    assert!(
        feed.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\">")
            && feed.contains("Huelga general indefinida"),
        "{feed}"
    );
    assert_eq!(
        feed.matches("<entry>").count(),
        4,
        "fired, two steps, lifted (the prepared issue is not announced)"
    );
    t.stop().await;
}
on_both_backends!(a_strike_fired_by_two_of_three => sqlite_a_strike_fired_by_two_of_three, postgres_a_strike_fired_by_two_of_three);

/// The firing window, with the clock given: a confirmation made more than the window before the
/// second one does not count; confirming again renews it and the call fires. Disarming takes
/// k confirmations too.
async fn confirmations_outside_the_window_do_not_count(db: &TestDb) {
    let t = Sitting::open(db, 20, 20).await;
    let (ids, tok) = members(&t).await;
    let (call, _) = command_and_prepared_strike(&t, &ids).await;
    ok(post(
        &t.s,
        &tok[0],
        &format!("/api/v1/calls/{call}/arm"),
        json!({}),
    )
    .await);
    let actor = async |i: usize| {
        Actor::Account(
            account(&db.store, AccountId(ids[i]))
                .await
                .unwrap()
                .unwrap(),
        )
    };
    let at = async |i: usize, purpose: ConfirmPurpose, now: i64| {
        confirm_call_at(
            &db.store,
            &actor(i).await,
            CallId(call),
            Confirm { purpose },
            now,
        )
        .await
        .unwrap()
    };
    // Disarming: one member alone does nothing; a second within the window disarms.
    assert!(!at(0, ConfirmPurpose::Disarm, 1_000).await.decided);
    assert!(at(1, ConfirmPurpose::Disarm, 1_100).await.decided);
    assert_eq!(
        get(&t.s, &format!("/api/v1/calls/{call}")).await["status"],
        "prepared"
    );
    ok(post(
        &t.s,
        &tok[0],
        &format!("/api/v1/calls/{call}/arm"),
        json!({}),
    )
    .await);
    // Firing: 30 minutes and one second apart is too late.
    assert!(!at(0, ConfirmPurpose::Fire, 10_000).await.decided);
    let late = at(1, ConfirmPurpose::Fire, 10_000 + 1_801).await;
    assert!(!late.decided && late.confirmations == 1, "{late:?}");
    // The first member confirms again: both inside the window now.
    assert!(at(0, ConfirmPurpose::Fire, 10_000 + 1_802).await.decided);
    assert_eq!(
        get(&t.s, &format!("/api/v1/calls/{call}")).await["status"],
        "active"
    );
    assert_eq!(acts(&t, "call.fired").await.len(), 1);
    assert_eq!(acts(&t, "call.disarmed").await.len(), 1);
    t.stop().await;
}
on_both_backends!(confirmations_outside_the_window_do_not_count => sqlite_confirmations_outside_the_window_do_not_count, postgres_confirmations_outside_the_window_do_not_count);

/// A call in effect for two departments: a secretary in scope reports (and updates) adherence;
/// one out of scope, and one reporting for another organization, are refused; the dashboard,
/// the map, the organization pages' announcements follow.
async fn adherence_in_scope_and_the_dashboard(db: &TestDb) {
    let t = Sitting::open(db, 20, 20).await;
    let (s, h) = (&t.s, &t.h);
    t.to_item2().await;
    let rid = resolution(
        &t,
        "Bloqueo de caminos",
        "Bloqueo de caminos en La Paz y Oruro.",
    )
    .await;
    let orgs = base_orgs(db, h.assembly).await;
    let in_dep = |d: &str| {
        orgs.iter()
            .find(|(_, x)| x.as_deref() == Some(d))
            .map(|o| o.0)
    };
    let la_paz = in_dep("La Paz").expect("a base organization in La Paz");
    let outside = orgs
        .iter()
        .find(|(_, d)| !matches!(d.as_deref(), Some("La Paz") | Some("Oruro")))
        .expect("one elsewhere")
        .0;
    let deps: Vec<i64> = on_read!(db.store, pool => asamblea_store::sqlx::query_scalar(
        "SELECT id FROM departments WHERE name IN ('La Paz', 'Oruro') ORDER BY id").fetch_all(pool).await).unwrap();
    let call = id(&post(s, &h.chair, "/api/v1/calls", json!({"assembly_id": h.assembly, "resolution_id": rid,
        "kind": "blockade", "scope_kind": "departments", "scope_ids": deps, "title": "Bloqueo de caminos",
        "body": "Bloqueo de caminos por 24 horas.", "steps": [{"hours": 24}]})).await);
    assert_eq!(
        get(s, &format!("/api/v1/calls/{call}")).await["status"],
        "active"
    );
    // The chair issues a call from the page: one step per line, each with its condition; a
    // demand ticked in the form is read (one that does not exist is refused, not ignored).
    let rid_text = rid.to_string();
    let call_form = |extra: Option<(&'static str, &'static str)>| {
        let mut fields: Vec<(&str, &str)> = vec![
            ("csrf", CSRF),
            ("title", "Huelga por pasos"),
            ("body", "Huelga escalonada hasta que se atienda el pliego."),
            ("kind", "strike"),
            ("scope_kind", "everyone"),
            ("resolution_id", &rid_text),
            (
                "steps",
                "24\r\n48: si no hay respuesta en 24 horas\r\nindefinida: hasta que se atienda el pliego",
            ),
        ];
        fields.extend(extra);
        s.client
            .post(s.at(&format!("/assemblies/{SLUG}/calls")))
            .bearer_auth(&h.chair)
            .header("cookie", format!("csrf={CSRF}"))
            .form(&fields)
            .send()
    };
    let r = call_form(Some(("demand-999999", "1"))).await.unwrap();
    assert!(r.status().is_client_error(), "{}", r.status());
    let r = call_form(None).await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let stepped = r.url().path().trim_start_matches("/calls/").to_string();
    let c = get(s, &format!("/api/v1/calls/{stepped}")).await;
    assert_eq!(c["steps"][0]["hours"], 24, "{c}");
    assert_eq!(
        c["steps"][1]["condition"], "si no hay respuesta en 24 horas",
        "{c}"
    );
    assert!(c["steps"][2]["hours"].is_null(), "{c}");
    assert_eq!(
        c["steps"][2]["condition"], "hasta que se atienda el pliego",
        "{c}"
    );
    let (_, sec_lp) = s
        .account(&h.admin, "sec.lapaz", "secretary", Some(la_paz))
        .await;
    let (_, sec_out) = s
        .account(&h.admin, "sec.fuera", "secretary", Some(outside))
        .await;
    let report = async |token: &str, org: i64, status: &str, members: i64| {
        post(
            s,
            token,
            &format!("/api/v1/calls/{call}/adherence"),
            json!({"organization_id": org,
            "status": status, "members": members, "places": "Mina Siglo XX"}),
        )
        .await
    };
    ok(report(&sec_lp, la_paz, "partly", 100).await);
    ok(report(&sec_lp, la_paz, "joined", 300).await);
    assert_eq!(
        report(&sec_out, outside, "joined", 10).await.0,
        StatusCode::UNPROCESSABLE_ENTITY,
        "out of scope"
    );
    assert_eq!(
        report(&sec_out, la_paz, "not", 0).await.0,
        StatusCode::FORBIDDEN,
        "another organization"
    );
    let dash = get(s, &format!("/api/v1/calls/{call}/dashboard")).await;
    let lp = dash["by_department"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["name"] == "La Paz")
        .unwrap()
        .clone();
    assert_eq!(
        (lp["joined"].clone(), lp["members"].clone()),
        (json!(1), json!(300)),
        "{dash}"
    );
    assert!(
        dash["organizations"]
            .as_array()
            .unwrap()
            .iter()
            .all(|o| o["organization_id"] != outside)
    );
    assert_eq!(acts(&t, "call.adherence_reported").await.len(), 2);
    let html = page(s, &format!("/calls/{call}")).await;
    assert!(
        html.contains("<svg")
            && html.contains("data-department=\"La Paz\"")
            && html.contains("Mina Siglo XX")
    );
    assert!(html.contains("data-live-assembly") && html.contains("data-live-region"));
    // Announced to the organizations in scope, not to the others.
    assert!(
        page(s, &format!("/organizations/{la_paz}"))
            .await
            .contains("Bloqueo de caminos")
    );
    assert!(
        !page(s, &format!("/organizations/{outside}"))
            .await
            .contains(&format!("/calls/{call}"))
    );
    t.stop().await;
}
on_both_backends!(adherence_in_scope_and_the_dashboard => sqlite_adherence_in_scope_and_the_dashboard, postgres_adherence_in_scope_and_the_dashboard);

/// The demo's mandate, told after the story: demands merged and ranked into a platform adopted
/// by vote, the Political Command created by Resolution No. 1 arming the general strike and
/// firing it with 2 of its 3 members, a dozen organizations reporting adherence; each step an act
/// on the record, told once.
async fn the_demo_mandate(db: &TestDb) {
    use asamblea_app::demo::{
        load_demo::load_demo, load_demo_story::load_demo_story,
        load_mandate_story::load_mandate_story,
    };
    load_demo(&db.store).await.unwrap();
    assert!(load_demo_story(&db.store).await.unwrap());
    assert!(load_mandate_story(&db.store).await.unwrap());
    assert!(!load_mandate_story(&db.store).await.unwrap(), "told once");
    let s = crate::common::TestServer::start(db.store.clone()).await;
    let record = whole_record(&s).await;
    let count = |kind: &str| record.iter().filter(|e| e["kind"] == kind).count();
    assert!(count("demand.submitted") >= 6, "demands submitted");
    assert_eq!(count("demands.merged"), 1);
    assert!(count("demands.ranked") >= 2, "organizations ranked");
    assert_eq!(count("platform.adopted"), 1);
    assert_eq!(count("command.created"), 1);
    assert_eq!(count("call.issued"), 1);
    assert_eq!(count("call.armed"), 1);
    assert_eq!(count("call.confirmed"), 2, "two of three members confirm");
    assert_eq!(count("call.fired"), 1, "fired exactly once");
    assert_eq!(count("call.adherence_reported"), 12);

    let platforms = get(&s, &format!("/api/v1/assemblies/{SLUG}/platforms")).await;
    assert_eq!(platforms.as_array().map(Vec::len), Some(1), "{platforms}");
    let call = get(&s, "/api/v1/calls/1").await;
    assert_eq!(call["status"], "active", "{call}");
    assert!(call["fired_at"].is_string(), "{call}");
    // The public pages show it, in the assembly's local time, without JavaScript.
    let html = page(&s, "/calls/1").await;
    assert!(html.contains("<svg"), "the map");
    let raw_time = |h: &str| {
        h.as_bytes().windows(11).any(|w| {
            w[..4].iter().all(u8::is_ascii_digit) && w[4] == b'-' && w[7] == b'-' && w[10] == b'T'
        })
    };
    assert!(!raw_time(&html), "no raw timestamps on the call page");
    let mandate = page(&s, &format!("/assemblies/{SLUG}/mandate")).await;
    assert!(!raw_time(&mandate), "no raw timestamps on the mandate page");
    s.stop().await;
}

on_both_backends!(the_demo_mandate => sqlite_the_demo_mandate, postgres_the_demo_mandate);
