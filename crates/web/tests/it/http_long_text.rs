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

/// Every field a person types into carries a `maxlength` (the server's bound), except the few
/// whose bound is a count of lines or the request size (a CSV file, a vote's options, links).
#[test]
fn every_typed_field_has_a_maxlength() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    let mut missing = Vec::new();
    let mut stack = vec![dir];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let text = std::fs::read_to_string(&p).unwrap();
            for tag in text
                .split('<')
                .filter(|t| t.starts_with("input ") || t.starts_with("textarea "))
            {
                let tag = tag.split('>').next().unwrap_or("");
                let untyped = [
                    "hidden", "radio", "checkbox", "file", "color", "date", "number",
                ]
                .iter()
                .any(|k| tag.contains(&format!("type=\"{k}\"")));
                let exempt = [
                    "name=\"csv\"",
                    "name=\"options\"",
                    "name=\"links\"",
                    "name=\"choice\"",
                ]
                .iter()
                .any(|k| tag.contains(k));
                if !untyped && !exempt && !tag.contains("maxlength=") {
                    missing.push(format!("{}: <{tag}>", p.display()));
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "fields without maxlength:\n{}",
        missing.join("\n")
    );
}

/// Text that was already mis-decoded before it reached us gets a warning naming its line, in the
/// API's preview and on the import page; a clean file gets none.
#[tokio::test]
async fn mis_decoded_text_in_an_import_is_named_by_line() {
    let db = common::sqlite().await;
    let s = common::TestServer::start(db.store.clone()).await;
    let admin = s.admin_token(&db).await;
    let csv = "short_name,name,kind,sector\nFSTMB,Federación de Mineros,federation,labour\nCOB,Central Obrera de Mar\u{c3}\u{ad}a,confederation,labour\nFSUTCB,Jos\u{FFFD} P\u{FFFD}rez,federation,labour\n";
    let r = s
        .client
        .post(s.at("/api/v1/organizations/import"))
        .bearer_auth(&admin)
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .await
        .unwrap();
    let v: serde_json::Value = r.json().await.unwrap();
    let warnings: Vec<(u64, &str)> = v["warnings"]
        .as_array()
        .unwrap_or_else(|| panic!("{v}"))
        .iter()
        .map(|w| (w["line"].as_u64().unwrap(), w["column"].as_str().unwrap()))
        .collect();
    assert_eq!(warnings, vec![(3, "name"), (4, "name")], "{v}");
    // The page shows them, naming the line.
    let r = s
        .client
        .post(s.at("/organizations/import"))
        .bearer_auth(&admin)
        .header("accept-language", "es")
        .header("cookie", format!("csrf={CSRF}"))
        .form(&[("csrf", CSRF), ("csv", csv)])
        .send()
        .await
        .unwrap();
    let html = r.text().await.unwrap();
    assert!(html.contains("id=\"import-warnings\""), "{html}");
    assert!(html.contains("Línea 3, columna name"), "{html}");
    s.stop().await;
    db.cleanup().await;
}

/// Issue 10 / review: the key/value lists broke words in the middle at 360 px ("transferibl e"):
/// words wrap whole (or hyphenated), and on a phone the value goes under its key.
#[test]
fn fact_lists_do_not_break_words_in_the_middle() {
    let css = include_str!("../../static/style.css");
    let facts: Vec<&str> = css.lines().filter(|l| l.contains("dl.facts")).collect();
    assert!(!facts.is_empty());
    assert!(
        facts.iter().all(|l| !l.contains("overflow-wrap:anywhere")),
        "{facts:?}"
    );
    assert!(
        facts
            .iter()
            .any(|l| l.contains("@media (max-width: 30rem)")),
        "{facts:?}"
    );
}
