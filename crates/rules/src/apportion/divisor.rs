//! Divisor (highest-averages) methods: seats one at a time to the highest quotient.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;
use std::fmt;

use serde::Serialize;

use super::arith::{Ratio, cmp_products, isqrt, write_decimal};
use super::{ApportionError, Entry, Explanation, Method, Prepared, Tie, TieBreak};

/// The divisor `d(n)` applied to an entry that already holds `n` seats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Divisor {
    /// The rational `num / den` (zero for the first seat of Adams: infinite priority).
    Ratio { num: u64, den: u64 },
    /// `sqrt(n (n + 1))`, the geometric mean of Huntington–Hill (zero when `n` is zero).
    GeometricMean { n: u32 },
}

impl Divisor {
    /// The divisor of `method` for an entry holding `n` seats. `None` for largest-remainder
    /// methods.
    pub fn of(method: Method, n: u32) -> Option<Self> {
        let n64 = u64::from(n);
        Some(match method {
            Method::DHondt => Divisor::Ratio {
                num: n64 + 1,
                den: 1,
            },
            Method::SainteLague => Divisor::Ratio {
                num: 2 * n64 + 1,
                den: 1,
            },
            Method::ModifiedSainteLague if n == 0 => Divisor::Ratio { num: 7, den: 5 },
            Method::ModifiedSainteLague => Divisor::Ratio {
                num: 2 * n64 + 1,
                den: 1,
            },
            Method::Adams => Divisor::Ratio { num: n64, den: 1 },
            Method::HuntingtonHill => Divisor::GeometricMean { n },
            Method::Hare | Method::Droop => return None,
        })
    }

    /// True when the divisor is zero (the quotient is infinite).
    pub fn is_zero(self) -> bool {
        matches!(
            self,
            Divisor::Ratio { num: 0, .. } | Divisor::GeometricMean { n: 0 }
        )
    }
}

impl fmt::Display for Divisor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Divisor::Ratio { num, den } => match Ratio::new(u128::from(num), u128::from(den)) {
                Some(r) => write!(f, "{r}"),
                None => write!(f, "?"),
            },
            Divisor::GeometricMean { n } => {
                let m = u128::from(n) * (u128::from(n) + 1);
                let scaled = isqrt(m * 100_000_000);
                write_decimal(f, scaled / 10_000, scaled % 10_000)
            }
        }
    }
}

impl Serialize for Divisor {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// The quotient `votes / d(n)` that competes for the next seat. Compared exactly; displayed as
/// a decimal truncated to four places, or `∞` when the divisor is zero.
#[derive(Debug, Clone, Copy)]
pub struct Quotient {
    votes: u64,
    divisor: Divisor,
}

impl Quotient {
    pub fn new(votes: u64, divisor: Divisor) -> Self {
        Self { votes, divisor }
    }
    pub fn votes(&self) -> u64 {
        self.votes
    }
    pub fn divisor(&self) -> Divisor {
        self.divisor
    }
    /// True when the divisor is zero and the entry has votes.
    pub fn is_infinite(&self) -> bool {
        self.divisor.is_zero() && self.votes > 0
    }
}

impl Ord for Quotient {
    fn cmp(&self, other: &Self) -> Ordering {
        let (v1, v2) = (u128::from(self.votes), u128::from(other.votes));
        match (self.is_infinite(), other.is_infinite()) {
            (true, true) => return Ordering::Equal,
            (true, false) => return Ordering::Greater,
            (false, true) => return Ordering::Less,
            (false, false) => {}
        }
        match (self.divisor, other.divisor) {
            // v1 * b1 / a1  vs  v2 * b2 / a2  <=>  v1 * b1 * a2  vs  v2 * b2 * a1
            (Divisor::Ratio { num: a1, den: b1 }, Divisor::Ratio { num: a2, den: b2 }) => {
                cmp_products(
                    v1 * u128::from(b1),
                    u128::from(a2),
                    v2 * u128::from(b2),
                    u128::from(a1),
                )
            }
            // v1 / sqrt(m1)  vs  v2 / sqrt(m2)  <=>  v1^2 * m2  vs  v2^2 * m1
            (Divisor::GeometricMean { n: n1 }, Divisor::GeometricMean { n: n2 }) => {
                let m = |n: u32| u128::from(n) * (u128::from(n) + 1);
                cmp_products(v1 * v1, m(n2), v2 * v2, m(n1))
            }
            // Quotients of different methods are never compared.
            _ => Ordering::Equal,
        }
    }
}

impl PartialOrd for Quotient {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Quotient {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Quotient {}

impl fmt::Display for Quotient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_infinite() {
            return f.write_str("∞");
        }
        let v = u128::from(self.votes);
        match self.divisor {
            Divisor::Ratio { num, den } => match Ratio::new(v * u128::from(den), u128::from(num)) {
                Some(r) => write!(f, "{r}"),
                None => f.write_str("0"),
            },
            Divisor::GeometricMean { n } => {
                let m = u128::from(n) * (u128::from(n) + 1);
                match (v * v).checked_mul(100_000_000) {
                    Some(x) => {
                        let s = isqrt(x / m.max(1));
                        write_decimal(f, s / 10_000, s % 10_000)
                    }
                    None => write!(f, "{}", isqrt(v * v / m.max(1))),
                }
            }
        }
    }
}

impl Serialize for Quotient {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// One seat awarded by a divisor method.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Award {
    /// 1-based position among the seats the method awarded (minimums not counted).
    pub order: u32,
    /// The entry that received the seat.
    pub entry: String,
    /// The entry's seat count after this award (minimums included).
    pub nth: u32,
    /// The divisor used.
    pub divisor: Divisor,
    /// The winning quotient.
    pub quotient: Quotient,
}

/// A candidate for the next seat; the greatest is awarded first.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    quotient: Quotient,
    votes: u64,
    index: usize,
    tie_break: TieBreak,
}

