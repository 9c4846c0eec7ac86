//! The counting methods, their options and errors.

use std::fmt;
use std::str::FromStr;

/// A counting rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// First preferences; with several seats, block voting (each ballot's first N preferences).
    Plurality,
    /// Every candidate a ballot mentions gets one vote.
    Approval,
    /// First preferences: a majority wins outright, otherwise the top two go to a runoff.
    TwoRound,
    /// Instant runoff, one seat.
    Irv,
    /// Scottish Local Government Elections Order 2007, schedule 1, rules 45 to 52.
    ScottishStv,
    /// Proportional Representation Foundation reference WIGM (single defeats).
    Wigm,
    /// Proportional Representation Foundation reference Meek.
    Meek,
    /// Schulze (winning votes), full ranking.
    Schulze,
}

impl Method {
    pub const ALL: [Method; 8] = [
        Method::Plurality,
        Method::Approval,
        Method::TwoRound,
        Method::Irv,
        Method::ScottishStv,
        Method::Wigm,
        Method::Meek,
        Method::Schulze,
    ];

    /// The name used on the command line and in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Method::Plurality => "plurality",
            Method::Approval => "approval",
            Method::TwoRound => "two-round",
            Method::Irv => "irv",
            Method::ScottishStv => "scottish-stv",
            Method::Wigm => "wigm",
            Method::Meek => "meek",
            Method::Schulze => "schulze",
        }
    }

    /// Decimals of the rule's fixed-point vote amounts.
    pub fn decimals(self) -> u32 {
        match self {
            Method::ScottishStv => 5,
            Method::Wigm => 4,
            Method::Meek => 9,
            _ => 0,
        }
    }

    /// The most candidates the rule counts unless told otherwise (`asamblea count
    /// --max-candidates`). Plurality and approval are linear in the ballots; the ranked rules run
    /// a round per candidate over every ballot, and Schulze keeps candidates² path strengths and
    /// takes candidates³ steps, so beyond these counts a file can take minutes or gigabytes.
    pub fn default_max_candidates(self) -> usize {
        match self {
            Method::Plurality | Method::Approval => 100_000,
            Method::Schulze => 1_000,
            _ => 2_000,
        }
    }

    /// Whether the rule elects exactly one candidate.
    pub fn single_winner(self) -> bool {
        matches!(self, Method::TwoRound | Method::Irv)
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Method {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Method::ALL
            .into_iter()
            .find(|m| m.name() == s)
            .ok_or_else(|| format!("unknown method {s:?}"))
    }
}

/// What to count and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountOptions {
    pub method: Method,
    pub seats: usize,
    /// Seed of the lot; `None` derives one from the ballots ([`super::Election::default_seed`]).
    pub seed: Option<u64>,
}

/// Why a count could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CountError {
    NoCandidates,
    NoSeats,
    MoreSeatsThanCandidates { seats: usize, candidates: usize },
    SingleWinnerOnly(Method),
    UnknownCandidate(u32),
    NoValidBallots,
    TooManyBallots(u64),
}

impl fmt::Display for CountError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CountError::NoCandidates => write!(f, "the election has no candidates"),
            CountError::NoSeats => write!(f, "at least one seat is needed"),
            CountError::MoreSeatsThanCandidates { seats, candidates } => write!(
                f,
                "{seats} seats but only {candidates} candidates standing: expected seats <= candidates"
            ),
            CountError::SingleWinnerOnly(m) => {
                write!(
                    f,
                    "{m} elects one candidate: expected --seats 1 (use an STV method for more)"
                )
            }
            CountError::UnknownCandidate(c) => {
                write!(f, "a ballot names candidate {} which does not exist", c + 1)
            }
            CountError::NoValidBallots => write!(f, "no valid ballots to count"),
            CountError::TooManyBallots(n) => write!(
                f,
                "total ballot weight {n} is above the limit of {}",
                super::MAX_TOTAL_WEIGHT
            ),
        }
    }
}

impl std::error::Error for CountError {}
