//! Two tiers: groups first, then entries within groups.

use asamblea_rules::apportion::{
    ApportionError, Entry, GroupShare, Method, Options, apportion, apportion_two_tier,
};
use proptest::prelude::*;

fn opts() -> Options {
    Options::default()
}

#[test]
fn groups_weighed_by_summed_votes_when_no_shares() {
    let entries = vec![
        Entry::new("A", 60).in_group("x"),
        Entry::new("B", 30).in_group("y"),
        Entry::new("C", 10).in_group("x"),
    ];
    let r = apportion_two_tier(&[], &entries, 10, Method::DHondt, &opts()).unwrap();
    assert_eq!(
        r.groups.seats,
        vec![("x".to_string(), 7), ("y".to_string(), 3)]
    );
    assert_eq!(
        r.seats.iter().map(|(_, s)| *s).collect::<Vec<_>>(),
        vec![6, 3, 1]
    );
    assert_eq!(r.within[0].0, "x");
}

#[test]
fn errors_of_two_tiers() {
    let groups = vec![
        GroupShare::new("x", Some(50)),
        GroupShare::new("y", Some(50)),
    ];
    let e = vec![Entry::new("A", 1).in_group("x"), Entry::new("B", 1)];
    assert_eq!(
        apportion_two_tier(&groups, &e, 4, Method::Hare, &opts()),
        Err(ApportionError::MissingGroup { entry: "B".into() })
    );
    let e = vec![
        Entry::new("A", 1).in_group("x"),
        Entry::new("B", 1).in_group("z"),
    ];
    assert!(matches!(
        apportion_two_tier(&groups, &e, 4, Method::Hare, &opts()),
        Err(ApportionError::UnknownGroup { .. })
    ));
    let e = vec![Entry::new("A", 1).in_group("x")];
    assert_eq!(
        apportion_two_tier(&groups, &e, 4, Method::Hare, &opts()),
        Err(ApportionError::EmptyGroup { group: "y".into() })
    );
    let mixed = vec![GroupShare::new("x", Some(50)), GroupShare::new("y", None)];
    let e = vec![
        Entry::new("A", 1).in_group("x"),
        Entry::new("B", 1).in_group("y"),
    ];
    assert_eq!(
        apportion_two_tier(&mixed, &e, 4, Method::Hare, &opts()),
        Err(ApportionError::MixedShares)
    );
    let e = vec![
        Entry::new("A", 1).in_group("x").with_min(3),
        Entry::new("B", 1).in_group("y"),
    ];
    let err = apportion_two_tier(&groups, &e, 4, Method::Hare, &opts()).unwrap_err();
    assert!(matches!(err, ApportionError::InGroup { .. }));
    assert!(
        err.to_string().starts_with("in group \"x\": the minimums"),
        "{err}"
    );
    // A group with no entries and no seats is fine.
    let groups = vec![
        GroupShare::new("x", Some(100)),
        GroupShare::new("y", Some(0)),
    ];
    let e = vec![Entry::new("A", 1).in_group("x")];
    assert_eq!(
        apportion_two_tier(&groups, &e, 4, Method::Hare, &opts())
            .unwrap()
            .seats[0]
            .1,
        4
    );
}

proptest! {
    #[test]
    fn each_group_gets_its_upper_tier_seats(
        members in prop::collection::vec((1u64..100_000, 0usize..4), 1..20),
        shares in prop::collection::vec(1u32..100, 4),
        seats in 0u32..300,
        m in prop::sample::select(Method::ALL.to_vec()),
    ) {
        let entries: Vec<Entry> = members.iter().enumerate()
            .map(|(i, (v, g))| Entry::new(format!("e{i}"), *v).in_group(format!("g{g}")))
            .collect();
        let used: Vec<usize> = (0..4).filter(|g| members.iter().any(|(_, x)| x == g)).collect();
        let groups: Vec<GroupShare> = used.iter().map(|g| GroupShare::new(format!("g{g}"), Some(shares[*g]))).collect();
        let r = apportion_two_tier(&groups, &entries, seats, m, &Options::default()).unwrap();
        prop_assert_eq!(r.seats.iter().map(|(_, s)| *s).sum::<u32>(), seats);
        let upper = apportion(
            &groups.iter().map(|g| Entry::new(g.name.clone(), u64::from(g.share.unwrap()))).collect::<Vec<_>>(),
            seats, m, &Options::default(),
        ).unwrap();
        prop_assert_eq!(&r.groups.seats, &upper.seats);
        for ((name, group_seats), (within_name, within)) in upper.seats.iter().zip(&r.within) {
            prop_assert_eq!(name, within_name);
            prop_assert_eq!(within.seat_counts().iter().sum::<u32>(), *group_seats);
        }
    }
}
