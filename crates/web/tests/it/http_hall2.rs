//! Issue 10, hall2's defects: times in the assembly's own zone and the reader's language (8),
//! motions numbered per assembly (12b), "my assembly now" (10), the offices of an assembly
//! (12a), closing a session with business pending (12c), the seats page after a change of
//! department (12d), the demo's note (12e). Each runs on SQLite and PostgreSQL.

use crate::common::sitting::{SEATED, Sitting};
use crate::common::{SLUG, TestServer, on_both_backends, post_json_with};
use crate::http_minutes_pdf::pdf_text;
use asamblea_store::testing::TestDb;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// `at` (RFC 3339 UTC) as `HH:MM` `hours` east of UTC, counted independently of the server.
fn hh_mm(at: &str, hours: i64) -> String {
    let t = time::OffsetDateTime::parse(at, &time::format_description::well_known::Rfc3339)
        .unwrap()
        + time::Duration::hours(hours);
    format!("{:02}:{:02}", t.hour(), t.minute())
}

async fn put_zone(s: &TestServer, token: &str, zone: &str) -> StatusCode {
    s.client
        .put(s.at(&format!("/api/v1/assemblies/{SLUG}/time-zone")))
        .bearer_auth(token)
        .json(&json!({"time_zone": zone}))
        .send()
        .await
        .unwrap()
        .status()
}

