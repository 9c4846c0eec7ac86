//! Coalescing of live events: under a burst of ballots a screen needs the latest count of each
//! vote, not one event per batch. Pure: no IO, no clock (the caller decides when to flush).
//!
//! An entry with a *topic* (see [`topic`]) may be replaced by a later entry of the same topic;
//! every other entry is never dropped. The rules, which keep `Last-Event-ID` resumption exact:
//! - held entries leave in record order, all together ([`Coalescer::flush`]), so event ids only
//!   grow;
//! - an entry without a topic first flushes whatever is held (it comes later in the record);
//! - so an event `N` is sent only once every entry before `N` without a topic has been sent, and
//!   every topic's latest entry is sent (at the latest at the next flush).

use std::sync::Arc;

use crate::live::LiveEntry;

/// The topic of an act that a later act of the same topic supersedes for a screen: the batches
/// of ballots of one vote or election (their count only goes up; each batch stays in the record,
/// and `GET /events?every=true` gives every one). Everything else (opening,
/// closing, results, items, accounts...) has none and is never coalesced.
pub fn topic(kind: &str, scope: &str, payload: &serde_json::Value) -> Option<String> {
    match kind {
        "vote.ballots_cast" | "vote.ballot_cast" => {
            let vote = payload.get("vote_id")?.as_i64()?;
            Some(format!("{kind} {scope} {vote}"))
        }
        "election.ballots_cast" => Some(format!("{kind} {scope}")),
        _ => None,
    }
}

/// Entries held back, the latest of each topic.
#[derive(Default)]
pub struct Coalescer {
    held: Vec<Arc<LiveEntry>>,
}

impl Coalescer {
    /// Takes `entry` (entries come in record order): held if it has a topic (replacing the one
    /// of the same topic held before), else sent to `out` right after everything held.
    pub fn push(&mut self, entry: Arc<LiveEntry>, out: &mut impl Extend<Arc<LiveEntry>>) {
        match &entry.topic {
            Some(t) => {
                self.held.retain(|h| h.topic.as_ref() != Some(t));
                self.held.push(entry);
            }
            None => {
                self.flush(out);
                out.extend([entry]);
            }
        }
    }

    /// Sends everything held, in record order. (Each entry was appended in order and an
    /// entry's replacement goes to the end, so `held` is already sorted.)
    pub fn flush(&mut self, out: &mut impl Extend<Arc<LiveEntry>>) {
        out.extend(self.held.drain(..));
    }

    pub fn is_empty(&self) -> bool {
        self.held.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Bytes;
    use serde_json::json;

    fn entry(position: i64, kind: &str, vote: i64) -> Arc<LiveEntry> {
        let scope = "assembly:1".to_string();
        Arc::new(LiveEntry {
            position,
            topic: topic(kind, &scope, &json!({ "vote_id": vote })),
            scope,
            kind: kind.into(),
            frame: Bytes::new(),
        })
    }

    fn positions(out: &[Arc<LiveEntry>]) -> Vec<i64> {
        out.iter().map(|e| e.position).collect()
    }

    #[test]
    fn topics_are_the_ballot_batches_of_one_vote() {
        let s = "assembly:1";
        assert!(topic("vote.closed", s, &json!({ "vote_id": 1 })).is_none());
        assert!(
            topic("vote.ballots_cast", s, &json!({})).is_none(),
            "no vote, no topic"
        );
        assert_ne!(
            topic("vote.ballots_cast", s, &json!({ "vote_id": 1 })),
            topic("vote.ballots_cast", s, &json!({ "vote_id": 2 }))
        );
        assert_ne!(
            topic("election.ballots_cast", "election:1", &json!({})),
            topic("election.ballots_cast", "election:2", &json!({}))
        );
    }

    #[test]
    fn the_latest_of_each_topic_leaves_in_order_before_the_next_plain_act() {
        let mut c = Coalescer::default();
        let mut out = Vec::new();
        for e in [
            entry(1, "vote.ballots_cast", 1),
            entry(2, "vote.ballots_cast", 2),
            entry(3, "vote.ballots_cast", 1),
            entry(4, "vote.ballots_cast", 1),
        ] {
            c.push(e, &mut out);
        }
        assert!(out.is_empty(), "all held");
        c.push(entry(5, "vote.closed", 1), &mut out);
        assert_eq!(
            positions(&out),
            [2, 4, 5],
            "vote 2's latest, vote 1's latest, the close"
        );
        assert!(c.is_empty());
        c.push(entry(6, "vote.ballots_cast", 2), &mut out);
        c.flush(&mut out);
        assert_eq!(positions(&out), [2, 4, 5, 6]);
    }
}
