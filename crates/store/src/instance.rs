//! The instance's Ed25519 key (created on first open, kept in the `instance` table so all
//! servers on one PostgreSQL database share it) and signed checkpoints.

use crate::error::StoreError;
use crate::{Db, Store, now_rfc3339};
use asamblea_record::{
    Checkpoint, SigningKey, generate_signing_key, sign_checkpoint, signing_key_from_hex,
    signing_key_to_hex,
};

const KEY_NAME: &str = "signing_key";

/// Inserts a fresh key unless one exists, then reads the one that won.
pub(crate) async fn load_or_create_key(db: &Db) -> Result<SigningKey, StoreError> {
    let fresh = signing_key_to_hex(&generate_signing_key());
    let insert = "INSERT INTO instance (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING";
    let select = "SELECT value FROM instance WHERE key = $1";
    let stored: String = match db {
        Db::Sqlite { writer, .. } => {
            sqlx::query(insert)
                .bind(KEY_NAME)
                .bind(&fresh)
                .execute(writer)
                .await?;
            sqlx::query_scalar(select)
                .bind(KEY_NAME)
                .fetch_one(writer)
                .await?
        }
        Db::Postgres { pool, .. } => {
            sqlx::query(insert)
                .bind(KEY_NAME)
                .bind(&fresh)
                .execute(pool)
                .await?;
            sqlx::query_scalar(select)
                .bind(KEY_NAME)
                .fetch_one(pool)
                .await?
        }
    };
    Ok(signing_key_from_hex(&stored)?)
}

impl Store {
    /// The instance's signing key.
    pub fn instance_key(&self) -> Result<SigningKey, StoreError> {
        Ok(self.inner.key.clone())
    }

    /// Hex of the instance's public key (what outside verifiers compare checkpoints with).
    pub fn public_key_hex(&self) -> String {
        asamblea_record::public_key_hex(&self.inner.key)
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
        let cp = sign_checkpoint(&self.inner.key, position, hash);
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
