//! Largest-remainder methods: a quota divides the votes; seats left over go to the largest
//! remainders.
//!
//! Hare with minimums and maximums uses *bounded quotas*: each entry's exact share of seats is
//! `clamp(votes × λ, min, max)` with the one `λ` that makes the shares add up to the seats (entries
//! at a bound get exactly the bound; the others share the rest in proportion to votes). Integer
//! parts and remainders are then taken as usual, so every entry still gets the floor or ceiling
//! of its bounded share. Without bounds this is plain Hamilton.
//!
//! Droop with minimums and maximums holds at their bounds the entries Hare's bounded quotas hold,
//! then gives the seats left to the others by Droop over their votes, holding at its bound any
//! entry that Droop would push past one (see `bounded_droop`).

use std::cmp::{Ordering, Reverse};

use serde::Serialize;

use super::arith::{Ratio, cmp_products};
use super::{ApportionError, Entry, Explanation, Method, Prepared, Tie, TieBreak};

/// Why an entry's share was fixed rather than proportional.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Bound {
    /// Held at its minimum.
    Minimum,
    /// Held at its maximum.
    Maximum,
    /// No votes, or below the threshold: only its minimum.
    Ineligible,
}

/// One entry's row in a largest-remainder explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuotaRow {
    pub entry: String,
    pub votes: u64,
    /// Exact share of seats (votes divided by the quota, or the bound).
    pub share: Ratio,
    /// Seats from the integer part of the share.
    pub integer: u32,
    /// The fractional part of the share, which competes for the seats left over.
    pub remainder: Ratio,
    /// Seats won by the remainder (beyond the integer part).
    pub by_remainder: u32,
    /// Set when the share was fixed by a bound.
    pub bound: Option<Bound>,
    /// Seats in total.
    pub seats: u32,
}

/// Each entry's exact share as `numerator / den`, and the bound that fixed it.
struct Shares {
    numerators: Vec<u128>,
    bounds: Vec<Option<Bound>>,
    den: u128,
    quota: Ratio,
    distributed: u64,
}

/// Seats, ties and explanation of a largest-remainder method over validated entries.
pub(crate) fn run(
    entries: &[Entry],
    prepared: &[Prepared],
    seats: u32,
    method: Method,
    tie_break: TieBreak,
) -> Result<(Vec<u32>, Vec<Tie>, Explanation), ApportionError> {
    let no_capacity = || ApportionError::NotEnoughCapacity {
        capacity: prepared
            .iter()
            .filter(|p| !p.eligible)
            .map(|p| u64::from(p.min))
            .sum(),
        seats,
    };
    let (shares, a) = match method {
        Method::Droop => bounded_droop(prepared, seats, tie_break)?.ok_or_else(no_capacity)?,
        _ => {
            let shares = hare_shares(prepared, seats).ok_or_else(no_capacity)?;
            let a = allocate(prepared, &shares, seats, tie_break)?;
            (shares, a)
        }
    };
    let Allocated {
        counts,
        integer,
        remainders,
        by_remainder,
        order,
        k,
    } = a;
    let den = shares.den;
    let ties = cutoff_tie(entries, &order, &remainders, k, den, tie_break);
    let rows = entries
        .iter()
        .enumerate()
        .map(|(i, e)| QuotaRow {
            entry: e.name.clone(),
            votes: e.votes,
            share: Ratio::new(shares.numerators[i], den).unwrap_or(Ratio::integer(0)),
            integer: integer[i],
            remainder: Ratio::new(remainders[i], den).unwrap_or(Ratio::integer(0)),
            by_remainder: by_remainder[i],
            bound: shares.bounds[i],
            seats: counts[i],
        })
        .collect();
    let distributed = u32::try_from(shares.distributed).unwrap_or(u32::MAX);
    Ok((
        counts,
        ties,
        Explanation::LargestRemainder {
            quota: shares.quota,
            seats: distributed,
            rows,
        },
    ))
}

/// Seats from shares: integer parts, then the seats left over by largest remainder.
struct Allocated {
    counts: Vec<u32>,
    integer: Vec<u32>,
    remainders: Vec<u128>,
    by_remainder: Vec<u32>,
    /// Entries competing for the seats left over, best remainder first.
    order: Vec<usize>,
    /// How many of `order` won a seat by remainder (beyond whole rounds).
    k: usize,
}