/// The countdown, the minutes (page and PDF), the record and a delegate's history show the
/// assembly's local time (La Paz, UTC-4, for the demo) in words, never UTC or RFC 3339; an
/// administrator changes the zone (on the record); a wrong zone is refused.
async fn times_in_the_assemblys_zone(db: &TestDb) {
    let t = Sitting::open(db, SEATED, 20).await;
    let (s, h) = (&t.s, &t.h);
    t.to_item2().await;
    let (st, v) = t.ask_to_speak(0, "for").await;
    assert!(st.is_success(), "{v}");
    t.call_next(1).await;
    let it = t.item(t.item2).await;
    let ends = it["floor"]["ends_at"].as_str().unwrap().to_string();
    let page = s
        .text_as(&h.chair, &format!("/sessions/items/{}", t.item2))
        .await;
    let line = format!("Termina a las {}</time> (quedan <span", hh_mm(&ends, -4));
    assert!(page.contains(&line), "{line} in {page}");
    assert!(page.contains(" min</span>)"), "{page}");
    assert!(!page.contains("UTC"), "{page}");
    let projector = s.text(&format!("/assemblies/{SLUG}/projector")).await;
    assert!(projector.contains(&line), "{projector}");

    // The minutes: opened at, in words, local.
    let (_, session) = s
        .get_json(None, &format!("/api/v1/sessions/{}", t.sid))
        .await;
    let opened = session["session"]["opened_at"]
        .as_str()
        .or(session["opened_at"].as_str())
        .unwrap()
        .to_string();
    let opened_local = format!("de {}, {}", &opened[..4], hh_mm(&opened, -4));
    let minutes = s.text(&format!("/sessions/{}/minutes", t.sid)).await;
    assert!(minutes.contains(&opened_local), "{minutes}");
    assert!(!minutes.contains(&opened), "{minutes}");
    let pdf = s
        .client
        .get(s.at(&format!("/sessions/{}/minutes.pdf", t.sid)))
        .send()
        .await
        .unwrap();
    let (text, _) = pdf_text(&pdf.bytes().await.unwrap());
    assert!(text.contains(&hh_mm(&opened, -4)), "{text}");
    assert!(!text.contains(&opened), "{text}");

    // The record page: no stored RFC 3339 text shown outside `datetime`.
    let record = s.text("/record").await;
    assert!(!record.contains(&format!(">{opened}")), "{record}");

    // Only an administrator sets the zone; an unknown zone is refused.
    assert_eq!(
        put_zone(s, &h.chair, "America/Lima").await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        put_zone(s, &h.admin, "Bolivia/Oruro").await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        put_zone(s, &h.admin, "America/Lima").await,
        StatusCode::NO_CONTENT
    );
    let (_, plan) = s.get_json(None, "/api/v1/assemblies").await;
    let zone = plan
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["slug"] == SLUG)
        .map(|a| a["time_zone"].clone());
    assert_eq!(zone, Some(json!("America/Lima")));
    let page = s
        .text_as(&h.chair, &format!("/sessions/items/{}", t.item2))
        .await;
    let lima = format!("Termina a las {}</time>", hh_mm(&ends, -5));
    assert!(page.contains(&lima), "{lima} in {page}");
    let (_, acts) = s.get_json(None, "/api/v1/record?after=0&limit=1000").await;
    let set: Vec<&Value> = acts
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["kind"] == "assembly.time_zone_set")
        .collect();
    assert_eq!(set.len(), 1, "{set:?}");
    assert_eq!(set[0]["payload"]["time_zone"], "America/Lima");

    // The seat plan page's form: a wrong zone keeps what was typed, with the message.
    let r = s
        .client
        .post(s.at(&format!("/assemblies/{SLUG}/time-zone")))
        .bearer_auth(&h.admin)
        .header("cookie", format!("csrf={}", crate::common::CSRF))
        .form(&[
            ("csrf", crate::common::CSRF),
            ("time_zone", "Marte/Olympus"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(body.contains("value=\"Marte/Olympus\""), "{body}");
    assert!(body.contains("No es un huso horario conocido"), "{body}");

    // A new assembly takes the default zone unless told.
    let (st, v) = post_json_with(
        &s.client,
        &s.at("/api/v1/assemblies"),
        Some(&h.admin),
        &json!({"slug": "asamblea-tarija", "name": "Asamblea de Tarija", "level": "departmental",
                "department": "Tarija", "parent": SLUG}),
    )
    .await;
    assert!(st.is_success(), "{v}");
    let (_, all) = s.get_json(None, "/api/v1/assemblies").await;
    let tarija = all
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["slug"] == "asamblea-tarija")
        .unwrap()
        .clone();
    // The parent's zone.
    assert_eq!(tarija["time_zone"], "America/Lima");
    t.stop().await;
}
on_both_backends!(times_in_the_assemblys_zone => sqlite_times_in_the_assemblys_zone, postgres_times_in_the_assemblys_zone);

/// Runs the numbering statement of migration 0075 again (as it ran over the motions that were
/// there before it), on the database the test runs on.
async fn renumber_as_the_migration_does(db: &TestDb) {
    let file = match db.store.backend() {
        asamblea_store::Backend::Sqlite => {
            include_str!("../../../store/migrations/sqlite/0075_motion_numbers.sql")
        }
        asamblea_store::Backend::Postgres => {
            include_str!("../../../store/migrations/postgres/0075_motion_numbers.sql")
        }
    };
    let update = &file[file.find("UPDATE motions").unwrap()..];
    let mut tx = db.store.begin().await.unwrap();
    asamblea_store::on_tx!(&mut tx, c => asamblea_store::sqlx::query("UPDATE motions SET number = 0")
        .execute(&mut **c).await.map(|r| r.rows_affected()))
    .unwrap();
    asamblea_store::on_tx!(&mut tx, c => asamblea_store::sqlx::query(update)
        .execute(&mut **c).await.map(|r| r.rows_affected()))
    .unwrap();
    tx.commit().await.unwrap();
}

/// A chair's session in a new departmental assembly (Tarija) with one open item: the item's id.
async fn tarija_item(s: &TestServer, admin: &str) -> i64 {
    let (st, v) = post_json_with(
        &s.client,
        &s.at("/api/v1/assemblies"),
        Some(admin),
        &json!({"slug": "asamblea-tarija", "name": "Asamblea de Tarija", "level": "departmental",
                "department": "Tarija"}),
    )
    .await;
    assert!(st.is_success(), "{v}");
    let id = v["id"].as_i64().unwrap();
    let (st, v) = s
        .post_json(
            Some(admin),
            "/api/v1/sessions",
            json!({"assembly_id": id, "title": "Primera sesión de Tarija"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let sid = v["id"].as_i64().unwrap();
    let (_, v) = s
        .post_json(
            Some(admin),
            &format!("/api/v1/sessions/{sid}/items"),
            json!({"title": "Pliego"}),
        )
        .await;
    let item = v["id"].as_i64().unwrap();
    for path in [
        format!("/api/v1/sessions/{sid}/open"),
        format!("/api/v1/items/{item}/open"),
    ] {
        let (st, v) = s.post_json(Some(admin), &path, json!({})).await;
        assert_eq!(st, StatusCode::OK, "{v}");
    }
    item
}

/// Tarija's first motion is "Moción #1" although the demo assembly's motion and amendments came
/// first; amendments and their votes are named by these numbers; motions that existed before are
/// numbered per assembly by the migration.
async fn motions_are_numbered_per_assembly(db: &TestDb) {
    let t = Sitting::open(db, SEATED, 20).await;
    let (s, h) = (&t.s, &t.h);
    t.to_item2().await;
    let m = t.motions().await;
    let item = tarija_item(s, &h.admin).await;
    let (st, v) = s
        .post_json(
            Some(&h.admin),
            "/api/v1/motions",
            json!({"item_id": item, "title": "Agua para el Chaco", "body": "Que se construyan pozos."}),
        )
        .await;
    assert!(st.is_success(), "{v}");
    let tarija_motion = v["id"].as_i64().unwrap();
    assert!(tarija_motion > m.am1a, "{v}");
    let check = async || {
        let page = s
            .text_as(&h.admin, &format!("/sessions/items/{item}"))
            .await;
        assert!(page.contains("Moción #1: Agua para el Chaco"), "{page}");
        let (_, it) = s
            .get_json(Some(&h.admin), &format!("/api/v1/items/{item}"))
            .await;
        assert_eq!(it["motions"][0]["number"], 1, "{it}");
        // The demo assembly's: the motion #1, its amendments #2, #3 and #4 (#4 amends #2).
        let page = s
            .text_as(&h.chair, &format!("/sessions/items/{}", t.item2))
            .await;
        assert!(page.contains("Moción #1:"), "{page}");
        assert!(page.contains("Enmienda #4:"), "{page}");
        let minutes = s.text(&format!("/sessions/{}/minutes", t.sid)).await;
        assert!(minutes.contains("Enmienda #4 → #2:"), "{minutes}");
    };
    check().await;
    // The demo's assembly says its figures are illustrative; Tarija's does not (defect 12e).
    let demo = s.text(&format!("/assemblies/{SLUG}/seats")).await;
    assert!(demo.contains("id=\"seats-illustrative\""), "{demo}");
    let tarija = s.text("/assemblies/asamblea-tarija/seats").await;
    assert!(!tarija.contains("ilustrativ"), "{tarija}");
    // A vote on amendment 2 (#3) names it by the numbers.
    t.support(&m).await;
    let vote = t
        .open_vote(json!({"subject": "motion", "motion_id": m.am2}))
        .await;
    let page = s.text(&format!("/sessions/votes/{vote}")).await;
    assert!(page.contains("Enmienda 3 a la moción 1"), "{page}");
    // The migration numbers existing motions the same way.
    renumber_as_the_migration_does(db).await;
    check().await;
    t.stop().await;
}
on_both_backends!(motions_are_numbered_per_assembly => sqlite_motions_are_numbered_per_assembly, postgres_motions_are_numbered_per_assembly);

/// A card login lands on "my assembly now" (not the account page): the delegate's assembly, the
/// session in progress, the item under debate with the way to ask to speak, and the open vote
/// with the way to vote; the menu leads there from every page. An account with no seat or
/// office is shown the assemblies.
async fn my_assembly_now(db: &TestDb) {
    let t = Sitting::open(db, SEATED, 20).await;
    let (s, h) = (&t.s, &t.h);
    t.to_item2().await;
    let vote = t
        .open_vote(
            json!({"item_id": t.item2, "subject": "procedure", "question": "¿Cuarto intermedio?"}),
        )
        .await;
    let page = s.text_as(&t.d(0), "/now").await;
    for want in [
        "Mi asamblea ahora",
        "Usted es Delegado 00",
        "presente en la sala",
        "Primera sesión",
        "Huelga general en caso de golpe",
        &format!("href=\"/sessions/items/{}#ask\"", t.item2),
        "¿Cuarto intermedio?",
        &format!("href=\"/sessions/votes/{vote}\">Votar ahora"),
    ] {
        assert!(page.contains(want), "{want} in {page}");
    }
    // Not checked in: told so; the vote is there to see.
    let page = s.text_as(&t.d(22), "/now").await;
    assert!(page.contains("aún no registró su entrada"), "{page}");
    assert!(page.contains("Ver la votación"), "{page}");
    // The menu of every page.
    let account = s.text_as(&t.d(0), "/account").await;
    assert!(account.contains("href=\"/now\""), "{account}");

    // The card login's landing.
    let (st, created) = s
        .post_json(
            Some(&h.admin),
            "/api/v1/accounts",
            json!({"username": "nueva", "display_name": "Nueva", "role": "delegate"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{created}");
    let bare = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let r = bare
        .post(s.at("/login/card"))
        .header("cookie", format!("csrf={}", crate::common::CSRF))
        .form(&[
            ("csrf", crate::common::CSRF),
            ("code", created["card_code"].as_str().unwrap()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], "/now");
    // No seat, no office: the assemblies to look at.
    let token = s.login(created["card_code"].as_str().unwrap()).await;
    let page = s.text_as(&token, "/now").await;
    assert!(page.contains("no tiene un escaño ni un cargo"), "{page}");
    assert!(
        page.contains(&format!("href=\"/assemblies/{SLUG}/now\"")),
        "{page}"
    );
    t.stop().await;
}
on_both_backends!(my_assembly_now => sqlite_my_assembly_now, postgres_my_assembly_now);

/// The offices page lists who holds which office; an administrator removes a holder (on the
/// record); no one else may.
async fn offices_and_their_removal(db: &TestDb) {
    let t = Sitting::open(db, SEATED, 20).await;
    let (s, h) = (&t.s, &t.h);
    let page = s.text(&format!("/assemblies/{SLUG}/offices")).await;
    let section = |page: &str, role: &str| -> String {
        let start = page.find(&format!("id=\"office-{role}\"")).unwrap();
        let end = page[start..].find("</section>").unwrap();
        page[start..start + end].to_string()
    };
    assert!(
        section(&page, "presidium").contains("Presidencia"),
        "{page}"
    );
    assert!(section(&page, "teller").contains("(escrutador)"), "{page}");
    assert!(
        section(&page, "credentials").contains("Nadie ocupa este cargo"),
        "{page}"
    );
    assert!(!page.contains("offices/remove"), "{page}");
    let (_, me) = s.get_json(Some(&h.teller), "/api/v1/me").await;
    let teller_id = me["id"].as_i64().unwrap().to_string();
    let remove = async |token: &str| {
        let bare = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        bare.post(s.at(&format!("/assemblies/{SLUG}/offices/remove")))
            .bearer_auth(token)
            .header("cookie", format!("csrf={}", crate::common::CSRF))
            .form(&[
                ("csrf", crate::common::CSRF),
                ("account_id", teller_id.as_str()),
                ("role", "teller"),
            ])
            .send()
            .await
            .unwrap()
            .status()
    };
    assert_eq!(remove(&h.chair).await, StatusCode::FORBIDDEN);
    let page = s
        .text_as(&h.admin, &format!("/assemblies/{SLUG}/offices"))
        .await;
    assert!(
        page.contains(&format!("id=\"remove-teller-{teller_id}\"")),
        "{page}"
    );
    assert_eq!(remove(&h.admin).await, StatusCode::SEE_OTHER);
    let page = s.text(&format!("/assemblies/{SLUG}/offices")).await;
    assert!(!section(&page, "teller").contains("(escrutador)"), "{page}");
    let (_, acts) = s.get_json(None, "/api/v1/record?after=0&limit=1000").await;
    let removed: Vec<&Value> = acts
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["kind"] == "assembly.role_removed")
        .collect();
    assert_eq!(removed.len(), 1, "{removed:?}");
    assert_eq!(removed[0]["payload"]["role"], "teller");
    t.stop().await;
}
on_both_backends!(offices_and_their_removal => sqlite_offices_and_their_removal, postgres_offices_and_their_removal);

/// Closing a session with an item still open and motions undecided asks for confirmation,
/// listing them; the API refuses without `confirm`; confirmed, it closes (the act counts them).
async fn closing_with_business_pending(db: &TestDb) {
    let t = Sitting::open(db, SEATED, 20).await;
    let (s, h) = (&t.s, &t.h);
    t.to_item2().await;
    t.motions().await;
    let page = s.text_as(&h.chair, &format!("/sessions/{}", t.sid)).await;
    let start = page.find("id=\"close-pending\"").expect("the pending list");
    let list = &page[start..start + page[start..].find("</div>").unwrap()];
    for want in [
        "Punto 2. Huelga general en caso de golpe",
        "Moción #1: Huelga general",
        "Enmienda #4:",
        "name=\"confirm\"",
    ] {
        assert!(list.contains(want), "{want} in {list}");
    }
    assert!(!list.contains("Aprobación del orden del día"), "{list}");
    let close = format!("/api/v1/sessions/{}/close", t.sid);
    let (st, v) = s.post_json(Some(&h.chair), &close, json!({})).await;
    assert_eq!(
        (st, v["error"].as_str()),
        (StatusCode::CONFLICT, Some("error-ses-close-pending")),
        "{v}"
    );
    // The page's form without the box ticked: refused, still open.
    let r = s
        .client
        .post(s.at(&format!("/sessions/{}/close", t.sid)))
        .bearer_auth(&h.chair)
        .header("cookie", format!("csrf={}", crate::common::CSRF))
        .form(&[("csrf", crate::common::CSRF)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let (_, v) = s
        .get_json(None, &format!("/api/v1/sessions/{}", t.sid))
        .await;
    assert_eq!(v["session"]["status"], "open", "{v}");
    let (st, v) = s
        .post_json(Some(&h.chair), &close, json!({"confirm": true}))
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let (_, acts) = s.get_json(None, "/api/v1/record?after=0&limit=1000").await;
    let closed = acts
        .as_array()
        .unwrap()
        .iter()
        .rfind(|a| a["kind"] == "session.closed")
        .unwrap()
        .clone();
    assert_eq!(closed["payload"]["pending"], 5, "{closed}");
    t.stop().await;
}
on_both_backends!(closing_with_business_pending => sqlite_closing_with_business_pending, postgres_closing_with_business_pending);

/// An organization that moves into a department is seated by the department's assembly (its
/// plan is apportioned again, on the record), and one that moves out no longer is: the seats
/// page is never stale.
async fn seats_follow_a_change_of_department(db: &TestDb) {
    let r = crate::common::registry::Registry::new(db).await;
    let (s, admin) = (&r.server, &r.admin);
    r.assemblies().await;
    let (st, v) = s
        .post_json(
            Some(admin),
            "/api/v1/organizations",
            json!({"name": "Federación Campesina de La Paz", "short_name": "FCLP", "kind": "federation",
                   "sector": "peasants", "department": "La Paz", "membership": 20000}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let fclp = v["id"].as_i64().unwrap();
    let plan = json!({"expected_version": 0, "voting_seats": 6, "method": "hare", "shares": {"peasants": 1}});
    let (st, v) = r.put_plan(Some(admin), "asamblea-oruro", plan).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let seated = async || -> Vec<(i64, i64)> {
        let (_, seats) = s
            .get_json(None, "/api/v1/assemblies/asamblea-oruro/seats")
            .await;
        seats["sectors"][0]["organizations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| (o["id"].as_i64().unwrap(), o["seats"].as_i64().unwrap()))
            .collect()
    };
    assert_eq!(seated().await, vec![(r.csutcb, 6)]);
    let patch = async |org: i64, department: &str| {
        let r = s
            .client
            .patch(s.at(&format!("/api/v1/organizations/{org}")))
            .bearer_auth(admin)
            .json(&json!({"department": department}))
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "{}", r.text().await.unwrap());
    };
    // FCLP moves to Oruro: the two share Oruro's six seats by membership.
    patch(fclp, "Oruro").await;
    assert_eq!(seated().await, vec![(r.csutcb, 3), (fclp, 3)]);
    let html = s.text("/assemblies/asamblea-oruro/seats").await;
    assert!(html.contains("FCLP"), "{html}");
    // Not the demo: no "illustrative figures" note (defect 12e).
    assert!(!html.contains("seats-illustrative"), "{html}");
    // And back: Oruro seats CSUTCB alone again.
    patch(fclp, "La Paz").await;
    assert_eq!(seated().await, vec![(r.csutcb, 6)]);
    let (_, acts) = s.get_json(None, "/api/v1/record?after=0&limit=1000").await;
    let again = acts
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| {
            a["kind"] == "seat_plan.set"
                && a["payload"]["reason"] == "organization_department_changed"
        })
        .count();
    assert_eq!(again, 2);
    r.stop().await;
}
on_both_backends!(seats_follow_a_change_of_department => sqlite_seats_follow_a_change_of_department, postgres_seats_follow_a_change_of_department);