impl Ord for Candidate {
    fn cmp(&self, other: &Self) -> Ordering {
        let by_quotient = self.quotient.cmp(&other.quotient);
        let by_order = Reverse(self.index).cmp(&Reverse(other.index));
        match self.tie_break {
            TieBreak::MostVotes => by_quotient
                .then(self.votes.cmp(&other.votes))
                .then(by_order),
            TieBreak::InputOrder => by_quotient.then(by_order),
        }
    }
}

impl PartialOrd for Candidate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Candidate {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Candidate {}

/// Seats, ties and explanation of a divisor method over validated entries.
pub(crate) fn run(
    entries: &[Entry],
    prepared: &[Prepared],
    seats: u32,
    method: Method,
    tie_break: TieBreak,
) -> Result<(Vec<u32>, Vec<Tie>, Explanation), ApportionError> {
    let mut counts: Vec<u32> = prepared.iter().map(|p| p.min).collect();
    let minimums = entries
        .iter()
        .zip(&counts)
        .filter(|(_, c)| **c > 0)
        .map(|(e, c)| (e.name.clone(), *c))
        .collect();
    let seated: u64 = counts.iter().map(|c| u64::from(*c)).sum();
    let mut left = u64::from(seats).saturating_sub(seated);
    let candidate = |index: usize, n: u32| -> Option<Candidate> {
        let divisor = Divisor::of(method, n)?;
        let votes = prepared[index].votes;
        Some(Candidate {
            quotient: Quotient::new(votes, divisor),
            votes,
            index,
            tie_break,
        })
    };
    let mut heap = BinaryHeap::new();
    for (i, p) in prepared.iter().enumerate() {
        if p.eligible && counts[i] < p.max {
            heap.extend(candidate(i, counts[i]));
        }
    }
    let mut awards: Vec<Award> = Vec::new();
    let mut order: u32 = 0;
    while left > 0 {
        let Some(best) = heap.pop() else {
            let capacity = seats_sum(&counts);
            return Err(ApportionError::NotEnoughCapacity { capacity, seats });
        };
        let i = best.index;
        counts[i] += 1;
        left -= 1;
        order += 1;
        awards.push(Award {
            order,
            entry: entries[i].name.clone(),
            nth: counts[i],
            divisor: best.quotient.divisor(),
            quotient: best.quotient,
        });
        if counts[i] < prepared[i].max {
            heap.extend(candidate(i, counts[i]));
        }
    }
    let ties = last_tie(entries, &awards, heap, tie_break);
    Ok((counts, ties, Explanation::Divisor { minimums, awards }))
}

fn seats_sum(counts: &[u32]) -> u64 {
    counts.iter().map(|c| u64::from(*c)).sum()
}

/// The tie for the last seats, if an entry left without a seat had the same quotient as the
/// last seat awarded.
fn last_tie(
    entries: &[Entry],
    awards: &[Award],
    heap: BinaryHeap<Candidate>,
    tie_break: TieBreak,
) -> Vec<Tie> {
    let Some(last) = awards.last() else {
        return Vec::new();
    };
    let losers: Vec<Candidate> = heap
        .into_sorted_vec()
        .into_iter()
        .rev()
        .filter(|c| c.quotient == last.quotient)
        .collect();
    if losers.is_empty() {
        return Vec::new();
    }
    let winners: Vec<String> = awards
        .iter()
        .rev()
        .take_while(|a| a.quotient == last.quotient)
        .map(|a| a.entry.clone())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let mut contenders = winners.clone();
    contenders.extend(losers.iter().map(|c| entries[c.index].name.clone()));
    vec![Tie {
        seats: u32::try_from(winners.len()).unwrap_or(u32::MAX),
        contenders,
        awarded_to: winners,
        at: last.quotient.to_string(),
        resolved_by: tie_break,
    }]
}
