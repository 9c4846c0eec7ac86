//! Percentiles, and the count check: what was acknowledged against what the close counted.

use std::collections::BTreeMap;
use std::time::Duration;

use serde_json::{Value, json};

/// The `p` quantile (0..=1) of sorted durations (nearest rank).
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

pub fn ms(d: Duration) -> f64 {
    (d.as_secs_f64() * 1e4).round() / 10.0
}

/// p50/p90/p99/max in milliseconds, and how many.
pub fn summary(mut v: Vec<Duration>) -> Value {
    v.sort();
    json!({
        "n": v.len(),
        "p50_ms": ms(percentile(&v, 0.5)),
        "p90_ms": ms(percentile(&v, 0.9)),
        "p99_ms": ms(percentile(&v, 0.99)),
        "max_ms": ms(v.last().copied().unwrap_or_default()),
    })
}

/// One line of a summary: `p50 … / p90 … / p99 … / max … ms (n)`.
pub fn line(s: &Value) -> String {
    format!(
        "p50 {} / p90 {} / p99 {} / max {} ms (n = {})",
        s["p50_ms"], s["p90_ms"], s["p99_ms"], s["max_ms"], s["n"]
    )
}

/// Ballots by (vote or election, choice).
pub type Tally = BTreeMap<(i64, String), i64>;

/// Every acknowledged ballot counted exactly once: no (target, choice) counted fewer times than it
/// was acknowledged (a lost ballot), nor more than acknowledged plus the ballots whose answer never
/// came (a double count).
pub fn check_counts(acked: &Tally, unknown: &Tally, counted: &Tally) -> Value {
    let mut lost = 0i64;
    let mut extra = 0i64;
    let keys: std::collections::BTreeSet<&(i64, String)> =
        acked.keys().chain(counted.keys()).collect();
    for k in keys {
        let a = acked.get(k).copied().unwrap_or(0);
        let u = unknown.get(k).copied().unwrap_or(0);
        let c = counted.get(k).copied().unwrap_or(0);
        lost += (a - c).max(0);
        extra += (c - a - u).max(0);
    }
    json!({
        "acknowledged": acked.values().sum::<i64>(),
        "unanswered_not_resent": unknown.values().sum::<i64>(),
        "counted": counted.values().sum::<i64>(),
        "lost": lost,
        "counted_twice_or_unsent": extra,
        "exactly_once": lost == 0 && extra == 0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tally(v: &[(i64, &str, i64)]) -> Tally {
        v.iter()
            .map(|(t, c, n)| ((*t, c.to_string()), *n))
            .collect()
    }

    #[test]
    fn a_lost_or_doubled_ballot_is_found() {
        let acked = tally(&[(1, "yes", 3), (1, "no", 2)]);
        let same = check_counts(&acked, &Tally::new(), &acked);
        assert_eq!(same["exactly_once"], true);
        let lost = check_counts(
            &acked,
            &Tally::new(),
            &tally(&[(1, "yes", 3), (1, "no", 1)]),
        );
        assert_eq!(lost["lost"], 1);
        assert_eq!(lost["exactly_once"], false);
        // A ballot moved from one choice to another is one lost and one extra, not a match.
        let moved = check_counts(
            &acked,
            &Tally::new(),
            &tally(&[(1, "yes", 4), (1, "no", 1)]),
        );
        assert_eq!(
            (
                moved["lost"].as_i64(),
                moved["counted_twice_or_unsent"].as_i64()
            ),
            (Some(1), Some(1))
        );
        let doubled = check_counts(
            &acked,
            &Tally::new(),
            &tally(&[(1, "yes", 4), (1, "no", 2)]),
        );
        assert_eq!(doubled["counted_twice_or_unsent"], 1);
        // …unless that ballot's answer never came: then it may or may not be in.
        let unknown = tally(&[(1, "yes", 1)]);
        assert_eq!(
            check_counts(&acked, &unknown, &tally(&[(1, "yes", 4), (1, "no", 2)]))["exactly_once"],
            true
        );
    }

    #[test]
    fn percentiles_by_nearest_rank() {
        let v: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
        assert_eq!(percentile(&v, 0.5), Duration::from_millis(51));
        assert_eq!(percentile(&v, 0.99), Duration::from_millis(99));
        assert_eq!(percentile(&v, 1.0), Duration::from_millis(100));
        assert_eq!(percentile(&[], 0.5), Duration::ZERO);
    }
}
