//! The loop of a group-commit writer (`ballot_writer.rs` for sessions' votes,
//! `member_ballot_writer.rs` for members' elections): take every job queued so far (at most
//! [`MAX_BATCH`]), write them in one transaction, answer each only once the commit is durable,
//! and write the next batch while the disk syncs the last one (`Tx::commit_visible`); what both
//! writers share: the box's shuffle ([`shuffle_box`]), the grouping of a batch by vote or
//! election, and set-based inserts ([`insert_rows`]). Under light
//! load a batch is one job and nothing waits: the writer never delays a job to fill a batch.

use std::future::Future;
use std::pin::Pin;

use asamblea_store::{Committed, Store, Tx, TxConn};
use tokio::sync::{mpsc, oneshot};

use crate::AppError;
use crate::cast_receipts::Receipt;

mod left_head;
mod together;
pub(crate) use left_head::LeftHead;
pub(crate) use together::{Write, write_together};

/// Most jobs committed together.
pub const MAX_BATCH: usize = 500;
/// Jobs that may wait for the writer before callers wait to enqueue.
pub(crate) const QUEUE: usize = 10_000;

/// Where a job's answer goes.
pub(crate) type Answer = oneshot::Sender<Result<Receipt, AppError>>;

/// A queued job that can be answered.
pub(crate) trait Answered: Send + 'static {
    fn answer(self) -> Answer;
}

/// A batch written and committed: each job's answer, to be given once the commit is durable.
pub(crate) struct Done {
    pub(crate) answers: Vec<Result<Receipt, AppError>>,
    pub(crate) committed: Committed,
}

impl Done {
    /// Waits until the commit is durable (see [`Committed::durable`]) and returns the answers;
    /// if the disk did not confirm it, every job hears that error (the batch may count: a
    /// ballot sent again with its idempotency key gets its receipt).
    pub(crate) async fn durable(self) -> Vec<Result<Receipt, AppError>> {
        match self.committed.durable().await {
            Ok(_) => self.answers,
            Err(e) => {
                let message = e.to_string();
                (0..self.answers.len())
                    .map(|_| Err(AppError::Internal(message.clone())))
                    .collect()
            }
        }
    }
}

/// What a batch's writing returns: [`Done`], or `Err` if nothing was written.
pub(crate) type Written<'a> = Pin<Box<dyn Future<Output = Result<Done, AppError>> + Send + 'a>>;

/// Starts a writer on a thread of its own (a single-threaded runtime), which runs until every
/// sender is dropped. On SQLite the thread is kept on one CPU with SQLite's writer thread
/// (`Store::pin_writer`: each statement is a hand-off between the two threads, which costs ten
/// times more between two CPUs). On PostgreSQL its transactions go over connections of its own,
/// opened on its thread (`Store::with_own_connections`): PostgreSQL's answers wake the writer at
/// once, instead of once the server's runtime, busy with the requests, gets to them. `write`
/// writes a batch, with what the writer keeps between its batches (`K`, made once per writer).
pub(crate) fn start<J: Answered, K: Default + Send + 'static>(
    store: Store,
    rx: mpsc::Receiver<J>,
    write: for<'a> fn(&'a Store, &'a mut K, &'a [J]) -> Written<'a>,
    what: &'static str,
) {
    let on_thread = move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build();
        match runtime {
            Ok(rt) => rt.block_on(async move {
                let pin = store.backend() == asamblea_store::Backend::Sqlite;
                // Two: a transaction dropped unfinished is rolled back on its connection
                // while the next batch begins on the other.
                let store = store.with_own_connections(2);
                run(store, rx, write, what, pin).await
            }),
            Err(e) => tracing::error!(error = %e, what, "cannot start a ballot writer"),
        }
    };
    // The thread's name says which writer it is in `top -H` (15 bytes are kept).
    let name = format!("writer {}", what.split('\'').next().unwrap_or(what));
    if let Err(e) = std::thread::Builder::new().name(name).spawn(on_thread) {
        tracing::error!(error = %e, what, "cannot start a ballot writer's thread");
    }
}

/// How often a pinned writer puts SQLite's writer thread back on its CPU (the pool may have
/// opened the connection again, on a new thread).
const PIN_AGAIN: std::time::Duration = std::time::Duration::from_secs(10);

