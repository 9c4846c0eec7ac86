//! The measured part: C clients casting the prepared ballots as fast as they are answered, for a
//! number of ballots or a duration; optionally the server killed with SIGKILL in the middle,
//! started again on the same data, and every unanswered ballot sent again with its `cast_key`.

use std::collections::BTreeMap;
use std::net::IpAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::Value;
use tokio::sync::{Mutex, watch};

use crate::server::{Launch, Server, cpu_seconds, listen_overflows, status_kib, thread_cpu};

/// One ballot to cast: where, as whom, with which body (its `cast_key` inside), and what it
/// chooses (for the count check).
#[derive(Clone, Debug)]
pub struct Ballot {
    pub path: String,
    pub token: Option<Arc<str>>,
    pub body: Value,
    /// The vote's or the election's id.
    pub target: i64,
    pub choice: String,
}

/// An acknowledged ballot.
pub struct Acked {
    pub index: usize,
    pub sent: Instant,
    pub at: Instant,
    /// The receipt's record position (session ballots).
    pub position: Option<i64>,
    /// Answered after a resend (its latency is not a ballot's latency).
    pub resent: bool,
}

/// What the clients saw.
#[derive(Default)]
pub struct Outcome {
    pub acked: Vec<Acked>,
    /// Refusals and failures, by kind (`409 dlg-error-already-voted`, `transport`, ...).
    pub errors: BTreeMap<String, usize>,
    /// Ballots whose answer never came and were not sent again (counted or not: unknown).
    pub unknown: Vec<usize>,
    pub sent: usize,
    pub first_send: Option<Instant>,
    pub last_ack: Option<Instant>,
    pub kill: Option<KillReport>,
    /// The server's CPU seconds (user, system) and its peak resident set (KiB) over the run.
    pub cpu_user: f64,
    pub cpu_sys: f64,
    pub peak_rss_kib: u64,
    /// This tool's own CPU seconds (user + system) over the run: clients and observers share
    /// the machine with the server.
    pub tool_cpu: f64,
    /// Connections the machine's listening sockets dropped during the run (see
    /// [`crate::server::listen_overflows`]).
    pub listen_overflows: Option<u64>,
    /// The server's ballot writers over the run, from its `/metrics` (none when the server was
    /// killed and started again during the run).
    pub writers: Vec<WriterUse>,
    /// The server's threads that used CPU during the run: (name, CPU seconds), busiest first
    /// (none when the server was killed and started again during the run).
    pub threads: Vec<(String, f64)>,
}

/// One ballot writer's work over a run (`asamblea_writer_*` counters of `/metrics`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WriterUse {
    /// `members' ballots` or `sessions' ballots`.
    pub writer: String,
    pub batches: u64,
    pub jobs: u64,
    /// Seconds spent writing batches (from a batch's first statement to its commit's end).
    pub busy_s: f64,
    /// That time by phase of a batch (`begin`, `read`, `check`, …, `commit`), in seconds, in
    /// the order `/metrics` lists them.
    pub phases: Vec<(String, f64)>,
}

/// The writers' counters in a `/metrics` text (Prometheus format), by writer.
pub fn writer_counters(metrics: &str) -> Vec<WriterUse> {
    let mut out: Vec<WriterUse> = Vec::new();
    for line in metrics.lines() {
        let Some((name, rest)) = line.split_once('{') else {
            continue;
        };
        let Some((labels, value)) = rest.split_once("} ") else {
            continue;
        };
        let Ok(value) = value.trim().parse::<f64>() else {
            continue;
        };
        let label = |key: &str| {
            labels.split("\",").find_map(|l| {
                l.strip_prefix(key)?
                    .strip_prefix("=\"")
                    .map(|v| v.trim_end_matches('"').to_string())
            })
        };
        let Some(writer) = label("writer") else {
            continue;
        };
        let i = match out.iter().position(|w| w.writer == writer) {
            Some(i) => i,
            None => {
                out.push(WriterUse {
                    writer,
                    ..WriterUse::default()
                });
                out.len() - 1
            }
        };
        let w = &mut out[i];
        match name {
            "asamblea_writer_batches_total" => w.batches = value as u64,
            "asamblea_writer_jobs_total" => w.jobs = value as u64,
            "asamblea_writer_busy_microseconds_total" => w.busy_s = value / 1e6,
            "asamblea_writer_phase_microseconds_total" => {
                if let Some(phase) = label("phase") {
                    w.phases.push((phase, value / 1e6));
                }
            }
            _ => {}
        }
    }
    out
}

