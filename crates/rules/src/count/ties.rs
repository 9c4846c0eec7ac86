//! Breaking ties: by looking back at earlier rounds, then by lot.

use super::result::{Tie, TieResolution};
use super::rng::SplitMix64;

/// Which earlier round decides a tie.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LookBack {
    /// Straight to the lot.
    None,
    /// The earliest round at which the tied candidates had unequal votes.
    #[allow(dead_code)]
    Earliest,
    /// The most recent earlier round at which they had unequal votes (Scottish rules 49(2),
    /// 51(2); IRV here).
    Latest,
}

/// Whether the tie looks for the highest or the lowest candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Want {
    Highest,
    Lowest,
}

/// Resolves ties and remembers each one for the result.
pub(crate) struct TieBreaker {
    rng: SplitMix64,
    ties: Vec<Tie>,
}

impl TieBreaker {
    pub fn new(seed: u64) -> Self {
        Self {
            rng: SplitMix64::new(seed),
            ties: Vec::new(),
        }
    }

    pub fn into_ties(self) -> Vec<Tie> {
        self.ties
    }

    /// Chooses one of `tied` (one or more candidates). `history` holds earlier rounds' tallies
    /// (indexed by candidate), oldest first; `round` is the 1-based round of the decision.
    pub fn choose(
        &mut self,
        round: usize,
        tied: &[u32],
        history: &[&[i64]],
        look: LookBack,
        want: Want,
    ) -> u32 {
        debug_assert!(!tied.is_empty());
        if tied.len() == 1 {
            return tied[0];
        }
        let mut between = tied.to_vec();
        between.sort_unstable();
        let mut set = between.clone();
        let order: Vec<usize> = match look {
            LookBack::None => Vec::new(),
            LookBack::Earliest => (0..history.len()).collect(),
            LookBack::Latest => (0..history.len()).rev().collect(),
        };
        for r in order {
            let t = history[r];
            let best = match want {
                Want::Highest => set.iter().map(|&c| t[c as usize]).max(),
                Want::Lowest => set.iter().map(|&c| t[c as usize]).min(),
            };
            let Some(best) = best else { break };
            set.retain(|&c| t[c as usize] == best);
            if set.len() == 1 {
                let chosen = set[0];
                self.ties.push(Tie {
                    round,
                    between,
                    resolved_by: TieResolution::EarlierStage,
                    chosen,
                });
                return chosen;
            }
        }
        let chosen = set[self.rng.below(set.len() as u64) as usize];
        self.ties.push(Tie {
            round,
            between,
            resolved_by: TieResolution::Lot,
            chosen,
        });
        chosen
    }

    /// Picks the `n` best of `candidates` by `votes` (highest first); ties at the cut are drawn by
    /// lot and recorded. Returns them in order of votes, then of index.
    pub fn top_n(&mut self, round: usize, candidates: &[u32], votes: &[i64], n: usize) -> Vec<u32> {
        let mut sorted = candidates.to_vec();
        sorted.sort_by_key(|&c| (std::cmp::Reverse(votes[c as usize]), c));
        if n >= sorted.len() {
            return sorted;
        }
        let cut = votes[sorted[n - 1] as usize];
        if n > 0 && votes[sorted[n] as usize] != cut {
            sorted.truncate(n);
            return sorted;
        }
        let mut out: Vec<u32> = sorted
            .iter()
            .copied()
            .filter(|&c| votes[c as usize] > cut)
            .collect();
        let mut group: Vec<u32> = sorted
            .iter()
            .copied()
            .filter(|&c| votes[c as usize] == cut)
            .collect();
        while out.len() < n {
            let chosen = self.choose(round, &group, &[], LookBack::None, Want::Highest);
            group.retain(|&c| c != chosen);
            out.push(chosen);
        }
        out
    }
}
