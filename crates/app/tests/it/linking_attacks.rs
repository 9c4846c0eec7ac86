//! Issue 14: the linking attacks on plaintext secret ballots, tried as someone holding the
//! database files (or a read-only role) would, after the election closed. Each test casts ballots
//! through `cast_ballot` in a known order (not the members' order), then links ballots to voters
//! without the product's help and reports the share linked correctly. SQLite's cell order links
//! every ballot today; PostgreSQL's `xmin` linked every ballot until the close began rewriting the
//! rows (`Store::forget_write_order`); ARCHITECTURE.md says so. A change in either share must
//! change these assertions and that text together.

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
use asamblea_store::on_read;
use asamblea_store::sqlx::{self, Connection as _, SqliteConnection};
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

/// Runs a closed election of `VOTERS` members who vote in a shuffled order; returns the election
/// and the truth, member id -> ballot id (seen by the test, never by the attacks).
async fn closed_election(db: &TestDb) -> (i64, HashMap<i64, String>) {
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
    close_election(&db.store, &a, eid).await.unwrap();
    (e, truth)
}

fn share(linked: &[(i64, String)], truth: &HashMap<i64, String>) -> usize {
    linked
        .iter()
        .filter(|(m, b)| truth.get(m) == Some(b))
        .count()
}

/// PostgreSQL: one query by any role that may read both tables, after the close (`CLUSTER`).
async fn postgres_xmin_links(db: TestDb) {
    let (e, truth) = closed_election(&db).await;
    let linked: Vec<(i64, String)> = on_read!(&db.store, pool => sqlx::query_as(
        "SELECT v.member_id, b.id FROM ballots b JOIN election_voters v \
         ON v.election_id = b.election_id AND v.xmin::text = b.xmin::text WHERE b.election_id = $1")
        .bind(e).fetch_all(pool).await)
    .unwrap();
    let right = share(&linked, &truth);
    eprintln!(
        "PostgreSQL xmin after the close: {right} of {} ballots linked to their voters",
        truth.len()
    );
    assert_eq!(
        right, 0,
        "after the close no ballot shares its voter's xmin"
    );
    db.cleanup().await;
}

#[tokio::test]
async fn postgres_the_xmin_attack_links_no_ballot_after_the_close() {
    postgres_xmin_links(TestDb::postgres().await).await;
}

fn varint(b: &[u8]) -> (u64, usize) {
    let mut v = 0u64;
    for (i, &x) in b.iter().enumerate().take(9) {
        if i == 8 {
            return ((v << 8) | u64::from(x), 9);
        }
        v = (v << 7) | u64::from(x & 0x7f);
        if x & 0x80 == 0 {
            return (v, i + 1);
        }
    }
    (v, b.len())
}

#[derive(Debug)]
enum Val {
    Int(i64),
    Text(String),
    Other,
}

/// The values of one SQLite record (https://sqlite.org/fileformat2.html#record_format).
fn record(p: &[u8]) -> Vec<Val> {
    let (hlen, mut at) = varint(p);
    let mut types = Vec::new();
    while at < hlen as usize {
        let (t, n) = varint(&p[at..]);
        types.push(t);
        at += n;
    }
    let mut body = hlen as usize;
    let mut out = Vec::new();
    for t in types {
        let (len, v) = match t {
            0 => (0, Val::Other),
            1..=6 => {
                let len = [1, 2, 3, 4, 6, 8][t as usize - 1];
                let mut x: i64 = if p[body] & 0x80 != 0 { -1 } else { 0 };
                for &byte in &p[body..body + len] {
                    x = (x << 8) | i64::from(byte);
                }
                (len, Val::Int(x))
            }
            8 => (0, Val::Int(0)),
            9 => (0, Val::Int(1)),
            t if t >= 13 && t % 2 == 1 => {
                let len = ((t - 13) / 2) as usize;
                (
                    len,
                    Val::Text(String::from_utf8_lossy(&p[body..body + len]).into_owned()),
                )
            }
            t if t >= 12 => (((t - 12) / 2) as usize, Val::Other),
            _ => (0, Val::Other),
        };
        body += len;
        out.push(v);
    }
    out
}

