//! What the load examples share: starting `asamblea serve` as a real process, its memory, and
//! percentiles.

#![allow(dead_code)]

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::Child;

/// A running `asamblea serve` (killed when dropped).
pub struct Server {
    pub child: Child,
    pub pid: u32,
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    /// The one-time set-up token the server printed.
    pub setup_token: String,
}

/// Starts `binary serve [extra] --listen 127.0.0.1:0 --data-dir DIR [--database URL]` and waits
/// until it listens.
pub async fn start(binary: &str, dir: &Path, database: Option<&str>, extra: &[&str]) -> Server {
    let mut cmd = tokio::process::Command::new(binary);
    cmd.arg("serve")
        .args(extra)
        .args(["--listen", "127.0.0.1:0", "--data-dir"])
        .arg(dir);
    if let Some(db) = database {
        cmd.args(["--database", db]);
    }
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("start server");
    let pid = child.id().expect("pid");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let (mut url, mut setup) = (String::new(), None);
    while let Ok(Some(line)) = lines.next_line().await {
        if let Some(i) = line.find("/setup/") {
            setup = Some(line[i + 7..].trim().to_string());
        }
        if let Some(i) = line.find("listening on ") {
            url = line[i + 13..].trim().to_string();
            break;
        }
    }
    Server {
        child,
        pid,
        url,
        setup_token: setup.expect("set-up link"),
    }
}

/// Resident memory of process `pid`, in KiB (0 if unknown).
pub fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// The `p` quantile (0..=1) of sorted durations.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}
