//! Chain verification in constant memory: feed entries in order, one at a time.

use crate::checkpoint::Checkpoint;
use crate::entry::{Entry, GENESIS};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Where and why a record stops being a valid chain.
///
/// `position` is the *expected* position at which the chain breaks: the first position `p` for
/// which the record does not hold an intact entry `p` chained to entry `p - 1`. So an edited
/// entry `k` reports `k`; a deleted entry `k` reports `k` (entry `k + 1` turned up where `k`
/// was expected); two swapped entries `j < k` report `j`; an inserted entry reports the
/// position where it was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("record broken at position {position}: {reason}")]
pub struct Broken {
    /// The first bad position.
    pub position: i64,
    /// What was wrong there.
    pub reason: BreakReason,
}

/// What was found wrong at a position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BreakReason {
    /// An entry with another position was found where this one was expected (a deletion,
    /// insertion, duplicate or reordering).
    PositionMismatch {
        /// The position the entry found there claims.
        found: i64,
    },
    /// The stored hash is not the hash of the entry's content (the content was edited).
    HashMismatch {
        /// The hash stored with the entry.
        stored: String,
        /// The hash of the entry's content.
        computed: String,
    },
    /// The entry's `prev` is not the hash of the entry before it.
    PrevMismatch {
        /// The hash of the previous entry.
        expected: String,
        /// The entry's `prev`.
        found: String,
    },
    /// The entry's content cannot be hashed (e.g. a float in the payload).
    Unhashable {
        /// Why.
        detail: String,
    },
    /// A line of an exported file is not an entry or checkpoint.
    BadLine {
        /// 1-based line number in the file.
        line: u64,
        /// Why.
        detail: String,
    },
    /// The final checkpoint does not match the last entry or does not verify.
    BadCheckpoint {
        /// Why.
        detail: String,
    },
    /// A row of the database cannot be read as an entry.
    BadRow {
        /// Why.
        detail: String,
    },
}

impl fmt::Display for BreakReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BreakReason::PositionMismatch { found } => write!(
                f,
                "entry missing or out of order (found an entry claiming position {found})"
            ),
            BreakReason::HashMismatch { stored, computed } => write!(
                f,
                "content does not match its hash (stored {stored}, computed {computed})"
            ),
            BreakReason::PrevMismatch { expected, found } => write!(
                f,
                "prev does not match the previous entry's hash (expected {expected}, found {found})"
            ),
            BreakReason::Unhashable { detail } => write!(f, "entry cannot be hashed: {detail}"),
            BreakReason::BadLine { line, detail } => write!(f, "line {line}: {detail}"),
            BreakReason::BadCheckpoint { detail } => write!(f, "checkpoint: {detail}"),
            BreakReason::BadRow { detail } => write!(f, "unreadable row: {detail}"),
        }
    }
}

/// The outcome of a successful verification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerifyReport {
    /// How many entries were checked.
    pub entries: u64,
    /// Position of the last entry (0 if the record is empty).
    pub last_position: i64,
    /// Hash of the last entry ([`GENESIS`] if the record is empty).
    pub last_hash: String,
    /// The checkpoint that was checked against the last entry, if any.
    pub checkpoint: Option<Checkpoint>,
}

/// Checks a record fed entry by entry, in order, keeping only the previous hash.
///
/// ```
/// use asamblea_record::{ChainVerifier, Entry, GENESIS, NewAct};
/// let e = Entry::seal(1, "2026-01-01T00:00:00.000Z".into(), GENESIS.into(), NewAct {
///     actor: None, kind: "instance.created".into(), scope: "instance".into(),
///     payload: serde_json::json!({}),
/// }).unwrap();
/// let mut v = ChainVerifier::new();
/// v.push(&e).unwrap();
/// assert_eq!(v.finish().entries, 1);
/// ```
#[derive(Debug, Clone)]
pub struct ChainVerifier {
    next_position: i64,
    prev_hash: String,
    entries: u64,
}

impl Default for ChainVerifier {
    fn default() -> Self {
        Self::new()
    }
}

impl ChainVerifier {
    /// A verifier expecting position 1.
    pub fn new() -> Self {
        ChainVerifier {
            next_position: 1,
            prev_hash: GENESIS.to_string(),
            entries: 0,
        }
    }

    /// The position the next entry must have.
    pub fn next_position(&self) -> i64 {
        self.next_position
    }

    /// Hash of the last accepted entry ([`GENESIS`] before the first).
    pub fn last_hash(&self) -> &str {
        &self.prev_hash
    }

    /// Checks the next entry. After an error the verifier's state is unchanged; callers
    /// normally stop at the first error.
    pub fn push(&mut self, e: &Entry) -> Result<(), Broken> {
        let position = self.next_position;
        let broken = |reason| Broken { position, reason };
        if e.position != position {
            return Err(broken(BreakReason::PositionMismatch { found: e.position }));
        }
        let computed = e.compute_hash().map_err(|err| {
            broken(BreakReason::Unhashable {
                detail: err.to_string(),
            })
        })?;
        if computed != e.hash {
            return Err(broken(BreakReason::HashMismatch {
                stored: e.hash.clone(),
                computed,
            }));
        }
        if e.prev != self.prev_hash {
            return Err(broken(BreakReason::PrevMismatch {
                expected: self.prev_hash.clone(),
                found: e.prev.clone(),
            }));
        }
        self.prev_hash = computed;
        self.next_position += 1;
        self.entries += 1;
        Ok(())
    }

    /// A broken-chain error at the next expected position (for callers that find a problem
    /// before they have an entry, e.g. an unreadable row or line).
    pub fn broken_here(&self, reason: BreakReason) -> Broken {
        Broken {
            position: self.next_position,
            reason,
        }
    }

    /// The report for everything pushed so far (no checkpoint).
    pub fn finish(&self) -> VerifyReport {
        VerifyReport {
            entries: self.entries,
            last_position: self.next_position - 1,
            last_hash: self.prev_hash.clone(),
            checkpoint: None,
        }
    }
}
