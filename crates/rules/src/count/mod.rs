//! Ballot counting: plurality (single and block), approval, two-round, instant runoff (IRV),
//! Scottish STV, the PR Foundation's reference WIGM and Meek rules, and Schulze.
//!
//! Every rule counts in integers: vote amounts are fixed-point numbers held in `i64` with the
//! number of decimals the rule fixes ([`Method::decimals`]); products go through `i128`. No float
//! is used, so a count is exact and reproducible. Ties that a rule resolves "by lot" use a seeded
//! [`SplitMix64`]; the seed is part of the [`CountResult`] so anyone can repeat the count.
//!
//! Ballots ([`Ballot`]) rank candidates by index into [`Election::candidates`]; a rank may hold
//! several candidates ranked equally. How each rule reads a ballot:
//!
//! - withdrawn candidates and repeated mentions of a candidate are skipped;
//! - plurality, two-round, IRV and the STV rules read the ballot up to the first rank that holds
//!   more than one candidate (an equal ranking is an overvote: the ballot ends there);
//! - approval approves every candidate the ballot mentions;
//! - Schulze uses the whole ranking, equal ranks included; unranked candidates rank last, equally.
//!
//! A ballot with no usable preference is counted as `invalid` and takes no part in the count.

mod ballot;
mod dedup;
mod fixed;
mod gregory;
mod irv;
mod meek;
mod method;
mod prefs;
mod result;
mod rng;
mod schulze;
mod simple;
mod ties;

pub use ballot::{Ballot, BallotBox, CANDIDATE_MASK, Election, TIED_WITH_PREVIOUS};
pub use fixed::format_fixed;
pub use method::{CountError, CountOptions, Method};
pub use result::{CountResult, Round, Step, Tie, TieResolution};
pub use rng::SplitMix64;

/// The largest total ballot weight a count accepts (so that fixed-point sums fit in `i64`).
pub const MAX_TOTAL_WEIGHT: u64 = 1_000_000_000;

/// Counts `election` with the rule and number of seats in `options`.
///
/// Errors are returned for inputs no rule can count: no candidates, zero seats, more seats than
/// (non-withdrawn) candidates, a ballot naming an unknown candidate, no valid ballot, a total
/// weight above [`MAX_TOTAL_WEIGHT`], or a single-winner rule asked for several seats.
pub fn count(election: &Election, options: &CountOptions) -> Result<CountResult, CountError> {
    election.validate()?;
    let seats = options.seats;
    let standing = election.standing().len();
    if seats == 0 {
        return Err(CountError::NoSeats);
    }
    if seats > standing {
        return Err(CountError::MoreSeatsThanCandidates {
            seats,
            candidates: standing,
        });
    }
    if options.method.single_winner() && seats != 1 {
        return Err(CountError::SingleWinnerOnly(options.method));
    }
    let seed = options.seed.unwrap_or_else(|| election.default_seed());
    let mut ties = ties::TieBreaker::new(seed);
    let mut result = match options.method {
        Method::Plurality => simple::plurality(election, seats, &mut ties)?,
        Method::Approval => simple::approval(election, seats, &mut ties)?,
        Method::TwoRound => simple::two_round(election, &mut ties)?,
        Method::Irv => irv::irv(election, &mut ties)?,
        Method::ScottishStv => {
            gregory::count(election, seats, gregory::Variant::Scottish, &mut ties)?
        }
        Method::Wigm => gregory::count(election, seats, gregory::Variant::Wigm, &mut ties)?,
        Method::Meek => meek::count(election, seats, &mut ties)?,
        Method::Schulze => schulze::count(election, seats, &mut ties)?,
    };
    result.method = options.method;
    result.seats = seats;
    result.decimals = options.method.decimals();
    result.seed = seed;
    result.ties = ties.into_ties();
    Ok(result)
}
