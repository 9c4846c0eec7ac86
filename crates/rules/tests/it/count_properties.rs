//! Properties of the counting rules over random elections.

use asamblea_rules::count::{Ballot, CountError, CountOptions, Election, Method, count};
use proptest::prelude::*;

/// A random election: 2 to 7 candidates, up to 40 distinct ballots (truncated orders, some
/// equal rankings), weights 1 to 9.
fn elections(allow_ties: bool) -> impl Strategy<Value = Election> {
    (2usize..8).prop_flat_map(move |n| {
        let ballot = (
            1u64..10,
            Just((0..n as u32).collect::<Vec<u32>>()).prop_shuffle(),
            1..=n,
            prop::collection::vec(any::<bool>(), n),
        )
            .prop_map(move |(w, order, len, tie)| {
                let mut ranks: Vec<Vec<u32>> = Vec::new();
                for (i, &c) in order[..len].iter().enumerate() {
                    match ranks.last_mut() {
                        Some(r) if allow_ties && tie[i] && i > 0 => r.push(c),
                        _ => ranks.push(vec![c]),
                    }
                }
                Ballot::from_ranks(w, &ranks)
            });
        prop::collection::vec(ballot, 1..40).prop_map(move |ballots| Election {
            parties: Vec::new(),
            candidates: (0..n).map(|i| format!("C{i}")).collect(),
            ballots,
            ..Election::default()
        })
    })
}

fn opts(method: Method, seats: usize) -> CountOptions {
    CountOptions {
        method,
        seats,
        seed: Some(7),
    }
}

/// `d[a][b]`: weight of ballots ranking a above b (unranked below ranked).
fn pairwise(e: &Election) -> Vec<Vec<u64>> {
    let n = e.candidates.len();
    let mut d = vec![vec![0u64; n]; n];
    for b in &e.ballots {
        let mut pos = vec![usize::MAX; n];
        for (i, rank) in b.ranks().iter().enumerate() {
            for &c in rank {
                if pos[c as usize] == usize::MAX {
                    pos[c as usize] = i;
                }
            }
        }
        for a in 0..n {
            for c in 0..n {
                if pos[a] < pos[c] {
                    d[a][c] += b.weight;
                }
            }
        }
    }
    d
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Every round of every STV rule accounts for every vote exactly: the candidates' votes
    /// (quotas kept by the elected included), exhausted votes and the loss to truncation add
    /// up to the valid ballots, in fixed point.
    #[test]
    fn stv_conserves_votes(e in elections(true), seats in 1usize..4) {
        let seats = seats.min(e.candidates.len());
        for method in [Method::ScottishStv, Method::Wigm, Method::Meek] {
            let r = match count(&e, &opts(method, seats)) {
                // Every ballot starts with an equal ranking: nothing to count.
                Err(CountError::NoValidBallots) => continue,
                r => r.unwrap(),
            };
            let total = r.valid as i64 * 10i64.pow(r.decimals);
            for (i, round) in r.rounds.iter().enumerate() {
                let sum: i64 = round.tallies.iter().sum();
                prop_assert_eq!(sum + round.exhausted + round.lost, total, "{} round {}", method, i + 1);
                prop_assert!(round.lost >= 0);
            }
            prop_assert_eq!(r.elected.len(), seats, "{} fills every seat", method);
            let mut unique = r.elected.clone();
            unique.sort_unstable();
            unique.dedup();
            prop_assert_eq!(unique.len(), seats);
        }
    }

    /// Schulze elects the Condorcet winner when there is one.
    #[test]
    fn schulze_elects_the_condorcet_winner(e in elections(true)) {
        let d = pairwise(&e);
        let n = e.candidates.len();
        let winner = (0..n).find(|&a| (0..n).all(|b| a == b || d[a][b] > d[b][a]));
        let r = count(&e, &opts(Method::Schulze, 1)).unwrap();
        if let Some(w) = winner {
            prop_assert_eq!(r.elected[0], w as u32);
        }
        prop_assert_eq!(r.ranking.unwrap().len(), n);
    }

    /// Schulze's ranking never puts a candidate below one it beats by strongest path, and the
    /// winner is beaten by no one; several unbeaten candidates make a tie decided by lot.
    #[test]
    fn schulze_ranking_extends_the_strongest_path_relation(e in elections(true)) {
        let r = count(&e, &opts(Method::Schulze, 1)).unwrap();
        let p = r.paths.clone().unwrap();
        let ranking = r.ranking.clone().unwrap();
        let beats = |a: u32, b: u32| p[a as usize][b as usize] > p[b as usize][a as usize];
        for (i, &above) in ranking.iter().enumerate() {
            for &below in &ranking[i + 1..] {
                prop_assert!(!beats(below, above), "{below} beats {above}: {ranking:?}");
            }
        }
        let unbeaten: Vec<u32> = ranking
            .iter()
            .copied()
            .filter(|&c| !ranking.iter().any(|&b| beats(b, c)))
            .collect();
        prop_assert!(unbeaten.contains(&r.elected[0]));
        if unbeaten.len() > 1 {
            let mut between = r.ties[0].between.clone();
            between.sort_unstable();
            let mut expected = unbeaten.clone();
            expected.sort_unstable();
            prop_assert_eq!(between, expected);
        }
    }

    /// IRV elects a candidate with a majority of first preferences.
    #[test]
    fn irv_elects_the_majority_winner(e in elections(false)) {
        let mut first = vec![0u64; e.candidates.len()];
        let mut total = 0;
        for b in &e.ballots {
            first[(b.prefs[0]) as usize] += b.weight;
            total += b.weight;
        }
        let r = count(&e, &opts(Method::Irv, 1)).unwrap();
        if let Some(w) = (0..first.len()).find(|&c| 2 * first[c] > total) {
            prop_assert_eq!(r.elected.clone(), vec![w as u32]);
            prop_assert_eq!(r.rounds.len(), 1);
        }
        // Meek and Scottish STV with one seat agree on a majority winner too.
        if let Some(w) = (0..first.len()).find(|&c| 2 * first[c] > total) {
            for m in [Method::ScottishStv, Method::Meek, Method::Wigm] {
                prop_assert_eq!(count(&e, &opts(m, 1)).unwrap().elected, vec![w as u32]);
            }
        }
    }

    /// Every rule counts every random election without error or panic, and recounts agree.
    #[test]
    fn every_rule_is_total_and_deterministic(e in elections(true)) {
        for m in Method::ALL {
            let seats = if m.single_winner() { 1 } else { 2.min(e.candidates.len()) };
            let a = count(&e, &opts(m, seats));
            prop_assert!(matches!(a, Ok(_) | Err(CountError::NoValidBallots)), "{}: {:?}", m, a);
            prop_assert_eq!(a, count(&e, &opts(m, seats)));
        }
    }
}
