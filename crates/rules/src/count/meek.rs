//! Meek STV, the Proportional Representation Foundation's reference rule
//! (prfound.org, "Meek STV reference rule"): fixed point with nine decimals, omega `10^-6`,
//! keep factors rounded up, one defeat per round, ties by lot.

use super::CountError;
use super::ballot::Election;
use super::dedup::Dedup;
use super::fixed::{mul_div_ceil, scale};
use super::prefs::Prefs;
use super::result::{CountResult, Round, Step};
use super::ties::{LookBack, TieBreaker, Want};

const DECIMALS: u32 = 9;
/// Omega, `10^-6`, in units of `10^-9`.
const OMEGA: i64 = 1_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Hopeful,
    Elected,
    Defeated,
}

/// Why an iteration stopped.
#[derive(PartialEq, Eq)]
enum Stop {
    Elected,
    Omega,
    Stable,
}

/// Counts by the reference Meek rule (steps A, B.1 to B.4 and C of the rule).
pub(crate) fn count(
    e: &Election,
    seats: usize,
    ties: &mut TieBreaker,
) -> Result<CountResult, CountError> {
    let p = Prefs::strict(e);
    if p.valid == 0 {
        return Err(CountError::NoValidBallots);
    }
    let one = scale(DECIMALS);
    let n = e.candidates.len();
    let mut state = vec![State::Defeated; n];
    let mut kf = vec![0i64; n];
    for c in e.standing() {
        state[c as usize] = State::Hopeful;
        kf[c as usize] = one;
    }
    let total = p.valid as i64 * one;
    let mut quota = total / (seats as i64 + 1) + 1;
    let mut votes = vec![0i64; n];
    for i in 0..p.len() {
        votes[p.ballot(i)[0] as usize] += p.weights[i] as i64 * one;
    }
    let mut r = CountResult::new(p.valid, p.invalid);
    r.rounds.push(Round {
        tallies: votes.clone(),
        exhausted: 0,
        lost: 0,
        quota: Some(quota),
        elected: Vec::new(),
        excluded: Vec::new(),
        action: Step::FirstPreferences,
    });
    let mut elected: Vec<u32> = Vec::new();
    let mut excess: i64;
    let count_of = |state: &[State], s: State| state.iter().filter(|&&x| x == s).count();
    let mut prev: Option<Cuts> = None;
    while count_of(&state, State::Hopeful) > seats - elected.len() && elected.len() < seats {
        let round_no = r.rounds.len() + 1;
        let mut last_surplus = total;
        // Within a round only keep factors of elected candidates change, so every ballot can be
        // cut after its first hopeful candidate, defeated candidates dropped, and identical
        // cut ballots merged: the distribution is the same, ballot by ballot, and much faster.
        let cuts = reduce(&p, &state, prev.take());
        let cut = &cuts.cut;
        let mut newly: Vec<u32> = Vec::new();
        let (stop, surplus) = loop {
            // B.2.a Distribute votes.
            excess = distribute(cut, &kf, &mut votes, one);
            // B.2.b Update quota.
            let sum: i64 = votes.iter().sum();
            quota = sum / (seats as i64 + 1) + 1;
            // B.2.c Find winners.
            let mut winners: Vec<u32> = (0..n as u32)
                .filter(|&c| state[c as usize] == State::Hopeful && votes[c as usize] >= quota)
                .collect();
            winners.sort_by_key(|&c| (std::cmp::Reverse(votes[c as usize]), c));
            for &c in &winners {
                state[c as usize] = State::Elected;
                elected.push(c);
            }
            newly.extend(&winners);
            // B.2.d Total surplus.
            let surplus: i64 = elected
                .iter()
                .map(|&c| votes[c as usize] - quota)
                .sum::<i64>()
                .max(0);
            // B.2.e Test for iteration finished.
            if !winners.is_empty() {
                break (Stop::Elected, surplus);
            }
            if surplus < OMEGA {
                break (Stop::Omega, surplus);
            }
            if surplus >= last_surplus {
                break (Stop::Stable, surplus);
            }
            last_surplus = surplus;
            // B.2.f Update keep factors.
            for &c in &elected {
                let c = c as usize;
                kf[c] = mul_div_ceil(mul_div_ceil(kf[c], quota, one), one, votes[c]);
            }
        };
        let mut round = Round {
            tallies: votes.clone(),
            exhausted: excess,
            lost: 0,
            quota: Some(quota),
            elected: newly,
            excluded: Vec::new(),
            action: Step::ReachQuota,
        };
        prev = Some(cuts);
        if stop == Stop::Elected {
            round.action = Step::ReachQuota;
            r.rounds.push(round);
            continue;
        }
        // B.3 Defeat low candidate: everyone within the total surplus of the lowest is tied.
        let hopeful: Vec<u32> = (0..n as u32)
            .filter(|&c| state[c as usize] == State::Hopeful)
            .collect();
        if let Some(low) = hopeful.iter().map(|&c| votes[c as usize]).min() {
            let tied: Vec<u32> = hopeful
                .iter()
                .copied()
                .filter(|&c| votes[c as usize] <= low + surplus)
                .collect();
            let out = ties.choose(round_no, &tied, &[], LookBack::None, Want::Lowest);
            state[out as usize] = State::Defeated;
            kf[out as usize] = 0;
            round.excluded.push(out);
            round.action = if stop == Stop::Omega {
                Step::OmegaLowestDefeated
            } else {
                Step::StableLowestDefeated
            };
        }
        r.rounds.push(round);
    }
    // C. Count complete: elect the remaining hopefuls if seats are unfilled, else defeat them.
    let mut rest: Vec<u32> = (0..n as u32)
        .filter(|&c| state[c as usize] == State::Hopeful)
        .collect();
    if elected.len() < seats && !rest.is_empty() {
        excess = distribute(&reduce(&p, &state, prev).cut, &kf, &mut votes, one);
        rest.sort_by_key(|&c| (std::cmp::Reverse(votes[c as usize]), c));
        elected.extend(&rest);
        r.rounds.push(Round {
            tallies: votes.clone(),
            exhausted: excess,
            lost: 0,
            quota: Some(quota),
            elected: rest,
            excluded: Vec::new(),
            action: Step::FillRemaining,
        });
    }
    r.quota = Some(quota);
    r.elected = elected;
    Ok(r)
}

