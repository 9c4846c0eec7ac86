//! Ballots read as strict orders (for plurality, two-round, IRV and STV), flat.

use super::ballot::{Ballot, CANDIDATE_MASK, Election, TIED_WITH_PREVIOUS};

/// Strict preference orders: ballot `i` is `data[starts[i]..starts[i + 1]]` with weight
/// `weights[i]`. Only standing candidates, each at most once; never empty.
pub(crate) struct Prefs {
    pub weights: Vec<u64>,
    pub starts: Vec<usize>,
    pub data: Vec<u32>,
    /// Weight of ballots with no usable preference.
    pub invalid: u64,
    /// Weight of the ballots kept.
    pub valid: u64,
}

/// One part of the ballots read by [`read_part`]: ballot `i` of the part ends at `ends[i]` in
/// the part's own slice of the data, which holds `len` candidates.
#[derive(Default)]
struct Part {
    weights: Vec<u64>,
    ends: Vec<usize>,
    len: usize,
    invalid: u64,
    valid: u64,
}

impl Prefs {
    /// Reads each ballot up to its first equal ranking, skipping withdrawn candidates and repeats.
    ///
    /// On many ballots the two halves of the ballots are read on two threads, each into its own
    /// part of the data (sized by the preferences of its half, which no ballot outgrows), and
    /// the second part is then moved down next to the first. Weights are integers, so the
    /// result is exactly that of one pass.
    pub fn strict(e: &Election) -> Prefs {
        const PARALLEL_FROM: usize = 1 << 16;
        let split = if e.ballots.len() >= PARALLEL_FROM {
            e.ballots.len() / 2
        } else {
            e.ballots.len()
        };
        Self::strict_split(e, split)
    }

    /// [`Prefs::strict`], with ballots `split..` read on a second thread when there are any.
    fn strict_split(e: &Election, split: usize) -> Prefs {
        let mut withdrawn = vec![false; e.candidates.len()];
        for &w in &e.withdrawn {
            withdrawn[w as usize] = true;
        }
        let (first, second) = e.ballots.split_at(split);
        let size = |ballots: &[Ballot]| ballots.iter().map(|b| b.prefs.len()).sum::<usize>();
        let first_size = size(first);
        let mut data = vec![0u32; first_size + size(second)];
        let (first_data, second_data) = data.split_at_mut(first_size);
        let (a, b) = if second.is_empty() {
            (read_part(first, &withdrawn, first_data), Part::default())
        } else {
            std::thread::scope(|s| {
                let b = s.spawn(|| read_part(second, &withdrawn, second_data));
                let a = read_part(first, &withdrawn, first_data);
                (a, b.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            })
        };
        data.copy_within(first_size..first_size + b.len, a.len);
        data.truncate(a.len + b.len);
        let mut starts = Vec::with_capacity(a.ends.len() + b.ends.len() + 1);
        starts.push(0);
        starts.extend_from_slice(&a.ends);
        starts.extend(b.ends.iter().map(|&end| a.len + end));
        let mut weights = a.weights;
        weights.extend_from_slice(&b.weights);
        Prefs {
            weights,
            starts,
            data,
            invalid: a.invalid.saturating_add(b.invalid),
            valid: a.valid.saturating_add(b.valid),
        }
    }

    pub fn len(&self) -> usize {
        self.weights.len()
    }

    pub fn ballot(&self, i: usize) -> &[u32] {
        &self.data[self.starts[i]..self.starts[i + 1]]
    }
}

/// Reads `ballots` as strict orders into `data`, which has room for all their preferences.
fn read_part(ballots: &[Ballot], withdrawn: &[bool], data: &mut [u32]) -> Part {
    let any_withdrawn = withdrawn.contains(&true);
    let mut seen = vec![false; withdrawn.len()];
    let mut out = Part {
        weights: Vec::with_capacity(ballots.len()),
        ends: Vec::with_capacity(ballots.len()),
        ..Part::default()
    };
    for b in ballots {
        let start = out.len;
        let mut push = |c: u32| {
            data[out.len] = c;
            out.len += 1;
        };
        let p = &b.prefs;
        if !any_withdrawn && p.iter().all(|&q| q & TIED_WITH_PREVIOUS == 0) {
            // The usual ballot: one candidate per rank, nobody withdrawn; only repeats go.
            for &c in p {
                if !seen[c as usize] {
                    seen[c as usize] = true;
                    push(c);
                }
            }
        } else {
            let mut i = 0;
            while i < p.len() {
                // One rank: p[i] and the following entries flagged as tied with it.
                let mut j = i + 1;
                while j < p.len() && p[j] & TIED_WITH_PREVIOUS != 0 {
                    j += 1;
                }
                let mut first: Option<u32> = None;
                let mut several = false;
                for &q in &p[i..j] {
                    let c = q & CANDIDATE_MASK;
                    if withdrawn[c as usize] || seen[c as usize] || first == Some(c) {
                        continue;
                    }
                    if first.is_some() {
                        several = true;
                    } else {
                        first = Some(c);
                    }
                }
                if several {
                    break;
                }
                if let Some(c) = first {
                    seen[c as usize] = true;
                    push(c);
                }
                i = j;
            }
        }
        for &c in &data[start..out.len] {
            seen[c as usize] = false;
        }
        if b.weight == 0 || out.len == start {
            if b.weight > 0 {
                out.invalid = out.invalid.saturating_add(b.weight);
            }
            out.len = start;
            continue;
        }
        // Parsers already merge identical ballots; the few that become identical here
        // (after a withdrawal or an equal ranking) are counted apart, which is harmless.
        out.valid = out.valid.saturating_add(b.weight);
        out.weights.push(b.weight);
        out.ends.push(out.len);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::Prefs;
    use crate::count::SplitMix64;
    use crate::count::ballot::{Ballot, Election, TIED_WITH_PREVIOUS};

    #[test]
    fn reading_in_two_parts_equals_reading_in_one() {
        let mut rng = SplitMix64::new(11);
        for _ in 0..300 {
            let n = 1 + (rng.next_u64() % 6) as u32;
            let mut ballots = Vec::new();
            for _ in 0..rng.next_u64() % 40 {
                // Random candidates, repeats, equal rankings and zero weights included.
                let prefs: Vec<u32> = (0..rng.next_u64() % 8)
                    .map(|_| {
                        let c = (rng.next_u64() % u64::from(n)) as u32;
                        if rng.next_u64().is_multiple_of(5) {
                            c | TIED_WITH_PREVIOUS
                        } else {
                            c
                        }
                    })
                    .collect();
                ballots.push(Ballot {
                    weight: rng.next_u64() % 4,
                    prefs,
                });
            }
            let withdrawn = (0..n)
                .filter(|_| rng.next_u64().is_multiple_of(6))
                .collect();
            let e = Election {
                parties: Vec::new(),
                candidates: (0..n).map(|i| format!("c{i}")).collect(),
                ballots,
                withdrawn,
                ..Election::default()
            };
            let one = Prefs::strict_split(&e, e.ballots.len());
            let split = (rng.next_u64() % (e.ballots.len() as u64 + 1)) as usize;
            let two = Prefs::strict_split(&e, split);
            assert_eq!(one.weights, two.weights);
            assert_eq!(one.starts, two.starts);
            assert_eq!(one.data, two.data);
            assert_eq!((one.invalid, one.valid), (two.invalid, two.valid));
        }
    }
}
