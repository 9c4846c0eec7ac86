//! Issue 10, defect 13: long or bad text. A motion past the limit gets its own message, shown as
//! an error (not the green notice of a success), with what was typed still in the form; every
//! field carries the server's bound as `maxlength`.

use reqwest::StatusCode;

use crate::common::sitting::Sitting;
use crate::common::{self, CSRF};
use asamblea_store::testing::TestDb;

async fn form(
    t: &Sitting,
    token: &str,
    path: &str,
    fields: &[(&str, &str)],
) -> (StatusCode, String) {
    let mut all = vec![("csrf", CSRF)];
    all.extend_from_slice(fields);
    let r =
        t.s.client
            .post(t.s.at(path))
            .bearer_auth(token)
            .header("cookie", format!("csrf={CSRF}"))
            .header("accept-language", "es")
            .form(&all)
            .send()
            .await
            .unwrap();
    (r.status(), r.text().await.unwrap())
}

async fn a_too_long_motion_is_an_error_and_keeps_the_text(db: &TestDb) {
    let t = Sitting::open(db, 3, 3).await;
    let path = format!("/sessions/items/{}/motions", t.item1);
    let long = format!("MARCA-INICIO {}", "x".repeat(20_000));
    let (st, html) = form(
        &t,
        &t.d(0),
        &path,
        &[("title", "Moción larguísima"), ("body", &long)],
    )
    .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("<p class=\"error\" role=\"alert\" id=\"page-error\">El texto pasa el máximo de 20 000 caracteres"),
        "{}",
        &html[..html.len().min(3000)]
    );
    assert!(!html.contains("Escriba el texto."));
    assert!(!html.contains("class=\"notice\" role=\"status\">El texto"));
    assert!(
        html.contains(&format!(">{long}</textarea>")),
        "the text is kept"
    );
    assert!(
        html.contains("value=\"Moción larguísima\""),
        "the title is kept"
    );
    assert!(html.contains("<details id=\"new-motion\" open>"));
    assert!(html.contains("maxlength=\"20000\""));
    assert!(html.contains("maxlength=\"200\""));
    // An empty text keeps its own message.
    let (st, html) = form(&t, &t.d(0), &path, &[("title", "Vacía"), ("body", "  ")]).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Escriba el texto."));
    // Exactly at the bound, with the browser's CRLF line breaks, it is accepted.
    let at_bound = format!("{}\r\n{}", "a".repeat(10_000), "b".repeat(9_999));
    let (st, html) = form(
        &t,
        &t.d(0),
        &path,
        &[("title", "Justa"), ("body", &at_bound)],
    )
    .await;
    // (The 303 is followed to the item page.)
    assert_eq!(st, StatusCode::OK);
    assert!(!html.contains("id=\"page-error\""));
    assert!(html.contains("Justa"));
    t.stop().await;
}

common::on_both_backends!(a_too_long_motion_is_an_error_and_keeps_the_text =>
    sqlite_a_too_long_motion_is_an_error_and_keeps_the_text,
    postgres_a_too_long_motion_is_an_error_and_keeps_the_text);