/// Runs until every sender is dropped; `pin`: on a thread of its own, kept on SQLite's
/// writer's CPU.
async fn run<J: Answered, K: Default + Send>(
    store: Store,
    mut rx: mpsc::Receiver<J>,
    write: for<'a> fn(&'a Store, &'a mut K, &'a [J]) -> Written<'a>,
    what: &'static str,
    pin: bool,
) {
    let mut pinned: Option<std::time::Instant> = None;
    // What the writer keeps from one batch to the next (the sessions' writer: `batch_known.rs`).
    let mut kept = K::default();
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while rx.recv_many(&mut batch, MAX_BATCH).await > 0 {
        if pin && pinned.is_none_or(|at| at.elapsed() >= PIN_AGAIN) {
            let cpu = store.pin_writer();
            if pinned.is_none() {
                tracing::debug!(?cpu, what, "ballot writer pinned");
            }
            pinned = Some(std::time::Instant::now());
        }
        let jobs = std::mem::take(&mut batch);
        let began = std::time::Instant::now();
        let written = write(&store, &mut kept, &jobs).await;
        count_batch(what, jobs.len(), began.elapsed());
        match written {
            // Answered once durable; meanwhile the next batch is written (`wal_sync.rs` in the
            // store: on SQLite the commit returns before the WAL is synced).
            Ok(done) => {
                tokio::spawn(async move {
                    let results = done.durable().await;
                    for (job, result) in jobs.into_iter().zip(results) {
                        let _ = job.answer().send(result);
                    }
                });
            }
            Err(e) => {
                tracing::warn!(error = %e, jobs = jobs.len(), what, "a batch failed");
                let message = e.to_string();
                for job in jobs {
                    let _ = job.answer().send(Err(AppError::Internal(message.clone())));
                }
            }
        }
    }
}

/// Counts a batch on `/metrics`, by `writer` (the writer's `what`): batches written, jobs in
/// them, and the microseconds spent writing them (from the batch's first statement to its
/// commit's end, failed batches too). Busy time over a window's length says how near the one
/// writer is to its bound; jobs over batches, how much a batch holds (BENCHMARKS.md, issue 15).
/// The counters are looked up at each batch, not once: a writer may start before the server
/// installs its recorder, and a counter taken before that counts nowhere.
fn count_batch(what: &'static str, jobs: usize, took: std::time::Duration) {
    metrics::counter!("asamblea_writer_batches_total", "writer" => what).increment(1);
    metrics::counter!("asamblea_writer_jobs_total", "writer" => what).increment(jobs as u64);
    metrics::counter!("asamblea_writer_busy_microseconds_total", "writer" => what)
        .increment(u64::try_from(took.as_micros()).unwrap_or(u64::MAX));
}

/// Where a batch's writing spends its time, phase by phase, on `/metrics`
/// (`asamblea_writer_phase_microseconds_total`, by writer and phase): each [`Phases::done`]
/// counts the time since the one before (or since [`Phases::start`]). The phases of a writer's
/// batches add up to its busy time (a failed batch counts only the phases it ended); they say
/// which part of a batch bounds the one writer (BENCHMARKS.md, issue 15).
pub(crate) struct Phases {
    writer: &'static str,
    last: std::time::Instant,
}

impl Phases {
    pub(crate) fn start(writer: &'static str) -> Self {
        Phases {
            writer,
            last: std::time::Instant::now(),
        }
    }

    /// The phase `phase` has just ended.
    pub(crate) fn done(&mut self, phase: &'static str) {
        let now = std::time::Instant::now();
        let took = now.duration_since(self.last).as_micros();
        self.last = now;
        metrics::counter!("asamblea_writer_phase_microseconds_total", "writer" => self.writer, "phase" => phase)
            .increment(u64::try_from(took).unwrap_or(u64::MAX));
    }
}

/// Sends `job` to the writer and waits for its answer.
pub(crate) async fn submit<J: Answered>(
    jobs: &mpsc::Sender<J>,
    make: impl FnOnce(Answer) -> J,
) -> Result<Receipt, AppError> {
    let (answer, answered) = oneshot::channel();
    let stopped = || AppError::Internal("the ballot writer has stopped".into());
    jobs.send(make(answer)).await.map_err(|_| stopped())?;
    answered.await.map_err(|_| stopped())?
}

/// Puts a batch's ballots for the box in a random order, so that where a database keeps rows
/// in insertion order the ballots of one batch do not line up with their voters (issue 14).
/// Both writers call it just before the box rows are written. The order comes from `rand`'s
/// thread generator, a cryptographically secure generator seeded and reseeded from the OS (a
/// read of the OS's randomness for each ballot cost a system call each, issue 15).
pub(crate) fn shuffle_box<T>(ballots: &mut [T]) {
    use rand::seq::SliceRandom;
    ballots.shuffle(&mut rand::thread_rng());
}

/// The distinct values of `keys` in order of first appearance, each with the positions where it
/// occurs (a batch's ballots grouped by their vote or election, one act each).
pub(crate) fn group_by<K: PartialEq + Copy>(keys: impl Iterator<Item = K>) -> Vec<(K, Vec<usize>)> {
    let mut groups: Vec<(K, Vec<usize>)> = Vec::new();
    for (i, k) in keys.enumerate() {
        match groups.iter_mut().find(|(g, _)| *g == k) {
            Some((_, members)) => members.push(i),
            None => groups.push((k, vec![i])),
        }
    }
    groups
}

