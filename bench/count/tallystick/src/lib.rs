//! The ballots of a parsed BLT file fed to tallystick's IRV and Schulze tallies, read as
//! `asamblea count` reads them: IRV uses each ballot up to its first equal ranking; Schulze
//! (winning votes) gets the ranks, unranked candidates last, equally. Shared by
//! `tallystick-count` (timing, src/main.rs) and `tallystick-crosscheck` (full rankings).

use asamblea_rules::count::{CANDIDATE_MASK, Election, TIED_WITH_PREVIOUS};
use tallystick::Transfer;
use tallystick::irv::DefaultTally;
use tallystick::schulze::{DefaultSchulzeTally, Variant};

/// An IRV tally of every ballot (one weighted vote per distinct ranking).
pub fn irv_tally(election: &Election) -> DefaultTally<u32> {
    let n = election.candidates.len() as u32;
    let mut tally = DefaultTally::<u32>::with_candidates(Transfer::Meek, (0..n).collect());
    for b in &election.ballots {
        let strict: Vec<u32> = b
            .prefs
            .iter()
            .enumerate()
            .take_while(|(i, p)| {
                *p & TIED_WITH_PREVIOUS == 0
                    && b.prefs
                        .get(i + 1)
                        .is_none_or(|q| q & TIED_WITH_PREVIOUS == 0)
            })
            .map(|(_, p)| p & CANDIDATE_MASK)
            .collect();
        if !strict.is_empty() {
            tally.add_weighted(strict, b.weight);
        }
    }
    tally
}

/// A Schulze (winning votes) tally of every ballot, for one winner.
pub fn schulze_tally(election: &Election) -> DefaultSchulzeTally<u32> {
    let n = election.candidates.len() as u32;
    let mut tally =
        DefaultSchulzeTally::<u32>::with_candidates(1, Variant::Winning, (0..n).collect());
    for b in &election.ballots {
        let mut rank = 0u32;
        let ranked: Vec<(u32, u32)> = b
            .prefs
            .iter()
            .enumerate()
            .map(|(i, p)| {
                if i > 0 && p & TIED_WITH_PREVIOUS == 0 {
                    rank += 1;
                }
                (p & CANDIDATE_MASK, rank)
            })
            .collect();
        if !ranked.is_empty() {
            tally
                .ranked_add_weighted(&ranked, b.weight)
                .expect("valid ballot");
        }
    }
    tally
}
