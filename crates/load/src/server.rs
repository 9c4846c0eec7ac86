//! The server under load: `asamblea serve` started by the tool on its own data directory (or an
//! empty PostgreSQL database), killed with SIGKILL and started again on the same data, and its
//! CPU time and memory read from `/proc`.

use std::path::{Path, PathBuf};
use std::process::Stdio;

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::Child;

use crate::Fallible;

/// How to start the server (kept to start it again after a kill).
#[derive(Clone, Debug)]
pub struct Launch {
    /// The `asamblea` binary.
    pub binary: PathBuf,
    /// Its data directory (SQLite file and signing key).
    pub data_dir: PathBuf,
    /// `--database URL` (PostgreSQL), or SQLite in the data directory.
    pub database: Option<String>,
    /// `taskset -c CPUS` around the server, when given.
    pub cpus: Option<String>,
    /// `127.0.0.1:PORT` (0: any free port).
    pub listen: String,
}

/// A running server (killed when dropped).
pub struct Server {
    pub child: Child,
    pub pid: u32,
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    /// The one-time set-up token it printed, if there is no administrator yet.
    pub setup_token: Option<String>,
}

impl Launch {
    /// Starts `asamblea serve --demo --no-demo-story` and waits until it listens.
    pub async fn start(&self) -> Fallible<Server> {
        let mut cmd = match &self.cpus {
            Some(cpus) => {
                let mut c = tokio::process::Command::new("taskset");
                c.args(["-c", cpus]).arg(&self.binary);
                c
            }
            None => tokio::process::Command::new(&self.binary),
        };
        cmd.arg("serve")
            .args(["--demo", "--no-demo-story", "--listen", &self.listen])
            .arg("--data-dir")
            .arg(&self.data_dir)
            .env_remove("ASAMBLEA_DATABASE_URL");
        if let Some(db) = &self.database {
            cmd.args(["--database", db]);
        }
        let mut child = cmd
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", self.binary.display()))?;
        let pid = child.id().ok_or("the server exited at once")?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let mut lines = BufReader::new(stdout).lines();
        let mut setup_token = None;
        loop {
            let line = lines
                .next_line()
                .await
                .map_err(|e| format!("reading the server's output: {e}"))?
                .ok_or("the server stopped before it listened (see `asamblea serve` alone)")?;
            if let Some(i) = line.find("/setup/") {
                setup_token = Some(line[i + 7..].trim().to_string());
            }
            if let Some(i) = line.find("listening on ") {
                let url = line[i + 13..].trim().to_string();
                // Keep draining its output so it never blocks on a full pipe.
                tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
                return Ok(Server {
                    child,
                    pid,
                    url,
                    setup_token,
                });
            }
        }
    }
}

impl Server {
    /// SIGKILL, and wait until the process is gone.
    pub async fn kill9(&mut self) {
        let _ = self.child.start_kill();
        let _ = self.child.wait().await;
    }
}

/// Clock ticks per second of `/proc/PID/stat` (`getconf CLK_TCK`; 100 on Linux in practice).
pub fn clock_ticks() -> f64 {
    std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.trim().parse::<f64>().ok())
        .filter(|t| *t > 0.0)
        .unwrap_or(100.0)
}

/// User and system CPU seconds used so far by process `pid` (all its threads).
pub fn cpu_seconds(pid: u32, ticks: f64) -> Option<(f64, f64)> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat_cpu(&stat, ticks).map(|(_, user, sys)| (user, sys))
}

/// A `stat` file's command name and user and system CPU seconds. The name may hold spaces and
/// parentheses: the fields start after the last ')'.
fn stat_cpu(stat: &str, ticks: f64) -> Option<(String, f64, f64)> {
    let close = stat.rfind(')')?;
    let name = stat[stat.find('(')? + 1..close].to_string();
    let f: Vec<&str> = stat[close + 1..].split_whitespace().collect();
    let user: f64 = f.get(11)?.parse().ok()?;
    let sys: f64 = f.get(12)?.parse().ok()?;
    Some((name, user / ticks, sys / ticks))
}

/// CPU seconds (user + system) used so far by each thread of process `pid`: (thread id, its
/// name, seconds). The name says what the thread is: `tokio-rt-worker` (HTTP), `writer
/// members` and `writer sessions` (the ballot writers on SQLite), `sqlite-writer-N` (SQLite's
/// writer connection), `sqlx-sqlite-worker` (a read connection).
pub fn thread_cpu(pid: u32, ticks: f64) -> Vec<(u32, String, f64)> {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return Vec::new();
    };
    tasks
        .flatten()
        .filter_map(|task| {
            let tid = task.file_name().to_str()?.parse::<u32>().ok()?;
            let stat = std::fs::read_to_string(task.path().join("stat")).ok()?;
            let (name, user, sys) = stat_cpu(&stat, ticks)?;
            Some((tid, name, user + sys))
        })
        .collect()
}

/// A line of `/proc/PID/status` in KiB (`VmRSS`, `VmHWM`: the peak resident set).
pub fn status_kib(pid: u32, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// `asamblea record verify` on the server's data: whether it passed, and what it said.
pub async fn record_verify(launch: &Launch) -> (bool, String) {
    let mut cmd = tokio::process::Command::new(&launch.binary);
    cmd.args(["record", "verify", "--data-dir"])
        .arg(&launch.data_dir)
        .env_remove("ASAMBLEA_DATABASE_URL");
    if let Some(db) = &launch.database {
        cmd.args(["--database", db]);
    }
    match cmd.output().await {
        Ok(o) => {
            let text = format!(
                "{}{}",
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            );
            (o.status.success(), text.trim().to_string())
        }
        Err(e) => (false, format!("cannot run record verify: {e}")),
    }
}

/// The SQLite file of a data directory (where the server keeps it).
pub fn sqlite_file(data_dir: &Path) -> PathBuf {
    asamblea_store::sqlite_path(data_dir)
}

/// The machine's count of connections its listening sockets could not take (`ListenOverflows`
/// of `/proc/net/netstat`; all processes of this network namespace). A client whose connection
/// was dropped there retries after 1 s, 3 s, ...: latencies piling up at those marks come from
/// here, not from the server's work.
pub fn listen_overflows() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/net/netstat").ok()?;
    let mut lines = text.lines().filter(|l| l.starts_with("TcpExt:"));
    let names = lines.next()?;
    let values = lines.next()?;
    let i = names
        .split_whitespace()
        .position(|n| n == "ListenOverflows")?;
    values.split_whitespace().nth(i)?.parse().ok()
}
