//! Test support: what someone holding a SQLite database's files reads without SQLite's help
//! (issue 14's linking attacks, tried by `app/tests/it/linking_attacks.rs` and
//! `web/tests/it/linking_attacks.rs`). Compiled always, like [`crate::testing`]; not part of the
//! product's API. It reads the B-tree pages of the file (<https://sqlite.org/fileformat2.html>)
//! and the WAL's frames, and panics on a file it does not understand: it is for tests.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use sqlx::Connection as _;
use std::collections::{HashMap, HashSet};
use std::hash::Hash;
use std::path::Path;

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

/// One value of a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Val {
    Int(i64),
    Text(String),
    Other,
}

/// The values of one record (<https://sqlite.org/fileformat2.html#record_format>); `None` if the
/// bytes are not a well-formed record.
pub fn record(p: &[u8]) -> Option<Vec<Val>> {
    let (hlen, mut at) = varint(p);
    let mut types = Vec::new();
    while at < hlen as usize {
        let (t, n) = varint(p.get(at..)?);
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
                let bytes = p.get(body..body + len)?;
                let mut x: i64 = if bytes[0] & 0x80 != 0 { -1 } else { 0 };
                for &byte in bytes {
                    x = (x << 8) | i64::from(byte);
                }
                (len, Val::Int(x))
            }
            7 => (8, Val::Other),
            8 => (0, Val::Int(0)),
            9 => (0, Val::Int(1)),
            t if t >= 13 && t % 2 == 1 => {
                let len = ((t - 13) / 2) as usize;
                let bytes = p.get(body..body + len)?;
                (len, Val::Text(String::from_utf8_lossy(bytes).into_owned()))
            }
            t if t >= 12 => (((t - 12) / 2) as usize, Val::Other),
            _ => return None,
        };
        body += len;
        out.push(v);
    }
    (body <= p.len()).then_some(out)
}

/// The records of an index page (a `WITHOUT ROWID` table's pages are index pages), in the
/// order their cells lie in the page: by decreasing offset, which is the order they were written
/// in (cells are written from the end of the page toward its start). A leaf's cells are records;
/// an interior page's cells are records too (a key moved up by a split), each after the page
/// number of its left child. `hdr` is where the page's header starts (100 on page 1). Empty for
/// any other kind of page.
pub fn index_records(page: &[u8], hdr: usize) -> Vec<Vec<Val>> {
    let (header, child) = match page.get(hdr) {
        Some(0x0a) => (8, 0),
        Some(0x02) => (12, 4),
        _ => return Vec::new(),
    };
    let cells = u16::from_be_bytes([page[hdr + 3], page[hdr + 4]]) as usize;
    let ptrs = hdr + header;
    let mut offsets: Vec<usize> = (0..cells)
        .filter_map(|i| {
            let at = ptrs + 2 * i;
            page.get(at..at + 2)
                .map(|b| u16::from_be_bytes([b[0], b[1]]) as usize)
        })
        .collect();
    offsets.sort_unstable_by(|a, b| b.cmp(a));
    offsets
        .into_iter()
        .filter_map(|o| cell_record(page, o + child))
        .collect()
}

/// The record of the cell whose payload length starts at `at`.
fn cell_record(page: &[u8], at: usize) -> Option<Vec<Val>> {
    let (len, n) = varint(page.get(at..)?);
    // A payload that overflows the page is not read (these tables' rows are short).
    record(page.get(at + n..at + n + len as usize)?)
}

/// The records of the index B-tree rooted at `root` in `file`, leaf pages in tree order and,
/// within a page, in the order they were written ([`index_records`]); an interior page's own
/// records (keys a split moved up) after the child they follow in key order.
pub fn tree_in_write_order(file: &[u8], page_size: usize, root: usize) -> Vec<Vec<Val>> {
    let mut out = Vec::new();
    walk(file, page_size, root, &mut out);
    out
}