fn allocate(
    prepared: &[Prepared],
    shares: &Shares,
    seats: u32,
    tie_break: TieBreak,
) -> Result<Allocated, ApportionError> {
    let den = shares.den;
    let integer: Vec<u32> = shares
        .numerators
        .iter()
        .map(|n| u32::try_from(n / den).unwrap_or(u32::MAX))
        .collect();
    let remainders: Vec<u128> = shares.numerators.iter().map(|n| n % den).collect();
    let given: u64 = integer.iter().map(|s| u64::from(*s)).sum();
    let mut left = u64::from(seats).saturating_sub(given);
    let mut counts = integer.clone();
    let mut by_remainder = vec![0u32; prepared.len()];

    // Candidates for the seats left over: entries whose share is not fixed by a bound.
    let mut order: Vec<usize> = (0..prepared.len())
        .filter(|&i| shares.bounds[i].is_none())
        .collect();
    let key = |i: usize| {
        let votes = if tie_break == TieBreak::MostVotes {
            prepared[i].votes
        } else {
            0
        };
        (Reverse(remainders[i]), Reverse(votes), i)
    };
    order.sort_by_key(|&i| key(i));
    if order.is_empty() && left > 0 {
        return Err(ApportionError::NotEnoughCapacity {
            capacity: given,
            seats,
        });
    }
    // Droop can leave more seats than entries when votes are very few: whole rounds first.
    let n = u64::try_from(order.len()).unwrap_or(u64::MAX).max(1);
    let rounds = u32::try_from(left / n).unwrap_or(u32::MAX);
    if rounds > 0 {
        for &i in &order {
            counts[i] += rounds;
            by_remainder[i] += rounds;
        }
        left %= n;
    }
    let k = usize::try_from(left).unwrap_or(usize::MAX).min(order.len());
    for &i in &order[..k] {
        counts[i] += 1;
        by_remainder[i] += 1;
    }
    Ok(Allocated {
        counts,
        integer,
        remainders,
        by_remainder,
        order,
        k,
    })
}

/// Droop with minimums and maximums: the entries that Hare's bounded quotas hold at a bound keep
/// it; the others share the seats left by Droop over their votes. An entry whose Droop seats then
/// cross one of its bounds is held at it and the others are counted again, until none crosses.
/// Each round holds at least one more entry, so it ends; without bounds it is plain Droop.
fn bounded_droop(
    prepared: &[Prepared],
    seats: u32,
    tie_break: TieBreak,
) -> Result<Option<(Shares, Allocated)>, ApportionError> {
    // Start from the entries Hare's bounded quotas hold at a bound (see the module docs).
    let Some(hare) = hare_shares(prepared, seats) else {
        return Ok(None);
    };
    let mut held = hare.bounds;
    loop {
        let Some(shares) = droop_shares(prepared, seats, &held) else {
            return Ok(None);
        };
        let a = allocate(prepared, &shares, seats, tie_break)?;
        let mut crossed = false;
        for (i, p) in prepared.iter().enumerate() {
            if held[i].is_some() {
                continue;
            }
            if a.counts[i] < p.min {
                held[i] = Some(Bound::Minimum);
                crossed = true;
            } else if a.counts[i] > p.max {
                held[i] = Some(Bound::Maximum);
                crossed = true;
            }
        }
        if !crossed {
            return Ok(Some((shares, a)));
        }
    }
}

/// The tie at the cut between the `k` remainders that won a seat and the rest.
fn cutoff_tie(
    entries: &[Entry],
    order: &[usize],
    remainders: &[u128],
    k: usize,
    den: u128,
    tie_break: TieBreak,
) -> Vec<Tie> {
    if k == 0 || k >= order.len() {
        return Vec::new();
    }
    let cut = remainders[order[k - 1]];
    if remainders[order[k]] != cut {
        return Vec::new();
    }
    let tied: Vec<usize> = order
        .iter()
        .copied()
        .filter(|&i| remainders[i] == cut)
        .collect();
    let awarded_to: Vec<String> = order[..k]
        .iter()
        .filter(|&&i| remainders[i] == cut)
        .map(|&i| entries[i].name.clone())
        .collect();
    vec![Tie {
        seats: u32::try_from(awarded_to.len()).unwrap_or(u32::MAX),
        contenders: tied.iter().map(|&i| entries[i].name.clone()).collect(),
        awarded_to,
        at: Ratio::new(cut, den)
            .map(|r| r.to_string())
            .unwrap_or_default(),
        resolved_by: tie_break,
    }]
}