/// What the writers did between two readings (only those that wrote).
fn writers_between(before: &[WriterUse], after: &[WriterUse]) -> Vec<WriterUse> {
    after
        .iter()
        .map(|a| {
            let b = before.iter().find(|b| b.writer == a.writer);
            WriterUse {
                writer: a.writer.clone(),
                batches: a.batches - b.map_or(0, |b| b.batches.min(a.batches)),
                jobs: a.jobs - b.map_or(0, |b| b.jobs.min(a.jobs)),
                busy_s: a.busy_s - b.map_or(0.0, |b| b.busy_s),
                phases: a
                    .phases
                    .iter()
                    .map(|(phase, s)| {
                        let before = b
                            .and_then(|b| b.phases.iter().find(|(p, _)| p == phase))
                            .map_or(0.0, |(_, s)| *s);
                        (phase.clone(), s - before)
                    })
                    .collect(),
            }
        })
        .filter(|w| w.batches > 0)
        .collect()
}

/// Each thread's CPU seconds between two readings, busiest first; threads under a hundredth of
/// a second left out.
fn threads_between(
    before: &[(u32, String, f64)],
    after: &[(u32, String, f64)],
) -> Vec<(String, f64)> {
    let mut used: Vec<(String, f64)> = after
        .iter()
        .map(|(tid, name, s)| {
            let b = before
                .iter()
                .find(|(t, _, _)| t == tid)
                .map_or(0.0, |b| b.2);
            (name.clone(), s - b)
        })
        .filter(|(_, s)| *s >= 0.01)
        .collect();
    used.sort_by(|a, b| b.1.total_cmp(&a.1));
    used
}

/// The server's `/metrics` writers' counters now (empty if it does not answer).
async fn read_writers(url: &str) -> Vec<WriterUse> {
    let Ok(r) = reqwest::get(format!("{url}/metrics")).await else {
        return Vec::new();
    };
    writer_counters(&r.text().await.unwrap_or_default())
}

#[derive(Default, Debug, Clone)]
pub struct KillReport {
    /// Acknowledged ballots when the kill was sent.
    pub acked_before: usize,
    /// Ballots in flight when it died (no answer): all sent again.
    pub unanswered: usize,
    /// Of those, answered `again: true` (committed before the kill) and `again: false`.
    pub recorded_before_kill: usize,
    pub recorded_on_resend: usize,
    /// Resends refused or unanswered (should be 0).
    pub resend_failed: usize,
    /// From the kill to the new server listening.
    pub restart: Duration,
}

/// The server being loaded, shared with the killer and the observers (its URL changes when it
/// is started again).
pub struct Target {
    pub server: Mutex<Server>,
    pub launch: Launch,
    pub url: watch::Sender<String>,
    pub ticks: f64,
}

struct Shared {
    ballots: Arc<Vec<Ballot>>,
    next: AtomicUsize,
    acked: AtomicUsize,
    deadline: Option<Instant>,
    /// Set just before the kill: a transport error after it means "answer lost to the kill".
    killing: AtomicBool,
    url: watch::Receiver<String>,
    resends: Mutex<KillReport>,
}

enum Sent {
    Answered(u16, Value),
    NoAnswer(String),
}

