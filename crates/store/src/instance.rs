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
        let sql = "INSERT INTO checkpoints (position, hash, public_key, signature, created_at) \
                   VALUES ($1, $2, $3, $4, $5) ON CONFLICT (position) DO NOTHING";
        let created_at = now_rfc3339();
        macro_rules! insert {
            ($pool:expr) => {
                sqlx::query(sql)
                    .bind(cp.position)
                    .bind(&cp.hash)
                    .bind(&cp.public_key)
                    .bind(&cp.signature)
                    .bind(&created_at)
                    .execute($pool)
                    .await?
            };
        }
        match &self.inner.db {
            Db::Sqlite { writer, .. } => {
                insert!(writer);
            }
            Db::Postgres { pool, .. } => {
                insert!(pool);
            }
        }
        Ok(cp)
    }

    /// The stored checkpoint with the highest position, if any.
    pub async fn latest_checkpoint(&self) -> Result<Option<Checkpoint>, StoreError> {
        let sql = "SELECT position, hash, public_key, signature FROM checkpoints \
                   ORDER BY position DESC LIMIT 1";
        let row: Option<(i64, String, String, String)> =
            crate::on_read!(self, pool => sqlx::query_as(sql).fetch_optional(pool).await)?;
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
