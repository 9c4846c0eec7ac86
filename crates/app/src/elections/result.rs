//! The published result of an election by the base: stored as JSON in `elections.result`, carried
//! by the act `election.closed`, served by the API. Counts are decimal strings (the record has no
//! floating-point numbers).

use asamblea_rules::count::Step;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::{CandidateId, DelegateId, ElectionMethod};

/// One of four shapes, told apart by their fields.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum ElectionResult {
    /// The ballot box counted by the election's method.
    Counted(CountedResult),
    /// A count made on paper, entered by the secretary.
    Paper(PaperResult),
    /// A recall vote.
    Recall(RecallResult),
    /// No valid ballot to count: nobody was elected.
    Void(VoidResult),
}

/// A ballot box counted: one count for the titular seats, then one count per substitute with the
/// winners so far withdrawn.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CountedResult {
    pub method: ElectionMethod,
    /// Titular seats counted for (no more than the candidates).
    pub seats: usize,
    pub count: CountReport,
    pub substitute_counts: Vec<CountReport>,
    /// Candidates elected titular, in order of election.
    pub titular: Vec<CandidateId>,
    /// Candidates elected substitute, in rank order.
    pub substitutes: Vec<CandidateId>,
}

/// One count, as `asamblea_rules::count` explains it, with candidates by name.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CountReport {
    /// Ballots that took part.
    pub valid: u64,
    /// Ballots with no usable preference.
    pub invalid: u64,
    pub quota: Option<String>,
    pub elected: Vec<CandidateId>,
    pub elected_names: Vec<String>,
    pub rounds: Vec<CountRound>,
    pub ties: Vec<CountTie>,
    /// The seed of the lot, had one been needed.
    pub seed: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CountRound {
    /// From 1.
    pub round: usize,
    /// What happened, in the rule's English words (e.g. "first preferences").
    pub action: String,
    /// What happened, as the count engine says it (`asamblea_rules::count::Step`, e.g.
    /// `{"step": "surplus", "candidate": 2}`, the candidate an index into `tallies`): pages word
    /// it in the reader's language. Absent in results published before it existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub step: Option<Step>,
    pub quota: Option<String>,
    pub exhausted: String,
    /// Every candidate's votes in this round.
    pub tallies: Vec<RoundTally>,
    /// Names of the candidates elected in this round.
    pub elected: Vec<String>,
    /// Names of the candidates excluded in this round.
    pub excluded: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RoundTally {
    pub candidate_id: CandidateId,
    pub name: String,
    pub votes: String,
}

/// A tie and how it was broken.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CountTie {
    pub round: usize,
    pub between: Vec<String>,
    pub resolved_by: TieBreak,
    pub chosen: String,
}

crate::text_enum! {
    /// How a tie was broken (`asamblea_rules::count::TieResolution`).
    pub enum TieBreak {
        EarlierStage = "earlier stage",
        Lot = "lot",
    }
}

/// A count made on paper: the candidates in the order of the result.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PaperResult {
    pub method: PaperMethod,
    pub paper: Vec<PaperTally>,
    pub titular: Vec<CandidateId>,
    pub substitutes: Vec<CandidateId>,
    /// Ties at a cut (titular seats, each substitute rank), drawn by lot, each with the seed of
    /// its draw (derived from the candidates and their votes, so anyone can repeat it); none in
    /// results published before ties were drawn.
    #[serde(default)]
    pub ties: Vec<PaperTie>,
}

/// A tie of a paper count and the seed of the lot that broke it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PaperTie {
    #[serde(flatten)]
    pub tie: CountTie,
    pub seed: String,
}

/// Always `paper`: says the result was counted by hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum PaperMethod {
    Paper,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PaperTally {
    pub candidate_id: CandidateId,
    pub name: String,
    pub votes: i64,
}

/// An election that ended with no valid ballot: every ballot was blank, or none was cast. A
/// plaintext election's close refuses such a box (the chair can keep the vote open); an
/// encrypted one's totals are known only after its close, when the trustees decrypt them, so it
/// ends so: nobody elected, the seats stay vacant for another election.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct VoidResult {
    pub outcome: VoidOutcome,
    /// Ballots cast (all blank).
    pub ballots: u64,
}

/// Always `no_valid_ballots`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum VoidOutcome {
    NoValidBallots,
}

/// A recall vote, decided by `asamblea_rules::procedure`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RecallResult {
    pub recall_delegate_id: DelegateId,
    pub yes: u32,
    pub no: u32,
    /// Members who received a voting code.
    pub electorate: u32,
    pub quorum_required: u64,
    pub quorum_met: bool,
    pub required_yes: u64,
    pub passed: bool,
    /// The majority required, in words.
    pub majority: String,
    /// The quorum required, in words.
    pub quorum: String,
}

impl ElectionResult {
    /// Candidates elected titular, then substitutes (none for a recall vote).
    pub fn elected(&self) -> (&[CandidateId], &[CandidateId]) {
        match self {
            ElectionResult::Counted(r) => (&r.titular, &r.substitutes),
            ElectionResult::Paper(r) => (&r.titular, &r.substitutes),
            ElectionResult::Recall(_) | ElectionResult::Void(_) => (&[], &[]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn each_shape_reads_back_as_itself() {
        let paper = json!({"method": "paper", "paper": [{"candidate_id": 3, "name": "Ana", "votes": 9}],
                           "titular": [3], "substitutes": []});
        assert!(matches!(
            serde_json::from_value(paper).unwrap(),
            ElectionResult::Paper(_)
        ));
        let recall = json!({"recall_delegate_id": 4, "yes": 3, "no": 1, "electorate": 5,
            "quorum_required": 3, "quorum_met": true, "required_yes": 3, "passed": true,
            "majority": "more than 1/2 of votes cast", "quorum": "more than 1/2 of the members seated"});
        assert!(matches!(
            serde_json::from_value(recall).unwrap(),
            ElectionResult::Recall(_)
        ));
        let void = json!({"outcome": "no_valid_ballots", "ballots": 2});
        assert!(matches!(
            serde_json::from_value(void).unwrap(),
            ElectionResult::Void(VoidResult { ballots: 2, .. })
        ));
    }
}
