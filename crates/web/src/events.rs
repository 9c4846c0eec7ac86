//! `GET /events`: the record's acts as Server-Sent Events, live. Each event's id is its record
//! position, so a client that reconnects with `Last-Event-ID` (browsers do it by themselves)
//! resumes exactly where it stopped. `?assembly=<id>` keeps only that assembly's acts;
//! `?after=<position>` starts after a given position (default: only new acts).
//!
//! Batches of ballots of one vote are coalesced (`coalesce.rs`): a client gets the latest of
//! them, a few times a second at most during a burst, and never misses any other act (a close,
//! a result, a new item), nor a vote's latest batch; ids only grow, so resuming is exact.
//! `?every=true` sends every act, one by one.
//!
//! A client first catches up (from the entries the feed keeps in memory, `recent.rs`, or from
//! the database for older ones), then follows the server's [`LiveFeed`]; a gap (it lagged, or
//! the feed is ahead) sends it back to catching up for the missing positions.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use asamblea_store::Store;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tokio::sync::broadcast::Receiver;
use tokio::sync::broadcast::error::{RecvError, TryRecvError};

use crate::coalesce::Coalescer;
use crate::extract::Query;
use crate::live::{Live, LiveEntry};
use crate::recent::Recent;
use crate::state::AppState;

const BATCH: i64 = 200;
/// A comment line sent after this long without an event, so proxies keep the connection.
const KEEP_ALIVE: Duration = Duration::from_secs(20);

#[derive(Deserialize, utoipa::IntoParams)]
pub struct EventsQuery {
    /// Only the acts of this assembly (by id).
    assembly: Option<i64>,
    /// Start after this record position (default: only acts recorded from now on). The header
    /// `Last-Event-ID`, which browsers send when they reconnect, takes precedence.
    after: Option<i64>,
    /// Every act, one event each (default: a vote's batches of ballots coalesced, a few a
    /// second at most, its latest batch and every other act always sent).
    every: Option<bool>,
}

struct Follower {
    store: Store,
    /// The entries the feed read last (subscribed to `live` first, so nothing is missed).
    recent: Arc<Recent>,
    live: Receiver<Live>,
    /// The last position sent (or skipped: another assembly's, or replaced by a later batch).
    after: i64,
    /// The last position read from the database while catching up.
    read: i64,
    scope: Option<String>,
    /// Entries read from the database while catching up, in order.
    backlog: VecDeque<Arc<LiveEntry>>,
    /// While catching up, the batches of ballots held back (`None`: every act is sent).
    held: Option<Coalescer>,
    /// Caught up: the next entries come from the live feed.
    following: bool,
}

/// The record's acts as Server-Sent Events, live: events named `act`, each with the act's
/// record position as its `id` and the record entry as JSON as its `data`.
#[utoipa::path(get, path = "/events", tag = "record", params(EventsQuery),
    responses((status = 200, description = "An endless `text/event-stream` of the record's acts",
        body = String, content_type = "text/event-stream")))]
pub async fn events(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<EventsQuery>,
) -> Response {
    let every = q.every.unwrap_or(false);
    // Subscribe before reading, so nothing committed in between is missed.
    let live = if every {
        state.live.subscribe_every()
    } else {
        state.live.subscribe()
    };
    let resume = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<i64>().ok());
    let after = match resume.or(q.after) {
        Some(p) => p.max(0),
        None => state
            .store
            .head()
            .await
            .ok()
            .flatten()
            .map(|(p, _)| p)
            .unwrap_or(0),
    };
    let follower = Follower::new(
        state.store.clone(),
        state.live.recent(),
        live,
        after,
        q.assembly.map(|id| format!("assembly:{id}")),
        !every,
    );
    // Each event is the entry's frame, made once for all clients (see `LiveEntry`). Entries
    // that are already waiting go out together in one chunk (one write instead of many when a
    // hall votes at once).
    let stream = futures_util::stream::unfold(follower, |mut f| async move {
        let bytes = match tokio::time::timeout(KEEP_ALIVE, f.next_visible()).await {
            Ok(Some(entry)) => {
                let mut more = f.ready_visible();
                if more.is_empty() {
                    entry.frame.clone()
                } else {
                    more.insert(0, entry);
                    let len = more.iter().map(|e| e.frame.len()).sum();
                    let mut joined = Vec::with_capacity(len);
                    for e in &more {
                        joined.extend_from_slice(&e.frame);
                    }
                    Bytes::from(joined)
                }
            }
            Ok(None) => return None,
            Err(_) => Bytes::from_static(b":\n\n"),
        };
        Some((Ok::<_, Infallible>(bytes), f))
    });
    let mut response = Body::from_stream(stream).into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/event-stream"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert("x-accel-buffering", HeaderValue::from_static("no"));
    response
}

/// Most entries joined into one chunk.
const JOIN: usize = 256;

