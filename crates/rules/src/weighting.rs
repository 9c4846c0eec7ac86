//! Weights of the organizations' rankings of demands: one each, or in proportion to their seats
//! or members. The counting engine takes integer ballot weights up to
//! [`MAX_TOTAL_WEIGHT`](crate::count::MAX_TOTAL_WEIGHT) in all, so large memberships are scaled
//! down (by the same divisor for all, rounding down, never below 1 for a positive number) when
//! their sum is above it.

use crate::count::MAX_TOTAL_WEIGHT;

/// The ballot weight of each organization from its `base` (1, its seats or its members), in the
/// same order. An organization with a base of 0 weighs 0 (its ranking takes no part).
pub fn ballot_weights(base: &[u64]) -> Vec<u64> {
    let total: u128 = base.iter().map(|&b| u128::from(b)).sum();
    let limit = u128::from(MAX_TOTAL_WEIGHT);
    if total <= limit {
        return base.to_vec();
    }
    // divisor = ceil(total / limit): the scaled sum is at most `limit`.
    let divisor = total.div_ceil(limit);
    base.iter()
        .map(|&b| {
            if b == 0 {
                0
            } else {
                u64::try_from((u128::from(b) / divisor).max(1)).unwrap_or(MAX_TOTAL_WEIGHT)
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_bases_are_kept() {
        assert_eq!(ballot_weights(&[1, 1, 1]), vec![1, 1, 1]);
        assert_eq!(ballot_weights(&[60_000, 4_000, 0]), vec![60_000, 4_000, 0]);
    }

    #[test]
    fn large_bases_are_scaled_under_the_engine_limit() {
        let w = ballot_weights(&[100_000_000; 15]);
        assert!(w.iter().sum::<u64>() <= MAX_TOTAL_WEIGHT);
        assert!(w.iter().all(|&x| x == w[0] && x > 0));
        let w = ballot_weights(&[999_999_999, 1, 5]);
        assert!(w.iter().sum::<u64>() <= MAX_TOTAL_WEIGHT);
        assert_eq!(w[1], 1);
    }
}
