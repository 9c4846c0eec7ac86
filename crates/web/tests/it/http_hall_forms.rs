//! Issue 10 (task 10b): the chair puts a speaker on the list by name or by card scan (defect
//! 11), forms keep what was typed when refused, times in the zone of the item's own assembly.
//! Each runs on SQLite and PostgreSQL.

use crate::common::form;
use crate::common::on_both_backends;
use crate::common::sitting::{SEATED, Sitting};
use asamblea_store::on_tx;
use asamblea_store::testing::TestDb;
use serde_json::{Value, json};

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
    let (st, body) = form(
        &s.client,
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
    let (st, body) = form(
        &s.client,
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
    let (st, body) = form(
        &s.client,
        &url,
        &h.chair,
        &[
            ("by_chair", "1"),
            ("delegate_id", ""),
            ("badge", "ZZZZ9999ZZZZ"),
            ("kind", "for"),
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
    assert!(body.contains("<details id=\"add-speaker\" open>"), "{body}");

    // Neither picked nor scanned: refused (never the chair's own seat), nothing added.
    let (st, body) = form(
        &s.client,
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
