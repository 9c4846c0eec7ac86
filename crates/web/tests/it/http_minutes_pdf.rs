//! The minutes as PDF through the real HTTP server: a small session of the demo assembly with one
//! motion put to an open vote, adopted as a resolution, then the session closed. The PDF (read
//! back with lopdf) has the resolution, the vote's result and roll-call, and the record position
//! and hash of the closing act; it is in the reader's language; the minutes page links to it.
//! The session's title has letters beyond Western European Latin (Guaraní g̃ ẽ, Polish Ł ź),
//! which the PDF's embedded font shows and its ToUnicode maps give back. Runs on SQLite and
//! PostgreSQL.

use crate::common::hall::hall;
use crate::common::{TestServer, get, on_both_backends, post};
use asamblea_store::testing::TestDb;
use lopdf::content::Content;
use lopdf::{Document, Encoding, Object};
use reqwest::StatusCode;
use serde_json::json;

/// The text of every page, one shown string per line, decoded by lopdf through the ToUnicode
/// map of the font each string is shown in.
pub(crate) fn pdf_text(bytes: &[u8]) -> (String, String) {
    assert!(bytes.starts_with(b"%PDF-"));
    let doc = Document::load_mem(bytes).expect("the PDF parses");
    let mut lines = Vec::new();
    for (_, page) in doc.get_pages() {
        let fonts = doc.get_page_fonts(page).expect("page fonts");
        let mut encoding: Option<Encoding> = None;
        let content = Content::decode(&doc.get_page_content(page)).expect("content stream");
        for op in &content.operations {
            match op.operator.as_str() {
                "Tf" => {
                    let font = fonts[op.operands[0].as_name().expect("a font name")];
                    encoding = Some(font.get_font_encoding(&doc).expect("an encoding"));
                }
                "Tj" => {
                    let raw = op.operands[0].as_str().expect("a string");
                    let encoding = encoding.as_ref().expect("a font before text");
                    lines.push(encoding.bytes_to_string(raw).expect("mapped text"));
                }
                _ => {}
            }
        }
    }
    let info = doc
        .trailer
        .get(b"Info")
        .and_then(Object::as_reference)
        .unwrap();
    let title = lopdf::decode_text_string(doc.get_dictionary(info).unwrap().get(b"Title").unwrap())
        .unwrap();
    (lines.join("\n"), title)
}

/// Asserts that `needles` occur in `haystack` in this order.
fn assert_in_order(haystack: &str, needles: &[&str]) {
    let mut at = 0;
    for n in needles {
        match haystack[at..].find(n) {
            Some(i) => at += i + n.len(),
            None => panic!("{n:?} not found after byte {at} in:\n{haystack}"),
        }
    }
}

