//! The composition of the People's Assembly of Bolivia (1971): 220 delegates, 60 % to labour.
//!
//! With shares labour 60, middle class and students 24, peasants 10 and parties 6, the exact
//! Hare quotas of 220 seats are 132, 52.8, 22 and 13.2: the integer parts give 219 seats and the
//! largest remainder (0.8) gives the last one to the middle class and students. Result:
//! 132 + 53 + 22 + 13 = 220.

use asamblea_rules::apportion::{
    Entry, Explanation, GroupShare, Method, Options, apportion, apportion_two_tier,
};

fn sectors() -> Vec<Entry> {
    [
        ("labour", 60),
        ("middle class and students", 24),
        ("peasants", 10),
        ("parties", 6),
    ]
    .into_iter()
    .map(|(n, v)| Entry::new(n, v))
    .collect()
}

#[test]
fn peoples_assembly_1971_with_hare() {
    let r = apportion(&sectors(), 220, Method::Hare, &Options::default()).unwrap();
    assert_eq!(r.seat_counts(), vec![132, 53, 22, 13]);
    let Explanation::LargestRemainder { quota, rows, .. } = &r.explanation else {
        panic!()
    };
    assert_eq!(quota.to_string(), "0.4545"); // 100 share points over 220 seats
    let shares: Vec<String> = rows.iter().map(|r| r.share.to_string()).collect();
    assert_eq!(shares, ["132", "52.8", "22", "13.2"]);
}

#[test]
fn peoples_assembly_1971_with_other_methods() {
    // D'Hondt, Sainte-Laguë and Huntington-Hill agree with Hare. Adams, which favours small
    // entries, moves one seat from labour (60/131 is the smallest last quotient) to the parties.
    let counts = |m| {
        apportion(&sectors(), 220, m, &Options::default())
            .unwrap()
            .seat_counts()
    };
    assert_eq!(counts(Method::SainteLague), vec![132, 53, 22, 13]);
    assert_eq!(counts(Method::HuntingtonHill), vec![132, 53, 22, 13]);
    assert_eq!(counts(Method::DHondt), vec![132, 53, 22, 13]);
    assert_eq!(counts(Method::Adams), vec![131, 53, 22, 14]);
}

#[test]
fn peoples_assembly_1971_two_tiers() {
    let groups = vec![
        GroupShare::new("labour", Some(60)),
        GroupShare::new("middle class and students", Some(24)),
        GroupShare::new("peasants", Some(10)),
        GroupShare::new("parties", Some(6)),
    ];
    let entries = vec![
        Entry::new("miners (FSTMB)", 50_000).in_group("labour"),
        Entry::new("factory workers", 30_000).in_group("labour"),
        Entry::new("railway workers", 20_000).in_group("labour"),
        Entry::new("university students", 3).in_group("middle class and students"),
        Entry::new("teachers", 2).in_group("middle class and students"),
        Entry::new("peasant unions", 1).in_group("peasants"),
        Entry::new("PCB", 1).in_group("parties"),
        Entry::new("POR", 1).in_group("parties"),
        Entry::new("PRIN", 1).in_group("parties"),
    ];
    let r = apportion_two_tier(&groups, &entries, 220, Method::Hare, &Options::default()).unwrap();
    assert_eq!(r.groups.seat_counts(), vec![132, 53, 22, 13]);
    let seats: Vec<u32> = r.seats.iter().map(|(_, s)| *s).collect();
    // labour 132: 66, 39.6, 26.4; students 53: 31.8, 21.2; parties 13: 4.33 each.
    assert_eq!(seats, vec![66, 40, 26, 32, 21, 22, 5, 4, 4]);
    assert_eq!(r.within.len(), 4);
    assert_eq!(
        r.within[3].1.ties.len(),
        1,
        "three parties tie for the 13th seat"
    );
}
