//! `GET /events`: the record's acts as Server-Sent Events, live. Each event's id is its record
//! position, so a client that reconnects with `Last-Event-ID` (browsers do it by themselves)
//! resumes exactly where it stopped. `?assembly=<id>` keeps only that assembly's acts;
//! `?after=<position>` starts after a given position (default: only new acts).

use std::collections::VecDeque;
use std::convert::Infallible;
use std::time::Duration;

use asamblea_record::Entry;
use asamblea_store::Store;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::Stream;
use serde::Deserialize;
use tokio::sync::broadcast::{Receiver, error::RecvError};

use crate::state::AppState;

const BATCH: i64 = 200;

#[derive(Deserialize)]
pub struct EventsQuery {
    assembly: Option<i64>,
    after: Option<i64>,
}

struct Feed {
    store: Store,
    live: Receiver<i64>,
    after: i64,
    scope: Option<String>,
    buffer: VecDeque<Entry>,
}

pub async fn events(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<EventsQuery>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    // Subscribe before reading, so nothing committed in between is missed.
    let live = state.store.subscribe();
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
    let feed = Feed {
        store: state.store.clone(),
        live,
        after,
        scope: q.assembly.map(|id| format!("assembly:{id}")),
        buffer: VecDeque::new(),
    };
    let stream = futures_util::stream::unfold(feed, |mut feed| async move {
        let entry = next_entry(&mut feed).await?;
        let data = serde_json::to_string(&entry).unwrap_or_default();
        let event = Event::default()
            .id(entry.position.to_string())
            .event("act")
            .data(data);
        Some((Ok(event), feed))
    });
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(20)))
}

/// The next visible entry after `feed.after`, waiting for new commits when there is none.
/// `None` ends the stream (the store is gone).
async fn next_entry(feed: &mut Feed) -> Option<Entry> {
    loop {
        while let Some(entry) = feed.buffer.pop_front() {
            feed.after = entry.position;
            let visible = feed.scope.as_ref().is_none_or(|s| &entry.scope == s);
            if visible {
                return Some(entry);
            }
        }
        match feed.store.entries_after(feed.after, BATCH).await {
            Ok(entries) if !entries.is_empty() => {
                feed.buffer.extend(entries);
                continue;
            }
            Ok(_) => {}
            Err(e) => {
                tracing::warn!(error = %e, "events: reading the record failed");
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
        }
        // Caught up: wait for a commit past our position.
        loop {
            match feed.live.recv().await {
                Ok(p) if p > feed.after => break,
                Ok(_) => continue,
                Err(RecvError::Lagged(_)) => break,
                Err(RecvError::Closed) => return None,
            }
        }
    }
}
