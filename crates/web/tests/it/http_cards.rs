//! Credential cards without a takeover (issue 11, defects 1 and 3): the commission never sees a
//! login code (accreditation shows a badge number; a new card is collected on the delegate's own
//! phone), the door takes the badge, a new card ends every login and is on the record, the owner
//! is told at the next login; a new password ends the other logins; "log out everywhere".

use asamblea_app::Actor;
use asamblea_app::actions::delegates::register_delegate::{NewDelegate, register_delegate};
use asamblea_app::demo::load_demo::load_demo;
use asamblea_app::domain::{AssemblyId, OrganizationId, SeatKind};
use asamblea_store::on_read;
use asamblea_store::testing::TestDb;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::{self, SLUG, TestServer};

struct Desk {
    commission: String,
    delegate_id: i64,
}

/// The demo assembly, a credentials commission and one registered (not yet accredited) delegate.
async fn desk(s: &TestServer, db: &TestDb, admin: &str) -> Desk {
    load_demo(&db.store).await.unwrap();
    let assembly: i64 = on_read!(db.store, pool => asamblea_store::sqlx::query_scalar("SELECT id FROM assemblies WHERE slug = $1").bind(SLUG).fetch_one(pool).await).unwrap();
    let org: i64 = on_read!(db.store, pool => asamblea_store::sqlx::query_scalar("SELECT organization_id FROM seat_allocations WHERE assembly_id = $1 AND seats > 0 ORDER BY organization_id LIMIT 1").bind(assembly).fetch_one(pool).await).unwrap();
    let (cid, commission) = s
        .account_named(admin, "comision", "Comisión", "secretary", None)
        .await;
    let (st, v) = s
        .post_json(
            Some(admin),
            &format!("/api/v1/assemblies/{SLUG}/roles"),
            json!({"account_id": cid, "role": "credentials"}),
        )
        .await;
    assert!(st.is_success(), "{st} {v}");
    let delegate_id = register_delegate(
        &db.store,
        &Actor::System,
        NewDelegate {
            assembly_id: AssemblyId(assembly),
            organization_id: OrganizationId(org),
            name: "Juana Mamani".into(),
            member_id: None,
            account_id: None,
            seat_kind: SeatKind::Voting,
            substitute_rank: None,
            election_id: None,
        },
    )
    .await
    .unwrap()
    .get();
    Desk {
        commission,
        delegate_id,
    }
}

async fn status_of_me(s: &TestServer, token: &str) -> StatusCode {
    s.get_json(Some(token), "/api/v1/me").await.0
}

async fn login_card(s: &TestServer, code: &str) -> (StatusCode, Value) {
    s.post_json(None, "/api/v1/session", json!({"card_code": code}))
        .await
}