async fn send(client: &reqwest::Client, url: &str, b: &Ballot) -> Sent {
    let mut req = client.post(format!("{url}{}", b.path)).json(&b.body);
    if let Some(t) = &b.token {
        req = req.bearer_auth(t.as_ref());
    }
    match req.send().await {
        Ok(r) => {
            let status = r.status().as_u16();
            match r.json::<Value>().await {
                Ok(v) => Sent::Answered(status, v),
                Err(e) => Sent::NoAnswer(kind_of(&e)),
            }
        }
        Err(e) => Sent::NoAnswer(kind_of(&e)),
    }
}

fn kind_of(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "no answer: timeout".into()
    } else if e.is_connect() {
        "no answer: connect".into()
    } else if e.is_decode() {
        "no answer: body".into()
    } else {
        "no answer: connection".into()
    }
}

fn error_kind(status: u16, v: &Value) -> String {
    match v["error"].as_str() {
        Some(key) => format!("{status} {key}"),
        None => status.to_string(),
    }
}

/// Casts `ballots` from `clients` concurrent clients; kills the server after `kill_after`
/// acknowledgements when asked.
pub async fn drive(
    target: Arc<Target>,
    ballots: Arc<Vec<Ballot>>,
    clients: usize,
    addresses: u16,
    duration: Option<Duration>,
    kill_after: Option<usize>,
) -> Outcome {
    let start = Instant::now();
    let me = std::process::id();
    let tool0 = cpu_seconds(me, target.ticks).unwrap_or_default();
    let overflows0 = listen_overflows();
    let shared = Arc::new(Shared {
        ballots,
        next: AtomicUsize::new(0),
        acked: AtomicUsize::new(0),
        deadline: duration.map(|d| start + d),
        killing: AtomicBool::new(false),
        url: target.url.subscribe(),
        resends: Mutex::new(KillReport::default()),
    });
    let (pid0, cpu0) = {
        let s = target.server.lock().await;
        (s.pid, cpu_seconds(s.pid, target.ticks).unwrap_or_default())
    };
    let mut cpu_before_restart = (0.0, 0.0);
    let mut peak_rss = status_kib(pid0, "VmHWM:");
    let writers0 = read_writers(&target.url.borrow().clone()).await;
    let threads0 = thread_cpu(pid0, target.ticks);

    let killer = kill_after.map(|n| {
        let (target, shared) = (target.clone(), shared.clone());
        tokio::spawn(async move { kill_and_restart(target, shared, n).await })
    });

    let mut tasks = Vec::with_capacity(clients);
    let url = target.url.borrow().clone();
    for k in 0..clients.max(1) {
        let shared = shared.clone();
        let source = crate::source::address(&url, k, addresses);
        tasks.push(tokio::spawn(
            async move { client_loop(shared, source).await },
        ));
    }
    let mut out = Outcome::default();
    for t in tasks {
        if let Ok(part) = t.await {
            merge(&mut out, part);
        }
    }
    if let Some(k) = killer {
        match k.await {
            Ok(Some((report, cpu_old, rss_old))) => {
                let mut r = shared.resends.lock().await.clone();
                r.acked_before = report.acked_before;
                r.restart = report.restart;
                out.kill = Some(r);
                cpu_before_restart = (cpu_old.0 - cpu0.0, cpu_old.1 - cpu0.1);
                peak_rss = peak_rss.max(rss_old);
            }
            // The run ended before the kill's threshold: nothing was killed.
            _ => out.kill = None,
        }
    }
    let s = target.server.lock().await;
    let now = cpu_seconds(s.pid, target.ticks).unwrap_or_default();
    if s.pid == pid0 {
        out.cpu_user = now.0 - cpu0.0;
        out.cpu_sys = now.1 - cpu0.1;
        let writers = read_writers(&target.url.borrow().clone()).await;
        out.writers = writers_between(&writers0, &writers);
        out.threads = threads_between(&threads0, &thread_cpu(s.pid, target.ticks));
    } else {
        // Started again: the killed process until its kill, the new one since its start.
        out.cpu_user = cpu_before_restart.0 + now.0;
        out.cpu_sys = cpu_before_restart.1 + now.1;
    }
    out.peak_rss_kib = peak_rss.max(status_kib(s.pid, "VmHWM:"));
    let tool = cpu_seconds(me, target.ticks).unwrap_or_default();
    out.tool_cpu = (tool.0 + tool.1) - (tool0.0 + tool0.1);
    out.listen_overflows = overflows0
        .zip(listen_overflows())
        .map(|(a, b)| b.saturating_sub(a));
    out
}

