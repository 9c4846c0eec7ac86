//! kill -9 durability: a child process appends acts one per transaction and prints each
//! position after its commit returns; we SIGKILL it mid-stream, reopen the database, and check
//! that every printed position is there and the chain verifies.
//!
//! The child is this same test binary, re-executed with `ASAMBLEA_DURABILITY_CHILD=<url>` to
//! run the ignored test `child_writer` (which does nothing otherwise).

use asamblea_store::testing::TestDb;
use asamblea_store::{NewAct, Store};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const CHILD_ENV: &str = "ASAMBLEA_DURABILITY_CHILD";
const MARK: &str = "COMMITTED ";

/// The child's body: append forever, printing each committed position.
#[tokio::test]
#[ignore = "the kill -9 tests' child process: they run it themselves"]
async fn child_writer() {
    let Ok(url) = std::env::var(CHILD_ENV) else {
        return;
    };
    // The child only appends: it needs no signing key.
    let store = Store::open_with_key(
        Some(&url),
        std::path::Path::new("."),
        asamblea_store::KeySource::None,
    )
    .await
    .expect("child open");
    let mut i: i64 = 0;
    loop {
        i += 1;
        let mut tx = store.begin().await.expect("begin");
        tx.append(NewAct {
            actor: None,
            kind: "test.durability".into(),
            scope: "instance".into(),
            payload: serde_json::json!({"i": i, "pad": "x".repeat((i % 50) as usize)}),
        })
        .await
        .expect("append");
        let positions = tx.commit().await.expect("commit");
        for p in positions {
            // println! flushes on newline only for a terminal; write and flush explicitly.
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "{MARK}{p}");
            let _ = out.flush();
        }
    }
}

/// The position in a child's output line (libtest may print `test child_writer ... ` before
/// the first one on the same line).
fn position_in(line: &str) -> Option<i64> {
    let at = line.find(MARK)? + MARK.len();
    line[at..].trim().parse().ok()
}

async fn kill_mid_stream(db: TestDb, kills: usize) {
    let exe = std::env::current_exe().expect("current exe");
    let url = db.url().to_string();
    db.store.close().await;
    let mut printed: Vec<i64> = Vec::new();
    for round in 0..kills {
        let mut child = Command::new(&exe)
            .args([
                "--ignored",
                "--exact",
                "durability::child_writer",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_ENV, &url)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn child");
        let stdout = child.stdout.take().expect("stdout");
        let mut lines = BufReader::new(stdout).lines();
        let target = 50 + 37 * round;
        let start = Instant::now();
        let mut seen_this_round = 0;
        while seen_this_round < target && start.elapsed() < Duration::from_secs(60) {
            match lines.next() {
                Some(Ok(line)) => {
                    if let Some(p) = position_in(&line) {
                        printed.push(p);
                        seen_this_round += 1;
                    }
                }
                _ => break,
            }
        }
        // SIGKILL, mid-transaction most likely.
        child.kill().expect("kill -9");
        // Lines printed before the kill are still in the pipe: they were committed too.
        for line in lines.map_while(Result::ok) {
            if let Some(p) = position_in(&line) {
                printed.push(p);
            }
        }
        let _ = child.wait();
        assert!(
            seen_this_round > 0,
            "child printed nothing in round {round}"
        );
    }
    let store = Store::open(Some(&url), db.data_dir())
        .await
        .expect("reopen");
    let report = store.verify().await.expect("chain intact after kill -9");
    assert_eq!(printed.first(), Some(&1), "the first commit was printed");
    let max = printed.iter().copied().max().expect("some positions");
    assert!(
        report.last_position >= max,
        "printed {max} but head is {}",
        report.last_position
    );
    for p in &printed {
        assert!(store.entry(*p).await.expect("read").is_some(), "lost {p}");
    }
    // Printed positions only grow (one act may be committed but unprinted at each kill).
    for w in printed.windows(2) {
        assert!(w[1] > w[0], "positions {printed:?}");
    }
    store.close().await;
    db.cleanup().await;
}

/// Kills per test: 3 in the suite, `ASAMBLEA_KILL_ROUNDS` for the long trial
/// (`scripts/reliability`, RELIABILITY.md).
fn kill_rounds() -> usize {
    std::env::var("ASAMBLEA_KILL_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3)
}

#[test]
fn sqlite_survives_kill_9() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let db = TestDb::sqlite().await;
        kill_mid_stream(db, kill_rounds()).await;
    });
}

#[test]
fn postgres_survives_kill_9() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let db = TestDb::postgres().await;
        kill_mid_stream(db, kill_rounds()).await;
    });
}
