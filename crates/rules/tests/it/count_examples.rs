//! Worked examples for the counting rules, checked by hand or against published results.

use asamblea_rules::count::{
    Ballot, CountOptions, CountResult, Election, Method, TieResolution, count, format_fixed,
};

fn election(names: &[&str], ballots: &[(u64, &str)]) -> Election {
    let idx = |ch: char| names.iter().position(|n| n.starts_with(ch)).unwrap() as u32;
    Election {
        parties: Vec::new(),
        candidates: names.iter().map(|s| s.to_string()).collect(),
        ballots: ballots
            .iter()
            .map(|(w, order)| Ballot::strict(*w, &order.chars().map(idx).collect::<Vec<_>>()))
            .collect(),
        ..Election::default()
    }
}

fn run(e: &Election, method: Method, seats: usize) -> CountResult {
    count(
        e,
        &CountOptions {
            method,
            seats,
            seed: Some(1),
        },
    )
    .unwrap()
}

fn names(e: &Election, cs: &[u32]) -> Vec<String> {
    cs.iter()
        .map(|&c| e.candidates[c as usize].clone())
        .collect()
}

/// Tennessee capital (Wikipedia): Memphis 42% M>N>C>K, Nashville 26% N>C>K>M,
/// Chattanooga 15% C>K>N>M, Knoxville 17% K>C>N>M.
fn tennessee() -> Election {
    election(
        &["Memphis", "Nashville", "Chattanooga", "Knoxville"],
        &[(42, "MNCK"), (26, "NCKM"), (15, "CKNM"), (17, "KCNM")],
    )
}

#[test]
fn tennessee_irv_elects_knoxville() {
    let e = tennessee();
    let r = run(&e, Method::Irv, 1);
    assert_eq!(names(&e, &r.elected), ["Knoxville"]);
    assert_eq!(names(&e, &r.rounds[0].excluded), ["Chattanooga"]);
    assert_eq!(names(&e, &r.rounds[1].excluded), ["Nashville"]);
    assert_eq!(r.rounds[2].tallies, vec![42, 0, 0, 58]);
}

#[test]
fn tennessee_schulze_elects_nashville() {
    let e = tennessee();
    let r = run(&e, Method::Schulze, 1);
    assert_eq!(names(&e, &r.elected), ["Nashville"]);
    assert_eq!(
        names(&e, r.ranking.as_ref().unwrap()),
        ["Nashville", "Chattanooga", "Knoxville", "Memphis"]
    );
}

#[test]
fn tennessee_plurality_and_two_round() {
    let e = tennessee();
    assert_eq!(
        names(&e, &run(&e, Method::Plurality, 1).elected),
        ["Memphis"]
    );
    let r = run(&e, Method::TwoRound, 1);
    assert!(r.elected.is_empty());
    assert_eq!(names(&e, &r.runoff.unwrap()), ["Memphis", "Nashville"]);
    // Block voting, two seats: first two preferences.
    let r = run(&e, Method::Plurality, 2);
    assert_eq!(r.rounds[0].tallies, vec![42, 68, 58, 32]);
    assert_eq!(names(&e, &r.elected), ["Nashville", "Chattanooga"]);
}

/// Wikipedia's Schulze example: 45 voters, five candidates; winner E, ranking E > A > C > B > D.
#[test]
fn wikipedia_schulze_example() {
    let e = election(
        &["A", "B", "C", "D", "E"],
        &[
            (5, "ACBED"),
            (5, "ADECB"),
            (8, "BEDAC"),
            (3, "CABED"),
            (7, "CAEBD"),
            (2, "CBADE"),
            (7, "DCEBA"),
            (8, "EBADC"),
        ],
    );
    let r = run(&e, Method::Schulze, 1);
    assert_eq!(names(&e, &r.elected), ["E"]);
    assert_eq!(
        names(&e, r.ranking.as_ref().unwrap()),
        ["E", "A", "C", "B", "D"]
    );
    let d = r.pairwise.unwrap();
    assert_eq!((d[0][1], d[1][0]), (20, 25)); // A vs B
    let p = r.paths.unwrap();
    assert_eq!(p[4][0], 25); // E over A
    assert_eq!(p[0][4], 24);
    assert!(r.ties.is_empty());
}

/// Scottish STV by hand: 100 ballots, 2 seats, quota floor(100/3)+1 = 34. A's surplus 26 moves
/// at 26/60 = 0.43333 (five decimals, truncated): 25.99980 to B and 0.00020 lost.
#[test]
fn scottish_stv_surplus_truncated_to_five_decimals() {
    let e = election(
        &["A", "B", "C", "D"],
        &[(60, "ABC"), (26, "B"), (4, "CB"), (10, "DC")],
    );
    let r = run(&e, Method::ScottishStv, 2);
    assert_eq!(r.quota, Some(34_00000));
    assert_eq!(names(&e, &r.elected), ["A", "B"]);
    let s2 = &r.rounds[1];
    assert_eq!(format_fixed(s2.tallies[1], 5), "51.99980");
    assert_eq!(format_fixed(s2.tallies[0], 5), "34.00000");
    assert_eq!(format_fixed(s2.lost, 5), "0.00020");
    assert_eq!(names(&e, &s2.elected), ["B"]);
}

