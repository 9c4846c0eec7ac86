//! A batch's writes run together ([`write_together`]): on PostgreSQL one statement, each write
//! but the last a data-modifying `WITH`, so that a batch's box, counts, proxies and marks (or a
//! member batch's receipts and box) cost one round trip under the record's lock, not one each
//! (each round trip waited some 300 µs for PostgreSQL's process to get a CPU on a busy 2-core
//! machine, issue 15). On SQLite, in-process, each runs as before, in order.

use asamblea_store::{Tx, TxConn};

use super::{Column, bind_arrays, insert_rows, pg_insert};
use crate::AppError;

/// One of a batch's writes.
pub(crate) enum Write<'a> {
    /// Rows into `into` (`table (col, …)`), followed by `tail` (`ON CONFLICT …`, and only in the
    /// last write `RETURNING` two integer columns), as [`insert_rows`] writes them.
    Insert {
        into: &'a str,
        columns: Vec<Column>,
        tail: &'a str,
    },
    /// The integer `column` of each row of `table` whose `id` is in `ids` (each id once) goes
    /// up by the `by` at the same place.
    Add {
        table: &'a str,
        column: &'a str,
        ids: Vec<i64>,
        by: Vec<i64>,
    },
}

impl Write<'_> {
    fn is_empty(&self) -> bool {
        match self {
            Write::Insert { columns, .. } => columns.first().is_none_or(|c| c.len() == 0),
            Write::Add { ids, .. } => ids.is_empty(),
        }
    }

    /// This write in PostgreSQL's SQL, its arrays numbered from `$first`.
    fn pg_sql(&self, first: usize) -> String {
        match self {
            Write::Insert {
                into,
                columns,
                tail,
            } => pg_insert(into, columns, first, tail),
            Write::Add { table, column, .. } => format!(
                "UPDATE {table} SET {column} = {table}.{column} + x.by \
                 FROM UNNEST(${first}::BIGINT[], ${}::BIGINT[]) AS x (id, by) WHERE {table}.id = x.id",
                first + 1
            ),
        }
    }

    /// How many arrays [`Write::pg_sql`] binds.
    fn arrays(&self) -> usize {
        match self {
            Write::Insert { columns, .. } => columns.len(),
            Write::Add { .. } => 2,
        }
    }
}

/// Runs `writes`, those with rows, in their order; returns what the last returns (its `tail`'s
/// `RETURNING`; nothing if it has no rows). On PostgreSQL one statement: the writes but the
/// last in `WITH`, the last as the statement (they all see the transaction as it was before
/// the statement, which none of them reads). On SQLite one after the other.
pub(crate) async fn write_together(
    tx: &mut Tx,
    writes: Vec<Write<'_>>,
) -> Result<Vec<(i64, i64)>, AppError> {
    let last_has_rows = writes.last().is_some_and(|w| !w.is_empty());
    let writes: Vec<Write> = writes.into_iter().filter(|w| !w.is_empty()).collect();
    let Some((main, before)) = writes.split_last() else {
        return Ok(Vec::new());
    };
    let rows = match tx.conn() {
        TxConn::Postgres(c) => {
            let mut first = 1;
            let mut with = Vec::new();
            for (k, w) in before.iter().enumerate() {
                with.push(format!("w{k} AS ({})", w.pg_sql(first)));
                first += w.arrays();
            }
            let sql = if with.is_empty() {
                main.pg_sql(first)
            } else {
                format!("WITH {} {}", with.join(", "), main.pg_sql(first))
            };
            let mut q = sqlx::query_as::<_, (i64, i64)>(&sql);
            for w in &writes {
                q = match w {
                    Write::Insert { columns, .. } => bind_arrays(q, columns),
                    Write::Add { ids, by, .. } => q.bind(ids.clone()).bind(by.clone()),
                };
            }
            q.fetch_all(&mut **c).await?
        }
        TxConn::Sqlite(_) => {
            let mut out = Vec::new();
            for w in &writes {
                out = match w {
                    Write::Insert {
                        into,
                        columns,
                        tail,
                    } => insert_rows(tx, into, columns, tail).await?,
                    Write::Add {
                        table,
                        column,
                        ids,
                        by,
                    } => {
                        let sql =
                            format!("UPDATE {table} SET {column} = {column} + $1 WHERE id = $2");
                        for (id, by) in ids.iter().zip(by) {
                            asamblea_store::on_tx!(tx, c => sqlx::query(&sql)
                                .bind(*by).bind(*id).execute(&mut **c).await.map(|_| ()))?;
                        }
                        Vec::new()
                    }
                };
            }
            out
        }
    };
    Ok(if last_has_rows { rows } else { Vec::new() })
}
