//! The observers of a run, in this process or in a second one (`asamblea-load observe`), so that
//! a hall's ballot clients and its screens each fit their own process's limit on open files
//! (10,000 + 10,000 connections do not fit one process limited to 20,000).
//!
//! The second process talks in lines of JSON. It reads on its standard input `{"url": U}` when
//! the server was started again and `{"stop": true}` at the end; it writes `{"connected": …}`
//! once its observers have connected, `{"live": N, "opened": M}` when the number of open streams
//! (or of streams opened since the start, reconnections included) changes, and
//! `{"traces": […]}` when stopped. Times cross as wall-clock nanoseconds, turned back into this
//! process's `Instant`s (both read the same machine's clock).

use std::path::Path;
use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::process::{Child, ChildStdout};
use tokio::sync::{mpsc, watch};

use crate::Fallible;
use crate::observers::{self, Observers, Run, Trace};

/// The observers of a run.
pub enum Screens {
    Here(Observers),
    Apart(Box<Apart>),
}

/// Observers in a second process.
pub struct Apart {
    child: Child,
    lines: tokio::io::Lines<BufReader<ChildStdout>>,
    commands: mpsc::UnboundedSender<Value>,
    live: Arc<AtomicUsize>,
    /// Streams it opened since the start, reconnections included.
    opened: usize,
    connected: usize,
    connect_time: Duration,
    /// Its resident memory (KiB) and open files before and after its observers connected.
    pub usage: (u64, usize, u64, usize),
    clock: Clock,
}

impl Screens {
    /// Opens `n` observers (see [`observers::open`]); in a process of the `asamblea-load` binary
    /// `process` when given.
    pub async fn open(
        process: Option<&Path>,
        n: usize,
        tracked: usize,
        path: &'static str,
        after: i64,
        url: watch::Receiver<String>,
        addresses: u16,
    ) -> Fallible<Screens> {
        match process {
            None => Ok(Screens::Here(
                observers::open(n, tracked, path, after, url, addresses).await,
            )),
            Some(bin) => Apart::open(bin, n, tracked, path, after, url, addresses)
                .await
                .map(|a| Screens::Apart(Box::new(a))),
        }
    }

    pub fn connected(&self) -> usize {
        match self {
            Screens::Here(o) => o.connected,
            Screens::Apart(a) => a.connected,
        }
    }

    pub fn connect_time(&self) -> Duration {
        match self {
            Screens::Here(o) => o.connect_time,
            Screens::Apart(a) => a.connect_time,
        }
    }

    /// The second process's id.
    pub fn pid(&self) -> Option<u32> {
        match self {
            Screens::Here(_) => None,
            Screens::Apart(a) => a.child.id(),
        }
    }

    /// Streams opened since the start, reconnections included: take it before a kill, for
    /// [`Screens::back`].
    pub async fn opened(&mut self) -> usize {
        match self {
            Screens::Here(o) => o.opened(),
            Screens::Apart(a) => {
                // The lines it has written so far (none more once it has ended).
                while let Ok(true) =
                    tokio::time::timeout(Duration::from_millis(1), a.read_status()).await
                {
                }
                a.opened
            }
        }
    }

    /// Waits (at most `limit`) until every observer that connected has opened its stream again
    /// since `since` ([`Screens::opened`] before the kill); how long it waited, how many
    /// streams are open, and how many were opened since `since`.
    pub async fn back(&mut self, since: usize, limit: Duration) -> (Duration, usize, usize) {
        let t = Instant::now();
        match self {
            Screens::Here(o) => {
                o.back(since, limit).await;
                (t.elapsed(), o.live(), o.opened().saturating_sub(since))
            }
            Screens::Apart(a) => {
                while (a.opened < since + a.connected
                    || a.live.load(Ordering::SeqCst) < a.connected)
                    && t.elapsed() < limit
                {
                    // The process's lines are read here (`live`), not by a task of their own.
                    let read = tokio::time::timeout(Duration::from_millis(20), a.read_status());
                    if let Ok(false) = read.await {
                        break; // it has ended: nothing more will come
                    }
                }
                let opened = a.opened.saturating_sub(since);
                (t.elapsed(), a.live.load(Ordering::SeqCst), opened)
            }
        }
    }

    /// Ends every observer and returns what each read.
    pub async fn stop(self) -> Fallible<Vec<Trace>> {
        match self {
            Screens::Here(o) => Ok(o.stop().await),
            Screens::Apart(a) => (*a).stop().await,
        }
    }
}