fn merge(out: &mut Outcome, part: Outcome) {
    out.acked.extend(part.acked);
    for (k, n) in part.errors {
        *out.errors.entry(k).or_default() += n;
    }
    out.unknown.extend(part.unknown);
    out.sent += part.sent;
    out.first_send = match (out.first_send, part.first_send) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    out.last_ack = out.last_ack.max(part.last_ack);
}

async fn client_loop(shared: Arc<Shared>, source: Option<IpAddr>) -> Outcome {
    let mut out = Outcome::default();
    let Ok(client) = reqwest::Client::builder()
        .timeout(Duration::from_secs(120))
        .local_address(source)
        .build()
    else {
        return out;
    };
    let mut url_rx = shared.url.clone();
    loop {
        if shared.deadline.is_some_and(|d| Instant::now() >= d) {
            break;
        }
        let i = shared.next.fetch_add(1, Ordering::Relaxed);
        let Some(b) = shared.ballots.get(i) else {
            break;
        };
        let url = url_rx.borrow_and_update().clone();
        let t0 = Instant::now();
        out.first_send.get_or_insert(t0);
        out.sent += 1;
        match send(&client, &url, b).await {
            Sent::Answered(200, v) => {
                let at = Instant::now();
                shared.acked.fetch_add(1, Ordering::Relaxed);
                out.last_ack = out.last_ack.max(Some(at));
                out.acked.push(Acked {
                    index: i,
                    sent: t0,
                    at,
                    position: v["record_position"].as_i64(),
                    resent: false,
                });
            }
            Sent::Answered(status, v) => {
                *out.errors.entry(error_kind(status, &v)).or_default() += 1;
            }
            Sent::NoAnswer(kind) => {
                if shared.killing.load(Ordering::SeqCst) || url_rx.has_changed().unwrap_or(false) {
                    resend(&shared, &client, &mut url_rx, i, b, &mut out).await;
                } else {
                    *out.errors.entry(kind).or_default() += 1;
                    out.unknown.push(i);
                }
            }
        }
    }
    out
}

/// A ballot whose answer was lost to the kill: wait for the server to be back, send the same
/// body (same `cast_key`) again.
async fn resend(
    shared: &Shared,
    client: &reqwest::Client,
    url_rx: &mut watch::Receiver<String>,
    i: usize,
    b: &Ballot,
    out: &mut Outcome,
) {
    shared.resends.lock().await.unanswered += 1;
    for _ in 0..5 {
        // The server is started again and the URL sent once it listens.
        if !url_rx.has_changed().unwrap_or(false)
            && tokio::time::timeout(Duration::from_secs(60), url_rx.changed())
                .await
                .is_err()
        {
            break;
        }
        let url = url_rx.borrow_and_update().clone();
        let t0 = Instant::now();
        match send(client, &url, b).await {
            Sent::Answered(200, v) => {
                let at = Instant::now();
                let again = v["again"].as_bool().unwrap_or(false);
                let mut r = shared.resends.lock().await;
                if again {
                    r.recorded_before_kill += 1;
                } else {
                    r.recorded_on_resend += 1;
                }
                shared.acked.fetch_add(1, Ordering::Relaxed);
                out.last_ack = out.last_ack.max(Some(at));
                out.acked.push(Acked {
                    index: i,
                    sent: t0,
                    at,
                    position: v["record_position"].as_i64(),
                    resent: true,
                });
                return;
            }
            Sent::Answered(status, v) => {
                *out.errors
                    .entry(format!("resend: {}", error_kind(status, &v)))
                    .or_default() += 1;
                shared.resends.lock().await.resend_failed += 1;
                return;
            }
            // Still down (or killed again): wait for the next URL.
            Sent::NoAnswer(_) => continue,
        }
    }
    shared.resends.lock().await.resend_failed += 1;
    *out.errors.entry("resend: no answer".into()).or_default() += 1;
    out.unknown.push(i);
}