/// Each ballot cut after its first hopeful candidate, without defeated candidates; identical
/// cut ballots merged. `of[i]` is the cut ballot `i` fell into, `seen` the states it was cut with.
struct Cuts {
    cut: Dedup,
    of: Vec<u32>,
    seen: Vec<State>,
}

/// One ballot cut after its first hopeful candidate, defeated candidates dropped.
fn cut_one(ballot: &[u32], state: &[State], list: &mut Vec<u32>) {
    list.clear();
    for &c in ballot {
        match state[c as usize] {
            State::Defeated => {}
            State::Elected => list.push(c),
            State::Hopeful => {
                list.push(c);
                break;
            }
        }
    }
}

/// The cut ballots for `state`. From the previous round's cuts only the cut ballots that end
/// with a candidate whose state changed since (elected or defeated) are cut again from their
/// ballots; every other cut ballot stays as it was, with all its weight: candidates before the
/// last one of a cut are elected and stay elected. The merged lists and weights are the same
/// as cutting every ballot afresh (only their order differs, which no sum depends on).
///
/// On many ballots the two halves of the ballots are cut on two threads, each into its own
/// table, and the second table is then merged into the first: weights are integers, so the
/// sums are exactly those of one pass.
fn reduce(p: &Prefs, state: &[State], prev: Option<Cuts>) -> Cuts {
    const PARALLEL_FROM: usize = 1 << 16;
    let split = if p.len() >= PARALLEL_FROM {
        p.len() / 2
    } else {
        p.len()
    };
    reduce_split(p, state, prev, split)
}

/// [`reduce`], with ballots `split..` cut on a second thread when there are any.
fn reduce_split(p: &Prefs, state: &[State], prev: Option<Cuts>, split: usize) -> Cuts {
    let (mut of, old) = match prev {
        // The previous round's `of` is updated in place: no new array per round.
        Some(prev) => (prev.of, Some((prev.cut, prev.seen))),
        None => (vec![0; p.len()], None),
    };
    let old = old.as_ref().map(|(cut, seen)| (cut, seen.as_slice()));
    let (first, second) = of.split_at_mut(split);
    let cut = if second.is_empty() {
        cut_part(p, state, old, 0, first, true)
    } else {
        let (mut cut, other) = std::thread::scope(|s| {
            let other = s.spawn(|| cut_part(p, state, old, split, second, false));
            let cut = cut_part(p, state, old, 0, first, true);
            (
                cut,
                other
                    .join()
                    .unwrap_or_else(|e| std::panic::resume_unwind(e)),
            )
        });
        let to: Vec<u32> = (0..other.len())
            .map(|k| cut.add(other.get(k), other.weights[k]) as u32)
            .collect();
        for k in second.iter_mut() {
            *k = to[*k as usize];
        }
        cut
    };
    Cuts {
        cut,
        of,
        seen: state.to_vec(),
    }
}

