//! `GET /events`: the record's acts as Server-Sent Events, live. Each event's id is its record
//! position, so a client that reconnects with `Last-Event-ID` (browsers do it by themselves)
//! resumes exactly where it stopped. `?assembly=<id>` keeps only that assembly's acts;
//! `?after=<position>` starts after a given position (default: only new acts).
//!
//! A client first catches up from the database, then follows the server's [`LiveFeed`]; a gap
//! (it lagged, or the feed is ahead) sends it back to the database for the missing positions.

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

use crate::extract::Query;
use crate::live::LiveEntry;
use crate::state::AppState;

const BATCH: i64 = 200;
/// A comment line sent after this long without an event, so proxies keep the connection.
const KEEP_ALIVE: Duration = Duration::from_secs(20);

#[derive(Deserialize)]
pub struct EventsQuery {
    assembly: Option<i64>,
    after: Option<i64>,
}

struct Follower {
    store: Store,
    live: Receiver<Arc<LiveEntry>>,
    after: i64,
    scope: Option<String>,
    /// Entries read from the database while catching up, in order.
    backlog: VecDeque<Arc<LiveEntry>>,
    /// Caught up: the next entries come from the live feed.
    following: bool,
}

pub async fn events(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<EventsQuery>,
) -> Response {
    // Subscribe before reading, so nothing committed in between is missed.
    let live = state.live.subscribe();
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
    let follower = Follower {
        store: state.store.clone(),
        live,
        after,
        scope: q.assembly.map(|id| format!("assembly:{id}")),
        backlog: VecDeque::new(),
        following: false,
    };
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

    /// The entry at `self.after + 1`: from the backlog read from the database, or, once caught
    /// up, from the live feed. Reads the database only to catch up (on connect, after a gap or
    /// a lag), never per event.
    async fn next_entry(&mut self) -> Option<Arc<LiveEntry>> {
        loop {
            if let Some(e) = self.take_ready() {
                return Some(e);
            }
            if !self.following {
                match self.store.entries_after(self.after, BATCH).await {
                    Ok(entries) if !entries.is_empty() => {
                        self.backlog
                            .extend(entries.into_iter().map(|e| Arc::new(LiveEntry::from(e))));
                    }
                    Ok(_) => self.following = true,
                    Err(e) => {
                        tracing::warn!(error = %e, "events: reading the record failed");
                        tokio::time::sleep(Duration::from_secs(1)).await;
                    }
                }
                continue;
            }
            match self.live.recv().await {
                Ok(e) => {
                    if let Some(e) = self.accept(e) {
                        return Some(e);
                    }
                }
                Err(RecvError::Lagged(_)) => self.following = false,
                Err(RecvError::Closed) => return None,
            }
        }
    }

    /// The entry at `self.after + 1` if it is ready now (backlog first, then the live feed).
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
                Err(TryRecvError::Lagged(_)) => self.following = false,
                Err(_) => break,
            }
        }
        None
    }

    /// A live entry: the next one, one already sent (skipped), or one past a gap (back to the
    /// database, which has the missing ones and this one).
    fn accept(&mut self, e: Arc<LiveEntry>) -> Option<Arc<LiveEntry>> {
        if e.position == self.after + 1 {
            Some(e)
        } else {
            if e.position > self.after {
                self.following = false;
            }
            None
        }
    }
}

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

    fn follower(store: &Store, live: Receiver<Arc<LiveEntry>>, scope: Option<&str>) -> Follower {
        Follower {
            store: store.clone(),
            live,
            after: 0,
            scope: scope.map(str::to_string),
            backlog: VecDeque::new(),
            following: false,
        }
    }

    async fn positions(f: &mut Follower, n: usize) -> Vec<i64> {
        let mut out = Vec::new();
        while out.len() < n {
            let e = tokio::time::timeout(Duration::from_secs(5), f.next_visible())
                .await
                .expect("an entry")
                .expect("the feed is open");
            out.push(e.position);
            out.extend(f.ready_visible().iter().map(|e| e.position));
        }
        out
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
        tx.send(more[2].clone()).unwrap();
        assert_eq!(positions(&mut f, 3).await, [13, 14, 15]);
        // A lag: 20 entries into a feed of 4; the follower reads the record for the lost ones.
        let burst = acts(&db.store, 20).await;
        for e in &burst {
            let _ = tx.send(e.clone());
        }
        assert_eq!(positions(&mut f, 20).await, (16..=35).collect::<Vec<i64>>());
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
