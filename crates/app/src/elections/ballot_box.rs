//! A ballot of an election by the base, as kept in `ballots.choices`: the candidate ids in order of
//! preference joined by commas (`12,10,11`), empty for a blank ballot, or `yes` / `no` in a recall
//! vote. The published digest
//! of the ballot box is over these texts.

use crate::domain::CandidateId;

/// The choice that casts a blank ballot in an election of delegates (alone on the ballot): it is
/// counted as cast, for nobody.
pub const BLANK: &str = "blank";

/// The text of a ballot ranking (or marking) `candidates`.
pub fn ranking_text(candidates: &[CandidateId]) -> String {
    candidates
        .iter()
        .map(|c| c.to_string())
        .collect::<Vec<_>>()
        .join(",")
}

/// The candidates of a ballot's text, in its order (parts that are not ids are skipped).
pub fn ranking_of(text: &str) -> Vec<CandidateId> {
    text.split(',').filter_map(|s| s.parse().ok()).collect()
}

/// SHA-256 (hex) of a ballot box: the `choices` of every ballot, sorted, each followed by `\n`.
pub fn ballot_box_digest(choices: &[String]) -> String {
    use sha2::{Digest, Sha256};
    let mut sorted: Vec<&String> = choices.iter().collect();
    sorted.sort();
    let mut h = Sha256::new();
    for c in sorted {
        h.update(c.as_bytes());
        h.update(b"\n");
    }
    hex::encode(h.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digest_ignores_order() {
        let a = ballot_box_digest(&["1,2".into(), "2".into()]);
        let b = ballot_box_digest(&["2".into(), "1,2".into()]);
        assert_eq!(a, b);
    }

    #[test]
    fn a_ranking_reads_back() {
        let r = [CandidateId(12), CandidateId(10)];
        assert_eq!(ranking_text(&r), "12,10");
        assert_eq!(ranking_of("12,10"), r);
    }
}