/// The same idempotency key twice in one batch: a later ballot refused (already voted) hears the
/// first one's answer, marked `again`, as it would have in a batch of its own.
pub(crate) fn answer_repeats<'a>(
    keys: impl Iterator<Item = Option<&'a str>>,
    results: &mut [Result<Receipt, AppError>],
) {
    let keys: Vec<Option<&str>> = keys.collect();
    for i in 0..results.len() {
        let Some(key) = keys.get(i).copied().flatten() else {
            continue;
        };
        if results[i].is_ok() {
            continue;
        }
        let first = (0..i).find_map(|j| match (keys[j], &results[j]) {
            (Some(k), Ok(r)) if k == key => Some(Receipt {
                again: true,
                ..r.clone()
            }),
            _ => None,
        });
        if let Some(receipt) = first {
            results[i] = Ok(receipt);
        }
    }
}

/// One column of a set-based `INSERT`: the values of every row, in row order.
pub(crate) enum Column {
    Int(Vec<i64>),
    Text(Vec<String>),
    OptText(Vec<Option<String>>),
    OptBlob(Vec<Option<Vec<u8>>>),
}

impl Column {
    fn len(&self) -> usize {
        match self {
            Column::Int(v) => v.len(),
            Column::Text(v) => v.len(),
            Column::OptText(v) => v.len(),
            Column::OptBlob(v) => v.len(),
        }
    }

    fn pg_type(&self) -> &'static str {
        match self {
            Column::Int(_) => "bigint[]",
            Column::Text(_) | Column::OptText(_) => "text[]",
            Column::OptBlob(_) => "bytea[]",
        }
    }
}

/// Rows per SQLite statement (at most 5 columns: well under its limit on parameters).
const ROWS_PER_STATEMENT: usize = 500;

/// The rows of `select` (a `SELECT … FROM …` without its `WHERE`) whose text `column` is one
/// of `keys` (a batch's), in one statement per batch (per 500 keys on SQLite: `IN ($1, …)`; on
/// PostgreSQL `= ANY($1)`), not one per ballot.
pub(crate) async fn select_by_keys<T>(
    tx: &mut Tx,
    select: &str,
    column: &str,
    keys: &[&str],
) -> Result<Vec<T>, AppError>
where
    T: Send
        + Unpin
        + for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow>
        + for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow>,
{
    let sql = format!("{select} WHERE {column} {IN}");
    select_in(tx, &sql, &[], Keys::Text(keys)).await
}

/// Where [`select_in`]'s query names its keys: `IN ($k, …)` on SQLite, `= ANY($k)` on
/// PostgreSQL.
pub(crate) const IN: &str = "{in}";

/// A batch's keys for [`select_in`].
pub(crate) enum Keys<'a> {
    Text(&'a [&'a str]),
    Int(&'a [i64]),
}

impl Keys<'_> {
    fn len(&self) -> usize {
        match self {
            Keys::Text(k) => k.len(),
            Keys::Int(k) => k.len(),
        }
    }
}

/// The rows of `sql` (a whole `SELECT` whose [`IN`] follows the key's column, e.g. `… AND d.id
/// {in}`) for a batch's `keys`, in one statement per batch (per 500 keys on SQLite), not one per
/// ballot. `fixed` are bound first, as `$1`, `$2`, …; the keys follow them.
pub(crate) async fn select_in<T>(
    tx: &mut Tx,
    sql: &str,
    fixed: &[&str],
    keys: Keys<'_>,
) -> Result<Vec<T>, AppError>
where
    T: Send
        + Unpin
        + for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow>
        + for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow>,
{
    let mut rows: Vec<T> = Vec::new();
    let n = keys.len();
    if n == 0 {
        return Ok(rows);
    }
    let first = fixed.len() + 1;
    match tx.conn() {
        TxConn::Sqlite(c) => {
            let mut start = 0;
            while start < n {
                let end = n.min(start + 500);
                let marks: Vec<String> = (first..first + end - start)
                    .map(|i| format!("${i}"))
                    .collect();
                let sql = sql.replace(IN, &format!("IN ({})", marks.join(",")));
                let mut q = sqlx::query_as(&sql);
                for f in fixed {
                    q = q.bind(*f);
                }
                q = match &keys {
                    Keys::Text(k) => k[start..end].iter().fold(q, |q, k| q.bind(*k)),
                    Keys::Int(k) => k[start..end].iter().fold(q, |q, k| q.bind(*k)),
                };
                rows.extend(q.fetch_all(&mut **c).await?);
                start = end;
            }
        }
        TxConn::Postgres(c) => {
            let array = match keys {
                Keys::Text(_) => "text[]",
                Keys::Int(_) => "bigint[]",
            };
            let sql = sql.replace(IN, &format!("= ANY(${first}::{array})"));
            let mut q = sqlx::query_as(&sql);
            for f in fixed {
                q = q.bind(*f);
            }
            q = match keys {
                Keys::Text(k) => q.bind(k.to_vec()),
                Keys::Int(k) => q.bind(k.to_vec()),
            };
            rows = q.fetch_all(&mut **c).await?;
        }
    }
    Ok(rows)
}

