//! The result of a count: who is elected, and every round that led there.

use super::Method;

/// The result of [`super::count`]. Vote amounts are fixed point with `decimals` decimals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountResult {
    pub method: Method,
    pub seats: usize,
    pub decimals: u32,
    /// Ballot weight that took part in the count.
    pub valid: u64,
    /// Ballot weight with no usable preference.
    pub invalid: u64,
    /// The quota, for quota rules (the last quota for Meek).
    pub quota: Option<i64>,
    /// Elected candidates, in order of election.
    pub elected: Vec<u32>,
    /// Full ranking (Schulze), best first.
    pub ranking: Option<Vec<u32>>,
    /// Two-round: the two candidates of the runoff when no one has a majority.
    pub runoff: Option<[u32; 2]>,
    /// Schulze: `pairwise[a][b]` ballots prefer a to b; `paths[a][b]` strongest path strength.
    pub pairwise: Option<Vec<Vec<u64>>>,
    pub paths: Option<Vec<Vec<u64>>>,
    pub rounds: Vec<Round>,
    pub ties: Vec<Tie>,
    pub seed: u64,
}

impl CountResult {
    pub(crate) fn new(valid: u64, invalid: u64) -> Self {
        Self {
            method: Method::Plurality,
            seats: 1,
            decimals: 0,
            valid,
            invalid,
            quota: None,
            elected: Vec::new(),
            ranking: None,
            runoff: None,
            pairwise: None,
            paths: None,
            rounds: Vec::new(),
            ties: Vec::new(),
            seed: 0,
        }
    }
}

/// One round (a "stage" in STV): the tallies, then what was decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Round {
    /// Votes of each candidate (by index; withdrawn candidates hold 0).
    pub tallies: Vec<i64>,
    /// Weight of ballots that no longer count for anyone (non-transferable, exhausted).
    pub exhausted: i64,
    /// Weight lost to the truncation of transfer values.
    pub lost: i64,
    /// The quota in force, for quota rules.
    pub quota: Option<i64>,
    pub elected: Vec<u32>,
    pub excluded: Vec<u32>,
    /// What happened, in plain words (e.g. "first preferences", "surplus of 3 transferred").
    pub action: String,
}

/// How a tie was resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TieResolution {
    EarlierStage,
    Lot,
}

impl TieResolution {
    pub fn name(self) -> &'static str {
        match self {
            TieResolution::EarlierStage => "earlier stage",
            TieResolution::Lot => "lot",
        }
    }
}

/// A tie met in `round` (1-based) between candidates, and the one chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tie {
    pub round: usize,
    pub between: Vec<u32>,
    pub resolved_by: TieResolution,
    pub chosen: u32,
}