/// The delegate's phone asks; `approver` approves the number; the phone collects.
async fn pickup(s: &TestServer, approver: &str, path: &str) -> (Value, Value) {
    let (st, p) = s.post_json(None, "/api/v1/card-pickups", json!({})).await;
    assert_eq!(st, StatusCode::CREATED, "{p}");
    // Not approved yet: nothing to collect.
    let (st, v) = s
        .post_json(
            None,
            "/api/v1/card-pickups/collect",
            json!({"secret": p["secret"]}),
        )
        .await;
    assert_eq!(
        (st, v["error"].as_str()),
        (StatusCode::CONFLICT, Some("card-pickup-waiting"))
    );
    let (st, approved) = s
        .post_json(Some(approver), path, json!({"pickup": p["number"]}))
        .await;
    assert_eq!(st, StatusCode::OK, "{approved}");
    let (st, collected) = s
        .post_json(
            None,
            "/api/v1/card-pickups/collect",
            json!({"secret": p["secret"]}),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{collected}");
    // Once only.
    let (st, _) = s
        .post_json(
            None,
            "/api/v1/card-pickups/collect",
            json!({"secret": p["secret"]}),
        )
        .await;
    assert_eq!(st, StatusCode::CONFLICT);
    (approved, collected)
}

async fn the_commission_never_holds_a_login_code(db: TestDb) {
    let s = TestServer::start(db.store.clone()).await;
    let admin = s.admin_token(&db).await;
    let desk = desk(&s, &db, &admin).await;
    let d = desk.delegate_id;

    // Accreditation: a badge number for the door, no login code.
    let (st, acc) = s
        .post_json(
            Some(&desk.commission),
            &format!("/api/v1/delegates/{d}/accredit"),
            json!({"reason": "acta"}),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{acc}");
    assert!(
        acc.get("card_code").is_none(),
        "no login code to the commission: {acc}"
    );
    let badge = acc["badge"].as_str().expect("a badge").to_string();

    // A new card without a pickup number from the delegate's phone is refused.
    let (st, v) = s
        .post_json(
            Some(&desk.commission),
            &format!("/api/v1/delegates/{d}/card"),
            json!({}),
        )
        .await;
    assert!(
        st.is_client_error() && v.get("card_code").is_none(),
        "{st} {v}"
    );
    let (st, v) = s
        .post_json(
            Some(&desk.commission),
            &format!("/api/v1/delegates/{d}/card"),
            json!({"pickup": "ZZZZ-ZZZZ"}),
        )
        .await;
    assert_eq!(
        (st, v["error"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("card-pickup-unknown")
        )
    );

    // The delegate collects the card on their own phone; the commission's answer has no code.
    let card_path = format!("/api/v1/delegates/{d}/card");
    let (approved, collected) = pickup(&s, &desk.commission, &card_path).await;
    assert!(approved.get("card_code").is_none(), "{approved}");
    let code = collected["card_code"].as_str().unwrap().to_string();
    let phone = collected["token"].as_str().unwrap().to_string();
    assert_eq!(status_of_me(&s, &phone).await, StatusCode::OK);
    let (st, first) = login_card(&s, &code).await;
    assert_eq!(st, StatusCode::OK, "{first}");
    let laptop = first["token"].as_str().unwrap().to_string();

    // The door takes the badge, not the login code.
    let door = format!("/api/v1/assemblies/{SLUG}/check-in");
    let (st, _) = s
        .post_json(Some(&desk.commission), &door, json!({"badge": code}))
        .await;
    assert_eq!(st, StatusCode::CONFLICT, "a login code is no badge");
    let (st, v) = s
        .post_json(
            Some(&desk.commission),
            &door,
            json!({"badge": badge.to_lowercase()}),
        )
        .await;
    assert_eq!(
        (st, v["delegate_id"].as_i64()),
        (StatusCode::OK, Some(d)),
        "{v}"
    );

    // A replacement (even one the commission approves for a phone of its own): every login of
    // the delegate ends at once, the old card stops working, the act is on the record.
    let (approved, collected) = pickup(&s, &desk.commission, &card_path).await;
    assert_eq!(status_of_me(&s, &phone).await, StatusCode::UNAUTHORIZED);
    assert_eq!(status_of_me(&s, &laptop).await, StatusCode::UNAUTHORIZED);
    assert_eq!(login_card(&s, &code).await.0, StatusCode::UNAUTHORIZED);
    let kinds: Vec<String> = on_read!(db.store, pool => asamblea_store::sqlx::query_scalar(
        "SELECT kind FROM record WHERE kind = 'account.card_replaced' ORDER BY position").fetch_all(pool).await).unwrap();
    assert_eq!(kinds.len(), 2, "each replacement is an act");

    // The next login tells the owner, once.
    let new_code = collected["card_code"].as_str().unwrap();
    let (st, v) = login_card(&s, new_code).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(v["card_replaced_at"], approved["replaced_at"], "{v}");
    let (_, v) = login_card(&s, new_code).await;
    assert!(v["card_replaced_at"].is_null(), "told once: {v}");
    s.stop().await;
    db.cleanup().await;
}

async fn credential_changes_end_other_logins(db: TestDb) {
    let s = TestServer::start(db.store.clone()).await;
    let admin = s.admin_token(&db).await;
    let (_, phone) = s
        .account_named(&admin, "pedro.quispe", "Pedro Quispe", "delegate", None)
        .await;
    let (st, _) = s
        .post_json(
            Some(&phone),
            "/api/v1/me/password",
            json!({"password": "a long password", "confirmation": "a long password"}),
        )
        .await;
    assert_eq!(st, StatusCode::NO_CONTENT);
    let login = || async {
        let (st, v) = s
            .post_json(
                None,
                "/api/v1/session",
                json!({"username": "pedro.quispe", "password": "a long password"}),
            )
            .await;
        assert_eq!(st, StatusCode::OK, "{v}");
        v["token"].as_str().unwrap().to_string()
    };
    let stolen = login().await;
    let laptop = login().await;
    // A new password: the other logins end, this one stays.
    let (st, _) = s
        .post_json(
            Some(&laptop),
            "/api/v1/me/password",
            json!({"password": "another long one", "confirmation": "another long one"}),
        )
        .await;
    assert_eq!(st, StatusCode::NO_CONTENT);
    assert_eq!(status_of_me(&s, &stolen).await, StatusCode::UNAUTHORIZED);
    assert_eq!(status_of_me(&s, &phone).await, StatusCode::UNAUTHORIZED);
    assert_eq!(status_of_me(&s, &laptop).await, StatusCode::OK);
    // The account page offers "log out everywhere"; the API does it.
    let page = s.text_as(&laptop, "/account").await;
    assert!(page.contains("/account/logout-everywhere"), "{page}");
    let r = s
        .client
        .delete(s.at("/api/v1/me/sessions"))
        .bearer_auth(&laptop)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(status_of_me(&s, &laptop).await, StatusCode::UNAUTHORIZED);
    s.stop().await;
    db.cleanup().await;
}

#[tokio::test]
async fn sqlite_the_commission_never_holds_a_login_code() {
    the_commission_never_holds_a_login_code(common::sqlite().await).await;
}

#[tokio::test]
async fn postgres_the_commission_never_holds_a_login_code() {
    the_commission_never_holds_a_login_code(common::postgres().await).await;
}

#[tokio::test]
async fn sqlite_credential_changes_end_other_logins() {
    credential_changes_end_other_logins(common::sqlite().await).await;
}

#[tokio::test]
async fn postgres_credential_changes_end_other_logins() {
    credential_changes_end_other_logins(common::postgres().await).await;
}
