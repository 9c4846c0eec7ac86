//! Seat apportionment: seats from votes (or members) by divisor or largest-remainder methods,
//! with per-entry minimums and maximums, an electoral threshold, explicit tie reports, and two
//! tiers (seats to groups such as labour or peasants first, then within each group).
//!
//! Every decision uses exact integer arithmetic (`u128` and 256-bit cross-multiplication); the
//! decimal numbers in explanations are for reading only.
//!
//! ```
//! use asamblea_rules::apportion::{apportion, Entry, Method, Options};
//! let entries: Vec<Entry> = [("A", 100_000), ("B", 80_000), ("C", 30_000), ("D", 20_000)]
//!     .into_iter().map(|(n, v)| Entry::new(n, v)).collect();
//! let result = apportion(&entries, 8, Method::DHondt, &Options::default()).unwrap();
//! assert_eq!(result.seat_counts(), vec![4, 3, 1, 0]);
//! ```

mod arith;
mod divisor;
mod error;
mod method;
mod options;
mod remainder;
mod two_tier;

pub use arith::{DECIMALS, Ratio};
pub use divisor::{Award, Divisor, Quotient};
pub use error::ApportionError;
pub use method::{Method, UnknownMethod};
pub use options::{InvalidThreshold, Options, Threshold, TieBreak};
pub use remainder::{Bound, QuotaRow};
pub use two_tier::{GroupShare, TwoTier, apportion_two_tier};

use serde::Serialize;

/// One party, union, sector or list that receives seats.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// Unique, non-empty name.
    pub name: String,
    /// Votes received, or members represented.
    pub votes: u64,
    /// Seats guaranteed to this entry, whatever its votes.
    pub min: Option<u32>,
    /// Seats this entry may not exceed.
    pub max: Option<u32>,
    /// The group (sector) of a two-tier apportionment, e.g. `labour`.
    pub group: Option<String>,
}

impl Entry {
    /// An entry with votes and no bounds or group.
    pub fn new(name: impl Into<String>, votes: u64) -> Self {
        Self {
            name: name.into(),
            votes,
            min: None,
            max: None,
            group: None,
        }
    }
    /// The same entry with a minimum.
    pub fn with_min(mut self, min: u32) -> Self {
        self.min = Some(min);
        self
    }
    /// The same entry with a maximum.
    pub fn with_max(mut self, max: u32) -> Self {
        self.max = Some(max);
        self
    }
    /// The same entry in a group.
    pub fn in_group(mut self, group: impl Into<String>) -> Self {
        self.group = Some(group.into());
        self
    }
}

/// A tie that decided at least one seat, and how it was resolved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tie {
    /// How many seats were at stake among the contenders.
    pub seats: u32,
    /// Every entry with the tied quotient or remainder (those awarded first).
    pub contenders: Vec<String>,
    /// The contenders that received the seats.
    pub awarded_to: Vec<String>,
    /// The tied quotient (divisor methods) or remainder (largest remainder), as a decimal.
    pub at: String,
    /// The rule that resolved it.
    pub resolved_by: TieBreak,
}

/// How the seats were reached, for the minutes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Explanation {
    /// Divisor methods: seats given before the method ran (minimums), then every award in order.
    Divisor {
        /// Seats seated first because of a minimum, by entry (only entries with a minimum > 0).
        minimums: Vec<(String, u32)>,
        /// The seats awarded by the method, highest quotient first.
        awards: Vec<Award>,
    },
    /// Largest-remainder methods: the quota and, for each entry, its exact share of seats, the
    /// integer part and the remainder.
    LargestRemainder {
        /// Votes per seat among the entries the method distributed to.
        quota: Ratio,
        /// Seats the quota distributed (total minus seats fixed by bounds or thresholds).
        seats: u32,
        /// One row per entry, in input order.
        rows: Vec<QuotaRow>,
    },
}

/// The result of an apportionment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Apportionment {
    pub method: Method,
    /// Seats distributed (the `seats` argument).
    pub total_seats: u32,
    /// Sum of all entries' votes.
    pub total_votes: u128,
    /// Seats per entry, in input order.
    pub seats: Vec<(String, u32)>,
    /// Votes per entry, in input order.
    pub votes: Vec<u64>,
    /// Entries that fell below the threshold (they keep only their minimum).
    pub below_threshold: Vec<String>,
    /// Ties that decided seats.
    pub ties: Vec<Tie>,
    pub explanation: Explanation,
}

