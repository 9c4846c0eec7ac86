//! The Schulze method (winning votes), with a full ranking.

use super::CountError;
use super::ballot::{CANDIDATE_MASK, Election, TIED_WITH_PREVIOUS};
use super::result::{CountResult, Round, Step};
use super::ties::{LookBack, TieBreaker, Want};

/// Pairwise counts: `d[a][b]` is the weight of ballots ranking `a` above `b`. Candidates a ballot
/// does not rank are ranked below all it ranks, equal to each other.
pub(crate) fn pairwise(e: &Election) -> (Vec<Vec<u64>>, u64, u64) {
    let n = e.candidates.len();
    // One flat row-major matrix while counting: `d[a * n + b]`.
    let mut d = vec![0u64; n * n];
    let mut standing = vec![true; n];
    for &w in &e.withdrawn {
        standing[w as usize] = false;
    }
    let standing_count = standing.iter().filter(|&&x| x).count();
    let (mut valid, mut invalid) = (0u64, 0u64);
    // rank[c]: position of c on the ballot (u32::MAX if unranked).
    let mut rank = vec![u32::MAX; n];
    let mut ranked: Vec<usize> = Vec::new();
    let mut unranked: Vec<usize> = Vec::new();
    for b in &e.ballots {
        let mut level = 0u32;
        let mut strict = true;
        for (i, &q) in b.prefs.iter().enumerate() {
            let c = (q & CANDIDATE_MASK) as usize;
            if i > 0 {
                if q & TIED_WITH_PREVIOUS == 0 {
                    level += 1;
                } else {
                    strict = false;
                }
            }
            if standing[c] && rank[c] == u32::MAX {
                rank[c] = level;
                ranked.push(c);
            }
        }
        let w = b.weight;
        if w > 0 {
            if ranked.is_empty() {
                invalid += w;
            } else {
                valid += w;
            }
        }
        // `ranked` is in ballot order, so levels never decrease along it: each pair of ranked
        // candidates is looked at once, then each ranked candidate against the unranked ones.
        // With no equal ranks the levels strictly increase: every later candidate is below.
        for (i, &a) in ranked.iter().enumerate() {
            let row = &mut d[a * n..(a + 1) * n];
            if strict {
                for &c in &ranked[i + 1..] {
                    row[c] += w;
                }
            } else {
                let ra = rank[a];
                for &c in &ranked[i + 1..] {
                    if ra < rank[c] {
                        row[c] += w;
                    }
                }
            }
        }
        if ranked.len() < standing_count {
            unranked.clear();
            unranked.extend((0..n).filter(|&c| standing[c] && rank[c] == u32::MAX));
            for &a in &ranked {
                let row = &mut d[a * n..(a + 1) * n];
                for &c in &unranked {
                    row[c] += w;
                }
            }
        }
        for &a in &ranked {
            rank[a] = u32::MAX;
        }
        ranked.clear();
    }
    let d = if n == 0 {
        Vec::new()
    } else {
        d.chunks(n).map(<[u64]>::to_vec).collect()
    };
    (d, valid, invalid)
}

/// Strongest paths (Floyd–Warshall over winning-votes links).
pub(crate) fn strongest_paths(d: &[Vec<u64>], standing: &[u32]) -> Vec<Vec<u64>> {
    let n = d.len();
    let mut p = vec![vec![0u64; n]; n];
    for &i in standing {
        for &j in standing {
            let (i, j) = (i as usize, j as usize);
            if i != j && d[i][j] > d[j][i] {
                p[i][j] = d[i][j];
            }
        }
    }
    for &i in standing {
        let i = i as usize;
        for &j in standing {
            let j = j as usize;
            if j == i {
                continue;
            }
            for &k in standing {
                let k = k as usize;
                if k == i || k == j {
                    continue;
                }
                let via = p[j][i].min(p[i][k]);
                if via > p[j][k] {
                    p[j][k] = via;
                }
            }
        }
    }
    p
}

/// Schulze: ranks candidates by the strongest-path relation (`a` above `b` when
/// `p[a][b] > p[b][a]`); candidates the relation leaves equal are ordered by lot. With `seats`,
/// the first `seats` of the ranking are elected.
pub(crate) fn count(
    e: &Election,
    seats: usize,
    ties: &mut TieBreaker,
) -> Result<CountResult, CountError> {
    let (d, valid, invalid) = pairwise(e);
    if valid == 0 {
        return Err(CountError::NoValidBallots);
    }
    let standing = e.standing();
    let p = strongest_paths(&d, &standing);
    // `a` beats `b` when `p[a][b] > p[b][a]`. The relation is a strict partial order (Schulze
    // proved it transitive), but not always a weak order: with equal path strengths `a` and `b`
    // can both be unbeaten while `a` beats more candidates than `b`. So the ranking is built one
    // place at a time from the candidates no remaining candidate beats, drawing by lot when there
    // are several; where the relation is a weak order, those are its tie groups. The number of
    // candidates each one beats is reported as the round's tallies, for the reader only.
    let beats = |a: u32, b: u32| p[a as usize][b as usize] > p[b as usize][a as usize];
    let n = e.candidates.len();
    let mut wins = vec![0i64; n];
    for &a in &standing {
        wins[a as usize] = standing.iter().filter(|&&b| beats(a, b)).count() as i64;
    }
    let mut ranking: Vec<u32> = Vec::with_capacity(standing.len());
    let mut left = standing.clone();
    while !left.is_empty() {
        let mut unbeaten: Vec<u32> = left
            .iter()
            .copied()
            .filter(|&c| !left.iter().any(|&b| beats(b, c)))
            .collect();
        if unbeaten.is_empty() {
            // Cannot happen (the relation is transitive, so it has no cycle); never panic.
            unbeaten = left.clone();
        }
        let c = ties.choose(1, &unbeaten, &[], LookBack::None, Want::Highest);
        left.retain(|&x| x != c);
        ranking.push(c);
    }
    let mut r = CountResult::new(valid, invalid);
    r.elected = ranking[..seats].to_vec();
    r.rounds.push(Round {
        tallies: wins,
        exhausted: 0,
        lost: 0,
        quota: None,
        elected: r.elected.clone(),
        excluded: Vec::new(),
        action: Step::StrongestPath,
    });
    r.ranking = Some(ranking);
    r.pairwise = Some(d);
    r.paths = Some(p);
    Ok(r)
}