fn walk(file: &[u8], page_size: usize, page: usize, out: &mut Vec<Vec<Val>>) {
    let base = (page - 1) * page_size;
    let hdr = if page == 1 { 100 } else { 0 };
    let bytes = &file[base..base + page_size];
    match bytes[hdr] {
        0x02 => {
            let cells = u16::from_be_bytes([bytes[hdr + 3], bytes[hdr + 4]]) as usize;
            for i in 0..cells {
                let at = hdr + 12 + 2 * i;
                let c = u16::from_be_bytes([bytes[at], bytes[at + 1]]) as usize;
                let child =
                    u32::from_be_bytes([bytes[c], bytes[c + 1], bytes[c + 2], bytes[c + 3]]);
                walk(file, page_size, child as usize, out);
                out.extend(cell_record(bytes, c + 4));
            }
            let r = &bytes[hdr + 8..hdr + 12];
            let right = u32::from_be_bytes([r[0], r[1], r[2], r[3]]);
            walk(file, page_size, right as usize, out);
        }
        0x0a => out.extend(index_records(bytes, hdr)),
        k => panic!("page {page} is not an index page (kind {k:#x})"),
    }
}

/// What one commit of the WAL added: the records, in the order written, that no earlier page
/// version (in the database file or an earlier frame) held.
#[derive(Debug, Default)]
pub struct Commit {
    pub added: Vec<Vec<Val>>,
}

/// Replays the WAL `wal` over the database file `file` frame by frame, as someone who copied
/// both would: for each commit, the index records it added. Records are told apart by
/// their bytes, so a record moved to another page by a split is not counted as added.
pub fn wal_commits(file: &[u8], wal: &[u8]) -> Vec<Commit> {
    if wal.len() < 32 {
        return Vec::new();
    }
    let page_size = u32::from_be_bytes([wal[8], wal[9], wal[10], wal[11]]) as usize;
    let salts = &wal[16..24];
    let mut seen: HashSet<Vec<u8>> = HashSet::new();
    let key = |r: &Vec<Val>| format!("{r:?}").into_bytes();
    for (i, page) in file.chunks_exact(page_size).enumerate() {
        for r in index_records(page, if i == 0 { 100 } else { 0 }) {
            seen.insert(key(&r));
        }
    }
    let mut commits = Vec::new();
    let mut current = Commit::default();
    let mut at = 32;
    while at + 24 + page_size <= wal.len() {
        let h = &wal[at..at + 24];
        if &h[8..16] != salts {
            break; // a frame left from before the WAL was last restarted
        }
        let pgno = u32::from_be_bytes([h[0], h[1], h[2], h[3]]) as usize;
        let commit = u32::from_be_bytes([h[4], h[5], h[6], h[7]]) != 0;
        let page = &wal[at + 24..at + 24 + page_size];
        for r in index_records(page, if pgno == 1 { 100 } else { 0 }) {
            if seen.insert(key(&r)) {
                current.added.push(r);
            }
        }
        if commit {
            commits.push(std::mem::take(&mut current));
        }
        at += 24 + page_size;
    }
    commits
}

/// The WAL attack: in each commit, the `n`-th ballot added is paired with the `n`-th voter's mark
/// added (`ballot` and `voter` pick them out of the records). Returns (voter, ballot) pairs.
pub fn pair_by_commit<B, V>(
    commits: &[Commit],
    ballot: impl Fn(&[Val]) -> Option<B>,
    voter: impl Fn(&[Val]) -> Option<V>,
) -> Vec<(V, B)> {
    let mut out = Vec::new();
    for c in commits {
        let ballots: Vec<B> = c.added.iter().filter_map(|r| ballot(r)).collect();
        let voters: Vec<V> = c.added.iter().filter_map(|r| voter(r)).collect();
        out.extend(voters.into_iter().zip(ballots));
    }
    out
}

/// How many of `linked` (voter, ballot) pairs are true.
pub fn share_right<V: Hash + Eq, B: PartialEq>(linked: &[(V, B)], truth: &HashMap<V, B>) -> usize {
    linked
        .iter()
        .filter(|(v, b)| truth.get(v) == Some(b))
        .count()
}

/// A copy of a SQLite database's file and WAL as they lie on disk now (the WAL empty if there
/// is none), taken while the server runs.
pub fn steal(db_file: &std::path::Path) -> (Vec<u8>, Vec<u8>) {
    let file = std::fs::read(db_file).unwrap();
    let wal = std::fs::read(format!("{}-wal", db_file.display())).unwrap_or_default();
    (file, wal)
}

