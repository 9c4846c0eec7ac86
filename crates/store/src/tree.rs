//! The Merkle tree over the record (see `asamblea_record::tree`): its stored hashes, appended in
//! the same transaction as each entry, and the roots and proofs read from them.

use crate::error::StoreError;
use crate::{Store, Tx};
use asamblea_record::Entry;
use asamblea_record::tree::{self, Hash, RecordProof, TreeError, TreeProof, TreeReader};
use std::collections::HashMap;

/// `SELECT idx, hash FROM record_tree WHERE idx IN ($1, ..., $n)`: the hashes a step needs, in
/// one round trip.
fn select_sql(n: usize) -> String {
    let marks: Vec<String> = (1..=n).map(|i| format!("${i}")).collect();
    format!(
        "SELECT idx, hash FROM record_tree WHERE idx IN ({})",
        marks.join(", ")
    )
}

/// `INSERT INTO record_tree (idx, hash) VALUES ($1, $2), ...`: an act's new hashes in one
/// statement.
fn insert_sql(n: usize) -> String {
    let rows: Vec<String> = (0..n)
        .map(|i| format!("(${}, ${})", 2 * i + 1, 2 * i + 2))
        .collect();
    format!(
        "INSERT INTO record_tree (idx, hash) VALUES {}",
        rows.join(", ")
    )
}

/// The rows read for `indexes`, each parsed; an index with no row is corruption.
pub(crate) fn collect(
    indexes: &[u64],
    rows: Vec<(i64, String)>,
) -> Result<HashMap<u64, Hash>, StoreError> {
    let mut out = HashMap::new();
    for (idx, hex) in rows {
        out.insert(idx as u64, parse(idx as u64, &hex)?);
    }
    match indexes.iter().find(|i| !out.contains_key(i)) {
        Some(&idx) => Err(missing(idx)),
        None => Ok(out),
    }
}

fn parse(idx: u64, hex: &str) -> Result<Hash, StoreError> {
    let bytes: [u8; 32] = hex::decode(hex)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| StoreError::Corrupt {
            position: idx as i64,
            detail: format!("stored tree hash {idx} is not 32 bytes of hex"),
        })?;
    Ok(Hash(bytes))
}

fn missing(idx: u64) -> StoreError {
    StoreError::Corrupt {
        position: idx as i64,
        detail: format!("the tree's stored hash {idx} is missing"),
    }
}

impl Tx {
    /// Appends the tree's stored hashes for `entry` (its leaf is index `position - 1`).
    pub(crate) async fn append_leaf(&mut self, entry: &Entry) -> Result<(), StoreError> {
        let new = self.leaf_hashes(entry, None).await?;
        self.insert_hashes(&new).await
    }

    /// The tree's stored hashes to append for `entry`, from the earlier stored hashes it needs
    /// (`earlier`, read with the head by [`Tx::append`]; else read here, one statement).
    pub(crate) async fn leaf_hashes(
        &mut self,
        entry: &Entry,
        earlier: Option<HashMap<u64, Hash>>,
    ) -> Result<Vec<(u64, Hash)>, StoreError> {
        let n = (entry.position - 1) as u64;
        let earlier = match earlier {
            Some(earlier) => earlier,
            None => {
                let needed = tree::indexes_needed(n);
                self.stored_in_tx(&needed).await?
            }
        };
        let leaf = tree::leaf_data(entry)?;
        tree::stored_hashes_for(n, &leaf, &earlier).map_err(|e| StoreError::Corrupt {
            position: entry.position,
            detail: e.to_string(),
        })
    }

    /// The stored hashes at `indexes`, read in this transaction (none read if none asked).
    async fn stored_in_tx(&mut self, indexes: &[u64]) -> Result<HashMap<u64, Hash>, StoreError> {
        if indexes.is_empty() {
            return Ok(HashMap::new());
        }
        let sql = select_sql(indexes.len());
        let rows: Vec<(i64, String)> = crate::on_tx!(self, conn => {
            let mut q = sqlx::query_as(&sql);
            for &idx in indexes {
                q = q.bind(idx as i64);
            }
            q.fetch_all(&mut **conn).await
        })?;
        collect(indexes, rows)
    }

