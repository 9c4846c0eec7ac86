//! One reader of new record entries per server process, fanned out to every live client.
//!
//! Without it, each of 10,000 SSE clients would query the database for every new act. Here one
//! task waits for the store's commit notifications (on PostgreSQL also those of other servers,
//! through `LISTEN`), reads the new entries once, and broadcasts them on two channels:
//! - *every* entry, for the session cache and `GET /events?every=true`;
//! - *coalesced* (`coalesce.rs`): batches of ballots of one vote are held for at most
//!   [`WINDOW`] and only the latest leaves, so 10,000 screens get a few updates per second per
//!   vote during a burst instead of one per batch. Anything else leaves at once (after what is
//!   held), so a close reaches screens without waiting.
//!
//! The feed reads only up to the last position announced to it, never what it finds committed
//! past it: a ballot writer's batch is visible in the database before it is durable (SQLite,
//! the store's `wal_sync.rs`), and is announced only once it is.
//!
//! A client only reads the database to catch up (on connect, after a gap or a lag), and then
//! only for entries older than the last ones the feed read, which it keeps in memory for every
//! client (`recent.rs`; at start, the record's last ones).

use std::sync::Arc;
use std::time::Duration;

use asamblea_record::Entry;
use asamblea_store::Store;
use axum::body::Bytes;
use tokio::sync::broadcast::{self, error::RecvError};
use tokio::time::Instant;

use crate::coalesce::{Coalescer, topic};
use crate::recent::{self, Recent};

/// How many entries a slow client may fall behind before it catches up from the database.
/// (A hall of 2,000 voting at once appends 2,000 acts within seconds; entries are shared, so
/// the buffer costs little.)
const CAPACITY: usize = 16_384;
/// Entries read from the record at a time.
const READ: usize = 500;

/// Batches of ballots of one vote reach screens at most once per window (the first at once).
pub const WINDOW: Duration = Duration::from_millis(250);

/// A record entry as live clients receive it: framed once, for every client.
#[derive(Debug)]
pub struct LiveEntry {
    pub position: i64,
    pub scope: String,
    /// The act's kind (the session cache forgets logins on some).
    pub kind: String,
    /// What a later entry of the same topic replaces on screens (`coalesce::topic`).
    pub topic: Option<String>,
    /// The whole Server-Sent Event, `id: <position>\nevent: act\ndata: <entry as JSON>\n\n`:
    /// each client's response shares these bytes (a reference count, no copy).
    pub frame: Bytes,
}

impl From<Entry> for LiveEntry {
    fn from(entry: Entry) -> Self {
        // Compact JSON has no raw line breaks (they are escaped inside strings), so the entry
        // fits one `data:` line.
        let json = serde_json::to_string(&entry).unwrap_or_default();
        LiveEntry {
            frame: Bytes::from(format!(
                "id: {}\nevent: act\ndata: {json}\n\n",
                entry.position
            )),
            topic: topic(&entry.kind, &entry.scope, &entry.payload),
            position: entry.position,
            scope: entry.scope,
            kind: entry.kind,
        }
    }
}

/// An entry on one of the feed's channels, with the position of the entry sent before it on
/// that channel: whoever has everything up to `prev` (or further, short of `entry`) misses
/// nothing by taking `entry` next. On the coalesced channel the entries in between were
/// batches of ballots replaced by `entry` or by ones after it.
#[derive(Clone, Debug)]
pub struct Live {
    pub prev: i64,
    pub entry: Arc<LiveEntry>,
}

#[derive(Clone)]
pub struct LiveFeed {
    every: broadcast::Sender<Live>,
    coalesced: broadcast::Sender<Live>,
    recent: Arc<Recent>,
}

impl LiveFeed {
    /// Starts the reader task (needs a tokio runtime).
    pub fn start(store: Store) -> LiveFeed {
        LiveFeed::start_with(store, CAPACITY, WINDOW)
    }

