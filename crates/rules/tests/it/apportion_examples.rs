//! Worked examples of every method, checked by hand, plus bounds, thresholds, ties and errors.

use asamblea_rules::apportion::{
    ApportionError, Entry, Explanation, Method, Options, Threshold, TieBreak, apportion,
};

fn entries(list: &[(&str, u64)]) -> Vec<Entry> {
    list.iter().map(|(n, v)| Entry::new(*n, *v)).collect()
}

/// The classic example: A 100 000, B 80 000, C 30 000, D 20 000.
fn abcd() -> Vec<Entry> {
    entries(&[("A", 100_000), ("B", 80_000), ("C", 30_000), ("D", 20_000)])
}

fn counts(e: &[Entry], seats: u32, m: Method) -> Vec<u32> {
    apportion(e, seats, m, &Options::default())
        .unwrap()
        .seat_counts()
}

/// The six parties of the largest-remainder example (total 100 000, 10 seats).
fn six() -> Vec<Entry> {
    entries(&[
        ("Yellows", 47_000),
        ("Whites", 16_000),
        ("Reds", 15_800),
        ("Greens", 12_000),
        ("Blues", 6_100),
        ("Pinks", 3_100),
    ])
}

#[test]
fn dhondt_wikipedia_example() {
    let r = apportion(&abcd(), 8, Method::DHondt, &Options::default()).unwrap();
    assert_eq!(r.seat_counts(), vec![4, 3, 1, 0]);
    assert!(r.ties.is_empty());
    let Explanation::Divisor { awards, minimums } = &r.explanation else {
        panic!()
    };
    assert!(minimums.is_empty());
    let seq: Vec<(&str, String)> = awards
        .iter()
        .map(|a| (a.entry.as_str(), a.quotient.to_string()))
        .collect();
    assert_eq!(
        seq,
        vec![
            ("A", "100000".to_string()),
            ("B", "80000".to_string()),
            ("A", "50000".to_string()),
            ("B", "40000".to_string()),
            ("A", "33333.3333".to_string()),
            ("C", "30000".to_string()),
            ("B", "26666.6666".to_string()),
            ("A", "25000".to_string()),
        ]
    );
}

#[test]
fn sainte_lague_same_example() {
    assert_eq!(counts(&abcd(), 8, Method::SainteLague), vec![3, 3, 1, 1]);
}

#[test]
fn modified_sainte_lague_reports_the_exact_tie_for_the_last_seat() {
    // Divisors 1.4, 3, 5, 7: the eighth seat is a tie between A's 100000/7 and D's 20000/1.4.
    let r = apportion(&abcd(), 8, Method::ModifiedSainteLague, &Options::default()).unwrap();
    assert_eq!(r.seat_counts(), vec![4, 3, 1, 0]);
    assert_eq!(r.ties.len(), 1);
    let tie = &r.ties[0];
    assert_eq!(tie.contenders, vec!["A", "D"]);
    assert_eq!(tie.awarded_to, vec!["A"]);
    assert_eq!(tie.seats, 1);
    assert_eq!(tie.at, "14285.7142");
    assert_eq!(tie.resolved_by, TieBreak::MostVotes);

    // Listed first, D wins the same tie by input order.
    let mut e = abcd();
    e.rotate_right(1); // D, A, B, C
    let opts = Options {
        tie_break: TieBreak::InputOrder,
        ..Options::default()
    };
    let r = apportion(&e, 8, Method::ModifiedSainteLague, &opts).unwrap();
    assert_eq!(r.seat_counts(), vec![1, 3, 3, 1]);
    assert_eq!(r.ties[0].awarded_to, vec!["D"]);
}

#[test]
fn hare_largest_remainder_example() {
    let r = apportion(&six(), 10, Method::Hare, &Options::default()).unwrap();
    assert_eq!(r.seat_counts(), vec![5, 2, 1, 1, 1, 0]);
    let Explanation::LargestRemainder { quota, seats, rows } = &r.explanation else {
        panic!()
    };
    assert_eq!(quota.to_string(), "10000");
    assert_eq!(*seats, 10);
    let shown: Vec<(String, u32, String)> = rows
        .iter()
        .map(|r| (r.share.to_string(), r.integer, r.remainder.to_string()))
        .collect();
    assert_eq!(shown[0], ("4.7".into(), 4, "0.7".into()));
    assert_eq!(shown[4], ("0.61".into(), 0, "0.61".into()));
    assert_eq!(rows.iter().map(|r| r.by_remainder).sum::<u32>(), 3);
}

