//! Logging in with a password never holds the writer while Argon2 runs, and the failure
//! counters still count every attempt, even attempts made at the same time.

use std::time::{Duration, Instant};

use argon2::password_hash::{PasswordHasher, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use asamblea_app::actions::accounts::create_account::{NewAccount, create_account};
use asamblea_app::actions::accounts::create_first_admin::{NewAdmin, create_first_admin};
use asamblea_app::actions::accounts::ensure_setup_token::ensure_setup_token;
use asamblea_app::actions::accounts::login_with_password::login_with_password;
use asamblea_app::{Actor, AppError, Role};
use asamblea_store::testing::TestDb;
use asamblea_store::{on_read, on_tx};

const PASSWORD: &str = "a long password";

async fn with_admin(db: &TestDb) {
    let token = ensure_setup_token(&db.store).await.unwrap().unwrap();
    let admin = NewAdmin {
        username: "admin".into(),
        display_name: "Admin".into(),
        password: PASSWORD.into(),
    };
    create_first_admin(&db.store, &token, admin).await.unwrap();
}

/// Gives `admin` a hash of [`PASSWORD`] that takes long to verify; returns how long hashing took
/// (about as long as verifying).
async fn slow_hash(db: &TestDb) -> Duration {
    let started = Instant::now();
    let phc = tokio::task::spawn_blocking(|| {
        let params = Params::new(19_456, 60, 1, None).unwrap();
        let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
        let salt = SaltString::generate(&mut rand::rngs::OsRng);
        argon
            .hash_password(PASSWORD.as_bytes(), &salt)
            .unwrap()
            .to_string()
    })
    .await
    .unwrap();
    let took = started.elapsed();
    let mut tx = db.store.begin().await.unwrap();
    on_tx!(&mut tx, c => sqlx::query("UPDATE accounts SET password_hash = $1 WHERE username = 'admin'")
        .bind(&phc).execute(&mut **c).await.map(|r| r.rows_affected())).unwrap();
    tx.commit().await.unwrap();
    took
}

// One thread: if Argon2 ran on the async worker, nothing else could run meanwhile either.
async fn a_write_does_not_wait_for_a_login(db: TestDb) {
    with_admin(&db).await;
    let verify_time = slow_hash(&db).await;
    let store = db.store.clone();
    let login =
        tokio::spawn(
            async move { login_with_password(&store, "admin", PASSWORD, "192.0.2.1").await },
        );
    // Let the login read the account and start verifying.
    tokio::time::sleep(verify_time / 4).await;
    let started = Instant::now();
    let input = NewAccount {
        username: "juana.mamani".into(),
        display_name: "Juana Mamani".into(),
        role: Role::Delegate,
        organization_id: None,
    };
    create_account(&db.store, &Actor::System, input)
        .await
        .unwrap();
    let write_time = started.elapsed();
    assert!(
        !login.is_finished(),
        "the login was still verifying (verification takes {verify_time:?})"
    );
    assert!(
        write_time < verify_time / 4,
        "a write waited {write_time:?} behind a login (verification takes {verify_time:?})"
    );
    let token = login.await.unwrap().expect("the right password logs in");
    assert_eq!(token.token.len(), 64);
    db.cleanup().await;
}

#[tokio::test]
async fn sqlite_a_write_does_not_wait_for_a_login() {
    a_write_does_not_wait_for_a_login(TestDb::sqlite().await).await;
}

#[tokio::test]
async fn postgres_a_write_does_not_wait_for_a_login() {
    let db = TestDb::postgres().await;
    a_write_does_not_wait_for_a_login(db).await;
}

async fn failures(db: &TestDb, subject: &str) -> i64 {
    on_read!(db.store, pool => sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM login_failures WHERE subject = $1")
        .bind(subject).fetch_one(pool).await)
    .unwrap()
}

// Many threads: attempts really overlap.
async fn attempts_at_once_are_all_counted(db: TestDb) {
    with_admin(&db).await;
    let attempts: Vec<_> = (0..8)
        .map(|_| {
            let store = db.store.clone();
            tokio::spawn(async move {
                login_with_password(&store, "admin", "wrong password", "192.0.2.2").await
            })
        })
        .collect();
    let (mut refused, mut throttled) = (0, 0);
    for a in attempts {
        match a.await.unwrap() {
            Err(AppError::Unauthorized { .. }) => refused += 1,
            Err(AppError::Throttled) => throttled += 1,
            other => panic!("unexpected {other:?}"),
        }
    }
    // Five failures are free per account and address; then each attempt waits a growing delay
    // after the last failure (the rest are refused before they count).
    assert_eq!((refused, throttled), (5, 3));
    assert_eq!(failures(&db, "pair:admin@192.0.2.2").await, 5);
    assert_eq!(failures(&db, "address:192.0.2.2").await, 5);
    // Even the right password waits now, from that address...
    assert!(matches!(
        login_with_password(&db.store, "admin", PASSWORD, "192.0.2.2").await,
        Err(AppError::Throttled)
    ));
    // ...but the owner elsewhere is not locked out by someone else's guesses (issue 11, defect 4).
    assert!(
        login_with_password(&db.store, "admin", PASSWORD, "192.0.2.3")
            .await
            .is_ok()
    );
    db.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sqlite_attempts_at_once_are_all_counted() {
    attempts_at_once_are_all_counted(TestDb::sqlite().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_attempts_at_once_are_all_counted() {
    let db = TestDb::postgres().await;
    attempts_at_once_are_all_counted(db).await;
}

/// Issue 11, defect 4: one person behind a hall's router (one address for the whole hall) typing
/// wrong card codes does not lock the hall's valid cards out.
async fn a_hall_behind_one_address_is_not_locked_out(db: TestDb) {
    use asamblea_app::actions::accounts::login_with_card::login_with_card;
    asamblea_app::throttle::set_hall_networks(vec!["10.9.0.0/16".parse().unwrap()]);
    let card = create_account(
        &db.store,
        &Actor::System,
        NewAccount {
            username: "juana".into(),
            display_name: "Juana".into(),
            role: Role::Delegate,
            organization_id: None,
        },
    )
    .await
    .unwrap()
    .card_code;
    for _ in 0..40 {
        assert!(matches!(
            login_with_card(&db.store, "AAAA-AAAA-AAAA", "10.9.1.1").await,
            Err(AppError::Unauthorized { .. })
        ));
    }
    assert!(login_with_card(&db.store, &card, "10.9.1.1").await.is_ok());
    db.cleanup().await;
}

#[tokio::test]
async fn sqlite_a_hall_behind_one_address_is_not_locked_out() {
    a_hall_behind_one_address_is_not_locked_out(TestDb::sqlite().await).await;
}

#[tokio::test]
async fn postgres_a_hall_behind_one_address_is_not_locked_out() {
    a_hall_behind_one_address_is_not_locked_out(TestDb::postgres().await).await;
}

/// Issue 11, defect 4: wrong voting codes are throttled per address with growing delays (they
/// were not throttled at all); the hall's own network is not throttled as a whole.
async fn wrong_voting_codes_wait(db: TestDb) {
    use asamblea_app::actions::delegates::cast_ballot::{CastBallot, cast_ballot};
    asamblea_app::throttle::set_hall_networks(vec!["10.9.0.0/16".parse().unwrap()]);
    let guess = || CastBallot {
        code: "AAAA-AAAA-AAAA".into(),
        choices: vec!["yes".into()],
        cast_key: None,
        ballot_json: None,
    };
    for address in ["198.51.100.7", "10.9.3.3"] {
        for _ in 0..asamblea_app::throttle::PER_ADDRESS {
            assert!(matches!(
                cast_ballot(&db.store, guess(), address).await,
                Err(AppError::Unauthorized { .. })
            ));
        }
    }
    assert!(matches!(
        cast_ballot(&db.store, guess(), "198.51.100.7").await,
        Err(AppError::Throttled)
    ));
    assert!(matches!(
        cast_ballot(&db.store, guess(), "10.9.3.3").await,
        Err(AppError::Unauthorized { .. })
    ));
    db.cleanup().await;
}

#[tokio::test]
async fn sqlite_wrong_voting_codes_wait() {
    wrong_voting_codes_wait(TestDb::sqlite().await).await;
}

#[tokio::test]
async fn postgres_wrong_voting_codes_wait() {
    wrong_voting_codes_wait(TestDb::postgres().await).await;
}

/// A wrong card code from the hall's network (not counted) is answered from the read pool: it
/// never waits for the writer, so a burst of typos at the door does not queue behind writes.
async fn a_wrong_card_code_from_the_hall_waits_for_no_writer(db: TestDb) {
    use asamblea_app::actions::accounts::login_with_card::login_with_card;
    asamblea_app::throttle::set_hall_networks(vec!["10.9.0.0/16".parse().unwrap()]);
    let held = db.store.begin().await.unwrap();
    let answer = tokio::time::timeout(
        Duration::from_secs(3),
        login_with_card(&db.store, "AAAA-AAAA-AAAA", "10.9.1.2"),
    )
    .await
    .expect("a wrong code is refused without waiting for the writer");
    assert!(matches!(answer, Err(AppError::Unauthorized { .. })));
    drop(held);
    db.cleanup().await;
}

#[tokio::test]
async fn sqlite_a_wrong_card_code_from_the_hall_waits_for_no_writer() {
    a_wrong_card_code_from_the_hall_waits_for_no_writer(TestDb::sqlite().await).await;
}

#[tokio::test]
async fn postgres_a_wrong_card_code_from_the_hall_waits_for_no_writer() {
    a_wrong_card_code_from_the_hall_waits_for_no_writer(TestDb::postgres().await).await;
}

/// Asking for card pickups (unauthenticated) is throttled per address, an IPv6 address by its
/// /64: changing the last 64 bits buys nothing; another /64 or another IPv4 address is free.
async fn card_pickups_are_throttled_per_address(db: TestDb) {
    use asamblea_app::actions::accounts::card_pickup::start_card_pickup;
    use asamblea_app::throttle::PICKUPS_PER_ADDRESS;
    for i in 0..PICKUPS_PER_ADDRESS {
        start_card_pickup(&db.store, "192.0.2.50").await.unwrap();
        start_card_pickup(&db.store, &format!("2001:db8:5:5::{:x}", i + 1))
            .await
            .unwrap();
    }
    for address in ["192.0.2.50", "2001:db8:5:5:ffff::99"] {
        assert!(
            matches!(
                start_card_pickup(&db.store, address).await,
                Err(AppError::Throttled)
            ),
            "{address}"
        );
    }
    for address in ["192.0.2.51", "2001:db8:5:6::1"] {
        start_card_pickup(&db.store, address).await.unwrap();
    }
    db.cleanup().await;
}

#[tokio::test]
async fn sqlite_card_pickups_are_throttled_per_address() {
    card_pickups_are_throttled_per_address(TestDb::sqlite().await).await;
}

#[tokio::test]
async fn postgres_card_pickups_are_throttled_per_address() {
    card_pickups_are_throttled_per_address(TestDb::postgres().await).await;
}