impl Follower {
    fn new(
        store: Store,
        recent: Arc<Recent>,
        live: Receiver<Live>,
        after: i64,
        scope: Option<String>,
        coalesce: bool,
    ) -> Follower {
        Follower {
            store,
            recent,
            live,
            after,
            read: after,
            scope,
            backlog: VecDeque::new(),
            held: coalesce.then(Coalescer::default),
            following: false,
        }
    }

    /// The next entry after `self.after` that this client may see. `None` ends the stream.
    async fn next_visible(&mut self) -> Option<Arc<LiveEntry>> {
        loop {
            let entry = self.next_entry().await?;
            self.after = entry.position;
            if self.scope.as_ref().is_none_or(|s| &entry.scope == s) {
                return Some(entry);
            }
        }
    }

    /// The visible entries that are ready now, without waiting (at most [`JOIN`]).
    fn ready_visible(&mut self) -> Vec<Arc<LiveEntry>> {
        let mut ready = Vec::new();
        while ready.len() < JOIN {
            let Some(entry) = self.take_ready() else {
                break;
            };
            self.after = entry.position;
            if self.scope.as_ref().is_none_or(|s| &entry.scope == s) {
                ready.push(entry);
            }
        }
        ready
    }

    /// The next entry to send after `self.after`: from the backlog read from the database, or,
    /// once caught up, from the live feed. Reads the database only to catch up (on connect,
    /// after a gap or a lag), never per event.
    async fn next_entry(&mut self) -> Option<Arc<LiveEntry>> {
        loop {
            if let Some(e) = self.take_ready() {
                return Some(e);
            }
            if !self.following {
                self.catch_up().await;
                continue;
            }
            match self.live.recv().await {
                Ok(e) => {
                    if let Some(e) = self.accept(e) {
                        return Some(e);
                    }
                }
                Err(RecvError::Lagged(_)) => self.fall_behind(),
                Err(RecvError::Closed) => return None,
            }
        }
    }

    /// Reads the next entries into the backlog, from memory if the feed still keeps them, else
    /// from the database (coalesced, unless every act is asked for: within what is read,
    /// batches of a vote replaced by a later one are left out); follows the live feed once
    /// there is nothing more to read.
    async fn catch_up(&mut self) {
        let entries = match self.recent.after(self.read, BATCH as usize) {
            Some(kept) => kept,
            None => match self.store.entries_after(self.read, BATCH).await {
                Ok(entries) => entries
                    .into_iter()
                    .map(|e| Arc::new(LiveEntry::from(e)))
                    .collect(),
                Err(e) => {
                    tracing::warn!(error = %e, "events: reading the record failed");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                    return;
                }
            },
        };
        let end = (entries.len() as i64) < BATCH;
        for e in entries {
            self.read = e.position;
            match &mut self.held {
                Some(held) => held.push(e, &mut self.backlog),
                None => self.backlog.push_back(e),
            }
        }
        if end {
            if let Some(held) = &mut self.held {
                held.flush(&mut self.backlog);
            }
            self.following = true;
        }
    }

    /// Lost the live feed's thread (a gap or a lag): back to the database from what was sent.
    fn fall_behind(&mut self) {
        self.following = false;
        self.read = self.after;
    }

    /// The entry after `self.after` if it is ready now (backlog first, then the live feed).
    fn take_ready(&mut self) -> Option<Arc<LiveEntry>> {
        while let Some(e) = self.backlog.pop_front() {
            if e.position > self.after {
                return Some(e);
            }
        }
        while self.following {
            match self.live.try_recv() {
                Ok(e) => {
                    if let Some(e) = self.accept(e) {
                        return Some(e);
                    }
                }
                Err(TryRecvError::Lagged(_)) => self.fall_behind(),
                Err(_) => break,
            }
        }
        None
    }

    /// A live entry: the next one (what was sent reaches its `prev`), one already sent
    /// (skipped), or one past a gap (back to the database, which has the missing ones and
    /// this one).
    fn accept(&mut self, live: Live) -> Option<Arc<LiveEntry>> {
        let e = live.entry;
        if e.position <= self.after {
            None
        } else if live.prev <= self.after {
            Some(e)
        } else {
            self.fall_behind();
            None
        }
    }
}

#[cfg(test)]
#[path = "events_burst.rs"]
mod burst;

#[cfg(test)]
mod tests {
    use super::*;
    use asamblea_record::NewAct;
    use asamblea_store::testing::TestDb;
    use tokio::sync::broadcast;