#[test]
fn droop_with_bounds_holds_entries_at_them() {
    let opts = Options::default();
    // A minimum: B (10 votes) must have 5 of 10 seats; A gets the rest.
    let e = [Entry::new("A", 1000), Entry::new("B", 10).with_min(5)];
    let r = apportion(&e, 10, Method::Droop, &opts).unwrap();
    assert_eq!(r.seat_counts(), [5, 5]);
    // A maximum: A (600 of 1,000 votes) may hold 5 of 10; B and C share the other 5 by Droop
    // over their 400 votes: quota floor(400 / 6) + 1 = 67; B 300 / 67 = 4.48, C 100 / 67 = 1.49.
    let e = [
        Entry::new("A", 600).with_max(5),
        Entry::new("B", 300),
        Entry::new("C", 100),
    ];
    let r = apportion(&e, 10, Method::Droop, &opts).unwrap();
    assert_eq!(r.seat_counts(), [5, 4, 1]);
    // Without bounds it is plain Droop: quota 91, A 6, B 3, C 1.
    let e = [
        Entry::new("A", 600),
        Entry::new("B", 300),
        Entry::new("C", 100),
    ];
    assert_eq!(
        apportion(&e, 10, Method::Droop, &opts)
            .unwrap()
            .seat_counts(),
        [6, 3, 1]
    );
}

#[test]
fn droop_largest_remainder_example() {
    // Integer Droop quota floor(100000 / 11) + 1 = 9091.
    let r = apportion(&six(), 10, Method::Droop, &Options::default()).unwrap();
    assert_eq!(r.seat_counts(), vec![5, 2, 2, 1, 0, 0]);
    let Explanation::LargestRemainder { quota, .. } = &r.explanation else {
        panic!()
    };
    assert_eq!(quota.to_string(), "9091");
}

#[test]
fn huntington_hill_small_example() {
    // One seat each first; then A 1000/√2 = 707.1, B 600/√2 = 424.3, A 1000/√6 = 408.2,
    // C 300/√2 = 212.1 and B 600/√6 = 244.9.
    let e = entries(&[("A", 1000), ("B", 600), ("C", 300)]);
    assert_eq!(counts(&e, 2, Method::HuntingtonHill), vec![1, 1, 0]);
    assert_eq!(counts(&e, 3, Method::HuntingtonHill), vec![1, 1, 1]);
    assert_eq!(counts(&e, 4, Method::HuntingtonHill), vec![2, 1, 1]);
    assert_eq!(counts(&e, 5, Method::HuntingtonHill), vec![2, 2, 1]);
    assert_eq!(counts(&e, 6, Method::HuntingtonHill), vec![3, 2, 1]);
    let r = apportion(&e, 5, Method::HuntingtonHill, &Options::default()).unwrap();
    let Explanation::Divisor { awards, .. } = &r.explanation else {
        panic!()
    };
    let q: Vec<String> = awards.iter().map(|a| a.quotient.to_string()).collect();
    assert_eq!(q, ["∞", "∞", "∞", "707.1067", "424.264"]);
    assert_eq!(awards[4].divisor.to_string(), "1.4142");
}

#[test]
fn huntington_hill_differs_from_webster() {
    // Huntington-Hill gives every entry with votes a seat first; Webster does not.
    let e = entries(&[("A", 10), ("B", 1)]);
    assert_eq!(counts(&e, 2, Method::HuntingtonHill), vec![1, 1]);
    assert_eq!(counts(&e, 2, Method::SainteLague), vec![2, 0]);
}

#[test]
fn adams_small_example() {
    let e = entries(&[("A", 1000), ("B", 600), ("C", 300)]);
    assert_eq!(counts(&e, 5, Method::Adams), vec![2, 2, 1]);
    assert_eq!(counts(&e, 6, Method::Adams), vec![3, 2, 1]);
    // Fewer seats than entries: the first seats go by votes, and the tie is reported.
    let r = apportion(&e, 2, Method::Adams, &Options::default()).unwrap();
    assert_eq!(r.seat_counts(), vec![1, 1, 0]);
    assert_eq!(r.ties[0].at, "∞");
    assert_eq!(r.ties[0].contenders, vec!["A", "B", "C"]);
}

#[test]
fn threshold_excludes_small_entries() {
    // 10 % of 230 000 is 23 000: D (20 000) is out.
    let opts = Options {
        threshold: "10".parse::<Threshold>().unwrap(),
        ..Options::default()
    };
    let r = apportion(&abcd(), 8, Method::SainteLague, &opts).unwrap();
    assert_eq!(r.seat_counts(), vec![4, 3, 1, 0]);
    assert_eq!(r.below_threshold, vec!["D"]);
    let r = apportion(
        &six(),
        10,
        Method::Hare,
        &Options {
            threshold: "10".parse().unwrap(),
            ..opts
        },
    )
    .unwrap();
    // Yellows, Whites, Reds, Greens share 90 800 votes: 5.176, 1.762, 1.740, 1.321.
    assert_eq!(r.seat_counts(), vec![5, 2, 2, 1, 0, 0]);
}

