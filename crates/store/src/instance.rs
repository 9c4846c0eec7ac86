//! The instance's signing key (loaded from its file by [`crate::key_file`]) and signed
//! checkpoints.

use crate::error::StoreError;
use crate::{Db, Store, now_rfc3339};
use asamblea_record::{Checkpoint, SigningKey, sign_checkpoint};

impl Store {
    /// The instance's signing key.
    /// Fails with [`StoreError::NoKey`] if the store was opened without it.
    pub fn instance_key(&self) -> Result<SigningKey, StoreError> {
        self.inner.key.clone().ok_or(StoreError::NoKey)
    }

    /// Hex of the instance's public key (what outside verifiers compare checkpoints with): the
    /// one the database records; empty if it records none yet (a store opened without a key on
    /// a database never started by a server).
    pub fn public_key_hex(&self) -> String {
        self.inner.public_key.clone().unwrap_or_default()
    }

    /// Signs the current head and stores the checkpoint; `None` if the record is empty.
    pub async fn checkpoint(&self) -> Result<Option<Checkpoint>, StoreError> {
        match self.head().await? {
            None => Ok(None),
            Some((position, hash)) => Ok(Some(self.checkpoint_at(position, &hash).await?)),
        }
    }

    /// Signs `position`/`hash` (which the caller has read from the record) and stores it.
    pub(crate) async fn checkpoint_at(
        &self,
        position: i64,
        hash: &str,
    ) -> Result<Checkpoint, StoreError> {
        let key = self.inner.key.as_ref().ok_or(StoreError::NoKey)?;
        let cp = sign_checkpoint(key, position, hash);
        // The same head as a signed note over the Merkle tree (c2sp.org/tlog-checkpoint).
        let root = self.tree_root(position as u64).await?;
        let note = asamblea_record::tree::sign_note(key, position as u64, root)?;
        let sql = "INSERT INTO checkpoints \
                   (position, hash, public_key, signature, created_at, note) \
                   VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (position) DO NOTHING";
        let created_at = now_rfc3339();
        macro_rules! insert {
            ($pool:expr) => {
                sqlx::query(sql)
                    .bind(cp.position)
                    .bind(&cp.hash)
                    .bind(&cp.public_key)
                    .bind(&cp.signature)
                    .bind(&created_at)
                    .bind(&note)
                    .execute($pool)
                    .await?
            };
        }
        match &self.inner.db {
            Db::Sqlite { writer, .. } => {
                insert!(writer);
                // Announced below, so durable first (`wal_sync.rs`).
                self.durable().await?;
            }
            Db::Postgres { pool, .. } => {
                insert!(pool);
            }
        }
        self.inner.signed.send_replace(position);
        Ok(cp)
    }

    /// The stored checkpoint with the highest position, if any.
    pub async fn latest_checkpoint(&self) -> Result<Option<Checkpoint>, StoreError> {
        let sql = "SELECT position, hash, public_key, signature FROM checkpoints \
                   ORDER BY position DESC LIMIT 1";
        let row: Option<(i64, String, String, String)> =
            crate::on_read!(self, pool => sqlx::query_as(sql).fetch_optional(pool).await)?;
        // Passed on only once durable: read, then wait for a sync (`wal_sync.rs`).
        self.durable().await?;
        Ok(
            row.map(|(position, hash, public_key, signature)| Checkpoint {
                position,
                hash,
                public_key,
                signature,
            }),
        )
    }
}

/// A stored checkpoint as a signed note, with the position it signs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckpointNote {
    /// The tree size (the position of the head signed).
    pub position: i64,
    /// The signed note (empty for checkpoints signed before the record was a tree).
    pub note: String,
}

impl Store {
    /// The latest stored checkpoint that carries a signed note.
    pub async fn latest_note(&self) -> Result<Option<CheckpointNote>, StoreError> {
        if !self.inner.checkpoint_notes {
            return Ok(None);
        }
        let sql = "SELECT position, note FROM checkpoints WHERE note <> '' \
                   ORDER BY position DESC LIMIT 1";
        let row: Option<(i64, String)> =
            crate::on_read!(self, pool => sqlx::query_as(sql).fetch_optional(pool).await)?;
        // Passed on only once durable: read, then wait for a sync (`wal_sync.rs`).
        self.durable().await?;
        Ok(row.map(|(position, note)| CheckpointNote { position, note }))
    }

    /// Every stored checkpoint, oldest first (with its note, empty for old ones).
    pub async fn all_checkpoints(&self) -> Result<Vec<(Checkpoint, String)>, StoreError> {
        let sql = if self.inner.checkpoint_notes {
            "SELECT position, hash, public_key, signature, note FROM checkpoints ORDER BY position"
        } else {
            "SELECT position, hash, public_key, signature, '' FROM checkpoints ORDER BY position"
        };
        let rows: Vec<(i64, String, String, String, String)> =
            crate::on_read!(self, pool => sqlx::query_as(sql).fetch_all(pool).await)?;
        Ok(rows
            .into_iter()
            .map(|(position, hash, public_key, signature, note)| {
                (
                    Checkpoint {
                        position,
                        hash,
                        public_key,
                        signature,
                    },
                    note,
                )
            })
            .collect())
    }

    /// The verifier key of this instance's log in Go's note format (`<name>+<id>+<base64>`),
    /// from the recorded public key; empty if none is recorded.
    pub fn verifier_key(&self) -> String {
        let Some(bytes) = hex::decode(self.public_key_hex())
            .ok()
            .and_then(|b| <[u8; 32]>::try_from(b).ok())
        else {
            return String::new();
        };
        asamblea_record::VerifyingKey::from_bytes(&bytes)
            .map(|k| asamblea_record::tree::verifier_key(&k))
            .unwrap_or_default()
    }
}
