//! Reading the record.

use crate::error::StoreError;
use crate::{Db, Store};
use asamblea_record::Entry;

/// A record row as stored, before its payload is parsed.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct Row {
    pub position: i64,
    pub recorded_at: String,
    pub actor: Option<String>,
    pub kind: String,
    pub scope: String,
    pub payload: String,
    pub prev: String,
    pub hash: String,
}

impl Row {
    /// The entry, or why the payload is not JSON.
    pub(crate) fn into_entry(self) -> Result<Entry, String> {
        let payload =
            serde_json::from_str(&self.payload).map_err(|e| format!("payload is not JSON: {e}"))?;
        Ok(Entry {
            position: self.position,
            recorded_at: self.recorded_at,
            actor: self.actor,
            kind: self.kind,
            scope: self.scope,
            payload,
            prev: self.prev,
            hash: self.hash,
        })
    }
}

const COLUMNS: &str = "position, recorded_at, actor, kind, scope, payload, prev, hash";

impl Store {
    /// Position and hash of the last entry, or `None` if the record is empty.
    ///
    /// On SQLite this reads through the writer connection's pool of readers, so it sees every
    /// committed append.
    pub async fn head(&self) -> Result<Option<(i64, String)>, StoreError> {
        let sql = "SELECT position, hash FROM record ORDER BY position DESC LIMIT 1";
        Ok(crate::on_read!(self, pool => sqlx::query_as(sql).fetch_optional(pool).await)?)
    }

    /// Up to `limit` entries with position greater than `after`, ascending.
    pub async fn entries_after(&self, after: i64, limit: i64) -> Result<Vec<Entry>, StoreError> {
        self.rows_after(after, limit)
            .await?
            .into_iter()
            .map(|r| {
                let position = r.position;
                r.into_entry()
                    .map_err(|detail| StoreError::Corrupt { position, detail })
            })
            .collect()
    }

    /// The entry at `position`, if there is one.
    pub async fn entry(&self, position: i64) -> Result<Option<Entry>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM record WHERE position = $1");
        let row: Option<Row> = crate::on_read!(self, pool =>
            sqlx::query_as(&sql).bind(position).fetch_optional(pool).await)?;
        row.map(|r| {
            let position = r.position;
            r.into_entry()
                .map_err(|detail| StoreError::Corrupt { position, detail })
        })
        .transpose()
    }

    /// Up to `limit` entries of one scope with position greater than `after`, ascending.
    pub async fn scope_entries_after(
        &self,
        scope: &str,
        after: i64,
        limit: i64,
    ) -> Result<Vec<Entry>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM record WHERE scope = $1 AND position > $2 \
             ORDER BY position LIMIT $3"
        );
        let rows: Vec<Row> = crate::on_read!(self, pool =>
            sqlx::query_as(&sql).bind(scope).bind(after).bind(limit).fetch_all(pool).await)?;
        rows.into_iter()
            .map(|r| {
                let position = r.position;
                r.into_entry()
                    .map_err(|detail| StoreError::Corrupt { position, detail })
            })
            .collect()
    }

    /// Raw rows after `after`, ascending.
    pub(crate) async fn rows_after(&self, after: i64, limit: i64) -> Result<Vec<Row>, StoreError> {
        let sql =
            format!("SELECT {COLUMNS} FROM record WHERE position > $1 ORDER BY position LIMIT $2");
        let rows = match &self.inner.db {
            Db::Sqlite { reader, .. } => {
                sqlx::query_as(&sql)
                    .bind(after)
                    .bind(limit)
                    .fetch_all(reader)
                    .await?
            }
            Db::Postgres { pool, .. } => {
                sqlx::query_as(&sql)
                    .bind(after)
                    .bind(limit)
                    .fetch_all(pool)
                    .await?
            }
        };
        Ok(rows)
    }
}