impl Apportionment {
    /// Seats per entry, in input order, without names.
    pub fn seat_counts(&self) -> Vec<u32> {
        self.seats.iter().map(|(_, s)| *s).collect()
    }
    /// Seats of the entry with this name.
    pub fn seats_of(&self, name: &str) -> Option<u32> {
        self.seats.iter().find(|(n, _)| n == name).map(|(_, s)| *s)
    }
}

/// The most seats an apportionment may distribute (divisor methods award them one by one and
/// explain each award).
pub const MAX_SEATS: u32 = 1_000_000;

/// An entry after validation: its bounds resolved and whether the method may give it seats.
#[derive(Debug, Clone)]
pub(crate) struct Prepared {
    pub votes: u64,
    pub min: u32,
    /// `u32::MAX` when unbounded.
    pub max: u32,
    /// False for entries with no votes or below the threshold: they get exactly `min`.
    pub eligible: bool,
}

/// Distributes `seats` among `entries` by `method`.
///
/// Minimums are seated first; the method then continues without the entries at their maximum.
/// Entries below the threshold, and entries without votes, get only their minimum. Errors when
/// the entries are invalid (empty or duplicate names, minimum above maximum), when `seats` is
/// above [`MAX_SEATS`], or when the bounds make `seats` impossible to distribute.
pub fn apportion(
    entries: &[Entry],
    seats: u32,
    method: Method,
    options: &Options,
) -> Result<Apportionment, ApportionError> {
    let total_votes: u128 = entries.iter().map(|e| u128::from(e.votes)).sum();
    let prepared = prepare(entries, seats, options, total_votes)?;
    let (counts, ties, explanation) = if method.is_divisor() {
        divisor::run(entries, &prepared, seats, method, options.tie_break)?
    } else {
        remainder::run(entries, &prepared, seats, method, options.tie_break)?
    };
    let below_threshold = entries
        .iter()
        .filter(|e| e.votes > 0 && options.threshold.excludes(e.votes, total_votes))
        .map(|e| e.name.clone())
        .collect();
    Ok(Apportionment {
        method,
        total_seats: seats,
        total_votes,
        votes: entries.iter().map(|e| e.votes).collect(),
        seats: entries
            .iter()
            .zip(counts)
            .map(|(e, s)| (e.name.clone(), s))
            .collect(),
        below_threshold,
        ties,
        explanation,
    })
}

/// Validates the entries and resolves bounds and eligibility.
fn prepare(
    entries: &[Entry],
    seats: u32,
    options: &Options,
    total_votes: u128,
) -> Result<Vec<Prepared>, ApportionError> {
    if seats > MAX_SEATS {
        return Err(ApportionError::TooManySeats { seats });
    }
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::with_capacity(entries.len());
    for e in entries {
        if e.name.trim().is_empty() {
            return Err(ApportionError::EmptyName);
        }
        if !seen.insert(e.name.as_str()) {
            return Err(ApportionError::DuplicateName(e.name.clone()));
        }
        let min = e.min.unwrap_or(0);
        let max = e.max.unwrap_or(u32::MAX);
        if min > max {
            return Err(ApportionError::MinAboveMax {
                name: e.name.clone(),
                min,
                max,
            });
        }
        let eligible = e.votes > 0 && !options.threshold.excludes(e.votes, total_votes);
        out.push(Prepared {
            votes: e.votes,
            min,
            max,
            eligible,
        });
    }
    let min_sum: u64 = out.iter().map(|p| u64::from(p.min)).sum();
    if min_sum > u64::from(seats) {
        return Err(ApportionError::MinimumsExceedSeats {
            minimums: min_sum,
            seats,
        });
    }
    let capacity: u64 = out
        .iter()
        .map(|p| u64::from(if p.eligible { p.max } else { p.min }))
        .sum();
    if capacity < u64::from(seats) {
        return Err(ApportionError::NotEnoughCapacity { capacity, seats });
    }
    Ok(out)
}