/// The reference WIGM rule truncates each product and quotient to four decimals:
/// quota 33.3334, A's surplus 26.6666 moves at 0.4444 per ballot.
#[test]
fn wigm_four_decimals() {
    let e = election(
        &["A", "B", "C", "D"],
        &[(60, "ABC"), (26, "B"), (4, "CB"), (10, "DC")],
    );
    let r = run(&e, Method::Wigm, 2);
    assert_eq!(format_fixed(r.quota.unwrap(), 4), "33.3334");
    assert_eq!(format_fixed(r.rounds[1].tallies[1], 4), "52.6640");
    assert_eq!(names(&e, &r.elected), ["A", "B"]);
}

/// Scottish rule 51(2): a tie for exclusion goes to the most recent preceding stage at which
/// the tied candidates had unequal votes. B and C tie at 6 at stage 2; at stage 1 C had 5, B 6:
/// C goes.
#[test]
fn scottish_tie_looks_back_to_an_earlier_stage() {
    let e = election(
        &["A", "B", "C", "D"],
        &[(10, "A"), (6, "B"), (5, "C"), (1, "DC"), (1, "D")],
    );
    let r = run(&e, Method::ScottishStv, 1);
    assert_eq!(names(&e, &r.rounds[1].excluded), ["D"]);
    assert_eq!(names(&e, &r.rounds[2].excluded), ["C"]);
    assert_eq!(r.ties.len(), 1);
    assert_eq!(r.ties[0].resolved_by, TieResolution::EarlierStage);
    assert_eq!(r.ties[0].round, 3);
    assert_eq!(names(&e, &r.ties[0].between), ["B", "C"]);
    assert_eq!(names(&e, &r.elected), ["A"]);
}

/// A perfect tie is drawn by lot from the seed: the same seed draws the same lot.
#[test]
fn lot_is_repeatable_from_the_seed() {
    let e = election(&["A", "B", "C"], &[(5, "A"), (3, "B"), (3, "C")]);
    let mut chosen = Vec::new();
    for seed in 0..16 {
        let r = count(
            &e,
            &CountOptions {
                method: Method::Irv,
                seats: 1,
                seed: Some(seed),
            },
        )
        .unwrap();
        assert_eq!(r.ties[0].resolved_by, TieResolution::Lot);
        let again = count(
            &e,
            &CountOptions {
                method: Method::Irv,
                seats: 1,
                seed: Some(seed),
            },
        )
        .unwrap();
        assert_eq!(r, again);
        chosen.push(r.ties[0].chosen);
    }
    assert!(
        chosen.contains(&1) && chosen.contains(&2),
        "both outcomes occur over seeds"
    );
    let r = count(
        &e,
        &CountOptions {
            method: Method::Irv,
            seats: 1,
            seed: None,
        },
    )
    .unwrap();
    assert_eq!(r.seed, e.default_seed());
}

/// Meek, two seats: A's surplus flows to B through the keep factor until it is below omega.
#[test]
fn meek_converges_and_elects() {
    let e = election(
        &["A", "B", "C", "D"],
        &[(60, "ABC"), (26, "B"), (4, "CB"), (10, "DC")],
    );
    let r = run(&e, Method::Meek, 2);
    assert_eq!(names(&e, &r.elected), ["A", "B"]);
    let total = 100 * 1_000_000_000i64;
    for round in &r.rounds {
        assert_eq!(
            round.tallies.iter().sum::<i64>() + round.exhausted + round.lost,
            total
        );
    }
}

#[test]
fn approval_counts_every_mention() {
    let e = election(&["A", "B", "C"], &[(3, "AB"), (2, "C"), (1, "BC")]);
    let r = run(&e, Method::Approval, 1);
    assert_eq!(r.rounds[0].tallies, vec![3, 4, 3]);
    assert_eq!(names(&e, &r.elected), ["B"]);
}

#[test]
fn equal_ranking_ends_the_ballot_for_irv_but_counts_for_schulze() {
    let mut e = election(&["A", "B", "C"], &[(4, "A"), (3, "B")]);
    e.ballots
        .push(Ballot::from_ranks(2, &[vec![2], vec![0, 1]]));
    let r = run(&e, Method::Irv, 1);
    // C excluded; the C > A=B ballots end at the equal ranking.
    assert_eq!(r.rounds[1].exhausted, 2);
    let r = run(&e, Method::Schulze, 1);
    assert_eq!(r.pairwise.unwrap()[2][0], 2);
}