#[test]
fn minimum_is_seated_first_and_counts_for_the_divisor() {
    let mut e = abcd();
    e[3].min = Some(1);
    let r = apportion(&e, 8, Method::DHondt, &Options::default()).unwrap();
    assert_eq!(r.seat_counts(), vec![3, 3, 1, 1]);
    let Explanation::Divisor { minimums, awards } = &r.explanation else {
        panic!()
    };
    assert_eq!(minimums, &vec![("D".to_string(), 1)]);
    assert_eq!(awards.len(), 7);
}

#[test]
fn maximum_caps_and_the_tie_for_the_freed_seat_is_reported() {
    let mut e = abcd();
    e[0].max = Some(3);
    let r = apportion(&e, 8, Method::DHondt, &Options::default()).unwrap();
    // After A's cap, B's 80000/4 = 20000 ties with D's 20000/1; B has more votes.
    assert_eq!(r.seat_counts(), vec![3, 4, 1, 0]);
    assert_eq!(r.ties[0].contenders, vec!["B", "D"]);
    assert_eq!(r.ties[0].awarded_to, vec!["B"]);
}

#[test]
fn hare_with_a_maximum_uses_bounded_quotas() {
    let mut e = abcd();
    e[0].max = Some(3);
    let r = apportion(&e, 8, Method::Hare, &Options::default()).unwrap();
    // A fixed at 3; 5 seats over 130 000 votes: 3.077, 1.154, 0.769.
    assert_eq!(r.seat_counts(), vec![3, 3, 1, 1]);
}

#[test]
fn hare_with_a_minimum() {
    let mut e = abcd();
    e[3].min = Some(2);
    let r = apportion(&e, 8, Method::Hare, &Options::default()).unwrap();
    // D fixed at 2; 6 seats over 210 000: 2.857, 2.286, 0.857.
    assert_eq!(r.seat_counts(), vec![3, 2, 1, 2]);
}

#[test]
fn entry_without_votes_gets_only_its_minimum() {
    let mut e = entries(&[("A", 10), ("Reserved", 0)]);
    e[1].min = Some(2);
    for m in Method::ALL.into_iter().filter(|m| *m != Method::Droop) {
        assert_eq!(counts(&e, 5, m), vec![3, 2], "{m}");
    }
}

#[test]
fn errors_are_named() {
    let opts = Options::default();
    let dup = entries(&[("A", 1), ("A", 2)]);
    assert_eq!(
        apportion(&dup, 1, Method::DHondt, &opts),
        Err(ApportionError::DuplicateName("A".into()))
    );
    assert_eq!(
        apportion(&entries(&[(" ", 1)]), 1, Method::DHondt, &opts),
        Err(ApportionError::EmptyName)
    );
    let mut e = abcd();
    e[0].min = Some(5);
    e[0].max = Some(4);
    assert!(matches!(
        apportion(&e, 8, Method::DHondt, &opts),
        Err(ApportionError::MinAboveMax { .. })
    ));
    let mut e = abcd();
    e[0].min = Some(9);
    assert!(matches!(
        apportion(&e, 8, Method::Hare, &opts),
        Err(ApportionError::MinimumsExceedSeats { .. })
    ));
    let e: Vec<Entry> = abcd().into_iter().map(|e| e.with_max(1)).collect();
    assert!(matches!(
        apportion(&e, 8, Method::Adams, &opts),
        Err(ApportionError::NotEnoughCapacity {
            capacity: 4,
            seats: 8
        })
    ));
    // Droop takes bounds too: at most one seat each.
    let r = apportion(&e, 3, Method::Droop, &opts).unwrap();
    assert!(r.seats.iter().all(|(_, s)| *s <= 1));
    assert_eq!(r.seats.iter().map(|(_, s)| s).sum::<u32>(), 3);
    assert!(matches!(
        apportion(&[], 1, Method::Hare, &opts),
        Err(ApportionError::NotEnoughCapacity { .. })
    ));
    assert!(apportion(&entries(&[("A", 0)]), 1, Method::DHondt, &opts).is_err());
    assert_eq!(
        apportion(&[], 0, Method::Hare, &opts).unwrap().seats,
        vec![]
    );
}

#[test]
fn huge_votes_do_not_overflow() {
    let e = entries(&[("A", u64::MAX), ("B", u64::MAX - 1), ("C", u64::MAX / 3)]);
    for m in Method::ALL {
        let r = apportion(&e, 1000, m, &Options::default()).unwrap();
        assert_eq!(r.seat_counts().iter().sum::<u32>(), 1000, "{m}");
        assert!(r.seat_counts()[0] >= r.seat_counts()[1], "{m}");
    }
}
