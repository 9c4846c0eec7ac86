//! Issue 14: the linking attacks on plaintext secret ballots, tried as someone holding the
//! database files (or a read-only role) would, while an election is open and after it closed.
//! Each test casts ballots through `cast_ballot` (one ballot per transaction) in a known order
//! (not the members' order), then links ballots to voters without the product's help and
//! REPORTS the share linked (printed; see ARCHITECTURE.md, invariant 6). What must hold is
//! asserted: each attack finds every ballot (it is not blind), and after the close, once
//! `Store::forget_write_order` rewrote the tables, it links no more than chance would.

use asamblea_app::actions::delegates::cast_ballot::{CastBallot, cast_ballot};
use asamblea_app::actions::delegates::close_election::close_election;
use asamblea_app::actions::delegates::nominate_candidate::{Nomination, nominate_candidate};
use asamblea_app::actions::delegates::open_election::{NewElection, open_election};
use asamblea_app::actions::delegates::start_voting::start_voting;
use asamblea_app::actions::registry::add_member::{NewMember, add_member};
use asamblea_app::demo::load_demo::load_demo;
use asamblea_app::domain::{
    AccountId, AssemblyId, ElectionId, ElectionMethod, OrganizationId, Role,
};
use asamblea_app::{Account, Actor};
use asamblea_store::forensics::{Linked, Val, attack_files, share_right, unique};
use asamblea_store::on_read;
use asamblea_store::sqlx;
use asamblea_store::testing::TestDb;
use std::collections::{HashMap, HashSet};

const VOTERS: usize = 40;

fn admin() -> Actor {
    Actor::Account(Account {
        id: AccountId(1),
        username: "admin".into(),
        display_name: "Admin".into(),
        role: Role::Admin,
        organization_id: None,
        has_password: false,
    })
}

async fn ballot_ids(db: &TestDb, e: i64) -> HashSet<String> {
    on_read!(&db.store, pool => sqlx::query_scalar::<_, String>("SELECT id FROM ballots WHERE election_id = $1")
        .bind(e).fetch_all(pool).await)
    .unwrap()
    .into_iter()
    .collect()
}

/// Runs an election of `VOTERS` members who vote in a shuffled order, left open; returns the
/// election and the truth, member id -> ballot id (seen by the test, never by the attacks).
async fn voted_election(db: &TestDb) -> (ElectionId, HashMap<i64, String>) {
    load_demo(&db.store).await.unwrap();
    let (assembly, org): (i64, i64) = on_read!(&db.store, pool => sqlx::query_as(
        "SELECT s.assembly_id, s.organization_id FROM seat_allocations s WHERE s.seats > 0 \
         AND NOT EXISTS (SELECT 1 FROM elections e WHERE e.assembly_id = s.assembly_id AND e.organization_id = s.organization_id) \
         ORDER BY s.organization_id LIMIT 1").fetch_one(pool).await)
    .unwrap();
    let a = admin();
    for i in 0..VOTERS {
        let m = NewMember {
            member_number: format!("L-{i:03}"),
            name: format!("Votante {i}"),
            phone: None,
            email: None,
        };
        add_member(&db.store, &a, OrganizationId(org), m)
            .await
            .unwrap();
    }
    let new = NewElection {
        assembly_id: AssemblyId(assembly),
        organization_id: OrganizationId(org),
        method: ElectionMethod::Plurality.into(),
        substitutes: 0,
    };
    let eid: ElectionId = open_election(&db.store, &a, new).await.unwrap();
    let members: Vec<i64> = on_read!(&db.store, pool => sqlx::query_scalar(
        "SELECT id FROM members WHERE organization_id = $1 ORDER BY id").bind(org).fetch_all(pool).await)
    .unwrap();
    let mut candidates = Vec::new();
    for &m in &members[..3] {
        let c = nominate_candidate(
            &db.store,
            &a,
            eid,
            Nomination {
                member_id: asamblea_app::domain::MemberId(m),
            },
        )
        .await
        .unwrap();
        candidates.push(c.to_string());
    }
    let codes = start_voting(&db.store, &a, eid, true).await.unwrap();
    let e = eid.get();
    let n = codes.len();
    assert!(n >= VOTERS, "{n} codes");
    let mut truth = HashMap::new();
    for k in 0..n {
        let code = &codes[(k * 17 + 5) % n]; // 17 is prime to n (40 + the demo's members is checked below)
        let before = ballot_ids(db, e).await;
        let input = CastBallot {
            code: code.code.clone(),
            choices: vec![candidates[k % 3].clone()],
            cast_key: None,
            ballot_json: None,
        };
        cast_ballot(&db.store, input, "198.51.100.1").await.unwrap();
        let new: Vec<String> = ballot_ids(db, e)
            .await
            .difference(&before)
            .cloned()
            .collect();
        assert_eq!(new.len(), 1);
        truth.insert(code.member_id.get(), new[0].clone());
    }
    assert_eq!(truth.len(), n, "every member voted once (17 prime to {n})");
    (eid, truth)
}