/// Attempts to start the server again after the kill, 500 ms apart.
const RESTART_TRIES: usize = 20;

/// After `n` acknowledgements: SIGKILL, start again on the same data, publish the new URL.
/// Returns the kill's report, the killed process's CPU (user, sys) and peak RSS.
async fn kill_and_restart(
    target: Arc<Target>,
    shared: Arc<Shared>,
    n: usize,
) -> Option<(KillReport, (f64, f64), u64)> {
    loop {
        let acked = shared.acked.load(Ordering::Relaxed);
        if acked >= n {
            break;
        }
        let done = shared.next.load(Ordering::Relaxed) >= shared.ballots.len()
            || shared.deadline.is_some_and(|d| Instant::now() >= d);
        if done {
            return None;
        }
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    let mut server = target.server.lock().await;
    let cpu = cpu_seconds(server.pid, target.ticks).unwrap_or_default();
    let rss = status_kib(server.pid, "VmHWM:");
    shared.killing.store(true, Ordering::SeqCst);
    let acked_before = shared.acked.load(Ordering::SeqCst);
    server.kill9().await;
    let t = Instant::now();
    let mut fresh = None;
    for _ in 0..RESTART_TRIES {
        match target.launch.start().await {
            Ok(s) => {
                fresh = Some(s);
                break;
            }
            Err(e) => {
                eprintln!("starting the server again after the kill: {e}; trying again");
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
        }
    }
    // Never started again: the unanswered ballots time out waiting and are reported as failed.
    let fresh = fresh?;
    let restart = t.elapsed();
    let url = fresh.url.clone();
    *server = fresh;
    drop(server);
    let _ = target.url.send(url);
    shared.killing.store(false, Ordering::SeqCst);
    Some((
        KillReport {
            acked_before,
            restart,
            ..KillReport::default()
        },
        cpu,
        rss,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_writers_counters_are_read_from_metrics() {
        let text = "# TYPE asamblea_writer_batches_total counter\n\
            asamblea_writer_batches_total{writer=\"members' ballots\"} 10\n\
            asamblea_writer_jobs_total{writer=\"members' ballots\"} 250\n\
            asamblea_writer_busy_microseconds_total{writer=\"members' ballots\"} 1500000\n\
            asamblea_writer_phase_microseconds_total{writer=\"members' ballots\",phase=\"read\"} 400000\n\
            asamblea_writer_phase_microseconds_total{phase=\"commit\",writer=\"members' ballots\"} 1100000\n\
            asamblea_http_requests_total{status=\"200\"} 7\n";
        let after = writer_counters(text);
        assert_eq!(
            after,
            vec![WriterUse {
                writer: "members' ballots".into(),
                batches: 10,
                jobs: 250,
                busy_s: 1.5,
                phases: vec![("read".into(), 0.4), ("commit".into(), 1.1)],
            }]
        );
        let before = vec![WriterUse {
            writer: "members' ballots".into(),
            batches: 4,
            jobs: 50,
            busy_s: 0.5,
            phases: vec![("commit".into(), 0.1)],
        }];
        let run = writers_between(&before, &after);
        assert_eq!((run[0].batches, run[0].jobs), (6, 200));
        assert!((run[0].busy_s - 1.0).abs() < 1e-9);
        assert_eq!(run[0].phases[0], ("read".to_string(), 0.4));
        assert!((run[0].phases[1].1 - 1.0).abs() < 1e-9);
        assert!(writers_between(&after, &after).is_empty());
    }
}
