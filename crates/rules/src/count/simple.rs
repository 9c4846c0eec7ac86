//! Plurality (and block voting), approval and the first round of a two-round election.

use super::CountError;
use super::ballot::{CANDIDATE_MASK, Election};
use super::prefs::Prefs;
use super::result::{CountResult, Round, Step};
use super::ties::TieBreaker;

fn round(tallies: Vec<i64>, exhausted: i64, elected: Vec<u32>, action: Step) -> Round {
    Round {
        tallies,
        exhausted,
        lost: 0,
        quota: None,
        elected,
        excluded: Vec::new(),
        action,
    }
}

/// Plurality: each ballot's first preference gets one vote; with `seats > 1`, block voting: each
/// ballot's first `seats` preferences get one vote each. The `seats` highest are elected.
pub(crate) fn plurality(
    e: &Election,
    seats: usize,
    ties: &mut TieBreaker,
) -> Result<CountResult, CountError> {
    let p = Prefs::strict(e);
    if p.valid == 0 {
        return Err(CountError::NoValidBallots);
    }
    let mut votes = vec![0i64; e.candidates.len()];
    for i in 0..p.len() {
        for &c in p.ballot(i).iter().take(seats) {
            votes[c as usize] += p.weights[i] as i64;
        }
    }
    let elected = ties.top_n(1, &e.standing(), &votes, seats);
    let mut r = CountResult::new(p.valid, p.invalid);
    let action = if seats == 1 {
        Step::FirstPreferences
    } else {
        Step::BlockVote
    };
    r.rounds.push(round(votes, 0, elected.clone(), action));
    r.elected = elected;
    Ok(r)
}

/// Approval: every standing candidate a ballot mentions (at any rank) gets one vote.
pub(crate) fn approval(
    e: &Election,
    seats: usize,
    ties: &mut TieBreaker,
) -> Result<CountResult, CountError> {
    let n = e.candidates.len();
    let mut standing = vec![true; n];
    for &w in &e.withdrawn {
        standing[w as usize] = false;
    }
    let mut votes = vec![0i64; n];
    let mut seen = vec![false; n];
    let (mut valid, mut invalid) = (0u64, 0u64);
    for b in &e.ballots {
        let mut any = false;
        let mut marked: Vec<usize> = Vec::new();
        for &q in &b.prefs {
            let c = (q & CANDIDATE_MASK) as usize;
            if standing[c] && !seen[c] {
                seen[c] = true;
                marked.push(c);
                votes[c] += b.weight as i64;
                any = true;
            }
        }
        for c in marked {
            seen[c] = false;
        }
        if b.weight == 0 {
            continue;
        }
        if any {
            valid += b.weight;
        } else {
            invalid += b.weight;
        }
    }
    if valid == 0 {
        return Err(CountError::NoValidBallots);
    }
    let elected = ties.top_n(1, &e.standing(), &votes, seats);
    let mut r = CountResult::new(valid, invalid);
    r.rounds
        .push(round(votes, 0, elected.clone(), Step::Approvals));
    r.elected = elected;
    Ok(r)
}

/// Two-round system, first round: a candidate with more than half of the valid first
/// preferences is elected outright; otherwise the two highest (ties drawn by lot) go to a runoff.
pub(crate) fn two_round(e: &Election, ties: &mut TieBreaker) -> Result<CountResult, CountError> {
    let p = Prefs::strict(e);
    if p.valid == 0 {
        return Err(CountError::NoValidBallots);
    }
    let mut votes = vec![0i64; e.candidates.len()];
    for i in 0..p.len() {
        votes[p.ballot(i)[0] as usize] += p.weights[i] as i64;
    }
    let mut r = CountResult::new(p.valid, p.invalid);
    let standing = e.standing();
    let majority = standing
        .iter()
        .copied()
        .find(|&c| 2 * votes[c as usize] as u64 > p.valid);
    if let Some(w) = majority {
        r.elected = vec![w];
        r.rounds
            .push(round(votes, 0, vec![w], Step::FirstRoundMajority));
    } else if standing.len() == 1 {
        r.elected = vec![standing[0]];
        r.rounds.push(round(
            votes,
            0,
            vec![standing[0]],
            Step::FirstRoundSoleCandidate,
        ));
    } else {
        let two = ties.top_n(1, &standing, &votes, 2);
        r.runoff = Some([two[0], two[1]]);
        r.rounds
            .push(round(votes, 0, Vec::new(), Step::FirstRoundRunoffNeeded));
    }
    Ok(r)
}
