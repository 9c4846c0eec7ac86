//! The k-of-n trigger of a prepared call to action: it fires (or is disarmed) when `k` distinct
//! members of its command have confirmed within the last `window` seconds. One member alone, or
//! one stolen phone, cannot reach `k > 1`; a confirmation older than the window no longer
//! counts. Pure: the caller gives the clock.

use std::collections::BTreeSet;

/// One member's confirmation, at `at` seconds since the epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Confirmation<M> {
    pub member: M,
    pub at: i64,
}

/// What the confirmations give at `now`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tally {
    /// Distinct members whose confirmation is inside the window.
    pub live: usize,
    /// Confirmations still needed.
    pub missing: usize,
    /// Whether `k` distinct members confirmed within the window.
    pub reached: bool,
}

/// Whether a confirmation made at `at` still counts at `now` with a window of `window` seconds:
/// made no more than `window` seconds ago (and not in the future).
pub fn within(at: i64, now: i64, window: i64) -> bool {
    at <= now && now.saturating_sub(at) <= window
}

/// Counts the confirmations of distinct members that are inside the window at `now`.
pub fn tally<M: Ord + Copy>(
    confirmations: &[Confirmation<M>],
    k: usize,
    window: i64,
    now: i64,
) -> Tally {
    let live: BTreeSet<M> = confirmations
        .iter()
        .filter(|c| within(c.at, now, window))
        .map(|c| c.member)
        .collect();
    let live = live.len();
    Tally {
        live,
        missing: k.saturating_sub(live),
        reached: k > 0 && live >= k,
    }
}

/// A threshold `k` of `n` members that a resolution may set: at least one, at most `n`.
pub fn valid_threshold(k: usize, n: usize) -> bool {
    k >= 1 && k <= n
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(member: u32, at: i64) -> Confirmation<u32> {
        Confirmation { member, at }
    }

    #[test]
    fn k_minus_one_confirmations_do_not_reach() {
        let t = tally(&[c(1, 100)], 2, 600, 100);
        assert_eq!(
            t,
            Tally {
                live: 1,
                missing: 1,
                reached: false
            }
        );
        assert!(tally(&[c(1, 100), c(2, 150)], 2, 600, 150).reached);
    }

    #[test]
    fn a_member_confirming_twice_counts_once() {
        let t = tally(&[c(1, 100), c(1, 101), c(1, 102)], 2, 600, 102);
        assert_eq!(t.live, 1);
        assert!(!t.reached);
    }

    #[test]
    fn confirmations_older_than_the_window_do_not_count() {
        // Member 1 confirmed at 0, member 2 at 601 with a window of 600: too late together.
        assert!(!tally(&[c(1, 0), c(2, 601)], 2, 600, 601).reached);
        // At the edge of the window it still counts.
        assert!(tally(&[c(1, 1), c(2, 601)], 2, 600, 601).reached);
        // A confirmation from the future (a wrong clock) does not count.
        assert!(!tally(&[c(1, 700), c(2, 601)], 2, 600, 601).reached);
    }

    #[test]
    fn thresholds() {
        assert!(valid_threshold(2, 3));
        assert!(valid_threshold(3, 3));
        assert!(!valid_threshold(0, 3));
        assert!(!valid_threshold(4, 3));
        assert!(!tally::<u32>(&[], 0, 10, 0).reached);
    }
}