/// Inserts a batch's rows given column by column, in few statements: on SQLite one multi-row
/// `INSERT … VALUES` per [`ROWS_PER_STATEMENT`] rows, on PostgreSQL one `INSERT … SELECT * FROM
/// UNNEST(arrays)`. `into` is `table (col, …)`; `tail` follows the rows (e.g. `ON CONFLICT DO
/// NOTHING RETURNING a, b`). Returns the two integer columns `tail` returns, if any.
///
/// On SQLite `INSERT OR FAIL`: a row breaking a constraint stops the statement with the rows
/// before it written. With the default (`ABORT`) SQLite keeps a statement journal for every
/// multi-row `INSERT`, a copy of each page it changes to undo that statement alone (a third of a
/// batch's time keeping its receipts); a batch never undoes one statement alone:
/// every caller returns the error, and the transaction is dropped, never committed. (A
/// table's immediate foreign keys still make SQLite keep one: deferring them with a `PRAGMA`
/// per batch made it prepare every statement again, tried and measured in BENCHMARKS.md.)
pub(crate) async fn insert_rows(
    tx: &mut Tx,
    into: &str,
    columns: &[Column],
    tail: &str,
) -> Result<Vec<(i64, i64)>, AppError> {
    let rows = columns.first().map_or(0, Column::len);
    if rows == 0 {
        return Ok(Vec::new());
    }
    let returning = tail.contains("RETURNING");
    let mut out = Vec::new();
    match tx.conn() {
        TxConn::Sqlite(c) => {
            let mut start = 0;
            while start < rows {
                let end = rows.min(start + ROWS_PER_STATEMENT);
                // Anonymous `?` parameters, bound in order: SQLite finds a numbered one's name
                // by a walk of the statement's list of names, each bind (quadratic in the rows).
                let row = format!("({})", vec!["?"; columns.len()].join(","));
                let sql = format!(
                    "INSERT OR FAIL INTO {into} VALUES {} {tail}",
                    vec![row; end - start].join(",")
                );
                let mut q = sqlx::query_as::<_, (i64, i64)>(&sql);
                for r in start..end {
                    for col in columns {
                        q = match col {
                            Column::Int(v) => q.bind(v[r]),
                            Column::Text(v) => q.bind(v[r].as_str()),
                            Column::OptText(v) => q.bind(v[r].as_deref()),
                            Column::OptBlob(v) => q.bind(v[r].as_deref()),
                        };
                    }
                }
                if returning {
                    out.extend(q.fetch_all(&mut **c).await?);
                } else {
                    q.fetch_all(&mut **c).await?;
                }
                start = end;
            }
        }
        TxConn::Postgres(c) => {
            let sql = pg_insert(into, columns, 1, tail);
            out = bind_arrays(sqlx::query_as(&sql), columns)
                .fetch_all(&mut **c)
                .await?;
        }
    }
    Ok(out)
}

/// PostgreSQL's set-based `INSERT INTO {into} SELECT * FROM UNNEST(arrays) {tail}` of
/// `columns`, the arrays numbered from `$first` ([`bind_arrays`] binds them).
fn pg_insert(into: &str, columns: &[Column], first: usize, tail: &str) -> String {
    let arrays: Vec<String> = columns
        .iter()
        .enumerate()
        .map(|(k, col)| format!("${}::{}", first + k, col.pg_type()))
        .collect();
    format!(
        "INSERT INTO {into} SELECT * FROM UNNEST({}) {tail}",
        arrays.join(", ")
    )
}

/// Binds `columns` to `q`, each as one array (PostgreSQL, [`pg_insert`]).
fn bind_arrays<'q>(
    mut q: sqlx::query::QueryAs<'q, sqlx::Postgres, (i64, i64), sqlx::postgres::PgArguments>,
    columns: &[Column],
) -> sqlx::query::QueryAs<'q, sqlx::Postgres, (i64, i64), sqlx::postgres::PgArguments> {
    for col in columns {
        q = match col {
            Column::Int(v) => q.bind(v.clone()),
            Column::Text(v) => q.bind(v.clone()),
            Column::OptText(v) => q.bind(v.clone()),
            Column::OptBlob(v) => q.bind(v.clone()),
        };
    }
    q
}