#[test]
fn errors_are_reported_not_panicked() {
    let e = tennessee();
    let err = |m, s| {
        count(
            &e,
            &CountOptions {
                method: m,
                seats: s,
                seed: None,
            },
        )
        .unwrap_err()
    };
    assert!(err(Method::Meek, 5).to_string().contains("5 seats"));
    assert!(err(Method::Irv, 2).to_string().contains("one candidate"));
    let empty = Election {
        parties: Vec::new(),
        candidates: vec!["A".into()],
        ..Election::default()
    };
    assert!(
        count(
            &empty,
            &CountOptions {
                method: Method::Irv,
                seats: 1,
                seed: None
            }
        )
        .is_err()
    );
    let mut bad = tennessee();
    bad.ballots.push(Ballot::strict(1, &[9]));
    assert!(
        count(
            &bad,
            &CountOptions {
                method: Method::Irv,
                seats: 1,
                seed: None
            }
        )
        .is_err()
    );
}

#[test]
fn withdrawn_candidates_are_skipped() {
    let mut e = tennessee();
    e.withdrawn = vec![0];
    let r = run(&e, Method::Irv, 1);
    assert!(!r.elected.contains(&0));
    assert_eq!(r.rounds[0].tallies[0], 0);
    assert_eq!(r.rounds[0].tallies[1], 68);
}

/// Rules 49(2) and 51(2) look at the most recent preceding stage, not the first: B had fewer
/// votes than C at stage 1 but more at stage 2; tied at stage 3, C is excluded.
#[test]
fn scottish_tie_uses_the_most_recent_unequal_stage() {
    let e = election(
        &["A", "B", "C", "D", "E"],
        &[
            (12, "A"),
            (5, "B"),
            (6, "C"),
            (2, "DB"),
            (1, "EC"),
            (2, "E"),
        ],
    );
    let r = run(&e, Method::ScottishStv, 1);
    assert_eq!(names(&e, &r.rounds[1].excluded), ["D"]);
    assert_eq!(names(&e, &r.rounds[2].excluded), ["E"]);
    assert_eq!(names(&e, &r.rounds[3].excluded), ["C"]);
    assert_eq!(r.ties[0].resolved_by, TieResolution::EarlierStage);
    assert_eq!(r.ties[0].round, 4);
    assert_eq!(names(&e, &r.elected), ["A"]);
}

/// Candidates tied for first place under Schulze, with every seed tried: the winners seen, and
/// whether every count reported a tie for the seat among exactly `tied`.
fn schulze_first_places(e: &Election, tied: &[u32]) -> std::collections::BTreeSet<u32> {
    let mut winners = std::collections::BTreeSet::new();
    for seed in 0..64 {
        let r = count(
            e,
            &CountOptions {
                method: Method::Schulze,
                seats: 1,
                seed: Some(seed),
            },
        )
        .unwrap();
        let first = &r.ties[0];
        assert_eq!(first.between, tied, "seed {seed}: {:?}", r.ties);
        assert_eq!(first.resolved_by, TieResolution::Lot);
        assert_eq!(r.elected, [first.chosen]);
        winners.insert(r.elected[0]);
    }
    winners
}

/// A > C > B and B > A > C: A beats C (2:0), A-B and B-C are 1:1. A and B are both unbeaten,
/// so both are Schulze winners and a lot decides, though A beats one more candidate than B.
/// (Found by the cross-check with pref_voting and tallystick, bench/count/CROSSCHECK.md.)
#[test]
fn schulze_unbeaten_candidates_tie_even_when_one_beats_more() {
    let e = election(&["A", "B", "C"], &[(1, "ACB"), (1, "BAC")]);
    assert_eq!(schulze_first_places(&e, &[0, 1]), [0, 1].into());
}

/// No pairwise tie, only equal path strengths: D>C>B>A, A>D>C>B, C>B>A>D. The one defeat is
/// C over B (3 to 2), so A, C and D are unbeaten and share first place.
#[test]
fn schulze_equal_path_strengths_leave_three_unbeaten() {
    let e = election(
        &["A", "B", "C", "D"],
        &[(1, "DCBA"), (1, "ADCB"), (1, "CBAD")],
    );
    assert_eq!(schulze_first_places(&e, &[0, 2, 3]), [0, 2, 3].into());
    // B is below C in every ranking, whatever the lot.
    for seed in 0..16 {
        let r = count(
            &e,
            &CountOptions {
                method: Method::Schulze,
                seats: 4,
                seed: Some(seed),
            },
        )
        .unwrap();
        let ranking = r.ranking.unwrap();
        let at = |c: u32| ranking.iter().position(|&x| x == c).unwrap();
        assert!(at(2) < at(1), "{ranking:?}");
    }
}
