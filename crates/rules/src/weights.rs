//! Weighted ballots (federation): a ballot weighs one, plus the proxies it carries; or, in an
//! assembly that votes by delegation, its delegation's seats. These functions sum weighted
//! ballots into the counts `procedure` decides on; every sum is checked (an overflow is an
//! error, never a wrap).

use crate::procedure::YesNoAbstain;

/// A yes/no/abstain ballot's choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    Yes,
    No,
    Abstain,
}

/// The counts do not fit in 32 bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Overflow;

impl std::fmt::Display for Overflow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the weighted counts do not fit")
    }
}

impl std::error::Error for Overflow {}

/// The weight of a ballot that carries `proxies` proxies besides its own vote.
pub fn proxy_weight(proxies: usize) -> i64 {
    i64::try_from(proxies)
        .unwrap_or(i64::MAX - 1)
        .saturating_add(1)
}

/// The weight of a delegation's one ballot: its seats (at least one: a delegation with a voting
/// delegate has a seat).
pub fn delegation_weight(seats: i64) -> i64 {
    seats.max(1)
}

fn weight_u32(w: i64) -> Result<u32, Overflow> {
    u32::try_from(w).map_err(|_| Overflow)
}

/// Sums weighted yes/no/abstain ballots.
pub fn tally_yes_no(ballots: &[(Choice, i64)]) -> Result<YesNoAbstain, Overflow> {
    let mut t = YesNoAbstain::default();
    for &(choice, w) in ballots {
        let w = weight_u32(w)?;
        let slot = match choice {
            Choice::Yes => &mut t.yes,
            Choice::No => &mut t.no,
            Choice::Abstain => &mut t.abstain,
        };
        *slot = slot.checked_add(w).ok_or(Overflow)?;
    }
    Ok(t)
}

/// Sums weighted ballots among `options` options (each ballot: the indices it marks; an index
/// out of range is ignored); also the total weight of the ballots.
pub fn tally_options(
    options: usize,
    ballots: &[(Vec<usize>, i64)],
) -> Result<(Vec<u32>, u32), Overflow> {
    let mut counts = vec![0u32; options];
    let mut total = 0u32;
    for (marks, w) in ballots {
        let w = weight_u32(*w)?;
        total = total.checked_add(w).ok_or(Overflow)?;
        for &i in marks {
            if let Some(n) = counts.get_mut(i) {
                *n = n.checked_add(w).ok_or(Overflow)?;
            }
        }
    }
    Ok((counts, total))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_ballot_counts_once_with_its_weight() {
        let t = tally_yes_no(&[
            (Choice::Yes, 1),
            (Choice::Yes, 3),
            (Choice::No, 2),
            (Choice::Abstain, 1),
        ])
        .unwrap();
        assert_eq!((t.yes, t.no, t.abstain), (4, 2, 1));
        let (counts, total) =
            tally_options(3, &[(vec![0, 2], 2), (vec![1], 1), (vec![7], 5)]).unwrap();
        assert_eq!(counts, vec![2, 1, 2]);
        assert_eq!(total, 8);
    }

    #[test]
    fn weights() {
        assert_eq!(proxy_weight(0), 1);
        assert_eq!(proxy_weight(2), 3);
        assert_eq!(delegation_weight(6), 6);
        assert_eq!(delegation_weight(0), 1);
    }

    #[test]
    fn overflow_is_an_error() {
        assert_eq!(
            tally_yes_no(&[(Choice::Yes, i64::from(u32::MAX)), (Choice::Yes, 1)]),
            Err(Overflow)
        );
        assert_eq!(tally_yes_no(&[(Choice::No, -1)]), Err(Overflow));
    }
}
