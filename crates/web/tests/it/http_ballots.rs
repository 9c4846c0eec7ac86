//! Issue 10, defect 13: a ranked ballot with two candidates ranked 1 is refused with the voter's
//! choices kept; a blank vote is cast on purpose (never by leaving the ballot empty), counts as
//! cast and weighs on no quota.

use crate::common::delegation::{Election, World};
use crate::common::{self, CSRF};
use asamblea_store::testing::TestDb;

async fn cast(w: &World, fields: &[(String, String)]) -> (u16, String) {
    let mut all = vec![("csrf".to_string(), CSRF.to_string())];
    all.extend_from_slice(fields);
    let r = w
        .http
        .post(w.at("/vote/cast"))
        .header("cookie", format!("csrf={CSRF}"))
        .header("accept-language", "es")
        .form(&all)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

fn f(k: &str, v: impl ToString) -> (String, String) {
    (k.to_string(), v.to_string())
}

async fn ballots_keep_choices_and_allow_blank(db: &TestDb) {
    let w = World::new(db).await;
    let e = Election::nominated(&w, db).await;
    let codes = e.codes(&w).await;
    let c = &e.cands;
    // Two candidates ranked 1: refused, the three ranks still selected.
    let (st, html) = cast(
        &w,
        &[
            f("code", &codes[0]),
            f(&format!("rank_{}", c[0]), 1),
            f(&format!("rank_{}", c[1]), 1),
            f(&format!("rank_{}", c[2]), 2),
        ],
    )
    .await;
    assert_eq!(st, 422, "{html}");
    assert!(html.contains("id=\"vote-error\""), "{html}");
    assert_eq!(html.matches(" selected>").count(), 3, "{html}");
    let select_of = |id: i64| {
        let at = html.find(&format!("id=\"rank-{id}\"")).unwrap();
        html[at..].split("</select>").next().unwrap().to_string()
    };
    assert!(select_of(c[0]).contains("<option value=\"1\" selected>"));
    assert!(select_of(c[1]).contains("<option value=\"1\" selected>"));
    assert!(select_of(c[2]).contains("<option value=\"2\" selected>"));
    // Blank with marks: refused, marks kept.
    let (st, html) = cast(
        &w,
        &[
            f("code", &codes[0]),
            f(&format!("rank_{}", c[0]), 1),
            f("blank", 1),
        ],
    )
    .await;
    assert_eq!(st, 422, "{html}");
    assert!(
        html.contains("Quite las marcas para votar en blanco"),
        "{html}"
    );
    assert!(html.contains("<option value=\"1\" selected>"));
    // Left empty without asking for blank: refused as empty.
    let (st, html) = cast(&w, &[f("code", &codes[0])]).await;
    assert_eq!(st, 422, "{html}");
    assert!(html.contains("La papeleta está vacía"), "{html}");
    // Blank, on purpose: cast (the page offers it).
    assert!(html.contains("id=\"vote-blank\""));
    let (st, html) = cast(&w, &[f("code", &codes[0]), f("blank", 1)]).await;
    assert_eq!(st, 200, "{html}");
    let (st, v) = w
        .post(
            None,
            "/api/v1/vote",
            serde_json::json!({"code": codes[1], "choices": ["blank"]}),
        )
        .await;
    assert_eq!(st, 200, "{v}");
    // The planned ballots elect as before: the blanks weigh on no quota.
    e.vote(&w, &codes[2..]).await;
    let closed = e.close(&w).await;
    assert!(closed.is_object(), "{closed}");
    // The count's steps read in the page's language (they were English on Spanish pages).
    let html = w
        .http
        .get(w.at(&format!("/elections/{}", e.eid)))
        .header("accept-language", "es")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("id=\"rounds\""), "{html}");
    assert!(html.contains("primeras preferencias"), "{html}");
    assert!(!html.contains("first preferences"), "{html}");
    w.server.stop().await;
}

common::on_both_backends!(ballots_keep_choices_and_allow_blank =>
    sqlite_ballots_keep_choices_and_allow_blank,
    postgres_ballots_keep_choices_and_allow_blank);