    /// Appends `n` acts, alternating between two scopes; returns them as live entries.
    async fn acts(store: &Store, n: usize) -> Vec<Arc<LiveEntry>> {
        let mut out = Vec::new();
        for i in 0..n {
            let mut tx = store.begin().await.unwrap();
            let entry = tx
                .append(NewAct {
                    actor: None,
                    kind: "test.act".into(),
                    scope: format!("assembly:{}", i % 2 + 1),
                    payload: serde_json::json!({ "i": i }),
                })
                .await
                .unwrap();
            tx.commit().await.unwrap();
            out.push(Arc::new(LiveEntry::from(entry)));
        }
        out
    }

    fn follower(store: &Store, live: Receiver<Live>, scope: Option<&str>) -> Follower {
        let recent = Arc::new(Recent::default());
        Follower::new(
            store.clone(),
            recent,
            live,
            0,
            scope.map(str::to_string),
            false,
        )
    }

    fn live(e: &Arc<LiveEntry>) -> Live {
        Live {
            prev: e.position - 1,
            entry: e.clone(),
        }
    }

    /// The next `n` (or more) entries the follower sends.
    async fn sent(f: &mut Follower, n: usize) -> Vec<Arc<LiveEntry>> {
        let mut out = Vec::new();
        while out.len() < n {
            let e = tokio::time::timeout(Duration::from_secs(5), f.next_visible())
                .await
                .expect("an entry")
                .expect("the feed is open");
            out.push(e);
            out.extend(f.ready_visible());
        }
        out
    }

    async fn positions(f: &mut Follower, n: usize) -> Vec<i64> {
        sent(f, n).await.iter().map(|e| e.position).collect()
    }

    async fn frames(f: &mut Follower, n: usize) -> Vec<Bytes> {
        sent(f, n).await.iter().map(|e| e.frame.clone()).collect()
    }

    #[tokio::test]
    async fn catches_up_then_follows_and_recovers_from_a_gap_and_a_lag() {
        let db = TestDb::sqlite().await;
        acts(&db.store, 12).await;
        let (tx, rx) = broadcast::channel(4);
        let mut f = follower(&db.store, rx, None);
        // Catch-up from the record (the live feed has none of these); entries ready together
        // come out together.
        assert_eq!(positions(&mut f, 12).await, (1..=12).collect::<Vec<i64>>());
        // Nothing new: the record has nothing after 12, so it waits on the live feed.
        let waited = tokio::time::timeout(Duration::from_millis(100), f.next_visible()).await;
        assert!(waited.is_err(), "nothing to send yet");
        assert!(f.following, "caught up, so following the live feed");
        // A gap: the feed shows 15 while 13 and 14 were never broadcast.
        let more = acts(&db.store, 3).await;
        tx.send(live(&more[2])).unwrap();
        assert_eq!(positions(&mut f, 3).await, [13, 14, 15]);
        // A lag: 20 entries into a feed of 4; the follower reads the record for the lost ones.
        let burst = acts(&db.store, 20).await;
        for e in &burst {
            let _ = tx.send(live(e));
        }
        assert_eq!(positions(&mut f, 20).await, (16..=35).collect::<Vec<i64>>());
        db.cleanup().await;
    }

    #[tokio::test]
    async fn catches_up_from_memory_what_the_feed_keeps_and_older_entries_from_the_record() {
        let db = TestDb::sqlite().await;
        let from_record = acts(&db.store, 8).await;
        // The feed kept 5..=8; marked so that what comes from memory can be told apart.
        let recent = Arc::new(Recent::keeping(4));
        recent.fill(from_record[4..].iter().map(|e| {
            Arc::new(LiveEntry {
                position: e.position,
                scope: e.scope.clone(),
                kind: e.kind.clone(),
                topic: None,
                frame: Bytes::from(format!("kept {}", e.position)),
            })
        }));
        // From 4 on, everything is kept: nothing is read from the record.
        let (_tx, rx) = broadcast::channel(4);
        let mut f = Follower::new(db.store.clone(), recent.clone(), rx, 4, None, false);
        let kept: Vec<Bytes> = (5..=8).map(|p| Bytes::from(format!("kept {p}"))).collect();
        assert_eq!(frames(&mut f, 4).await, kept);
        assert!(
            f.following,
            "caught up with what is kept, so following the live feed"
        );
        // 3 is no longer kept: the record is read.
        let (_tx, rx) = broadcast::channel(4);
        let mut f = Follower::new(db.store.clone(), recent, rx, 2, None, false);
        let read: Vec<Bytes> = from_record[2..].iter().map(|e| e.frame.clone()).collect();
        assert_eq!(frames(&mut f, 6).await, read);
        db.cleanup().await;
    }

    #[tokio::test]
    async fn a_scoped_follower_sees_only_its_assembly() {
        let db = TestDb::sqlite().await;
        let (_tx, rx) = broadcast::channel(4);
        acts(&db.store, 6).await;
        let mut f = follower(&db.store, rx, Some("assembly:2"));
        assert_eq!(positions(&mut f, 3).await, [2, 4, 6]);
        db.cleanup().await;
    }
}
