//! One reader of new record entries per server process, fanned out to every live client.
//!
//! Without it, each of 10,000 SSE clients would query the database for every new act. Here one
//! task waits for the store's commit notifications, reads the new entries once, and broadcasts
//! them; a client only reads the database to catch up (on connect, after a gap or a lag).

use std::sync::Arc;

use asamblea_record::Entry;
use asamblea_store::Store;
use axum::body::Bytes;
use tokio::sync::broadcast::{self, error::RecvError};

/// How many entries a slow client may fall behind before it catches up from the database.
/// (A hall of 2,000 voting at once appends 2,000 acts within seconds; entries are shared, so
/// the buffer costs little.)
const CAPACITY: usize = 16_384;
/// Entries read from the record at a time.
const READ: usize = 500;

/// A record entry as live clients receive it: framed once, for every client.
#[derive(Debug)]
pub struct LiveEntry {
    pub position: i64,
    pub scope: String,
    /// The act's kind (the session cache forgets logins on some).
    pub kind: String,
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
            position: entry.position,
            scope: entry.scope,
            kind: entry.kind,
        }
    }
}

#[derive(Clone)]
pub struct LiveFeed {
    sender: broadcast::Sender<Arc<LiveEntry>>,
}

impl LiveFeed {
    /// Starts the reader task (needs a tokio runtime).
    pub fn start(store: Store) -> LiveFeed {
        let (sender, _) = broadcast::channel(CAPACITY);
        let feed = LiveFeed {
            sender: sender.clone(),
        };
        let mut commits = store.subscribe();
        tokio::spawn(async move {
            let mut after = store
                .head()
                .await
                .ok()
                .flatten()
                .map(|(p, _)| p)
                .unwrap_or(0);
            loop {
                match commits.recv().await {
                    Ok(p) if p <= after => continue,
                    Ok(_) | Err(RecvError::Lagged(_)) => {}
                    Err(RecvError::Closed) => break,
                }
                loop {
                    match store.entries_after(after, READ as i64).await {
                        Ok(entries) if entries.is_empty() => break,
                        Ok(entries) => {
                            let all = entries.len() < READ;
                            for entry in entries {
                                after = entry.position;
                                // No receiver is fine: nobody is listening right now.
                                let _ = sender.send(Arc::new(LiveEntry::from(entry)));
                            }
                            // Fewer than asked: nothing more had been committed (a commit
                            // since sends its position, and the loop reads again), so no
                            // second read per commit to find the end.
                            if all {
                                break;
                            }
                        }
                        Err(e) => {
                            tracing::warn!(error = %e, "live feed: reading the record failed");
                            tokio::time::sleep(std::time::Duration::from_millis(500)).await;
                        }
                    }
                }
            }
        });
        feed
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Arc<LiveEntry>> {
        self.sender.subscribe()
    }
}