/// Droop: integer quota `floor(V / (S + 1)) + 1` over the votes `V` of the entries not `held`
/// at a bound, `S` being the seats the held entries leave.
fn droop_shares(prepared: &[Prepared], seats: u32, held: &[Option<Bound>]) -> Option<Shares> {
    let seat_of = |p: &Prepared, b: Bound| {
        u64::from(match b {
            Bound::Maximum => p.max,
            Bound::Minimum | Bound::Ineligible => p.min,
        })
    };
    let fixed: u64 = prepared
        .iter()
        .zip(held)
        .filter_map(|(p, b)| b.map(|b| seat_of(p, b)))
        .sum();
    let s = u64::from(seats).checked_sub(fixed)?;
    let v: u128 = prepared
        .iter()
        .zip(held)
        .filter(|(_, b)| b.is_none())
        .map(|(p, _)| u128::from(p.votes))
        .sum();
    if v == 0 && s > 0 {
        return None;
    }
    let quota = v / (u128::from(s) + 1) + 1;
    let numerators = prepared
        .iter()
        .zip(held)
        .map(|(p, b)| match b {
            None => u128::from(p.votes),
            Some(b) => u128::from(seat_of(p, *b)) * quota,
        })
        .collect();
    Some(Shares {
        numerators,
        bounds: held.to_vec(),
        den: quota,
        quota: Ratio::integer(quota),
        distributed: s,
    })
}

/// `f(λ) = Σ clamp(v λ, min, max)` compared with `target`, at `λ = p / q`.
fn cmp_total_at(prepared: &[Prepared], p: u128, q: u128, target: u128) -> Ordering {
    // f(λ) = C + V_F p / q  vs  target  <=>  C q + V_F p  vs  target q
    let (mut c, mut vf) = (0u128, 0u128);
    for e in prepared.iter().filter(|e| e.eligible) {
        let v = u128::from(e.votes);
        if v * p <= u128::from(e.min) * q {
            c += u128::from(e.min);
        } else if e.max != u32::MAX && v * p >= u128::from(e.max) * q {
            c += u128::from(e.max);
        } else {
            vf += v;
        }
    }
    let (hi, lo) = (c * q + vf * p, target * q);
    hi.cmp(&lo).then(Ordering::Equal)
}

/// Hare with bounded quotas (see the module documentation).
fn hare_shares(prepared: &[Prepared], seats: u32) -> Option<Shares> {
    let fixed: u64 = prepared
        .iter()
        .filter(|p| !p.eligible)
        .map(|p| u64::from(p.min))
        .sum();
    let s = u128::from(u64::from(seats).checked_sub(fixed)?);
    // Breakpoints of f: λ = bound / votes, plus λ = 0.
    let mut points: Vec<(u128, u128)> = vec![(0, 1)];
    for e in prepared.iter().filter(|e| e.eligible) {
        let v = u128::from(e.votes);
        if e.min > 0 {
            points.push((u128::from(e.min), v));
        }
        if e.max != u32::MAX {
            points.push((u128::from(e.max), v));
        }
    }
    points.sort_by(|a, b| cmp_products(a.0, b.1, b.0, a.1));
    // The last breakpoint where f(λ) <= s (f is non-decreasing and f(0) = Σ min <= s).
    let below =
        points.partition_point(|&(p, q)| cmp_total_at(prepared, p, q, s) != Ordering::Greater);
    let (p, q) = points[below.checked_sub(1)?];
    let exact = cmp_total_at(prepared, p, q, s) == Ordering::Equal;

    // Classify each eligible entry just above λ = p / q (or at it, when f(p / q) = s).
    let mut bounds: Vec<Option<Bound>> = Vec::with_capacity(prepared.len());
    let (mut c, mut vf) = (0u128, 0u128);
    for e in prepared {
        let v = u128::from(e.votes);
        let bound = if !e.eligible {
            Some(Bound::Ineligible)
        } else if (exact && v * p <= u128::from(e.min) * q)
            || (!exact && v * p < u128::from(e.min) * q)
        {
            c += u128::from(e.min);
            Some(Bound::Minimum)
        } else if e.max != u32::MAX && v * p >= u128::from(e.max) * q {
            c += u128::from(e.max);
            Some(Bound::Maximum)
        } else {
            vf += v;
            None
        };
        bounds.push(bound);
    }
    // A bound met exactly by a proportional share is not a bound.
    let rest = s.checked_sub(c)?;
    let (lambda_num, lambda_den) = if exact { (p, q) } else { (rest, vf) };
    if lambda_den == 0 {
        return None;
    }
    let numerators = prepared
        .iter()
        .zip(&bounds)
        .map(|(e, b)| match b {
            None => u128::from(e.votes) * lambda_num,
            Some(Bound::Maximum) => u128::from(e.max) * lambda_den,
            Some(_) => u128::from(e.min) * lambda_den,
        })
        .collect();
    // Votes per seat among the proportional entries: 1 / λ.
    let quota = Ratio::new(lambda_den, lambda_num).unwrap_or(Ratio::integer(0));
    let distributed = u64::try_from(rest).unwrap_or(u64::MAX);
    Some(Shares {
        numerators,
        bounds,
        den: lambda_den,
        quota,
        distributed,
    })
}