async fn minutes_pdf(db: &TestDb) {
    let s = TestServer::start(db.store.clone()).await;
    let h = hall(&s, db, 5, 5).await;
    let tokens: Vec<String> = h.delegates.iter().map(|d| d.0.clone()).collect();

    let (st, v) = post(&s, &h.chair, "/api/v1/sessions", json!({
        "assembly_id": h.assembly, "title": "Sesión de prueba — «g̃uahẽ», Łódź", "planned_at": "1971-06-22 10:00"
    })).await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let sid = v["id"].as_i64().unwrap();
    let (st, v) = post(
        &s,
        &h.chair,
        &format!("/api/v1/sessions/{sid}/items"),
        json!({"title": "Alfabetización", "planned_start": "10:00", "planned_minutes": 30}),
    )
    .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let item = v["id"].as_i64().unwrap();
    let version = get(&s, &format!("/api/v1/sessions/{sid}")).await["session"]["version"]
        .as_i64()
        .unwrap();
    let (st, v) = post(
        &s,
        &h.chair,
        &format!("/api/v1/sessions/{sid}/open"),
        json!({"version": version}),
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let (st, v) = post(
        &s,
        &h.chair,
        &format!("/api/v1/items/{item}/open"),
        json!({}),
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{v}");

    // A motion of two paragraphs, put to an open vote: four yes, one no.
    let (st, v) = post(&s, &tokens[0], "/api/v1/motions", json!({"item_id": item, "title": "Brigadas de alfabetización",
        "body": "Se crea una brigada de alfabetización en cada barrio.\n\nLa Asamblea financia los cuadernos y los lápices."})).await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let motion = v["id"].as_i64().unwrap();
    let (st, v) = post(
        &s,
        &h.chair,
        "/api/v1/votes",
        json!({"session_id": sid, "subject": "motion", "motion_id": motion}),
    )
    .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let vote = v["id"].as_i64().unwrap();
    for (i, token) in tokens.iter().enumerate() {
        let choice = if i < 4 { "yes" } else { "no" };
        let (st, v) = post(
            &s,
            token,
            &format!("/api/v1/votes/{vote}/ballots"),
            json!({"choice": choice}),
        )
        .await;
        assert_eq!(st, StatusCode::OK, "{v}");
    }
    let (st, v) = post(
        &s,
        &h.chair,
        &format!("/api/v1/votes/{vote}/close"),
        json!({}),
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(v["passed"], true, "{v}");
    assert_eq!(v["resolution"], 1);

    // Before the close the PDF is provisional and cites the head of the record.
    let r = s
        .client
        .get(s.at(&format!("/sessions/{sid}/minutes.pdf")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let (text, _) = pdf_text(&r.bytes().await.unwrap());
    assert!(text.contains("Acta provisional"), "{text}");

    // Close the session: the closing act's position and hash.
    let (st, v) = post(
        &s,
        &h.chair,
        &format!("/api/v1/sessions/{sid}/close"),
        // Its item is still open: closing confirms it.
        json!({"confirm": true}),
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let position = v["position"].as_i64().unwrap();
    let entries = get(
        &s,
        &format!("/api/v1/record?after={}&limit=1", position - 1),
    )
    .await;
    let closing = &entries[0];
    assert_eq!(closing["position"], position);
    assert_eq!(closing["kind"], "session.closed");
    let hash = closing["hash"].as_str().unwrap().to_string();
    assert_eq!(hash.len(), 64);

    // The PDF, in Spanish (the default).
    let r = s
        .client
        .get(s.at(&format!("/sessions/{sid}/minutes.pdf")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    let disposition = r.headers()["content-disposition"].to_str().unwrap();
    assert!(
        disposition.contains(&format!("filename=\"minutes-session-{sid}.pdf\"")),
        "{disposition}"
    );
    let (text, title) = pdf_text(&r.bytes().await.unwrap());
    assert_eq!(title, "Acta: Sesión de prueba — «g̃uahẽ», Łódź");
    assert_in_order(
        &text,
        &[
            "Acta: Sesión de prueba — «g̃uahẽ», Łódź",
            "Asistencia",
            "5 presentes de 5 miembros con voto.",
            "1. Alfabetización",
            "Moción #",
            "Brigadas de alfabetización",
            "1. Se crea una brigada de alfabetización en cada barrio.",
            // The vote's result: outcome, tally, quorum, then the roll-call by name.
            "Votación #",
            "Resultado\nAPROBADA",
            "Sí\n4",
            "No\n1",
            "Abstención\n0",
            "Quórum alcanzado: 5 presentes de 5 delegados acreditados",
            "Delegado/a\nOrganización\nVoto",
            "Delegado 04",
            "No",
            // The resolution, with its text.
            "Resoluciones",
            "Resolución N.º 1: Brigadas de alfabetización",
            "Se crea una brigada de alfabetización en cada barrio.",
            "La Asamblea financia los cuadernos y los lápices.",
            // The closing act it was made from.
            &format!("hasta la posición {position}"),
            &hash,
            "1 / 1",
        ],
    );
    assert!(!text.contains("Acta provisional"));

    // In English for an English reader.
    let r = s
        .client
        .get(s.at(&format!("/sessions/{sid}/minutes.pdf")))
        .header("accept-language", "en")
        .send()
        .await
        .unwrap();
    let (text, title) = pdf_text(&r.bytes().await.unwrap());
    assert!(title.starts_with("Minutes: "), "{title}");
    assert_in_order(
        &text,
        &[
            "Result\nADOPTED",
            "Yes\n4",
            &format!("up to position {position}"),
            &hash,
        ],
    );

    // The minutes page links to the PDF; an unknown session has none.
    let page = s.text(&format!("/sessions/{sid}/minutes")).await;
    assert!(
        page.contains(&format!("href=\"/sessions/{sid}/minutes.pdf\"")),
        "no PDF link"
    );
    let r = s
        .client
        .get(s.at("/sessions/999999/minutes.pdf"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    s.stop().await;
}

on_both_backends!(minutes_pdf => sqlite_minutes_pdf, postgres_minutes_pdf);
