//! The load tool (`asamblea-load`, issue 15) on a tiny scenario against this build's server:
//! members with voting codes and delegates in a session, SSE observers, the server killed with
//! SIGKILL mid-run and started again, unanswered ballots sent again with their `cast_key`, killed
//! again after the last answer; every
//! acknowledged ballot counted exactly once, every screen reading every act and close, and the
//! record verifying at the end. The numbers it measures are not asserted (no timing in tests).

use std::path::PathBuf;

use asamblea_load::encrypted::BallotKind;
use asamblea_load::{Config, Scenario, run};
use serde_json::Value;

use crate::common::BIN;

fn tiny(database: Option<String>, data_dir: Option<PathBuf>) -> Config {
    Config {
        binary: PathBuf::from(BIN),
        database,
        data_dir,
        server_cpus: None,
        listen: "127.0.0.1:0".into(),
        scenarios: vec![Scenario::Members, Scenario::Session],
        clients: vec![4],
        // The clients and screens from three loopback addresses, as a hall's run spreads them.
        client_addresses: 3,
        ballots: 40,
        duration: None,
        // 40 ballots over 12 delegates: four votes open at once.
        delegates: 12,
        observers: 3,
        tracked_observers: 3,
        kill_after: Some(15),
        // …and again after the last answer, before the close.
        kill_at_end: true,
        db_rate_seconds: 0.2,
        setup_concurrency: 4,
        observe_every: false,
        kinds: vec![BallotKind::Plaintext],
        observers_process: None,
    }
}

