//! The last entries the live feed read, kept in memory for every client of this server.
//!
//! A screen that reconnects (after a restart of the server, a dropped link, or when it lagged
//! behind the feed) first catches up from where it stopped. When 10,000 screens come back at once
//! after a restart, that was 10,000 reads of the database, each framing the same entries again,
//! and the close of the vote that followed reached them seconds late. Entries still here are
//! taken from memory instead, framed once for all; older ones are read from the database as
//! before.
//!
//! The feed puts each entry here before it sends it on its channels, so a client that
//! subscribed to a channel and then reads here misses nothing: an entry not yet here will come on
//! the channel.

use std::collections::VecDeque;
use std::sync::{Arc, RwLock};

use crate::live::LiveEntry;

/// How many of the last entries are kept. A screen is rarely more than a few hundred acts
/// behind; entries are shared with the channels, so they cost little more.
pub const KEPT: usize = 2_048;

/// The last entries read by the feed, consecutive positions.
#[derive(Debug)]
pub struct Recent {
    entries: RwLock<VecDeque<Arc<LiveEntry>>>,
    kept: usize,
}

impl Default for Recent {
    fn default() -> Self {
        Recent::keeping(KEPT)
    }
}

impl Recent {
    /// Keeps the last `kept` entries.
    pub fn keeping(kept: usize) -> Recent {
        Recent {
            entries: RwLock::new(VecDeque::with_capacity(kept)),
            kept: kept.max(1),
        }
    }

    /// Adds the next entry. One that does not follow the last one kept starts again from it, so
    /// what is kept never has a hole.
    pub fn push(&self, entry: Arc<LiveEntry>) {
        let mut entries = self.entries.write().unwrap_or_else(|e| e.into_inner());
        add(&mut entries, entry, self.kept);
    }

    /// Keeps `entries` (consecutive, in order) in place of what was kept, at once: a client
    /// never sees part of them.
    pub fn fill(&self, entries: impl IntoIterator<Item = Arc<LiveEntry>>) {
        let mut kept = VecDeque::with_capacity(self.kept);
        for entry in entries {
            add(&mut kept, entry, self.kept);
        }
        *self.entries.write().unwrap_or_else(|e| e.into_inner()) = kept;
    }

    /// At most `max` entries after `position`, if every entry after it is still kept (an empty
    /// list when `position` is the last one kept or later); `None` when some are not (older
    /// than what is kept, or nothing kept yet): then read them from the database.
    pub fn after(&self, position: i64, max: usize) -> Option<Vec<Arc<LiveEntry>>> {
        let entries = self.entries.read().unwrap_or_else(|e| e.into_inner());
        let first = entries.front()?.position;
        if position + 1 < first {
            return None;
        }
        let skip = usize::try_from(position + 1 - first).unwrap_or(0);
        Some(entries.iter().skip(skip).take(max).cloned().collect())
    }
}

/// Adds `entry` after the last one (after none if it does not follow it), keeping at most `kept`.
fn add(entries: &mut VecDeque<Arc<LiveEntry>>, entry: Arc<LiveEntry>, kept: usize) {
    if entries
        .back()
        .is_some_and(|last| last.position + 1 != entry.position)
    {
        entries.clear();
    }
    if entries.len() == kept {
        entries.pop_front();
    }
    entries.push_back(entry);
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Bytes;

    fn entry(position: i64) -> Arc<LiveEntry> {
        Arc::new(LiveEntry {
            position,
            scope: String::new(),
            kind: "test.act".into(),
            topic: None,
            frame: Bytes::new(),
        })
    }

    fn positions(v: Option<Vec<Arc<LiveEntry>>>) -> Option<Vec<i64>> {
        v.map(|v| v.iter().map(|e| e.position).collect())
    }

    #[test]
    fn keeps_the_last_entries_without_a_hole() {
        let recent = Recent::keeping(4);
        assert_eq!(positions(recent.after(0, 10)), None, "nothing kept yet");
        for p in 1..=6 {
            recent.push(entry(p));
        }
        // 3..=6 are kept.
        assert_eq!(positions(recent.after(1, 10)), None, "2 is no longer kept");
        assert_eq!(positions(recent.after(2, 10)), Some(vec![3, 4, 5, 6]));
        assert_eq!(positions(recent.after(3, 2)), Some(vec![4, 5]));
        assert_eq!(positions(recent.after(6, 10)), Some(vec![]));
        assert_eq!(positions(recent.after(9, 10)), Some(vec![]));
        // A hole: start again from the new entry.
        recent.push(entry(9));
        assert_eq!(positions(recent.after(6, 10)), None);
        assert_eq!(positions(recent.after(8, 10)), Some(vec![9]));
        // Filled at once: what was kept is replaced.
        recent.fill((20..=30).map(entry));
        assert_eq!(positions(recent.after(8, 10)), None);
        assert_eq!(positions(recent.after(26, 10)), Some(vec![27, 28, 29, 30]));
    }
}
