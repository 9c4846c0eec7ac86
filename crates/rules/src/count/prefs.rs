//! Ballots read as strict orders (for plurality, two-round, IRV and STV), flat.

use super::ballot::{CANDIDATE_MASK, Election, TIED_WITH_PREVIOUS};

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

impl Prefs {
    /// Reads each ballot up to its first equal ranking, skipping withdrawn candidates and repeats.
    pub fn strict(e: &Election) -> Prefs {
        let n = e.candidates.len();
        let mut withdrawn = vec![false; n];
        for &w in &e.withdrawn {
            withdrawn[w as usize] = true;
        }
        let any_withdrawn = withdrawn.contains(&true);
        let mut seen = vec![false; n];
        let total: usize = e.ballots.iter().map(|b| b.prefs.len()).sum();
        let mut out = Prefs {
            weights: Vec::with_capacity(e.ballots.len()),
            starts: Vec::with_capacity(e.ballots.len() + 1),
            data: Vec::with_capacity(total),
            invalid: 0,
            valid: 0,
        };
        out.starts.push(0);
        for b in &e.ballots {
            let start = out.data.len();
            let p = &b.prefs;
            if !any_withdrawn && p.iter().all(|&q| q & TIED_WITH_PREVIOUS == 0) {
                // The usual ballot: one candidate per rank, nobody withdrawn; only repeats go.
                for &c in p {
                    if !seen[c as usize] {
                        seen[c as usize] = true;
                        out.data.push(c);
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
                        out.data.push(c);
                    }
                    i = j;
                }
            }
            for &c in &out.data[start..] {
                seen[c as usize] = false;
            }
            if b.weight == 0 || out.data.len() == start {
                if b.weight > 0 {
                    out.invalid = out.invalid.saturating_add(b.weight);
                }
                out.data.truncate(start);
                continue;
            }
            // Parsers already merge identical ballots; the few that become identical here
            // (after a withdrawal or an equal ranking) are counted apart, which is harmless.
            out.valid = out.valid.saturating_add(b.weight);
            out.weights.push(b.weight);
            out.starts.push(out.data.len());
        }
        out
    }

    pub fn len(&self) -> usize {
        self.weights.len()
    }

    pub fn ballot(&self, i: usize) -> &[u32] {
        &self.data[self.starts[i]..self.starts[i + 1]]
    }
}
