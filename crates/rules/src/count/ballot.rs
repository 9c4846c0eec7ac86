//! Elections and ballots, in the compact form every rule reads.

use super::dedup::Dedup;
use super::rng::Fnv1a;
use super::{CountError, MAX_TOTAL_WEIGHT};

/// Flag on a preference: this candidate is ranked equal with the preference before it.
pub const TIED_WITH_PREVIOUS: u32 = 1 << 31;
/// Mask that takes the candidate index out of a preference.
pub const CANDIDATE_MASK: u32 = !TIED_WITH_PREVIOUS;

/// One ballot (or `weight` identical ballots): candidate indices in order of preference.
///
/// `prefs` is flat: an entry with the [`TIED_WITH_PREVIOUS`] bit set shares the rank of the entry
/// before it, so `[a, b | TIED, c]` reads `a > b = c`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Ballot {
    pub weight: u64,
    pub prefs: Vec<u32>,
}

impl Ballot {
    /// A ballot with a strict order of preference.
    pub fn strict(weight: u64, order: &[u32]) -> Self {
        Self {
            weight,
            prefs: order.to_vec(),
        }
    }

    /// A ballot from ranks, each a list of candidates ranked equally (empty ranks are dropped).
    pub fn from_ranks(weight: u64, ranks: &[Vec<u32>]) -> Self {
        Self {
            weight,
            prefs: encode_ranks(ranks),
        }
    }

    /// The ranks of this ballot, each a list of candidate indices.
    pub fn ranks(&self) -> Vec<Vec<u32>> {
        let mut out: Vec<Vec<u32>> = Vec::new();
        for &p in &self.prefs {
            let c = p & CANDIDATE_MASK;
            match out.last_mut() {
                Some(rank) if p & TIED_WITH_PREVIOUS != 0 => rank.push(c),
                _ => out.push(vec![c]),
            }
        }
        out
    }
}

/// Encodes ranks into the flat form of [`Ballot::prefs`].
pub fn encode_ranks(ranks: &[Vec<u32>]) -> Vec<u32> {
    let mut prefs = Vec::new();
    for rank in ranks {
        for (i, &c) in rank.iter().enumerate() {
            prefs.push(if i == 0 { c } else { c | TIED_WITH_PREVIOUS });
        }
    }
    prefs
}

/// Collects ballots, merging identical ones into one ballot with the summed weight.
#[derive(Debug)]
pub struct BallotBox {
    lists: Dedup,
}

impl Default for BallotBox {
    fn default() -> Self {
        Self {
            lists: Dedup::new(),
        }
    }
}

impl BallotBox {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `weight` ballots with the flat preferences `prefs`.
    pub fn add(&mut self, prefs: &[u32], weight: u64) {
        self.lists.add(prefs, weight);
    }

    /// [`Self::add`] for a stream of many ballots: merged together with the next ones, which is
    /// faster once the distinct ballots outgrow the processor's caches. The order of first
    /// appearance is the same.
    #[inline]
    pub fn add_soon(&mut self, prefs: &[u32], weight: u64) {
        self.lists.add_soon(prefs, weight);
    }

    /// The distinct ballots, in order of first appearance.
    pub fn into_ballots(mut self) -> Vec<Ballot> {
        self.lists.flush();
        (0..self.lists.len())
            .map(|i| Ballot {
                weight: self.lists.weights[i],
                prefs: self.lists.get(i).to_vec(),
            })
            .collect()
    }
}

/// An election: candidates, withdrawn candidates, ballots and (when the file says so) seats.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Election {
    pub title: Option<String>,
    pub candidates: Vec<String>,
    /// Each candidate's party or group where the file names them (BLT files that put it as a
    /// second quoted string on the candidate's line); empty when the file names none.
    pub parties: Vec<Option<String>>,
    /// Indices of withdrawn candidates: skipped on every ballot.
    pub withdrawn: Vec<u32>,
    /// Seats named by the input file (BLT), if any.
    pub seats: Option<usize>,
    pub ballots: Vec<Ballot>,
}

impl Election {
    /// Checks that every ballot names known candidates and the total weight is countable.
    pub fn validate(&self) -> Result<(), CountError> {
        if self.candidates.is_empty() {
            return Err(CountError::NoCandidates);
        }
        let n = self.candidates.len() as u32;
        for &w in &self.withdrawn {
            if w >= n {
                return Err(CountError::UnknownCandidate(w));
            }
        }
        let mut total: u64 = 0;
        for b in &self.ballots {
            for &p in &b.prefs {
                let c = p & CANDIDATE_MASK;
                if c >= n {
                    return Err(CountError::UnknownCandidate(c));
                }
            }
            total = total.saturating_add(b.weight);
        }
        if total > MAX_TOTAL_WEIGHT {
            return Err(CountError::TooManyBallots(total));
        }
        Ok(())
    }

    /// Whether candidate `c` is withdrawn.
    pub fn is_withdrawn(&self, c: u32) -> bool {
        self.withdrawn.contains(&c)
    }

    /// Candidates that are not withdrawn, in index order.
    pub fn standing(&self) -> Vec<u32> {
        (0..self.candidates.len() as u32)
            .filter(|&c| !self.is_withdrawn(c))
            .collect()
    }

    /// Total weight of all ballots.
    pub fn total_weight(&self) -> u64 {
        self.ballots
            .iter()
            .map(|b| b.weight)
            .fold(0, u64::saturating_add)
    }

    /// A seed derived from the candidates and ballots (FNV-1a, 53 bits so that it survives a
    /// JSON reader that uses doubles). Recounting the same file draws the same lots.
    pub fn default_seed(&self) -> u64 {
        let mut h = Fnv1a::new();
        h.write(&(self.candidates.len() as u64).to_le_bytes());
        for name in &self.candidates {
            h.write(name.as_bytes());
            h.write(&[0]);
        }
        for &w in &self.withdrawn {
            h.word(u64::from(w));
        }
        for b in &self.ballots {
            h.word(b.weight);
            for &p in &b.prefs {
                h.word(u64::from(p));
            }
            h.word(u64::MAX);
        }
        h.finish() & ((1 << 53) - 1)
    }
}