    /// [`LiveFeed::start`] with another channel capacity and window (for tests).
    pub fn start_with(store: Store, capacity: usize, window: Duration) -> LiveFeed {
        let feed = LiveFeed {
            every: broadcast::channel(capacity).0,
            coalesced: broadcast::channel(capacity).0,
            recent: Arc::new(Recent::default()),
        };
        let (every, coalesced) = (feed.every.clone(), feed.coalesced.clone());
        let recent = feed.recent.clone();
        tokio::spawn(async move {
            let mut commits = store.subscribe();
            let mut after = store
                .head()
                .await
                .ok()
                .flatten()
                .map(|(p, _)| p)
                .unwrap_or(0);
            // The record's last entries, for the screens that come back after a restart.
            let kept = recent::KEPT as i64;
            // All at once: a client that found only some of them would take itself for caught
            // up, and the rest never come on the channels.
            if let Ok(last) = store.entries_after((after - kept).max(0), kept).await {
                recent.fill(
                    last.into_iter()
                        .filter(|e| e.position <= after)
                        .map(|e| Arc::new(LiveEntry::from(e))),
                );
            }
            let mut out = Outbox {
                sender: coalesced,
                prev: after,
                window,
                last: None,
                held: Coalescer::default(),
            };
            // The last position announced: durable, and so is everything before it.
            let mut announced = after;
            loop {
                let due = out.due();
                tokio::select! {
                    r = commits.recv() => match r {
                        Ok(p) if p <= after => continue,
                        Ok(p) => announced = announced.max(p),
                        // The channel keeps the latest positions: the next `recv` has them.
                        Err(RecvError::Lagged(_)) => continue,
                        Err(RecvError::Closed) => break,
                    },
                    _ = tokio::time::sleep_until(due.unwrap_or_else(Instant::now)), if due.is_some() => {
                        out.flush();
                        continue;
                    }
                }
                while after < announced {
                    let want = (announced - after).min(READ as i64);
                    match store.entries_after(after, want).await {
                        Ok(entries) if entries.is_empty() => break,
                        Ok(entries) => {
                            let short = (entries.len() as i64) < want;
                            for entry in entries {
                                after = entry.position;
                                let entry = Arc::new(LiveEntry::from(entry));
                                // Kept before it is sent: a client that subscribed, then
                                // reads what is kept, misses nothing.
                                recent.push(entry.clone());
                                // No receiver is fine: nobody is listening right now.
                                let _ = every.send(Live {
                                    prev: after - 1,
                                    entry: entry.clone(),
                                });
                                out.push(entry);
                            }
                            // Fewer than announced (an announced act is committed, so
                            // not expected): read again at the next announcement rather
                            // than spin.
                            if short {
                                break;
                            }
                        }
                        Err(e) => {
                            tracing::warn!(error = %e, "live feed: reading the record failed");
                            tokio::time::sleep(Duration::from_millis(500)).await;
                        }
                    }
                }
                if out.due().is_some_and(|t| t <= Instant::now()) {
                    out.flush();
                }
            }
            out.flush();
        });
        feed
    }

    /// Every entry, one by one.
    pub fn subscribe_every(&self) -> broadcast::Receiver<Live> {
        self.every.subscribe()
    }

    /// Entries with batches of ballots coalesced (see the module's description).
    pub fn subscribe(&self) -> broadcast::Receiver<Live> {
        self.coalesced.subscribe()
    }

    /// The last entries read, for clients catching up.
    pub fn recent(&self) -> Arc<Recent> {
        self.recent.clone()
    }
}

/// The coalesced channel's sender and what it holds back.
struct Outbox {
    sender: broadcast::Sender<Live>,
    /// The last position sent.
    prev: i64,
    window: Duration,
    /// When held entries last left.
    last: Option<Instant>,
    held: Coalescer,
}

impl Outbox {
    fn push(&mut self, entry: Arc<LiveEntry>) {
        let mut ready = Vec::new();
        self.held.push(entry, &mut ready);
        self.send(ready);
    }

    /// When what is held must leave: one window after the last time held entries left (at
    /// once if that was longer ago), or never if nothing is held.
    fn due(&self) -> Option<Instant> {
        if self.held.is_empty() {
            return None;
        }
        Some(self.last.map_or_else(Instant::now, |t| t + self.window))
    }

    fn flush(&mut self) {
        let mut ready = Vec::new();
        self.held.flush(&mut ready);
        self.send(ready);
    }

    fn send(&mut self, ready: Vec<Arc<LiveEntry>>) {
        if ready.iter().any(|e| e.topic.is_some()) {
            self.last = Some(Instant::now());
        }
        for entry in ready {
            let prev = std::mem::replace(&mut self.prev, entry.position);
            let _ = self.sender.send(Live { prev, entry });
        }
    }
}

#[cfg(test)]
#[path = "live_announced.rs"]
mod live_announced;