/// The records of an index b-tree (a WITHOUT ROWID table is one) in the order their cells lie in
/// the file: leaf pages in tree order, and within a page by decreasing offset (cells are written
/// from the end of the page toward its start, so this is the order they were written in).
fn cells_in_write_order(file: &[u8], page_size: usize, page: usize, out: &mut Vec<Vec<Val>>) {
    let base = (page - 1) * page_size;
    let hdr = if page == 1 { base + 100 } else { base };
    let kind = file[hdr];
    let cells = u16::from_be_bytes([file[hdr + 3], file[hdr + 4]]) as usize;
    let ptrs = hdr + if kind == 0x02 { 12 } else { 8 };
    let mut offsets: Vec<usize> = (0..cells)
        .map(|i| u16::from_be_bytes([file[ptrs + 2 * i], file[ptrs + 2 * i + 1]]) as usize)
        .collect();
    if kind == 0x02 {
        for &o in &offsets {
            let c = base + o;
            let child =
                u32::from_be_bytes([file[c], file[c + 1], file[c + 2], file[c + 3]]) as usize;
            cells_in_write_order(file, page_size, child, out);
        }
        let right =
            u32::from_be_bytes([file[hdr + 8], file[hdr + 9], file[hdr + 10], file[hdr + 11]])
                as usize;
        cells_in_write_order(file, page_size, right, out);
        return;
    }
    assert_eq!(kind, 0x0a, "an index leaf page");
    offsets.sort_unstable_by(|a, b| b.cmp(a));
    for o in offsets {
        let c = base + o;
        let (len, n) = varint(&file[c..]);
        out.push(record(&file[c + n..c + n + len as usize]));
    }
}

/// SQLite: a copy of the database file and its WAL, checkpointed by the attacker's own sqlite,
/// then the n-th ballot cell of the election paired with the n-th voter cell.
async fn sqlite_cell_order_links(db: TestDb) {
    let (e, truth) = closed_election(&db).await;
    let src = db.sqlite_file().unwrap();
    let dir = db.data_dir().join("attacker");
    std::fs::create_dir_all(&dir).unwrap();
    let copy = dir.join("stolen.db");
    std::fs::copy(&src, &copy).unwrap();
    let wal = src.with_extension("db-wal");
    let wal = if wal.exists() {
        wal
    } else {
        std::path::PathBuf::from(format!("{}-wal", src.display()))
    };
    if wal.exists() {
        std::fs::copy(&wal, dir.join("stolen.db-wal")).unwrap();
    }
    let mut c = SqliteConnection::connect(&format!("sqlite://{}", copy.display()))
        .await
        .unwrap();
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(&mut c)
        .await
        .unwrap();
    let root = |name: &'static str| {
        sqlx::query_scalar::<_, i64>("SELECT rootpage FROM sqlite_schema WHERE name = $1")
            .bind(name)
    };
    let ballots_root = root("ballots").fetch_one(&mut c).await.unwrap() as usize;
    let voters_root = root("election_voters").fetch_one(&mut c).await.unwrap() as usize;
    let page_size: i64 = sqlx::query_scalar("PRAGMA page_size")
        .fetch_one(&mut c)
        .await
        .unwrap();
    c.close().await.unwrap();
    let file = std::fs::read(&copy).unwrap();

    let mut b = Vec::new();
    cells_in_write_order(&file, page_size as usize, ballots_root, &mut b);
    let ballots: Vec<String> = b
        .into_iter()
        .filter_map(|r| match (r.first(), r.get(1)) {
            (Some(Val::Text(id)), Some(Val::Int(el))) if *el == e => Some(id.clone()),
            _ => None,
        })
        .collect();
    let mut v = Vec::new();
    cells_in_write_order(&file, page_size as usize, voters_root, &mut v);
    let voters: Vec<i64> = v
        .into_iter()
        .filter_map(|r| match (r.first(), r.get(1)) {
            (Some(Val::Int(el)), Some(Val::Int(m))) if *el == e => Some(*m),
            _ => None,
        })
        .collect();
    assert_eq!(ballots.len(), truth.len(), "every ballot cell found");
    assert_eq!(voters.len(), truth.len(), "every voter cell found");
    let linked: Vec<(i64, String)> = voters.into_iter().zip(ballots).collect();
    let right = share(&linked, &truth);
    eprintln!(
        "SQLite cell order after the close: {right} of {} ballots linked to their voters",
        truth.len()
    );
    assert_eq!(
        right,
        truth.len(),
        "the cell-order attack links every ballot today (ARCHITECTURE.md)"
    );
    db.cleanup().await;
}

#[tokio::test]
async fn sqlite_the_cell_order_attack_links_ballots_to_voters_after_the_close() {
    sqlite_cell_order_links(TestDb::sqlite().await).await;
}