impl Apart {
    async fn open(
        bin: &Path,
        n: usize,
        tracked: usize,
        path: &str,
        after: i64,
        mut url: watch::Receiver<String>,
        addresses: u16,
    ) -> Fallible<Apart> {
        let first = url.borrow_and_update().clone();
        let mut child = tokio::process::Command::new(bin)
            .arg("observe")
            .args(["--observers", &n.to_string()])
            .args(["--tracked-observers", &tracked.to_string()])
            .args(["--path", path])
            .args(["--after", &after.to_string()])
            .args(["--url", &first])
            .args(["--client-addresses", &addresses.to_string()])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| format!("cannot start the observers' process {}: {e}", bin.display()))?;
        let mut stdin = child.stdin.take().ok_or("no stdin")?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let (commands, mut rx) = mpsc::unbounded_channel::<Value>();
        tokio::spawn(async move {
            while let Some(c) = rx.recv().await {
                let line = format!("{c}\n");
                if stdin.write_all(line.as_bytes()).await.is_err() {
                    break;
                }
                let _ = stdin.flush().await;
            }
        });
        // The server started again: its new address to the observers.
        let forward = commands.clone();
        tokio::spawn(async move {
            while url.changed().await.is_ok() {
                let u = url.borrow_and_update().clone();
                if forward.send(json!({ "url": u })).is_err() {
                    break;
                }
            }
        });
        let mut a = Apart {
            child,
            lines: BufReader::new(stdout).lines(),
            commands,
            live: Arc::new(AtomicUsize::new(0)),
            opened: 0,
            connected: 0,
            connect_time: Duration::ZERO,
            usage: (0, 0, 0, 0),
            clock: Clock::now(),
        };
        let first = a.line().await;
        let Some(c) = first.filter(|v| v.get("connected").is_some()) else {
            return Err(a.failed().await);
        };
        let num = |k: &str| c[k].as_u64().unwrap_or(0);
        a.connected = num("connected") as usize;
        a.live.store(a.connected, Ordering::SeqCst);
        a.opened = a.connected;
        a.connect_time = Duration::from_secs_f64(c["connect_s"].as_f64().unwrap_or(0.0));
        a.usage = (
            num("rss_before_kib"),
            num("fds_before") as usize,
            num("rss_kib"),
            num("fds") as usize,
        );
        Ok(a)
    }

    /// The process's next line, parsed; `None` at its end.
    async fn line(&mut self) -> Option<Value> {
        loop {
            let l = self.lines.next_line().await.ok()??;
            if let Ok(v) = serde_json::from_str::<Value>(&l) {
                return Some(v);
            }
        }
    }

    /// Reads one line, a status (`live`, `opened`) or not; false once the process has ended.
    async fn read_status(&mut self) -> bool {
        let Some(v) = self.line().await else {
            return false;
        };
        if let Some(n) = v["live"].as_u64() {
            self.live.store(n as usize, Ordering::SeqCst);
            self.opened = v["opened"].as_u64().unwrap_or(0) as usize;
        }
        true
    }

    /// What the process said when it ended without its answer.
    async fn failed(&mut self) -> String {
        let mut err = String::new();
        if let Some(mut e) = self.child.stderr.take() {
            let _ = tokio::io::AsyncReadExt::read_to_string(&mut e, &mut err).await;
        }
        let _ = self.child.wait().await;
        let err = err.trim().trim_start_matches("asamblea-load: ");
        if err.is_empty() {
            "the observers' process ended without an answer".into()
        } else {
            err.to_string()
        }
    }

    async fn stop(mut self) -> Fallible<Vec<Trace>> {
        let _ = self.commands.send(json!({"stop": true}));
        loop {
            match self.line().await {
                Some(v) if v.get("traces").is_some() => {
                    let _ = self.child.wait().await;
                    return Ok(v["traces"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .map(|t| trace_from(t, &self.clock))
                        .collect());
                }
                Some(_) => continue,
                None => return Err(self.failed().await),
            }
        }
    }
}

/// This process's `Instant` and the wall clock at one moment: to carry times between processes.
#[derive(Clone, Copy)]
pub struct Clock {
    at: Instant,
    wall_ns: i128,
}

impl Clock {
    pub fn now() -> Clock {
        let wall_ns = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as i128);
        Clock {
            at: Instant::now(),
            wall_ns,
        }
    }

    /// An `Instant` of this process as wall-clock nanoseconds.
    pub fn wall(&self, t: Instant) -> i128 {
        if t >= self.at {
            self.wall_ns + (t - self.at).as_nanos() as i128
        } else {
            self.wall_ns - (self.at - t).as_nanos() as i128
        }
    }

    /// Wall-clock nanoseconds as an `Instant` of this process.
    pub fn instant(&self, ns: i128) -> Instant {
        let d = ns - self.wall_ns;
        let abs = Duration::from_nanos(d.unsigned_abs().min(u64::MAX as u128) as u64);
        if d >= 0 {
            self.at + abs
        } else {
            self.at.checked_sub(abs).unwrap_or(self.at)
        }
    }
}

