//! Observers: open screens, each holding `GET /events`. Each notes when it reads each close
//! (`vote.closed`, `election.closed`); the first `tracked` ones also note when they read every
//! other act, as runs of positions read within one millisecond (so a long vote does not keep one
//! entry per act per screen). After a kill they connect again with `Last-Event-ID`.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock};
use std::time::{Duration, Instant};

use memchr::memmem::Finder;

use tokio::sync::watch;
use tokio::task::JoinHandle;

/// Positions `first..=last` read by one observer, the first of them at `at`.
#[derive(Clone, Copy, Debug)]
pub struct Run {
    pub first: i64,
    pub last: i64,
    pub at: Instant,
}

/// What one observer read.
#[derive(Default)]
pub struct Trace {
    pub runs: Vec<Run>,
    /// When each close was read, in order.
    pub closes: Vec<Instant>,
    /// When each close of an encrypted vote or election was read (`vote.counting`,
    /// `election.counting`: the box closed, the count waits for the trustees), in order.
    pub countings: Vec<Instant>,
    pub reconnects: usize,
}

/// Observers running; [`Observers::stop`] ends them and returns their traces.
pub struct Observers {
    tasks: Vec<JoinHandle<Trace>>,
    stop: watch::Sender<bool>,
    pub connected: usize,
    pub connect_time: Duration,
    /// Streams open right now (they drop at a kill and come back).
    live: Arc<AtomicUsize>,
    /// Streams opened since the start, reconnections included.
    opened: Arc<AtomicUsize>,
}

const RESOLUTION: Duration = Duration::from_millis(1);

/// Opens `n` observers of `/events` (the first `tracked` of them note every act) and waits
/// until each is connected (or failed to).
///
/// They start after record position `after` (the head when they open), and resume from the last
/// position read, or `after`, when they connect again: a screen that read nothing before a kill
/// still gets what was written while it was away.
pub async fn open(
    n: usize,
    tracked: usize,
    path: &'static str,
    after: i64,
    url: watch::Receiver<String>,
    addresses: u16,
) -> Observers {
    let (stop, stop_rx) = watch::channel(false);
    let started = Instant::now();
    let (ready_tx, mut ready_rx) = tokio::sync::mpsc::channel::<bool>(n.max(1));
    let mut tasks = Vec::with_capacity(n);
    let live = Arc::new(AtomicUsize::new(0));
    let opened = Arc::new(AtomicUsize::new(0));
    let first = url.borrow().clone();
    for i in 0..n {
        let (url, stop_rx, ready) = (url.clone(), stop_rx.clone(), ready_tx.clone());
        let (counts, track) = ((live.clone(), opened.clone()), i < tracked);
        let source = crate::source::address(&first, i, addresses);
        tasks.push(tokio::spawn(observe(
            url, path, stop_rx, ready, track, after, counts, source,
        )));
    }
    drop(ready_tx);
    let mut connected = 0;
    for _ in 0..n {
        match tokio::time::timeout(Duration::from_secs(60), ready_rx.recv()).await {
            Ok(Some(true)) => connected += 1,
            Ok(Some(false)) => {}
            _ => break,
        }
    }
    Observers {
        tasks,
        stop,
        connected,
        connect_time: started.elapsed(),
        live,
        opened,
    }
}

