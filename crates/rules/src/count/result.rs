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
    /// What happened ([`Step`]; its `Display` gives plain English words).
    pub action: Step,
}

/// What a round of a count did. A structured value, so each reader words it in its own language;
/// `Display` gives the English words the command line prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "step", content = "candidate", rename_all = "kebab-case")]
pub enum Step {
    /// Plurality with one seat, and the first stage of STV, Meek.
    FirstPreferences,
    /// Plurality with several seats: each ballot's first preferences, one vote each.
    BlockVote,
    Approvals,
    /// Two-round: a candidate has a majority of valid votes in the first round.
    FirstRoundMajority,
    /// Two-round: only one candidate stands.
    FirstRoundSoleCandidate,
    /// Two-round: no majority, a runoff between the two highest is needed.
    FirstRoundRunoffNeeded,
    /// IRV: a candidate has a majority of the continuing votes.
    Majority,
    /// IRV: one candidate is left.
    LastCandidate,
    /// IRV: no majority, the lowest is excluded.
    LowestExcluded,
    /// Meek: candidates reach the quota.
    ReachQuota,
    /// Meek: the surplus fell below omega, the lowest is defeated.
    OmegaLowestDefeated,
    /// Meek: the surplus is stable, the lowest is defeated.
    StableLowestDefeated,
    /// Meek: the remaining hopeful candidates fill the remaining seats.
    FillRemaining,
    /// STV: the continuing candidates fill the remaining seats.
    ContinuingFillRemaining,
    /// STV: the surplus of this candidate (by index) is transferred.
    Surplus(u32),
    /// STV: this candidate (by index) is excluded and their papers transferred.
    Excluded(u32),
    /// Schulze.
    StrongestPath,
}

impl Step {
    /// The words of the command line's report, with candidates by name.
    pub fn words(self, names: &[String]) -> String {
        let name = |c: u32| {
            names
                .get(c as usize)
                .cloned()
                .unwrap_or_else(|| c.to_string())
        };
        match self {
            Step::FirstPreferences => "first preferences".into(),
            Step::BlockVote => "block vote".into(),
            Step::Approvals => "approvals".into(),
            Step::FirstRoundMajority => "first round: majority of valid votes".into(),
            Step::FirstRoundSoleCandidate => "first round: sole candidate".into(),
            Step::FirstRoundRunoffNeeded => "first round: no majority, runoff needed".into(),
            Step::Majority => "majority".into(),
            Step::LastCandidate => "last candidate".into(),
            Step::LowestExcluded => "no majority: lowest excluded".into(),
            Step::ReachQuota => "candidates reach the quota".into(),
            Step::OmegaLowestDefeated => "surplus below omega: lowest defeated".into(),
            Step::StableLowestDefeated => "stable surplus: lowest defeated".into(),
            Step::FillRemaining => "remaining candidates fill the remaining seats".into(),
            Step::ContinuingFillRemaining => {
                "continuing candidates fill the remaining seats".into()
            }
            Step::Surplus(c) => format!("surplus of {} transferred", name(c)),
            Step::Excluded(c) => format!("{} excluded", name(c)),
            Step::StrongestPath => "pairwise wins by strongest path".into(),
        }
    }
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
