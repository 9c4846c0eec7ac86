//! Durability on SQLite, apart from the commit: SQLite's writer connection runs with
//! `synchronous=NORMAL`, so a `COMMIT` writes the transaction's pages to the WAL (the operating
//! system has them: a killed server loses nothing) and returns without waiting for the disk.
//! This thread then makes them durable: one `fdatasync` of the WAL file serves every commit that
//! asked before it began, and only then are their callers answered and the acts announced
//! ([`crate::Committed::durable`]).
//!
//! Why: a ballot writer's batch spent about half its commit waiting for that sync, and during it
//! the one serialized writer could do nothing else (issue 15: members' commit 45 → 22 µs per
//! ballot without it). Now the writer begins the next batch while the disk syncs the last one;
//! an answer still waits for the sync, as before.
//!
//! What this changes, and what it does not:
//! - An acknowledged change is durable, as with `synchronous=FULL`: nobody is answered, and no
//!   act is announced (observers, checkpoints, witnesses), before a sync that began after its
//!   commit ended. `fdatasync` writes every page of the file the system holds, whichever
//!   descriptor wrote it, with the size that finds them.
//! - A reader of the database may see a commit up to one sync (about a millisecond) before it
//!   is durable. A power cut (not a killed server: the system still has the pages) in that
//!   window undoes it; whoever read it was not told it was durable. Checkpoints are signed
//!   only over a head read before a sync (`keep_checkpointed`).
//! - Consistency is SQLite's: a WAL cut anywhere is recovered to its last whole commit.
//!
//! SQLite keeps no lock on the WAL file (its locks are on the database and `-shm` files), so
//! opening and closing it here releases none of SQLite's POSIX locks.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;

use crate::error::StoreError;

/// Where one waiter hears that the sync it asked for is done.
type Waiter = tokio::sync::oneshot::Sender<Result<(), String>>;

/// The syncer of one database's WAL (a thread, stopped when the last handle is dropped).
pub(crate) struct WalSync {
    requests: mpsc::Sender<Waiter>,
    /// Held by tests to keep syncs from happening ([`crate::Store::hold_wal_syncs`]).
    hold: Arc<tokio::sync::Mutex<()>>,
    /// Syncs done so far.
    done: Arc<AtomicU64>,
}

impl WalSync {
    /// Starts the syncer of the database file `db_path` (its WAL is `<db_path>-wal`).
    pub(crate) fn start(db_path: &Path) -> Result<WalSync, StoreError> {
        let mut wal = db_path.as_os_str().to_owned();
        wal.push("-wal");
        let wal = PathBuf::from(wal);
        let (requests, waiting) = mpsc::channel::<Waiter>();
        let hold = Arc::new(tokio::sync::Mutex::new(()));
        let done = Arc::new(AtomicU64::new(0));
        let (held, counted) = (Arc::clone(&hold), Arc::clone(&done));
        std::thread::Builder::new()
            .name("sqlite-wal-sync".into())
            .spawn(move || {
                while let Ok(first) = waiting.recv() {
                    // Everyone who asked before the sync begins is served by it.
                    let mut served = vec![first];
                    served.extend(waiting.try_iter());
                    let _held = held.blocking_lock();
                    let synced = sync(&wal).map_err(|e| e.to_string());
                    if let Err(e) = &synced {
                        tracing::error!(error = %e, wal = %wal.display(), "syncing the WAL failed");
                    }
                    counted.fetch_add(1, Ordering::SeqCst);
                    for waiter in served {
                        let _ = waiter.send(synced.clone());
                    }
                }
            })
            .map_err(|source| StoreError::OpenSqlite {
                path: db_path.to_path_buf(),
                source: sqlx::Error::Io(source),
            })?;
        Ok(WalSync {
            requests,
            hold,
            done,
        })
    }

    /// Returns once everything committed before the call is durable.
    pub(crate) async fn durable(&self) -> Result<(), StoreError> {
        let (waiter, synced) = tokio::sync::oneshot::channel();
        let stopped = || StoreError::NotDurable("the WAL's syncer has stopped".into());
        self.requests.send(waiter).map_err(|_| stopped())?;
        synced
            .await
            .map_err(|_| stopped())?
            .map_err(StoreError::NotDurable)
    }

    /// Syncs done so far (tests).
    pub(crate) fn done(&self) -> u64 {
        self.done.load(Ordering::SeqCst)
    }

    /// Keeps the syncer from syncing until the guard is dropped (tests).
    pub(crate) async fn hold(&self) -> tokio::sync::OwnedMutexGuard<()> {
        Arc::clone(&self.hold).lock_owned().await
    }
}

/// `fdatasync` of the WAL. No WAL file means none is needed: SQLite removes it only after
/// copying it into the database file and syncing that, when its last connection closes.
fn sync(wal: &Path) -> std::io::Result<()> {
    match std::fs::File::open(wal) {
        Ok(file) => file.sync_data(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use crate::testing::TestDb;

    async fn write(db: &TestDb, sql: &str) -> crate::Tx {
        let mut tx = db.store.begin().await.unwrap();
        crate::on_tx!(&mut tx, c => sqlx::query(sql).execute(&mut **c).await.map(|_| ())).unwrap();
        tx
    }

    /// `Tx::commit` returns only after a sync that began after the commit: with the syncs held,
    /// the change is visible but the commit has not returned; once let through, it returns.
    #[tokio::test]
    async fn a_commit_returns_once_the_wal_is_synced() {
        let db = TestDb::sqlite().await;
        write(&db, "CREATE TABLE synced (x INTEGER)")
            .await
            .commit()
            .await
            .unwrap();
        let (held, before) = db.store.hold_wal_syncs().await.unwrap();
        let tx = write(&db, "INSERT INTO synced VALUES (1)").await;
        let mut commit = tokio::spawn(tx.commit());
        let mut visible = false;
        for _ in 0..100 {
            let n: i64 = crate::on_read!(db.store, pool =>
                sqlx::query_scalar("SELECT COUNT(*) FROM synced").fetch_one(pool).await)
            .unwrap();
            if n == 1 {
                visible = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        assert!(visible, "committed");
        assert!(
            tokio::time::timeout(Duration::from_millis(300), &mut commit)
                .await
                .is_err(),
            "the commit returned before the WAL was synced"
        );
        drop(held);
        commit.await.unwrap().unwrap();
        let (_, after) = db.store.hold_wal_syncs().await.unwrap();
        assert!(after > before);
    }

    /// The writer connection leaves the syncing to the WAL's syncer (`synchronous=NORMAL`, 1),
    /// and a commit that is only visible returns while the syncs are held.
    #[tokio::test]
    async fn a_visible_commit_does_not_wait_for_the_sync() {
        let db = TestDb::sqlite().await;
        let mut tx = write(&db, "CREATE TABLE visible (x INTEGER)").await;
        let level: i64 = crate::on_tx!(&mut tx, c =>
            sqlx::query_scalar("SELECT synchronous FROM pragma_synchronous").fetch_one(&mut **c).await)
        .unwrap();
        assert_eq!(level, 1);
        let (held, _) = db.store.hold_wal_syncs().await.unwrap();
        let committed = tokio::time::timeout(Duration::from_secs(5), tx.commit_visible())
            .await
            .expect("a visible commit does not wait for the sync")
            .unwrap();
        drop(held);
        committed.durable().await.unwrap();
    }
}