    /// Inserts stored hashes (one statement; none if there are none).
    pub(crate) async fn insert_hashes(&mut self, new: &[(u64, Hash)]) -> Result<(), StoreError> {
        if new.is_empty() {
            return Ok(());
        }
        let sql = insert_sql(new.len());
        crate::on_tx!(self, conn => {
            let mut q = sqlx::query(&sql);
            for (idx, hash) in new {
                q = q.bind(*idx as i64).bind(hex::encode(hash.0));
            }
            q.execute(&mut **conn).await.map(|_| ())
        })?;
        Ok(())
    }
}

/// The record's head: position, hash, time.
pub(crate) type HeadRow = (i64, String, String);

/// The head of the record and the stored hashes at `indexes`, in one statement: the head's row
/// is `(position, hash, recorded_at)`, each hash's `(-1 - idx, hash, '')` (a position is never
/// below 1).
pub(crate) fn head_and_hashes_sql(indexes: usize) -> String {
    let marks: Vec<String> = (1..=indexes).map(|i| format!("${i}")).collect();
    format!(
        "SELECT position, hash, recorded_at FROM \
         (SELECT position, hash, recorded_at FROM record ORDER BY position DESC LIMIT 1) h \
         UNION ALL SELECT -1 - idx, hash, '' FROM record_tree WHERE idx IN ({})",
        marks.join(", ")
    )
}

/// The rows of [`head_and_hashes_sql`] split: the head (none in an empty record), and the
/// stored hashes as `(idx, hash)` ([`collect`] parses them).
pub(crate) fn split_head_and_hashes(rows: Vec<HeadRow>) -> (Option<HeadRow>, Vec<(i64, String)>) {
    let mut head = None;
    let mut hashes = Vec::new();
    for (position, hash, recorded_at) in rows {
        if position >= 1 {
            head = Some((position, hash, recorded_at));
        } else {
            hashes.push((-1 - position, hash));
        }
    }
    (head, hashes)
}

/// An entry as [`since_and_hashes_sql`] reads it: position, hash, kind and time; or a stored
/// hash, as `(-1 - idx, hash, "", "")`.
pub(crate) type SinceRow = (i64, String, String, String);

/// The record's entries from position `$1` on (at most `$2`), and the stored hashes at
/// `$3`, `$4`, ... (`indexes` of them), in one statement (`Tx::since`).
pub(crate) fn since_and_hashes_sql(indexes: usize) -> String {
    let since = "SELECT position, hash, kind, recorded_at FROM \
         (SELECT position, hash, kind, recorded_at FROM record WHERE position >= $1 \
         ORDER BY position LIMIT $2) s";
    if indexes == 0 {
        return since.to_string();
    }
    let marks: Vec<String> = (3..indexes + 3).map(|i| format!("${i}")).collect();
    format!(
        "{since} UNION ALL SELECT -1 - idx, hash, '', '' FROM record_tree WHERE idx IN ({})",
        marks.join(", ")
    )
}

/// The rows of [`since_and_hashes_sql`] split: the entries in order, and the stored hashes as
/// `(idx, hash)`.
pub(crate) fn split_since_and_hashes(rows: Vec<SinceRow>) -> (Vec<SinceRow>, Vec<(i64, String)>) {
    let (mut entries, hashes): (Vec<SinceRow>, Vec<SinceRow>) =
        rows.into_iter().partition(|r| r.0 >= 1);
    entries.sort_by_key(|r| r.0);
    let hashes = hashes
        .into_iter()
        .map(|(p, hash, _, _)| (-1 - p, hash))
        .collect();
    (entries, hashes)
}

impl Store {
    /// The stored hashes at `indexes` (from the read pool).
    async fn stored(&self, indexes: &[u64]) -> Result<HashMap<u64, Hash>, StoreError> {
        if indexes.is_empty() {
            return Ok(HashMap::new());
        }
        let sql = select_sql(indexes.len());
        let rows: Vec<(i64, String)> = crate::on_read!(self, pool => {
            let mut q = sqlx::query_as(&sql);
            for &idx in indexes {
                q = q.bind(idx as i64);
            }
            q.fetch_all(pool).await
        })?;
        collect(indexes, rows)
    }

