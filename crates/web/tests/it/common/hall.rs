//! A hall for session tests: the demo assembly with a presidium, a teller and `n` accredited
//! voting delegates, the first `present` of them checked in.

use asamblea_app::Actor;
use asamblea_app::actions::delegates::check_in::check_in;
use asamblea_app::actions::delegates::register_delegate::{NewDelegate, register_delegate};
use asamblea_app::demo::load_demo::load_demo;
use asamblea_app::domain::{AccountId, AssemblyId, OrganizationId, SeatKind};
use asamblea_store::testing::TestDb;
use asamblea_store::{Store, on_read, on_tx};
use reqwest::StatusCode;
use serde_json::json;

use super::{SLUG, TestServer};

pub struct Hall {
    pub admin: String,
    pub chair: String,
    pub teller: String,
    /// `(token, delegate id, organization index)`.
    pub delegates: Vec<(String, i64, usize)>,
    pub assembly: i64,
}

/// Test-only stand-in for the credentials commission: marks a delegate accredited.
pub async fn accredit(store: &Store, delegate_id: i64) {
    let mut tx = store.begin().await.unwrap();
    on_tx!(&mut tx, c => asamblea_store::sqlx::query("UPDATE delegates SET status = 'accredited' WHERE id = $1")
        .bind(delegate_id).execute(&mut **c).await.map(|r| r.rows_affected()))
    .unwrap();
    tx.commit().await.unwrap();
}

/// Loads the demo and seats the hall: "Presidencia" (presidium), "Escrutador" (teller) and
/// "Delegado 00".. spread over five organizations.
pub async fn hall(s: &TestServer, db: &TestDb, n: usize, present: usize) -> Hall {
    load_demo(&db.store).await.unwrap();
    let admin = s.admin_token(db).await;
    let assembly: i64 = on_read!(db.store, pool => asamblea_store::sqlx::query_scalar("SELECT id FROM assemblies WHERE slug = $1").bind(SLUG).fetch_one(pool).await).unwrap();
    let orgs: Vec<i64> = on_read!(db.store, pool => asamblea_store::sqlx::query_scalar("SELECT organization_id FROM seat_allocations WHERE assembly_id = $1 AND seats > 0 ORDER BY organization_id LIMIT 5").bind(assembly).fetch_all(pool).await).unwrap();
    assert_eq!(orgs.len(), 5);
    let (chair_id, chair) = s
        .account_named(&admin, "presidencia", "Presidencia", "secretary", None)
        .await;
    let (teller_id, teller) = s
        .account_named(&admin, "escrutador", "Escrutador", "secretary", None)
        .await;
    for (id, role) in [(chair_id, "presidium"), (teller_id, "teller")] {
        let (st, v) = s
            .post_json(
                Some(&admin),
                &format!("/api/v1/assemblies/{SLUG}/roles"),
                json!({"account_id": id, "role": role}),
            )
            .await;
        assert!(st.is_success(), "{st} {v}");
    }
    // These tests seat a few delegates of a large plan: quorum is counted over the accredited.
    set_quorum_basis(s, &admin, "accredited").await;
    // Only an administrator names the presidium.
    let (st, _) = s
        .post_json(
            Some(&chair),
            &format!("/api/v1/assemblies/{SLUG}/roles"),
            json!({"account_id": chair_id, "role": "teller"}),
        )
        .await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    let mut delegates = Vec::new();
    for i in 0..n {
        let (acc, token) = s
            .account_named(
                &admin,
                &format!("delegado.{i:02}"),
                &format!("Delegado {i:02}"),
                "delegate",
                None,
            )
            .await;
        let org = i % 5;
        let id = register_delegate(
            &db.store,
            &Actor::System,
            NewDelegate {
                assembly_id: AssemblyId(assembly),
                organization_id: OrganizationId(orgs[org]),
                name: format!("Delegado {i:02}"),
                member_id: None,
                account_id: Some(AccountId(acc)),
                seat_kind: SeatKind::Voting,
                substitute_rank: None,
                election_id: None,
            },
        )
        .await
        .unwrap();
        accredit(&db.store, id.get()).await;
        if i < present {
            check_in(&db.store, &Actor::System, AssemblyId(assembly), id)
                .await
                .unwrap();
        }
        delegates.push((token, id.get(), org));
    }
    Hall {
        admin,
        chair,
        teller,
        delegates,
        assembly,
    }
}

/// Sets the demo assembly's quorum basis through the API, as `admin`.
pub async fn set_quorum_basis(s: &TestServer, admin: &str, basis: &str) {
    let r = s
        .client
        .put(s.at(&format!("/api/v1/assemblies/{SLUG}/quorum-basis")))
        .bearer_auth(admin)
        .json(&json!({"quorum_basis": basis}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT, "{:?}", r.text().await);
}
