//! A national federation's register in one file (issue 15): 200,000 members imported through the
//! API with the same per-line errors as a small file, and a body over its limit answered with a
//! clear 413 instead of a reset connection.

use crate::common::csrf_of;
use crate::common::on_both_backends;
use crate::common::registry::Registry;
use asamblea_store::on_read;
use asamblea_store::testing::TestDb;
use reqwest::StatusCode;
use serde_json::Value;

const MEMBERS: usize = 200_000;

/// `n` members, numbered from 1; the member on data row `bad_at` (1-based) has a bad e-mail.
fn register(n: usize, bad_at: Option<usize>) -> String {
    let mut s = String::with_capacity(n * 48);
    s.push_str("member_number,name,phone,email\n");
    for i in 1..=n {
        let email = if Some(i) == bad_at {
            "not-an-address".to_string()
        } else {
            String::new()
        };
        s.push_str(&format!("{i},Afiliado Número {i},7{i:07},{email}\n"));
    }
    s
}

/// 200,000 rows: a dry run names the one bad line (its line in the file, the header being line
/// 1), the clean file imports in one act with the right count, every row written.
async fn a_register_of_200000_members_imports_in_one_file(db: &TestDb) {
    let r = Registry::new(db).await;
    let p = r.people().await;
    let (fstmb, secretary) = (r.fstmb, &p.secretary);
    let bad = register(MEMBERS, Some(150_000));
    let (s, v) = r.import(Some(secretary), fstmb, "dry_run=true", &bad).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{}", short(&v));
    let problems = v["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0]["line"], 150_001);
    assert_eq!(problems[0]["column"], "email");

    let clean = register(MEMBERS, None);
    assert!(clean.len() > 4 * 1024 * 1024, "a file of several MB");
    let (s, dry) = r
        .import(Some(secretary), fstmb, "dry_run=true", &clean)
        .await;
    assert_eq!(s, StatusCode::OK, "{}", short(&dry));
    assert_eq!(dry["count"], MEMBERS);
    assert!(
        dry["rows"].as_array().unwrap().len() <= 100,
        "the answer shows the first rows, not 200,000"
    );
    let digest = dry["digest"].as_str().unwrap().to_string();
    let (s, done) = r
        .import(
            Some(secretary),
            fstmb,
            &format!("dry_run=false&digest={digest}"),
            &clean,
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{}", short(&done));
    assert_eq!(done["imported"], true);
    assert_eq!(done["count"], MEMBERS);
    let written: i64 = on_read!(db.store, pool => asamblea_store::sqlx::query_scalar(
        "SELECT COUNT(*) FROM members WHERE organization_id = $1")
        .bind(fstmb).fetch_one(pool).await)
    .unwrap();
    assert_eq!(written, MEMBERS as i64);
    let (_, record) = r.server.get_json(None, "/api/v1/record").await;
    let last = record.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["kind"], "members.imported");
    assert_eq!(last["payload"]["count"], MEMBERS);
    r.stop().await;
}
on_both_backends!(a_register_of_200000_members_imports_in_one_file => sqlite_a_register_of_200000_members_imports_in_one_file, postgres_a_register_of_200000_members_imports_in_one_file);

/// The start of a long JSON answer, for assertion messages.
fn short(v: &Value) -> String {
    v.to_string().chars().take(600).collect()
}

/// A body over its address's limit is answered 413 with the reason, read by the client (before,
/// the server closed while the client was still sending: a reset connection, no reason): 8 MB of
/// JSON to an ordinary address, 8 MB of form to a page, 40 MB to an import.
async fn a_body_over_its_limit_gets_a_clear_413(db: &TestDb) {
    let r = Registry::new(db).await;
    let server = &r.server;
    let big = "x".repeat(8 * 1024 * 1024);
    let resp = server
        .client
        .post(server.at("/api/v1/organizations"))
        .bearer_auth(&r.admin)
        .header("content-type", "application/json")
        .body(format!("{{\"name\": \"{big}\"}}"))
        .send()
        .await
        .expect("an answer, not a reset connection");
    assert_eq!(resp.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let v: Value = resp.json().await.unwrap();
    assert_eq!(v["error"], "error-input-too-large");
    assert!(v["detail"].as_str().unwrap().contains("1048576"), "{v}");

    let resp = server
        .client
        .post(server.at("/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept-language", "es")
        .body(format!("username={big}"))
        .send()
        .await
        .expect("an answer, not a reset connection");
    assert_eq!(resp.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let page = resp.text().await.unwrap();
    assert!(page.contains("1 MB como máximo"), "the page says why");

    let huge = "y".repeat(40 * 1024 * 1024);
    let (s, v) = r
        .import(Some(&r.admin), r.fstmb, "dry_run=true", &huge)
        .await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(v["error"], "error-import-too-large");
    r.stop().await;
}
on_both_backends!(a_body_over_its_limit_gets_a_clear_413 => sqlite_a_body_over_its_limit_gets_a_clear_413, postgres_a_body_over_its_limit_gets_a_clear_413);

/// A `multipart/form-data` body with the form token and one file (written by hand: the test
/// client is built without reqwest's multipart feature).
fn multipart(csrf: &str, file: &[u8]) -> (String, Vec<u8>) {
    let boundary = "asamblea-test-boundary-7c1f";
    let mut body = Vec::new();
    body.extend_from_slice(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n")
            .as_bytes(),
    );
    body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"afiliados.csv\"\r\nContent-Type: text/csv\r\n\r\n").as_bytes());
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// On the pages: the secretary chooses a file of 30,000 members; the preview lists the first
/// rows and counts the rest (the page does not carry the file); the confirmation starts the
/// import and its page shows it done; the staged file is gone with the import, and confirming
/// it again says so. A file saved as Latin-1 is refused naming its line.
async fn the_import_page_takes_a_chosen_file_and_shows_progress(db: &TestDb) {
    let r = Registry::new(db).await;
    let p = r.people().await;
    let (server, fstmb, secretary) = (&r.server, r.fstmb, &p.secretary);
    let at = format!("/organizations/{fstmb}/import");
    let html = server.text_as(secretary, &at).await;
    assert!(html.contains("id=\"csv-file\""), "a file chooser");
    let csrf = csrf_of(&html);
    let upload = async |file: &[u8]| {
        let (content_type, body) = multipart(&csrf, file);
        server
            .client
            .post(server.at(&format!("{at}/upload")))
            .bearer_auth(secretary)
            .header("content-type", content_type)
            .header("accept-language", "es")
            .body(body)
            .send()
            .await
            .unwrap()
    };

    let mut latin1 = b"member_number,name\n1,Jos".to_vec();
    latin1.push(0xE9); // "é" in Latin-1
    latin1.extend_from_slice(b"\n");
    let res = upload(&latin1).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(
        res.text().await.unwrap().contains("línea 2"),
        "names the line"
    );

    let file = register(30_000, None);
    let res = upload(file.as_bytes()).await;
    assert_eq!(res.status(), StatusCode::OK);
    let preview = res.text().await.unwrap();
    assert!(
        preview.contains("id=\"import-more-rows\""),
        "the rest is counted"
    );
    assert!(
        preview.len() < file.len() / 10,
        "the page does not carry the file: {} bytes",
        preview.len()
    );
    let staged = preview
        .split("name=\"staged\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let digest = preview
        .split("name=\"digest\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();

    // Before its confirmation the import is not running: the page says so (no endless refresh).
    let idle = server.text_as(secretary, &format!("{at}/{staged}")).await;
    assert!(
        idle.contains("id=\"import-failed\"") && idle.contains("no se está importando"),
        "{idle}"
    );
    let confirm = async || {
        server
            .client
            .post(server.at(&format!("{at}/confirm")))
            .bearer_auth(secretary)
            .form(&[
                ("csrf", csrf.as_str()),
                ("staged", staged.as_str()),
                ("digest", digest.as_str()),
            ])
            .send()
            .await
            .unwrap()
    };
    let res = confirm().await;
    let progress_at = format!("{at}/{staged}");
    assert!(res.url().path().ends_with(&progress_at), "{}", res.url());
    let mut page = res.text().await.unwrap();
    for _ in 0..600 {
        if !page.contains("id=\"import-running\"") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        page = server.text_as(secretary, &progress_at).await;
    }
    assert!(page.contains("id=\"import-done\""), "{page}");
    assert!(
        page.contains("30000 afiliados")
            || page.contains("30 000 afiliados")
            || page.contains("30.000 afiliados"),
        "{page}"
    );
    let written: i64 = on_read!(db.store, pool => asamblea_store::sqlx::query_scalar(
        "SELECT COUNT(*) FROM members WHERE organization_id = $1")
        .bind(fstmb).fetch_one(pool).await)
    .unwrap();
    assert_eq!(written, 30_000);
    let left: i64 = on_read!(db.store, pool => asamblea_store::sqlx::query_scalar(
        "SELECT COUNT(*) FROM staged_imports").fetch_one(pool).await)
    .unwrap();
    assert_eq!(left, 0, "the staged file is deleted with the import");
    // The organization's page lists a page of members, never the whole register.
    let org = server
        .text_as(secretary, &format!("/organizations/{fstmb}"))
        .await;
    assert_eq!(org.matches("/edit\">").count(), 100, "one page of members");
    assert!(
        org.contains("id=\"members-older\""),
        "and a link to the next"
    );
    let found = server
        .text_as(secretary, &format!("/organizations/{fstmb}?find=29999"))
        .await;
    assert!(found.contains("Afiliado Número 29999") && !found.contains("Afiliado Número 29998"));
    assert!(found.contains("1 afiliado."), "the count of what was found");
    let again = confirm().await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    assert!(
        again
            .text()
            .await
            .unwrap()
            .contains("ya no está en el servidor")
    );
    r.stop().await;
}
on_both_backends!(the_import_page_takes_a_chosen_file_and_shows_progress => sqlite_the_import_page_takes_a_chosen_file_and_shows_progress, postgres_the_import_page_takes_a_chosen_file_and_shows_progress);