fn check(report: &Value, output: &str) {
    assert_eq!(report["ok"], true, "{output}");
    assert_eq!(report["record_verify"]["passed"], true, "{output}");
    let runs = report["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 2, "one run per scenario: {output}");
    for r in runs {
        assert_eq!(r["prepared"], 40, "{r}");
        assert_eq!(r["acknowledged"], 40, "every ballot acknowledged: {r}");
        assert_eq!(r["count"]["counted"], 40, "{r}");
        assert_eq!(r["count"]["exactly_once"], true, "{r}");
        let kill = &r["kill"];
        assert!(
            kill["acknowledged_before_kill"].as_u64().expect("killed") >= 15,
            "{r}"
        );
        assert_eq!(kill["resend_failed"], 0, "{r}");
        assert!(r["killed_at_end_restart_s"].is_number(), "{r}");
        assert_eq!(r["observers"]["connected"], 3, "{r}");
        // Each screen noticed the kill and opened its stream again before the close.
        let back = &r["observers"]["back_after_restart"];
        assert_eq!(back["streams"], 3, "{r}");
        assert!(back["reopened"].as_u64().expect("reopened") >= 3, "{r}");
        assert_eq!(
            r["observers"]["close_not_seen"], 0,
            "every screen reads the close: {r}"
        );
        assert!(r["latency"]["n"].as_u64().unwrap_or(0) > 0, "{r}");
    }
    // Session ballots are acts: each tracked screen read each sampled one, across the restart.
    let session = &runs[1];
    assert_eq!(session["observers"]["ballot_acts_not_seen"], 0, "{session}");
    assert!(
        session["observers"]["ballot_acts_to_screen"]["n"]
            .as_u64()
            .unwrap_or(0)
            > 0
    );
    assert!(report["database_insert_rate"].is_object(), "{report}");
}

#[tokio::test]
async fn sqlite_load_tool_counts_every_acknowledged_ballot_across_a_kill() {
    let mut out = Vec::new();
    let report = run(&tiny(None, None), &mut out)
        .await
        .expect("the tool ran");
    let output = String::from_utf8_lossy(&out);
    check(&report, &output);
    let rate = &report["database_insert_rate"];
    assert!(
        rate["single_row_commits_per_s"].as_f64().unwrap_or(0.0) > 0.0,
        "{rate}"
    );
    assert!(
        rate["rows_per_s_in_1000_row_transactions"]
            .as_f64()
            .unwrap_or(0.0)
            > 0.0
    );
    assert!(output.contains("overall: ok"), "{output}");
}

#[tokio::test]
async fn postgres_load_tool_counts_every_acknowledged_ballot_across_a_kill() {
    let db = asamblea_store::testing::TestDb::postgres().await;
    let cfg = tiny(
        Some(db.url().to_string()),
        Some(db.data_dir().to_path_buf()),
    );
    let mut out = Vec::new();
    let report = run(&cfg, &mut out).await.expect("the tool ran");
    let output = String::from_utf8_lossy(&out);
    check(&report, &output);
    let rate = &report["database_insert_rate"];
    assert!(
        rate["insert_tx_per_s_1_clients"].as_f64().unwrap_or(0.0) > 0.0,
        "{rate}"
    );
    assert!(
        rate["insert_tx_per_s_32_clients"].as_f64().unwrap_or(0.0) > 0.0,
        "{rate}"
    );
    db.cleanup().await;
}

/// The `asamblea-load` binary next to this build's `asamblea` (cargo builds it with the load
/// crate's own tests: `cargo nextest run --workspace`, or `cargo build -p asamblea-load`).
fn load_binary() -> PathBuf {
    let bin = std::path::Path::new(BIN).with_file_name("asamblea-load");
    assert!(
        bin.exists(),
        "{} is missing: build it first (cargo build -p asamblea-load)",
        bin.display()
    );
    bin
}

/// Plaintext, then encrypted on the device and by the server, in one run of the tool, with the
/// observers in a second process: each encrypted run's count is its boards' tallies as two of
/// the three trustees (`asamblea trustee` processes) decrypted them after the close, and equals
/// what was acknowledged, across a kill in the middle and one after the last answer.
#[tokio::test(flavor = "multi_thread")]
async fn sqlite_load_tool_counts_encrypted_ballots_as_the_trustees_decrypt_them() {
    let mut cfg = tiny(None, None);
    cfg.kinds = vec![
        BallotKind::Plaintext,
        BallotKind::Device,
        BallotKind::Server,
    ];
    // 12 ballots over 6 delegates: two votes open at once.
    (cfg.ballots, cfg.delegates, cfg.kill_after) = (12, 6, Some(5));
    cfg.db_rate_seconds = 0.0;
    cfg.observers_process = Some(load_binary());
    let mut out = Vec::new();
    let report = run(&cfg, &mut out).await.expect("the tool ran");
    let output = String::from_utf8_lossy(&out);
    assert_eq!(report["ok"], true, "{output}");
    assert_eq!(report["record_verify"]["passed"], true, "{output}");
    assert!(output.contains("key ceremony"), "{output}");
    let runs = report["runs"].as_array().expect("runs");
    let kinds: Vec<&str> = runs
        .iter()
        .map(|r| r["ballots"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "plaintext",
            "plaintext",
            "encrypted on the device",
            "encrypted on the device",
            "encrypted by the server",
            "encrypted by the server"
        ],
        "{output}"
    );
    for r in runs {
        assert_eq!(r["acknowledged"], 12, "{r}");
        assert_eq!(r["count"]["counted"], 12, "{r}");
        assert_eq!(r["count"]["exactly_once"], true, "{r}");
        assert_eq!(r["errors"], serde_json::json!({}), "{r}");
        assert!(
            r["kill"]["acknowledged_before_kill"]
                .as_u64()
                .expect("killed")
                >= 5,
            "{r}"
        );
        assert_eq!(r["kill"]["resend_failed"], 0, "{r}");
        assert_eq!(r["observers"]["connected"], 3, "{r}");
        let back = &r["observers"]["back_after_restart"];
        assert_eq!(back["streams"], 3, "{r}");
        assert!(back["reopened"].as_u64().expect("reopened") >= 3, "{r}");
        assert_eq!(r["observers"]["close_not_seen"], 0, "{r}");
        assert!(r["observers"]["process_cpu_s"].is_number(), "{r}");
    }
}