async fn xmin_pairs(db: &TestDb, e: i64) -> Vec<(i64, String)> {
    let pairs: Vec<(i64, String)> = on_read!(&db.store, pool => sqlx::query_as(
        "SELECT v.member_id, b.id FROM ballots b JOIN election_voters v \
         ON v.election_id = b.election_id AND v.xmin::text = b.xmin::text WHERE b.election_id = $1")
        .bind(e).fetch_all(pool).await)
    .unwrap();
    unique(pairs)
}

/// PostgreSQL: one query by any role that may read both tables, while open and after the close
/// (the closed election's rows written again in one transaction).
async fn postgres_xmin_links(db: TestDb) {
    let (eid, truth) = voted_election(&db).await;
    let e = eid.get();
    let open = share_right(&xmin_pairs(&db, e).await, &truth);
    close_election(&db.store, &admin(), eid).await.unwrap();
    let closed = share_right(&xmin_pairs(&db, e).await, &truth);
    eprintln!(
        "PostgreSQL xmin, election of {n} ballots cast one per transaction: {open} of {n} linked while open, {closed} of {n} after the close",
        n = truth.len()
    );
    assert_eq!(
        closed, 0,
        "after the close no ballot shares its voter's xmin"
    );
    db.cleanup().await;
}

#[tokio::test]
async fn postgres_the_xmin_attack_links_no_ballot_after_the_close() {
    postgres_xmin_links(TestDb::postgres().await).await;
}

/// The two attacks on a copy of the file and its WAL.
async fn attack(db: &TestDb, e: i64, truth: &HashMap<i64, String>) -> Linked {
    let ids: HashSet<&String> = truth.values().collect();
    attack_files(
        &db.sqlite_file().unwrap(),
        &db.data_dir().join("attacker"),
        ("ballots", "election_voters"),
        // The box's key (election, choices, id) is its rows' order of columns.
        |r: &[Val]| match r {
            [Val::Int(el), _, Val::Text(id)] if *el == e && ids.contains(id) => Some(id.clone()),
            _ => None,
        },
        |r: &[Val]| match r {
            [Val::Int(el), Val::Int(m)] if *el == e && truth.contains_key(m) => Some(*m),
            _ => None,
        },
        truth,
    )
    .await
}

/// SQLite: a copy of the database file and its WAL taken while the election is open and again
/// after the close; the cell order and the WAL's frames, each paired as above.
async fn sqlite_raw_file_links(db: TestDb) {
    let (eid, truth) = voted_election(&db).await;
    let e = eid.get();
    let n = truth.len();
    let open = attack(&db, e, &truth).await;
    assert_eq!(
        open.found, n,
        "the cell-order attack sees every ballot and voter"
    );
    close_election(&db.store, &admin(), eid).await.unwrap();
    let closed = attack(&db, e, &truth).await;
    assert_eq!(closed.found, n, "the closed box is still on disk");
    let (cells_open, wal_open) = (open.by_cell_order, open.by_wal);
    let (cells_closed, wal_closed) = (closed.by_cell_order, closed.by_wal);
    eprintln!(
        "SQLite, election of {n} ballots cast one per transaction: cell order links {cells_open} of {n} while open, \
         {cells_closed} after the close; the WAL's frames link {wal_open} while open, {wal_closed} after the close"
    );
    // After the close the tables were rewritten in key order and the WAL truncated: what is
    // left links no more than chance (about one of n); half is far above it.
    assert!(
        cells_closed < n / 2,
        "cell order after the close: {cells_closed} of {n}"
    );
    assert_eq!(
        wal_closed, 0,
        "the WAL holds no frame of the vote after the close"
    );
    db.cleanup().await;
}

#[tokio::test]
async fn sqlite_the_raw_files_link_ballots_while_open_and_not_after_the_close() {
    sqlite_raw_file_links(TestDb::sqlite().await).await;
}