    /// Runs a tree computation: once to learn which stored hashes it reads, then on them.
    pub(crate) async fn with_tree<T>(
        &self,
        f: impl Fn(&TreeReader) -> Result<T, TreeError>,
    ) -> Result<T, StoreError> {
        let recording = TreeReader::recording();
        let _ = f(&recording);
        let map = self.stored(&recording.asked()).await?;
        f(&TreeReader::over(&map)).map_err(|e| StoreError::Corrupt {
            position: 0,
            detail: format!("record tree: {e}"),
        })
    }

    /// The hashes of `tile` (Go's and C2SP's tile data: its width's hashes of 32 bytes each,
    /// left to right), read from the stored tree. The caller checks the tile is in the tree.
    pub async fn tile_data(&self, tile: &tlog_tiles::Tile) -> Result<Vec<u8>, StoreError> {
        self.with_tree(|r| tile.read_data(r)).await
    }

    /// The root of the tree of the first `size` entries.
    pub async fn tree_root(&self, size: u64) -> Result<Hash, StoreError> {
        self.with_tree(|r| tlog_tiles::tree_hash(size, r)).await
    }

    /// Proof that the entry at `position` is in the tree of `size` entries.
    pub async fn inclusion_proof(
        &self,
        size: u64,
        position: u64,
    ) -> Result<RecordProof, StoreError> {
        self.with_tree(|r| tlog_tiles::prove_record(size, position - 1, r))
            .await
    }

    /// Proof that the tree of `old` entries is a prefix of the tree of `size` entries.
    pub async fn consistency_proof(&self, size: u64, old: u64) -> Result<TreeProof, StoreError> {
        self.with_tree(|r| tlog_tiles::prove_tree(size, old, r))
            .await
    }

    /// The leaves the tree holds (the tree may lag the record on a database written before
    /// the tree existed; [`Store::catch_up_tree`] fills it).
    pub(crate) async fn tree_leaves(&self) -> Result<u64, StoreError> {
        // The stored hashes are a prefix of indexes 0, 1, 2, ...: the largest index (one probe of
        // the key) says how many there are, without counting every row.
        let stored: i64 = crate::on_read!(self, pool =>
            sqlx::query_scalar("SELECT COALESCE(MAX(idx) + 1, 0) FROM record_tree").fetch_one(pool).await)?;
        let stored = stored as u64;
        // stored_hash_count is increasing: the most leaves whose hashes are all stored.
        let (mut lo, mut hi) = (0u64, stored);
        while lo < hi {
            let mid = hi - (hi - lo) / 2;
            if tlog_tiles::stored_hash_count(mid) <= stored {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        Ok(lo)
    }

    /// Adds the tree's hashes for entries appended before the tree existed (once, at open).
    pub(crate) async fn catch_up_tree(&self) -> Result<(), StoreError> {
        let Some((head, _)) = self.head().await? else {
            return Ok(());
        };
        // The usual case, a tree up to date, takes no write lock.
        if self.tree_leaves().await? as i64 >= head {
            return Ok(());
        }
        loop {
            let mut tx = self.begin().await?;
            // Read under the write lock: another server may be catching up too.
            let leaves = self.tree_leaves().await? as i64;
            if leaves >= head {
                return tx.rollback().await;
            }
            // Hashes of a leaf left incomplete are recomputed with it.
            let complete = tlog_tiles::stored_hash_count(leaves as u64) as i64;
            crate::on_tx!(tx, conn => sqlx::query("DELETE FROM record_tree WHERE idx >= $1")
                .bind(complete)
                .execute(&mut **conn)
                .await
                .map(|_| ()))?;
            let rows = self.rows_after(leaves, 1000).await?;
            for row in rows {
                let position = row.position;
                let entry = row
                    .into_entry()
                    .map_err(|detail| StoreError::Corrupt { position, detail })?;
                tx.append_leaf(&entry).await?;
            }
            tx.commit().await?;
        }
    }
}