/// Cuts ballots `start..start + of.len()` into a new table and sets `of` to their places in it.
/// Without `old` every ballot is cut. With the previous round's cuts and the states they were
/// made with, `of` holds each ballot's old cut: only ballots in a stale cut are cut again, the
/// others keep their cut, which is added to the table with its whole weight if `old_weights`
/// (exactly one part must carry them) and with weight 0 otherwise.
fn cut_part(
    p: &Prefs,
    state: &[State],
    old: Option<(&Dedup, &[State])>,
    start: usize,
    of: &mut [u32],
    old_weights: bool,
) -> Dedup {
    let mut cut = Dedup::new();
    let mut list: Vec<u32> = Vec::new();
    let mut fresh = |i: usize, cut: &mut Dedup| {
        cut_one(p.ballot(i), state, &mut list);
        cut.add(&list, p.weights[i]) as u32
    };
    match old {
        None => {
            for (i, k) in of.iter_mut().enumerate() {
                *k = fresh(start + i, &mut cut);
            }
        }
        Some((prev, seen)) => {
            const STALE: u32 = u32::MAX;
            let remap: Vec<u32> = (0..prev.len())
                .map(|j| {
                    let l = prev.get(j);
                    match l.last() {
                        Some(&c) if seen[c as usize] != state[c as usize] => STALE,
                        _ => cut.add(l, if old_weights { prev.weights[j] } else { 0 }) as u32,
                    }
                })
                .collect();
            for (i, k) in of.iter_mut().enumerate() {
                *k = match remap[*k as usize] {
                    STALE => fresh(start + i, &mut cut),
                    kept => kept,
                };
            }
        }
    }
    cut
}

/// B.2.a: each ballot starts at weight one; each candidate in turn keeps `w * kf` (rounded up)
/// and passes the rest on. Returns the excess (weight kept by no one).
fn distribute(ballots: &Dedup, kf: &[i64], votes: &mut [i64], one: i64) -> i64 {
    votes.iter_mut().for_each(|v| *v = 0);
    let mut excess = 0i64;
    for i in 0..ballots.len() {
        let m = ballots.weights[i] as i64;
        let mut w = one;
        for &c in ballots.get(i) {
            let k = kf[c as usize];
            if k == 0 {
                continue;
            }
            let keep = if k == one { w } else { mul_div_ceil(w, k, one) };
            votes[c as usize] += keep * m;
            w -= keep;
            if w <= 0 {
                break;
            }
        }
        excess += w * m;
    }
    excess
}

#[cfg(test)]
mod tests {
    use super::{Cuts, Prefs, State, reduce, reduce_split};
    use crate::count::SplitMix64;
    use crate::count::ballot::{Ballot, Election};

    /// Cut ballots as a sorted list of (list, weight), whatever their order.
    fn merged(c: &Cuts) -> Vec<(Vec<u32>, u64)> {
        let mut v: Vec<(Vec<u32>, u64)> = (0..c.cut.len())
            .map(|j| (c.cut.get(j).to_vec(), c.cut.weights[j]))
            .collect();
        v.sort();
        v
    }

    #[test]
    fn cutting_again_only_the_changed_cuts_equals_cutting_afresh() {
        let mut rng = SplitMix64::new(7);
        for _ in 0..200 {
            let n = 2 + (rng.next_u64() % 7) as usize;
            let mut ballots = Vec::new();
            for _ in 0..(1 + rng.next_u64() % 60) {
                let mut order: Vec<u32> = (0..n as u32).collect();
                for i in (1..n).rev() {
                    order.swap(i, (rng.next_u64() % (i as u64 + 1)) as usize);
                }
                order.truncate(1 + (rng.next_u64() % n as u64) as usize);
                ballots.push(Ballot::strict(1 + rng.next_u64() % 3, &order));
            }
            let e = Election {
                parties: Vec::new(),
                candidates: (0..n).map(|i| format!("c{i}")).collect(),
                ballots,
                ..Election::default()
            };
            let p = Prefs::strict(&e);
            let mut state = vec![State::Hopeful; n];
            let mut prev = reduce(&p, &state, None);
            // Candidates leave the hopeful set one or two at a time, elected or defeated.
            while state.contains(&State::Hopeful) {
                for _ in 0..1 + rng.next_u64() % 2 {
                    let c = (rng.next_u64() % n as u64) as usize;
                    if state[c] == State::Hopeful {
                        state[c] = if rng.next_u64().is_multiple_of(2) {
                            State::Elected
                        } else {
                            State::Defeated
                        };
                    }
                }
                let fresh = reduce(&p, &state, None);
                // Cut on two threads at a random split (small elections use one otherwise).
                let split = (rng.next_u64() % (p.len() as u64 + 1)) as usize;
                let kept = reduce_split(&p, &state, Some(prev), split);
                assert_eq!(merged(&kept), merged(&fresh));
                assert_eq!(
                    merged(&reduce_split(&p, &state, None, split)),
                    merged(&fresh)
                );
                // Every ballot's place points at its own cut.
                let mut list = Vec::new();
                for (i, &k) in kept.of.iter().enumerate() {
                    super::cut_one(p.ballot(i), &state, &mut list);
                    assert_eq!(kept.cut.get(k as usize), list.as_slice());
                }
                prev = kept;
            }
        }
    }
}
