//! Property tests: the defining properties of each method.

use asamblea_rules::apportion::{Entry, Explanation, Method, Options, Ratio, apportion};
use proptest::prelude::*;

fn to_entries(votes: &[u64]) -> Vec<Entry> {
    votes
        .iter()
        .enumerate()
        .map(|(i, v)| Entry::new(format!("e{i}"), *v))
        .collect()
}

/// 1 to 12 entries, at least one with votes.
fn votes() -> impl Strategy<Value = Vec<u64>> {
    prop::collection::vec(
        prop_oneof![Just(0u64), 1u64..1_000, 1u64..10_000_000],
        1..12,
    )
    .prop_filter("some votes", |v| v.iter().any(|x| *x > 0))
}

fn method() -> impl Strategy<Value = Method> {
    prop::sample::select(Method::ALL.to_vec())
}

fn divisor_method() -> impl Strategy<Value = Method> {
    prop::sample::select(
        Method::ALL
            .into_iter()
            .filter(|m| m.is_divisor())
            .collect::<Vec<_>>(),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn every_seat_is_given(v in votes(), seats in 0u32..300, m in method()) {
        let r = apportion(&to_entries(&v), seats, m, &Options::default()).unwrap();
        prop_assert_eq!(r.seat_counts().iter().sum::<u32>(), seats);
        // Entries without votes get nothing.
        for (s, votes) in r.seat_counts().iter().zip(&v) {
            if *votes == 0 { prop_assert_eq!(*s, 0); }
        }
    }

    #[test]
    fn hare_satisfies_the_quota_rule(v in votes(), seats in 0u32..300) {
        let r = apportion(&to_entries(&v), seats, Method::Hare, &Options::default()).unwrap();
        let total: u128 = v.iter().map(|x| u128::from(*x)).sum();
        for (s, votes) in r.seat_counts().iter().zip(&v) {
            let q = u128::from(*votes) * u128::from(seats);
            let floor = q / total;
            let ceil = q.div_ceil(total);
            prop_assert!(u128::from(*s) >= floor && u128::from(*s) <= ceil, "{} not in [{}, {}]", s, floor, ceil);
        }
    }

    #[test]
    fn divisor_methods_are_house_monotone(v in votes(), seats in 0u32..200, m in divisor_method()) {
        let e = to_entries(&v);
        let a = apportion(&e, seats, m, &Options::default()).unwrap().seat_counts();
        let b = apportion(&e, seats + 1, m, &Options::default()).unwrap().seat_counts();
        for (x, y) in a.iter().zip(&b) {
            prop_assert!(y >= x, "{} seats: {:?}, {} seats: {:?}", seats, a, seats + 1, b);
        }
    }

    #[test]
    fn more_votes_never_fewer_seats(v in votes(), seats in 0u32..300, m in method()) {
        let r = apportion(&to_entries(&v), seats, m, &Options::default()).unwrap().seat_counts();
        for i in 0..v.len() {
            for j in 0..v.len() {
                if v[i] > v[j] {
                    prop_assert!(r[i] >= r[j], "{:?} -> {:?}", v, r);
                }
            }
        }
    }

    #[test]
    fn dhondt_seats_are_within_one_divisor_of_proportional(v in votes(), seats in 1u32..300) {
        // D'Hondt never gives an entry fewer seats than floor(votes * seats / total).
        let r = apportion(&to_entries(&v), seats, Method::DHondt, &Options::default()).unwrap();
        let total: u128 = v.iter().map(|x| u128::from(*x)).sum();
        for (s, votes) in r.seat_counts().iter().zip(&v) {
            prop_assert!(u128::from(*s) >= u128::from(*votes) * u128::from(seats) / total);
        }
    }

    #[test]
    fn bounds_are_respected_when_feasible(
        v in votes(),
        bounds in prop::collection::vec((0u32..4, prop::option::of(0u32..12)), 12),
        seats in 0u32..80,
        m in method(),
    ) {
        let mut e = to_entries(&v);
        for (entry, (min, max)) in e.iter_mut().zip(&bounds) {
            entry.min = Some(*min);
            entry.max = max.map(|x| x.max(*min));
        }
        let min_sum: u32 = e.iter().map(|x| x.min.unwrap_or(0)).sum();
        let capacity: u64 = e.iter().map(|x| if x.votes > 0 { u64::from(x.max.unwrap_or(u32::MAX)) } else { u64::from(x.min.unwrap_or(0)) }).sum();
        let feasible = min_sum <= seats && capacity >= u64::from(seats);
        let r = apportion(&e, seats, m, &Options::default());
        prop_assert_eq!(r.is_ok(), feasible, "{:?}", r.as_ref().err());
        if let Ok(r) = r {
            prop_assert_eq!(r.seat_counts().iter().sum::<u32>(), seats);
            for (entry, s) in e.iter().zip(r.seat_counts()) {
                prop_assert!(s >= entry.min.unwrap_or(0));
                prop_assert!(s <= entry.max.unwrap_or(u32::MAX));
            }
        }
    }

    #[test]
    fn hare_with_bounds_keeps_the_quota_rule_on_bounded_shares(
        v in votes(),
        bounds in prop::collection::vec((0u32..4, prop::option::of(0u32..12)), 12),
        seats in 0u32..80,
    ) {
        let mut e = to_entries(&v);
        for (entry, (min, max)) in e.iter_mut().zip(&bounds) {
            entry.min = Some(*min);
            entry.max = max.map(|x| x.max(*min));
        }
        if let Ok(r) = apportion(&e, seats, Method::Hare, &Options::default()) {
            let Explanation::LargestRemainder { rows, .. } = &r.explanation else { panic!() };
            let mut total = Ratio::integer(0);
            for (row, entry) in rows.iter().zip(&e) {
                prop_assert!(row.seats == row.integer || row.seats == row.integer + 1);
                prop_assert!(row.share >= Ratio::integer(u128::from(entry.min.unwrap_or(0))));
                if let Some(max) = entry.max {
                    prop_assert!(row.share <= Ratio::integer(u128::from(max)));
                }
                // Sum the shares exactly: all rows share one denominator.
                total = Ratio::new(total.num() * row.share.den() / total.den().max(1) + row.share.num(), row.share.den()).unwrap();
            }
            prop_assert_eq!(total, Ratio::integer(u128::from(seats)));
        }
    }

    #[test]
    fn arbitrary_votes_never_panic(v in prop::collection::vec(any::<u64>(), 0..8), seats in 0u32..500, m in method()) {
        let _ = apportion(&to_entries(&v), seats, m, &Options::default());
    }
}
