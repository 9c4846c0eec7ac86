//! Instant runoff voting (alternative vote), one seat.

use super::CountError;
use super::ballot::Election;
use super::prefs::Prefs;
use super::result::{CountResult, Round, Step};
use super::ties::{LookBack, TieBreaker, Want};

/// Each round counts every ballot for its highest-ranked continuing candidate. A candidate with
/// more than half of the ballots still counting is elected; otherwise the candidate with the
/// fewest votes is excluded (a tie is resolved by the most recent earlier round at which the
/// tied candidates differed, then by lot). When one candidate is left, it is elected.
pub(crate) fn irv(e: &Election, ties: &mut TieBreaker) -> Result<CountResult, CountError> {
    let p = Prefs::strict(e);
    if p.valid == 0 {
        return Err(CountError::NoValidBallots);
    }
    let n = e.candidates.len();
    let mut continuing = vec![false; n];
    for c in e.standing() {
        continuing[c as usize] = true;
    }
    let mut pos = vec![0usize; p.len()];
    let mut piles: Vec<Vec<u32>> = vec![Vec::new(); n];
    let mut votes = vec![0i64; n];
    for i in 0..p.len() {
        let c = p.ballot(i)[0] as usize;
        piles[c].push(i as u32);
        votes[c] += p.weights[i] as i64;
    }
    let mut exhausted = 0i64;
    let mut r = CountResult::new(p.valid, p.invalid);
    let mut history: Vec<Vec<i64>> = Vec::new();
    loop {
        let round_no = history.len() + 1;
        let active = p.valid as i64 - exhausted;
        let left: Vec<u32> = (0..n as u32).filter(|&c| continuing[c as usize]).collect();
        let winner = left
            .iter()
            .copied()
            .find(|&c| 2 * votes[c as usize] > active);
        let winner = winner.or(if left.len() == 1 { Some(left[0]) } else { None });
        let mut round = Round {
            tallies: votes.clone(),
            exhausted,
            lost: 0,
            quota: None,
            elected: Vec::new(),
            excluded: Vec::new(),
            action: Step::LowestExcluded,
        };
        if let Some(w) = winner {
            round.elected.push(w);
            round.action = if left.len() == 1 {
                Step::LastCandidate
            } else {
                Step::Majority
            };
            r.rounds.push(round);
            r.elected = vec![w];
            return Ok(r);
        }
        let low = left.iter().map(|&c| votes[c as usize]).min().unwrap_or(0);
        let tied: Vec<u32> = left
            .iter()
            .copied()
            .filter(|&c| votes[c as usize] == low)
            .collect();
        let refs: Vec<&[i64]> = history.iter().map(|t| t.as_slice()).collect();
        let out = ties.choose(round_no, &tied, &refs, LookBack::Latest, Want::Lowest);
        round.excluded.push(out);
        round.action = Step::LowestExcluded;
        history.push(votes.clone());
        r.rounds.push(round);
        continuing[out as usize] = false;
        for b in std::mem::take(&mut piles[out as usize]) {
            let bi = b as usize;
            let prefs = p.ballot(bi);
            let w = p.weights[bi] as i64;
            votes[out as usize] -= w;
            let mut k = pos[bi] + 1;
            while k < prefs.len() && !continuing[prefs[k] as usize] {
                k += 1;
            }
            pos[bi] = k;
            if k < prefs.len() {
                let c = prefs[k] as usize;
                votes[c] += w;
                piles[c].push(b);
            } else {
                exhausted += w;
            }
        }
    }
}
