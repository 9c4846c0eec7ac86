//! Issue 10 (task 10b): the chair puts a speaker on the list by name or by card scan (defect
//! 11), forms keep what was typed when refused, times in the zone of the item's own assembly.
//! Each runs on SQLite and PostgreSQL.

use crate::common::sitting::{SEATED, Sitting};
use crate::common::{CSRF, SLUG, TestServer, on_both_backends};
use asamblea_store::on_tx;
use asamblea_store::testing::TestDb;
use serde_json::{Value, json};

/// POSTs a form as `token` with the test's CSRF token (following the redirect): the status and
/// the page.
async fn post_form(
    s: &TestServer,
    url: &str,
    token: &str,
    fields: &[(&str, &str)],
) -> (u16, String) {
    let mut all = vec![("csrf", CSRF)];
    all.extend_from_slice(fields);
    let r = s
        .client
        .post(url)
        .bearer_auth(token)
        .header("cookie", format!("csrf={CSRF}"))
        .form(&all)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// Delegate ids waiting on `item` (the API's list).
async fn waiting(t: &Sitting, item: i64) -> Vec<i64> {
    let it: Value = t.item(item).await;
    it["waiting"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["delegate_id"].as_i64().unwrap())
        .collect()
}

/// Gives delegate `id` the card code `badge` (as picking up a card does).
async fn give_badge(db: &TestDb, id: i64, badge: &str) {
    let mut tx = db.store.begin().await.unwrap();
    on_tx!(&mut tx, c => asamblea_store::sqlx::query("UPDATE delegates SET badge = $1 WHERE id = $2")
        .bind(badge).bind(id).execute(&mut **c).await.map(|r| r.rows_affected()))
    .unwrap();
    tx.commit().await.unwrap();
}

/// Defect 11: the chair's "put a delegate on the list" lists the present delegates by name and
/// organization (no raw delegate number to type), or takes the code on their card as the door
/// does; a form with neither, or an unknown card, is refused with the reason and keeps what was
/// typed; the API still takes the id.
async fn chair_adds_a_speaker_by_name_or_card(db: &TestDb) {
    let t = Sitting::open(db, SEATED, 20).await;
    let (s, h) = (&t.s, &t.h);
    t.to_item2().await;
    let item = t.item2;
    let page = s
        .text_as(&h.chair, &format!("/sessions/items/{item}"))
        .await;
    let (d3, d4, d5, absent) = (
        h.delegates[3].1,
        h.delegates[4].1,
        h.delegates[5].1,
        h.delegates[22].1,
    );
    assert!(
        page.contains(&format!("<option value=\"{d3}\">Delegado 03 · ")),
        "{page}"
    );
    assert!(
        !page.contains(&format!("<option value=\"{absent}\">")),
        "{page}"
    );
    assert!(!page.contains("Número de delegado"), "{page}");
    assert!(page.contains("name=\"badge\""), "{page}");
    let url = s.at(&format!("/sessions/items/{item}/speak"));

    // By name (the select sends the id).
    let (st, body) = post_form(
        s,
        &url,
        &h.chair,
        &[
            ("by_chair", "1"),
            ("delegate_id", &d3.to_string()),
            ("badge", ""),
            ("kind", "for"),
        ],
    )
    .await;
    assert_eq!(st, 200, "{body}");
    assert_eq!(waiting(&t, item).await, vec![d3]);

    // By card: typed in lower case with spaces and a dash, as a scanner or a hand may.
    give_badge(db, d4, "ABCD2345EFGH").await;
    let (st, body) = post_form(
        s,
        &url,
        &h.chair,
        &[
            ("by_chair", "1"),
            ("delegate_id", ""),
            ("badge", " abcd-2345 efgh"),
            ("kind", "against"),
        ],
    )
    .await;
    assert_eq!(st, 200, "{body}");
    assert_eq!(waiting(&t, item).await, vec![d3, d4]);

    // An unknown card: refused, told why, the code kept in its field.
    let (st, body) = post_form(
        s,
        &url,
        &h.chair,
        &[
            ("by_chair", "1"),
            ("delegate_id", ""),
            ("badge", "ZZZZ9999ZZZZ"),
            ("kind", "against"),
        ],
    )
    .await;
    assert_eq!(st, 422, "{body}");
    assert!(body.contains("role=\"alert\""), "{body}");
    assert!(
        body.contains("Ningún delegado acreditado de esta asamblea tiene esa credencial."),
        "{body}"
    );
    assert!(body.contains("value=\"ZZZZ9999ZZZZ\""), "{body}");
    assert!(
        body.contains("<option value=\"against\" selected>"),
        "{body}"
    );
    assert!(body.contains("<details id=\"add-speaker\" open>"), "{body}");

    // Neither picked nor scanned: refused (never the chair's own seat), nothing added.
    let (st, body) = post_form(
        s,
        &url,
        &h.chair,
        &[
            ("by_chair", "1"),
            ("delegate_id", ""),
            ("badge", ""),
            ("kind", "for"),
        ],
    )
    .await;
    assert_eq!(st, 422, "{body}");
    assert!(
        body.contains("Elija un delegado de la lista o pase su credencial."),
        "{body}"
    );
    assert_eq!(waiting(&t, item).await, vec![d3, d4]);

    // The API still takes the id; a delegate may not put another on the list by card.
    let path = format!("/api/v1/items/{item}/speakers");
    let (st, v) = s
        .post_json(
            Some(&h.chair),
            &path,
            json!({"kind": "other", "delegate_id": d5}),
        )
        .await;
    assert!(st.is_success(), "{st} {v}");
    let (st, v) = s
        .post_json(
            Some(&t.d(0)),
            &path,
            json!({"kind": "other", "badge": "ABCD2345EFGH"}),
        )
        .await;
    assert_eq!(st.as_u16(), 403, "{v}");
    assert_eq!(waiting(&t, item).await, vec![d3, d4, d5]);
    t.stop().await;
}
on_both_backends!(chair_adds_a_speaker_by_name_or_card => sqlite_chair_adds_a_speaker_by_name_or_card, postgres_chair_adds_a_speaker_by_name_or_card);

/// A refused form's page: its status, the refusal announced (`role="alert"`), and each of
/// `kept` (what was typed) in it.
fn refused_keeping(st: u16, body: &str, status: u16, kept: &[&str]) {
    assert_eq!(st, status, "{body}");
    assert!(body.contains("role=\"alert\""), "{body}");
    for k in kept {
        assert!(body.contains(k), "{k} in {body}");
    }
}

/// Account creation and card pickup approval (by an administrator, and by the credentials
/// commission on a delegate's page): a refusal shows the form again with what was typed.
async fn account_and_card_forms_keep_what_was_typed(db: &TestDb) {
    let t = Sitting::open(db, 3, 3).await;
    let (s, h) = (&t.s, &t.h);
    // A username already taken ("presidencia"): refused, the fields as typed, the role kept.
    let url = s.at("/admin/accounts");
    let (st, body) = post_form(
        s,
        &url,
        &h.admin,
        &[
            ("username", "presidencia"),
            ("display_name", "Juana Quispe Mamani"),
            ("role", "secretary"),
        ],
    )
    .await;
    assert!(st == 409 || st == 422, "{st} {body}");
    refused_keeping(
        st,
        &body,
        st,
        &[
            "id=\"new-username\" required maxlength=\"40\" value=\"presidencia\"",
            "value=\"Juana Quispe Mamani\"",
            "<option value=\"secretary\" selected>",
        ],
    );
    // A role that does not exist: the same page (not an error page), the names kept.
    let (st, body) = post_form(
        s,
        &url,
        &h.admin,
        &[
            ("username", "juana"),
            ("display_name", "Juana Quispe Mamani"),
            ("role", "overlord"),
        ],
    )
    .await;
    refused_keeping(
        st,
        &body,
        422,
        &["value=\"juana\"", "value=\"Juana Quispe Mamani\""],
    );

    // A pickup number no phone shows: refused, the number kept in that account's row only.
    let (st, chair) = s.get_json(Some(&h.chair), "/api/v1/me").await;
    assert!(st.is_success(), "{chair}");
    let chair_id = chair["id"].as_i64().unwrap();
    let url = s.at(&format!("/admin/accounts/{chair_id}/card"));
    let (st, body) = post_form(s, &url, &h.admin, &[("pickup", "QX7-Z9K")]).await;
    refused_keeping(st, &body, 422, &["value=\"QX7-Z9K\""]);
    assert_eq!(body.matches("value=\"QX7-Z9K\"").count(), 1, "{body}");

    // The commission (the teller, named to it) approves a delegate's card from the delegate's
    // page: the same.
    let (_, teller) = s.get_json(Some(&h.teller), "/api/v1/me").await;
    let (st, v) = s
        .post_json(
            Some(&h.admin),
            &format!("/api/v1/assemblies/{SLUG}/roles"),
            json!({"account_id": teller["id"], "role": "credentials"}),
        )
        .await;
    assert!(st.is_success(), "{st} {v}");
    let d0 = h.delegates[0].1;
    let page = s.text_as(&h.admin, &format!("/delegates/{d0}")).await;
    assert!(!page.contains("id=\"card-form\""), "{page}");
    let page = s.text_as(&h.teller, &format!("/delegates/{d0}")).await;
    assert!(page.contains("id=\"card-form\""), "{page}");
    let url = s.at(&format!("/delegates/{d0}/card"));
    let (st, body) = post_form(s, &url, &h.teller, &[("pickup", "QX7-Z9K")]).await;
    refused_keeping(
        st,
        &body,
        422,
        &["id=\"pickup\" maxlength=\"20\" value=\"QX7-Z9K\""],
    );
    t.stop().await;
}
on_both_backends!(account_and_card_forms_keep_what_was_typed => sqlite_account_and_card_forms_keep_what_was_typed, postgres_account_and_card_forms_keep_what_was_typed);

/// The federation's inbox: declining a forward from a stale page, or merging only one, is
/// refused as an error (not a notice) and the form keeps the reason, the ticked forward, the
/// item, the title and the text.
async fn federation_forms_keep_what_was_typed(db: &TestDb) {
    use asamblea_app::demo::{
        load_demo::load_demo, load_demo_federation::load_demo_federation,
        load_demo_story::load_demo_story,
    };
    load_demo(&db.store).await.unwrap();
    assert!(load_demo_story(&db.store).await.unwrap());
    assert!(load_demo_federation(&db.store).await.unwrap());
    let s = TestServer::start(db.store.clone()).await;
    let admin = s.admin_token(db).await;
    let national: i64 = asamblea_store::on_read!(db.store, pool => asamblea_store::sqlx::query_scalar("SELECT id FROM assemblies WHERE slug = $1").bind(SLUG).fetch_one(pool).await).unwrap();
    let (_, item) = crate::http_federation::sitting(&s, &admin, national).await;
    let (_, fw) = s
        .get_json(None, &format!("/api/v1/assemblies/{SLUG}/forwards"))
        .await;
    let pending = fw["inbox"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["status"] == "pending")
        .unwrap_or_else(|| panic!("a pending forward in {fw}"))
        .clone();
    let id = pending["id"].as_i64().unwrap();
    let version = pending["version"].as_i64().unwrap_or(0);

    // Declined from a page older than the forward: refused, the reason kept.
    let url = s.at(&format!("/assemblies/{SLUG}/federation/decline/{id}"));
    let stale = (version + 7).to_string();
    let reason = "Tratado ya en el congreso minero";
    let (st, body) = post_form(&s, &url, &admin, &[("version", &stale), ("reason", reason)]).await;
    assert!(st == 409 || st == 422, "{st} {body}");
    refused_keeping(st, &body, st, &[&format!("value=\"{reason}\"")]);
    assert!(!body.contains("class=\"notice\""), "{body}");

    // Merged alone: refused, the tick, the item, the title and the text kept.
    let url = s.at(&format!("/assemblies/{SLUG}/federation/merge"));
    let fw_field = format!("fw-{id}");
    let item_s = item.to_string();
    let fields = [
        (fw_field.as_str(), "1"),
        ("item_id", &item_s),
        ("title", "Defensa unida de las minas"),
        ("body", "Texto unido de las dos resoluciones."),
    ];
    let (st, body) = post_form(&s, &url, &admin, &fields).await;
    refused_keeping(
        st,
        &body,
        422,
        &[
            &format!("name=\"fw-{id}\" value=\"1\" form=\"merge\" checked>"),
            &format!("<option value=\"{item}\" selected>"),
            "value=\"Defensa unida de las minas\"",
            ">Texto unido de las dos resoluciones.</textarea>",
        ],
    );
    s.stop().await;
}
on_both_backends!(federation_forms_keep_what_was_typed => sqlite_federation_forms_keep_what_was_typed, postgres_federation_forms_keep_what_was_typed);

/// `at` (RFC 3339 UTC) as `HH:MM` `hours` east of UTC, counted independently of the server.
fn hh_mm(at: &str, hours: i64) -> String {
    let t = time::OffsetDateTime::parse(at, &time::format_description::well_known::Rfc3339)
        .unwrap()
        + time::Duration::hours(hours);
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// The record page's line of the act at `position`.
fn record_line(page: &str, position: i64) -> String {
    page.split(&format!("<li value=\"{position}\">"))
        .nth(1)
        .unwrap_or_else(|| panic!("act #{position} in {page}"))
        .split("</li>")
        .next()
        .unwrap()
        .to_string()
}

/// A new card for `account`, approved by `admin` and collected: when the old one was replaced,
/// and the new login's token.
async fn replace_card(s: &TestServer, admin: &str, account: i64) -> (String, String) {
    let (st, p) = s.post_json(None, "/api/v1/card-pickups", json!({})).await;
    assert_eq!(st.as_u16(), 201, "{p}");
    let path = format!("/api/v1/accounts/{account}/card");
    let (st, approved) = s
        .post_json(Some(admin), &path, json!({"pickup": p["number"]}))
        .await;
    assert!(st.is_success(), "{approved}");
    let (st, collected) = s
        .post_json(
            None,
            "/api/v1/card-pickups/collect",
            json!({"secret": p["secret"]}),
        )
        .await;
    assert!(st.is_success(), "{collected}");
    (
        approved["replaced_at"].as_str().unwrap().to_string(),
        collected["token"].as_str().unwrap().to_string(),
    )
}

/// Two assemblies in different zones (the demo's in La Paz, UTC-4, the first; another in
/// Tokyo, UTC+9): the record page shows each act in its own assembly's time, and an account's
/// page in the zone of its delegate seat's assembly, else the instance's.
async fn times_in_the_zone_of_their_own_assembly(db: &TestDb) {
    use asamblea_app::Actor;
    use asamblea_app::actions::delegates::register_delegate::{NewDelegate, register_delegate};
    use asamblea_app::domain::{AccountId, AssemblyId, OrganizationId, SeatKind};
    let t = Sitting::open(db, 3, 3).await;
    let (s, h) = (&t.s, &t.h);
    let (st, v) = s
        .post_json(
            Some(&h.admin),
            "/api/v1/assemblies",
            json!({"slug": "asamblea-de-tokio", "name": "Asamblea de Tokio", "level": "national", "time_zone": "Asia/Tokyo"}),
        )
        .await;
    assert!(st.is_success(), "{st} {v}");
    let tokyo: i64 = asamblea_store::on_read!(db.store, pool => asamblea_store::sqlx::query_scalar("SELECT id FROM assemblies WHERE slug = 'asamblea-de-tokio'").fetch_one(pool).await).unwrap();

    // The record: the Tokyo assembly's creation in Tokyo time, the demo's last act in La Paz's.
    let record = crate::common::whole_record(s).await;
    let last_in = |assembly: i64| {
        record
            .iter()
            .rev()
            .find(|e| e["scope"] == format!("assembly:{assembly}"))
            .unwrap()
            .clone()
    };
    let page = s.text("/record").await;
    for (e, east, other) in [(last_in(tokyo), 9, -4), (last_in(h.assembly), -4, 9)] {
        let at = e["recorded_at"].as_str().unwrap();
        let line = record_line(&page, e["position"].as_i64().unwrap());
        assert!(
            line.contains(&hh_mm(at, east)),
            "{} in {line}",
            hh_mm(at, east)
        );
        assert!(!line.contains(&hh_mm(at, other)), "{line}");
    }

    // An account with a delegate seat in Tokyo: its page in Tokyo time; the chair, with no
    // seat, in the instance's (the first assembly's, La Paz).
    let (viajera, _) = s
        .account_named(&h.admin, "viajera", "Delegada Viajera", "delegate", None)
        .await;
    let org: i64 = asamblea_store::on_read!(db.store, pool => asamblea_store::sqlx::query_scalar("SELECT id FROM organizations ORDER BY id LIMIT 1").fetch_one(pool).await).unwrap();
    register_delegate(
        &db.store,
        &Actor::System,
        NewDelegate {
            assembly_id: AssemblyId(tokyo),
            organization_id: OrganizationId(org),
            name: "Delegada Viajera".into(),
            member_id: None,
            account_id: Some(AccountId(viajera)),
            seat_kind: SeatKind::Voting,
            substitute_rank: None,
            election_id: None,
        },
    )
    .await
    .unwrap();
    let (_, chair) = s.get_json(Some(&h.chair), "/api/v1/me").await;
    for (account, east) in [(viajera, 9), (chair["id"].as_i64().unwrap(), -4)] {
        let (at, token) = replace_card(s, &h.admin, account).await;
        let page = s
            .text_as(&token, &format!("/account?card_replaced={at}"))
            .await;
        let notice = page
            .split("class=\"notice\"")
            .nth(1)
            .unwrap_or_else(|| panic!("the notice in {page}"))
            .split("</p>")
            .next()
            .unwrap();
        assert!(
            notice.contains(&hh_mm(&at, east)),
            "{} in {notice}",
            hh_mm(&at, east)
        );
    }
    t.stop().await;
}
on_both_backends!(times_in_the_zone_of_their_own_assembly => sqlite_times_in_the_zone_of_their_own_assembly, postgres_times_in_the_zone_of_their_own_assembly);

/// The mandate's demand form refused (a support that is not a number): the refusal is an error
/// announced to screen readers, not a notice, and the form keeps the text typed.
async fn mandate_refusals_are_errors(db: &TestDb) {
    let t = Sitting::open(db, 3, 3).await;
    let (s, h) = (&t.s, &t.h);
    let org: i64 = asamblea_store::on_read!(db.store, pool => asamblea_store::sqlx::query_scalar("SELECT organization_id FROM seat_allocations WHERE assembly_id = $1 AND seats > 0 ORDER BY organization_id LIMIT 1").bind(h.assembly).fetch_one(pool).await).unwrap();
    let url = s.at(&format!("/assemblies/{SLUG}/mandate/demands"));
    let org = org.to_string();
    let (st, body) = post_form(
        s,
        &url,
        &h.admin,
        &[
            ("organization_id", &org),
            ("body", "Reapertura de las radios mineras"),
            ("category", "comunicación"),
            ("support", "muchos"),
        ],
    )
    .await;
    refused_keeping(
        st,
        &body,
        422,
        &[">Reapertura de las radios mineras</textarea>"],
    );
    assert!(body.contains("id=\"page-error\""), "{body}");
    t.stop().await;
}
on_both_backends!(mandate_refusals_are_errors => sqlite_mandate_refusals_are_errors, postgres_mandate_refusals_are_errors);
