//! The public record page speaks the reader's language: each act as a sentence, each author by
//! what they are, never only a raw kind (`account.created`) or actor (`account:1`).

use crate::common::{self, TestServer};

async fn record_page_speaks_the_readers_language(db: asamblea_store::testing::TestDb) {
    let server = TestServer::start(db.store.clone()).await;
    let admin = server.admin_token(&db).await;
    let (s, _) = server
        .post_json(
            Some(&admin),
            "/api/v1/sectors",
            serde_json::json!({"key": "labour", "name": "Obreros", "colour": "#b71c1c"}),
        )
        .await;
    assert!(s.is_success());
    let page = |lang: &'static str| {
        let server = &server;
        async move {
            server
                .client
                .get(server.at("/record"))
                .header("cookie", format!("lang={lang}"))
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap()
        }
    };
    let es = page("es").await;
    assert!(es.contains("<strong>Se creó un sector</strong>"), "{es}");
    assert!(es.contains("<strong>Se creó una cuenta</strong>"), "{es}");
    assert!(es.contains("enlace de instalación"), "{es}");
    assert!(es.contains("cuenta n.º 1"), "{es}");
    let en = page("en").await;
    assert!(en.contains("<strong>A sector was created</strong>"), "{en}");
    assert!(en.contains("account no. 1"), "{en}");
    server.stop().await;
    db.cleanup().await;
}

#[tokio::test]
async fn sqlite_record_page_speaks_the_readers_language() {
    record_page_speaks_the_readers_language(common::sqlite().await).await;
}

#[tokio::test]
async fn postgres_record_page_speaks_the_readers_language() {
    record_page_speaks_the_readers_language(common::postgres().await).await;
}

/// The account page's title is plain text (the "log out everywhere" form once landed inside
/// `<title>`), and the form is in the page itself.
#[tokio::test]
async fn sqlite_account_page_title_is_text() {
    let db = common::sqlite().await;
    let server = TestServer::start(db.store.clone()).await;
    let admin = server.admin_token(&db).await;
    let html = server.text_as(&admin, "/account").await;
    let title = html
        .split("<title>")
        .nth(1)
        .and_then(|t| t.split("</title>").next())
        .unwrap();
    assert!(!title.contains('<'), "{title}");
    assert!(html.contains("id=\"logout-everywhere\""), "{html}");
    server.stop().await;
}

/// "Your card was replaced" shows only the account's own recorded time: a crafted link to
/// `/account?card_replaced=…` shows nothing.
#[tokio::test]
async fn sqlite_a_link_cannot_fake_the_card_replaced_notice() {
    let db = common::sqlite().await;
    let server = TestServer::start(db.store.clone()).await;
    let admin = server.admin_token(&db).await;
    let html = server
        .text_as(&admin, "/account?card_replaced=2026-01-01T10:00:00.000Z")
        .await;
    assert!(!html.contains("2026-01-01 10:00"), "{html}");
    server.stop().await;
}

/// A delegate finds where to collect a card from the login page (no one has to know `/card`).
#[tokio::test]
async fn sqlite_the_login_page_links_to_collecting_a_card() {
    let db = common::sqlite().await;
    let server = TestServer::start(db.store.clone()).await;
    let html = server.text("/login").await;
    assert!(html.contains("href=\"/card\""), "{html}");
    server.stop().await;
}