/// The database file as SQLite would see it with its WAL applied (the last committed version of
/// each page), for the cell-order attack on a copy taken while the server runs.
pub fn with_wal_applied(file: &[u8], wal: &[u8]) -> Vec<u8> {
    let mut out = file.to_vec();
    if wal.len() < 32 {
        return out;
    }
    let page_size = u32::from_be_bytes([wal[8], wal[9], wal[10], wal[11]]) as usize;
    let salts = &wal[16..24];
    let mut pending: Vec<(usize, &[u8])> = Vec::new();
    let mut at = 32;
    while at + 24 + page_size <= wal.len() {
        let h = &wal[at..at + 24];
        if &h[8..16] != salts {
            break;
        }
        let pgno = u32::from_be_bytes([h[0], h[1], h[2], h[3]]) as usize;
        let size = u32::from_be_bytes([h[4], h[5], h[6], h[7]]) as usize;
        pending.push((pgno, &wal[at + 24..at + 24 + page_size]));
        if size != 0 {
            if out.len() < size * page_size {
                out.resize(size * page_size, 0);
            }
            for (p, bytes) in pending.drain(..) {
                out[(p - 1) * page_size..p * page_size].copy_from_slice(bytes);
            }
        }
        at += 24 + page_size;
    }
    out
}

/// The pairs that link a voter to exactly one ballot (an attack that pairs every voter with
/// every ballot links none).
pub fn unique<V: Clone + Eq + Hash, B>(pairs: Vec<(V, B)>) -> Vec<(V, B)> {
    let mut count: HashMap<V, usize> = HashMap::new();
    for (v, _) in &pairs {
        *count.entry(v.clone()).or_default() += 1;
    }
    pairs.into_iter().filter(|(v, _)| count[v] == 1).collect()
}

/// What the two attacks on a SQLite database's files found.
#[derive(Debug, Clone, Copy)]
pub struct Linked {
    /// Ballots the cell-order attack saw (and as many voters' marks).
    pub found: usize,
    /// (a) The n-th ballot cell paired with the n-th voter's mark: pairs that are true.
    pub by_cell_order: usize,
    /// (b) Each commit's new ballots paired with its new voters' marks, in the order written:
    /// pairs that are true.
    pub by_wal: usize,
}

/// Copies the database file `db_file` and its WAL as they lie on disk, and tries both attacks:
/// `tables` are the ballot box and the list of who voted (their root pages are read from the
/// copy by the attacker's own SQLite, in `scratch`), `ballot` and `voter` pick their records
/// out, `truth` says which pairs are true.
pub async fn attack_files<V: Clone + Eq + Hash, B: PartialEq>(
    db_file: &Path,
    scratch: &Path,
    tables: (&str, &str),
    ballot: impl Fn(&[Val]) -> Option<B>,
    voter: impl Fn(&[Val]) -> Option<V>,
    truth: &HashMap<V, B>,
) -> Linked {
    let (file, wal) = steal(db_file);
    let applied = with_wal_applied(&file, &wal);
    std::fs::create_dir_all(scratch).unwrap();
    let copy = scratch.join("stolen.db");
    std::fs::write(&copy, &applied).unwrap();
    let mut c = sqlx::SqliteConnection::connect(&format!("sqlite://{}?mode=ro", copy.display()))
        .await
        .unwrap();
    let mut root = async |name: &str| -> usize {
        sqlx::query_scalar::<_, i64>("SELECT rootpage FROM sqlite_schema WHERE name = $1")
            .bind(name)
            .fetch_one(&mut c)
            .await
            .unwrap() as usize
    };
    let (ballots_root, voters_root) = (root(tables.0).await, root(tables.1).await);
    let page_size: i64 = sqlx::query_scalar("PRAGMA page_size")
        .fetch_one(&mut c)
        .await
        .unwrap();
    c.close().await.unwrap();
    let page_size = page_size as usize;
    let b: Vec<B> = tree_in_write_order(&applied, page_size, ballots_root)
        .iter()
        .filter_map(|r| ballot(r))
        .collect();
    let v: Vec<V> = tree_in_write_order(&applied, page_size, voters_root)
        .iter()
        .filter_map(|r| voter(r))
        .collect();
    let found = b.len().min(v.len());
    let by_cell_order = share_right(&v.into_iter().zip(b).collect::<Vec<_>>(), truth);
    let pairs = pair_by_commit(&wal_commits(&file, &wal), ballot, voter);
    Linked {
        found,
        by_cell_order,
        by_wal: share_right(&pairs, truth),
    }
}