impl Observers {
    /// Waits (at most `limit`) until every observer that connected at first has opened its
    /// stream again since `since` streams had been opened ([`Observers::opened`] before a kill),
    /// e.g. after the server was started again.
    pub async fn back(&self, since: usize, limit: Duration) {
        let t = Instant::now();
        while !self.are_back(since) && t.elapsed() < limit {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    fn are_back(&self, since: usize) -> bool {
        self.opened() >= since + self.connected && self.live() >= self.connected
    }

    /// Streams opened since the start, reconnections included.
    pub fn opened(&self) -> usize {
        self.opened.load(Ordering::SeqCst)
    }

    /// Streams open right now.
    pub fn live(&self) -> usize {
        self.live.load(Ordering::SeqCst)
    }

    /// Ends every observer and returns what each read.
    pub async fn stop(self) -> Vec<Trace> {
        let _ = self.stop.send(true);
        let mut traces = Vec::with_capacity(self.tasks.len());
        for t in self.tasks {
            if let Ok(trace) = t.await {
                traces.push(trace);
            }
        }
        traces
    }
}

#[allow(clippy::too_many_arguments)] // one observer's context, passed once
async fn observe(
    mut url: watch::Receiver<String>,
    path: &str,
    mut stop: watch::Receiver<bool>,
    ready: tokio::sync::mpsc::Sender<bool>,
    track: bool,
    after: i64,
    (live, opened): (Arc<AtomicUsize>, Arc<AtomicUsize>),
    source: Option<std::net::IpAddr>,
) -> Trace {
    let mut trace = Trace::default();
    let mut last_id: Option<i64> = Some(after);
    let mut ready = Some(ready);
    let Ok(client) = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .local_address(source)
        .build()
    else {
        if let Some(r) = ready.take() {
            let _ = r.send(false).await;
        }
        return trace;
    };
    loop {
        let base = url.borrow_and_update().clone();
        let mut req = client.get(format!("{base}{path}"));
        if let Some(id) = last_id {
            req = req.header("last-event-id", id.to_string());
        }
        let response = tokio::select! {
            r = req.send() => r,
            _ = stop.changed() => return trace,
        };
        let ok = matches!(&response, Ok(r) if r.status().is_success());
        if let Some(r) = ready.take() {
            let _ = r.send(ok).await;
        }
        if let Ok(mut response) = response.and_then(|r| r.error_for_status()) {
            live.fetch_add(1, Ordering::SeqCst);
            opened.fetch_add(1, Ordering::SeqCst);
            let mut buf: Vec<u8> = Vec::new();
            loop {
                let chunk = tokio::select! {
                    c = response.chunk() => c,
                    _ = stop.changed() => return trace,
                };
                let Ok(Some(chunk)) = chunk else { break };
                let now = Instant::now();
                buf.extend_from_slice(&chunk);
                read_frames(&mut buf, now, track, &mut trace, &mut last_id);
            }
            live.fetch_sub(1, Ordering::SeqCst);
        }
        if *stop.borrow() {
            return trace;
        }
        // The stream ended (the server was killed): wait for it to be back, then resume.
        trace.reconnects += 1;
        tokio::select! {
            _ = url.changed() => {}
            _ = tokio::time::sleep(Duration::from_millis(200)) => {}
            _ = stop.changed() => return trace,
        }
    }
}

/// Takes the complete frames (`id: N\nevent: act\ndata: {...}\n\n`) off the front of `buf`.
fn read_frames(
    buf: &mut Vec<u8>,
    now: Instant,
    track: bool,
    trace: &mut Trace,
    last_id: &mut Option<i64>,
) {
    let mut start = 0;
    while let Some(end) = FRAME_END.find(&buf[start..]) {
        let frame = &buf[start..start + end];
        start += end + 2;
        let Some(id) = frame_id(frame) else { continue };
        *last_id = Some(id);
        if VOTE_CLOSED.find(frame).is_some() || ELECTION_CLOSED.find(frame).is_some() {
            trace.closes.push(now);
        }
        if VOTE_COUNTING.find(frame).is_some() || ELECTION_COUNTING.find(frame).is_some() {
            trace.countings.push(now);
        }
        if track {
            match trace.runs.last_mut() {
                Some(r) if now.duration_since(r.at) < RESOLUTION && id > r.last => r.last = id,
                _ => trace.runs.push(Run {
                    first: id,
                    last: id,
                    at: now,
                }),
            }
        }
    }
    buf.drain(..start);
}

static FRAME_END: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(b"\n\n"));
static VOTE_CLOSED: LazyLock<Finder<'static>> =
    LazyLock::new(|| Finder::new(b"\"kind\":\"vote.closed\""));
static ELECTION_CLOSED: LazyLock<Finder<'static>> =
    LazyLock::new(|| Finder::new(b"\"kind\":\"election.closed\""));
static VOTE_COUNTING: LazyLock<Finder<'static>> =
    LazyLock::new(|| Finder::new(b"\"kind\":\"vote.counting\""));
static ELECTION_COUNTING: LazyLock<Finder<'static>> =
    LazyLock::new(|| Finder::new(b"\"kind\":\"election.counting\""));

/// The frame's `id:` (the server writes it first; any line is accepted).
fn frame_id(frame: &[u8]) -> Option<i64> {
    let line = |l: &[u8]| -> Option<i64> {
        let v = l.strip_prefix(b"id:")?;
        std::str::from_utf8(v).ok()?.trim().parse().ok()
    };
    let first = frame.split(|b| *b == b'\n').next()?;
    line(first).or_else(|| frame.split(|b| *b == b'\n').find_map(line))
}

/// When observer `trace` had read position `p`: the first run reaching `p` or beyond. The stream
/// is in record order, so a later position read means `p` was delivered too (a server that sends
/// a batch of acts as one event, with the last position as its id, is read the same way).
pub fn read_at(trace: &Trace, p: i64) -> Option<Instant> {
    let i = trace.runs.partition_point(|r| r.last < p);
    trace.runs.get(i).map(|r| r.at)
}

/// Ballots' acts to screens: for each sampled position (at most `samples`), the time from the
/// first acknowledgement that named it (`reference`) to each tracked observer reading it.
/// Returns the latencies and how many (position, observer) pairs were never read.
pub fn act_latencies(
    traces: &[Trace],
    reference: &std::collections::BTreeMap<i64, Instant>,
    samples: usize,
) -> (Vec<Duration>, usize) {
    let tracked: Vec<&Trace> = traces.iter().filter(|t| !t.runs.is_empty()).collect();
    let positions: Vec<(&i64, &Instant)> = reference.iter().collect();
    let stride = positions.len().div_ceil(samples.max(1)).max(1);
    let mut out = Vec::new();
    let mut missed = 0;
    for (p, t0) in positions.iter().step_by(stride) {
        for t in &tracked {
            match read_at(t, **p) {
                Some(at) => out.push(at.saturating_duration_since(**t0)),
                None => missed += 1,
            }
        }
    }
    (out, missed)
}

/// The close to screens: for close `k` requested at `requested[k]`, each observer's `k`-th close
/// read (`counting`: the encrypted ones' closes, which wait for their trustees). Returns the
/// latencies and how many (close, observer) pairs were never read.
pub fn close_latencies(
    traces: &[Trace],
    requested: &[Instant],
    counting: bool,
) -> (Vec<Duration>, usize) {
    let mut out = Vec::new();
    let mut missed = 0;
    for t in traces {
        let read = if counting { &t.countings } else { &t.closes };
        for (k, t0) in requested.iter().enumerate() {
            match read.get(k) {
                Some(at) => out.push(at.saturating_duration_since(*t0)),
                None => missed += 1,
            }
        }
    }
    (out, missed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_split_across_chunks_are_read_once_with_their_close() {
        let now = Instant::now();
        let (mut trace, mut last) = (Trace::default(), None);
        let mut buf =
            b"id: 7\nevent: act\ndata: {\"kind\":\"vote.ballot_cast\"}\n\nid: 8\nevent: a".to_vec();
        read_frames(&mut buf, now, true, &mut trace, &mut last);
        assert_eq!(last, Some(7));
        buf.extend_from_slice(b"ct\ndata: {\"kind\":\"vote.closed\"}\n\n: keep-alive\n\n");
        read_frames(&mut buf, now, true, &mut trace, &mut last);
        assert_eq!(last, Some(8));
        assert!(buf.is_empty());
        assert_eq!(trace.closes.len(), 1);
        assert_eq!(trace.runs.len(), 1, "read within the resolution: one run");
        assert_eq!((trace.runs[0].first, trace.runs[0].last), (7, 8));
        assert_eq!(read_at(&trace, 8), Some(now));
        assert_eq!(read_at(&trace, 9), None, "nothing read at or after 9");
    }

    #[test]
    fn an_act_is_seen_in_the_run_that_holds_it() {
        let t0 = Instant::now();
        let later = t0 + Duration::from_millis(40);
        let trace = Trace {
            runs: vec![
                Run {
                    first: 1,
                    last: 3,
                    at: t0,
                },
                Run {
                    first: 5,
                    last: 9,
                    at: later,
                },
            ],
            ..Trace::default()
        };
        assert_eq!(read_at(&trace, 2), Some(t0));
        assert_eq!(read_at(&trace, 9), Some(later));
        assert_eq!(read_at(&trace, 4), Some(later), "delivered with 5..9");
        assert_eq!(read_at(&trace, 10), None, "never read");
        let reference = [(5, t0 + Duration::from_millis(10))].into_iter().collect();
        let (lat, missed) = act_latencies(&[trace], &reference, 10);
        assert_eq!((lat, missed), (vec![Duration::from_millis(30)], 0));
    }
}