/// A trace as the second process writes it.
pub fn trace_json(t: &Trace, clock: &Clock) -> Value {
    let ns = |i: &Instant| clock.wall(*i).to_string();
    json!({
        "runs": t.runs.iter().map(|r| json!([r.first, r.last, ns(&r.at)])).collect::<Vec<_>>(),
        "closes": t.closes.iter().map(ns).collect::<Vec<_>>(),
        "countings": t.countings.iter().map(ns).collect::<Vec<_>>(),
        "reconnects": t.reconnects,
    })
}

fn trace_from(v: &Value, clock: &Clock) -> Trace {
    let at = |x: &Value| clock.instant(x.as_str().and_then(|s| s.parse().ok()).unwrap_or(0));
    let times = |k: &str| v[k].as_array().into_iter().flatten().map(at).collect();
    Trace {
        runs: v["runs"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|r| Run {
                first: r[0].as_i64().unwrap_or(0),
                last: r[1].as_i64().unwrap_or(0),
                at: at(&r[2]),
            })
            .collect(),
        closes: times("closes"),
        countings: times("countings"),
        reconnects: v["reconnects"].as_u64().unwrap_or(0) as usize,
    }
}

/// The second process (`asamblea-load observe`): opens the observers against `url`, answers as
/// the module's head says, and returns when told to stop (or its input ends).
pub async fn serve(
    n: usize,
    tracked: usize,
    path: &'static str,
    after: i64,
    url: String,
    addresses: u16,
    out: &mut (dyn std::io::Write + Send),
) -> Fallible<()> {
    crate::fds::check(n, None, "the observers' process")?;
    let me = std::process::id();
    let rss = || crate::server::status_kib(me, "VmRSS:");
    let (rss0, fds0) = (rss(), crate::fds::open(None).unwrap_or(0));
    let clock = Clock::now();
    let (url_tx, url_rx) = watch::channel(url);
    let obs = observers::open(n, tracked, path, after, url_rx, addresses).await;
    let say = |out: &mut (dyn std::io::Write + Send), v: Value| {
        let _ = writeln!(out, "{v}");
        let _ = out.flush();
    };
    say(
        out,
        json!({"connected": obs.connected, "connect_s": obs.connect_time.as_secs_f64(),
            "rss_before_kib": rss0, "fds_before": fds0, "rss_kib": rss(),
            "fds": crate::fds::open(None).unwrap_or(0)}),
    );
    let mut input = BufReader::new(tokio::io::stdin()).lines();
    let mut live = (obs.live(), obs.opened());
    let mut tick = tokio::time::interval(Duration::from_millis(20));
    loop {
        tokio::select! {
            line = input.next_line() => {
                let Ok(Some(line)) = line else { break };
                let v: Value = serde_json::from_str(&line).unwrap_or(Value::Null);
                if let Some(u) = v["url"].as_str() {
                    let _ = url_tx.send(u.to_string());
                }
                if v["stop"] == true {
                    break;
                }
            }
            _ = tick.tick() => {
                let now = (obs.live(), obs.opened());
                if now != live {
                    live = now;
                    say(out, json!({"live": now.0, "opened": now.1}));
                }
            }
        }
    }
    let traces = obs.stop().await;
    let traces: Vec<Value> = traces.iter().map(|t| trace_json(t, &clock)).collect();
    say(out, json!({ "traces": traces }));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_trace_crosses_processes_with_its_times() {
        let (here, there) = (Clock::now(), Clock::now());
        let t0 = Instant::now() + Duration::from_millis(5);
        let trace = Trace {
            runs: vec![Run {
                first: 3,
                last: 9,
                at: t0,
            }],
            closes: vec![t0 + Duration::from_millis(40)],
            countings: vec![t0 + Duration::from_millis(20)],
            reconnects: 2,
        };
        let text = trace_json(&trace, &there).to_string();
        let back = trace_from(&serde_json::from_str(&text).unwrap(), &here);
        let near = |a: Instant, b: Instant| {
            let d = if a > b { a - b } else { b - a };
            d < Duration::from_millis(2)
        };
        assert_eq!((back.runs[0].first, back.runs[0].last), (3, 9));
        assert!(near(back.runs[0].at, t0));
        assert!(near(back.closes[0], t0 + Duration::from_millis(40)));
        assert!(near(back.countings[0], t0 + Duration::from_millis(20)));
        assert_eq!(back.reconnects, 2);
    }
}
