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
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tokio::sync::broadcast::{Receiver, error::RecvError};

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
    backlog: VecDeque<Arc<LiveEntry>>,
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
    };
    // Each event is the entry's frame, made once for all clients (see `LiveEntry`).
    let stream = futures_util::stream::unfold(follower, |mut f| async move {
        let bytes = match tokio::time::timeout(KEEP_ALIVE, f.next_visible()).await {
            Ok(Some(entry)) => entry.frame.clone(),
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

    /// The entry at `self.after + 1`, from the backlog, the database or the live feed.
    async fn next_entry(&mut self) -> Option<Arc<LiveEntry>> {
        loop {
            while let Some(e) = self.backlog.pop_front() {
                if e.position > self.after {
                    return Some(e);
                }
            }
            // Catch up from the database while it has entries we have not sent.
            match self.store.entries_after(self.after, BATCH).await {
                Ok(entries) if !entries.is_empty() => {
                    self.backlog
                        .extend(entries.into_iter().map(|e| Arc::new(LiveEntry::from(e))));
                    continue;
                }
                Ok(_) => {}
                Err(e) => {
                    tracing::warn!(error = %e, "events: reading the record failed");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                    continue;
                }
            }
            // Caught up: follow the live feed.
            loop {
                match self.live.recv().await {
                    Ok(e) if e.position <= self.after => continue,
                    Ok(e) if e.position == self.after + 1 => return Some(e),
                    // A gap: fetch the missing entries from the database.
                    Ok(e) => {
                        self.backlog.push_back(e);
                        break;
                    }
                    Err(RecvError::Lagged(_)) => break,
                    Err(RecvError::Closed) => return None,
                }
            }
            // Before the backlog's live entry, fill the gap from the database.
            if let Some(first) = self.backlog.front().map(|e| e.position)
                && let Ok(missing) = self
                    .store
                    .entries_after(self.after, first - self.after - 1)
                    .await
            {
                for e in missing.into_iter().rev() {
                    self.backlog.push_front(Arc::new(LiveEntry::from(e)));
                }
            }
        }
    }
}
