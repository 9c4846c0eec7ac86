//! Actions of each area through the app's own API: an action writes its rows and its act
//! together; a refused action (permission, missing target, wrong state) appends nothing.

use asamblea_app::actions::registry::create_sector::{NewSector, create_sector};
use asamblea_app::actions::sessions::create_session::{NewSession, create_session};
use asamblea_app::actions::sessions::open_session::open_session;
use asamblea_app::demo::load_demo::load_demo;
use asamblea_app::domain::{AccountId, AssemblyId, Role};
use asamblea_app::{Account, Actor, AppError};
use asamblea_store::on_read;
use asamblea_store::testing::TestDb;

async fn head(db: &TestDb) -> i64 {
    db.store.head().await.unwrap().map_or(0, |(p, _)| p)
}

async fn last_kind(db: &TestDb) -> String {
    on_read!(&db.store, pool => sqlx::query_scalar::<_, String>(
        "SELECT kind FROM record ORDER BY position DESC LIMIT 1").fetch_one(pool).await)
    .unwrap()
}

fn delegate() -> Actor {
    Actor::Account(Account {
        id: AccountId(4242),
        username: "d".into(),
        display_name: "D".into(),
        role: Role::Delegate,
        organization_id: None,
        has_password: false,
    })
}

fn sector(key: &str) -> NewSector {
    NewSector {
        key: key.into(),
        name: "Obreros".into(),
        colour: "#b71c1c".into(),
    }
}

async fn a_sector_and_its_act_are_written_together(db: TestDb) {
    let before = head(&db).await;
    create_sector(&db.store, &Actor::System, sector("labour"))
        .await
        .unwrap();
    assert_eq!(head(&db).await, before + 1);
    assert_eq!(last_kind(&db).await, "sector.created");
    // The same key again is refused, and nothing is appended.
    let again = create_sector(&db.store, &Actor::System, sector("labour")).await;
    assert!(
        matches!(again, Err(AppError::Invalid { field: "key", .. })),
        "{again:?}"
    );
    assert_eq!(head(&db).await, before + 1);
    db.cleanup().await;
}

async fn a_delegate_may_not_add_a_sector(db: TestDb) {
    let before = head(&db).await;
    let r = create_sector(&db.store, &delegate(), sector("students")).await;
    assert!(matches!(r, Err(AppError::Forbidden)), "{r:?}");
    assert_eq!(head(&db).await, before);
    db.cleanup().await;
}

async fn sessions_refuse_what_does_not_exist_and_a_second_opening(db: TestDb) {
    load_demo(&db.store).await.unwrap();
    let assembly: i64 = on_read!(&db.store, pool => sqlx::query_scalar(
        "SELECT id FROM assemblies ORDER BY id LIMIT 1").fetch_one(pool).await)
    .unwrap();
    let new = |assembly_id| NewSession {
        assembly_id,
        title: "Primera sesión".into(),
        planned_at: None,
        speaking_seconds: None,
        first_time_first: None,
        quota_kind: None,
        quota: None,
        min_supporters: None,
    };
    let before = head(&db).await;
    let missing = create_session(&db.store, &Actor::System, new(AssemblyId(999_999))).await;
    assert!(missing.is_err(), "{missing:?}");
    assert_eq!(head(&db).await, before);
    // A delegate without office may not plan a session.
    let refused = create_session(&db.store, &delegate(), new(AssemblyId(assembly))).await;
    assert!(matches!(refused, Err(AppError::Forbidden)), "{refused:?}");
    let id = create_session(&db.store, &Actor::System, new(AssemblyId(assembly)))
        .await
        .unwrap();
    open_session(&db.store, &Actor::System, id, None)
        .await
        .unwrap();
    let opened = head(&db).await;
    assert_eq!(last_kind(&db).await, "session.opened");
    let twice = open_session(&db.store, &Actor::System, id, None).await;
    assert!(matches!(twice, Err(AppError::Conflict { .. })), "{twice:?}");
    assert_eq!(head(&db).await, opened);
    db.cleanup().await;
}

#[tokio::test]
async fn sqlite_a_sector_and_its_act_are_written_together() {
    a_sector_and_its_act_are_written_together(TestDb::sqlite().await).await;
}

#[tokio::test]
async fn postgres_a_sector_and_its_act_are_written_together() {
    a_sector_and_its_act_are_written_together(TestDb::postgres().await).await;
}

#[tokio::test]
async fn sqlite_a_delegate_may_not_add_a_sector() {
    a_delegate_may_not_add_a_sector(TestDb::sqlite().await).await;
}

#[tokio::test]
async fn postgres_a_delegate_may_not_add_a_sector() {
    a_delegate_may_not_add_a_sector(TestDb::postgres().await).await;
}

#[tokio::test]
async fn sqlite_sessions_refuse_what_does_not_exist_and_a_second_opening() {
    sessions_refuse_what_does_not_exist_and_a_second_opening(TestDb::sqlite().await).await;
}

#[tokio::test]
async fn postgres_sessions_refuse_what_does_not_exist_and_a_second_opening() {
    sessions_refuse_what_does_not_exist_and_a_second_opening(TestDb::postgres().await).await;
}
