//! Sessions: agenda, speakers, motions and amendments, votes, resolutions.

use asamblea_rules::amendments::Op;
use asamblea_rules::procedure::{Majority, Quorum};

crate::text_enum! {
    pub enum SessionStatus {
        Planned = "planned",
        Open = "open",
        Closed = "closed",
    }
}

crate::text_enum! {
    /// How the speakers' list limits turns: not at all, per sector, per organization.
    pub enum QuotaKind {
        None = "none",
        Sector = "sector",
        Organization = "organization",
    }
}

crate::text_enum! {
    pub enum ItemStatus {
        Pending = "pending",
        Open = "open",
        Closed = "closed",
    }
}

crate::text_enum! {
    /// Why a delegate asks to speak; a point of order goes first.
    pub enum SpeakerKind {
        For = "for",
        Against = "against",
        Other = "other",
        Order = "order",
    }
}

crate::text_enum! {
    pub enum SpeakerStatus {
        Waiting = "waiting",
        Speaking = "speaking",
        Done = "done",
        Withdrawn = "withdrawn",
    }
}

crate::text_enum! {
    /// What an amendment does to its paragraph.
    pub enum AmendmentOp {
        Replace = "replace",
        Insert = "insert",
        Delete = "delete",
    }
}

impl AmendmentOp {
    /// The edit in `asamblea_rules::amendments`.
    pub fn rule(self) -> Op {
        match self {
            AmendmentOp::Replace => Op::Replace,
            AmendmentOp::Insert => Op::Insert,
            AmendmentOp::Delete => Op::Delete,
        }
    }
}

crate::text_enum! {
    pub enum MotionStatus {
        Proposed = "proposed",
        Withdrawn = "withdrawn",
        Adopted = "adopted",
        Rejected = "rejected",
    }
}

crate::text_enum! {
    /// The presidium's recommendation on a motion.
    pub enum Recommendation {
        Adopt = "adopt",
        Reject = "reject",
    }
}

crate::text_enum! {
    /// How a resolution is carried out.
    pub enum FollowUp {
        Adopted = "adopted",
        InProgress = "in_progress",
        Done = "done",
        NotDone = "not_done",
    }
}

crate::text_enum! {
    /// What a vote decides: a motion or amendment, the agenda, or a question of procedure.
    pub enum VoteSubject {
        Motion = "motion",
        Agenda = "agenda",
        Procedure = "procedure",
    }
}

crate::text_enum! {
    pub enum VoteMethod {
        YesNo = "yes_no",
        ChooseOne = "choose_one",
        Approval = "approval",
    }
}

impl VoteMethod {
    /// The majority a vote takes when none is named: `simple` for yes/no, `plurality` among
    /// options.
    pub fn default_majority(self) -> VoteMajority {
        match self {
            VoteMethod::YesNo => VoteMajority::Simple,
            VoteMethod::ChooseOne | VoteMethod::Approval => VoteMajority::Plurality,
        }
    }

    /// Whether a vote by this method can be decided by `majority`: a yes/no vote needs a named
    /// majority (a plurality of yes over no would be a simple majority by another name).
    pub fn takes(self, majority: VoteMajority) -> bool {
        self != VoteMethod::YesNo || majority != VoteMajority::Plurality
    }
}

crate::text_enum! {
    pub enum VoteStatus {
        Open = "open",
        Closed = "closed",
    }
}

crate::text_enum! {
    /// A ballot in a yes/no/abstain vote.
    pub enum YesNoAbstainChoice {
        Yes = "yes",
        No = "no",
        Abstain = "abstain",
    }
}

crate::text_enum! {
    /// The majority a vote needs: `plurality` (the option with the most votes, for votes among
    /// options) or one of the named majorities of [`Majority::NAMED`], which say what each means.
    pub enum VoteMajority {
        Plurality = "plurality",
        Simple = "simple",
        AbsoluteOfPresent = "absolute-of-present",
        Absolute = "absolute",
        TwoThirds = "two-thirds",
        TwoThirdsOfPresent = "two-thirds-of-present",
        TwoThirdsOfSeated = "two-thirds-of-seated",
        ThreeFifths = "three-fifths",
        Unanimity = "unanimity",
    }
}

impl VoteMajority {
    /// The rule, or `None` for a plurality.
    pub fn rule(self) -> Option<Majority> {
        Majority::NAMED
            .iter()
            .find(|(name, _)| *name == self.as_str())
            .map(|(_, m)| *m)
    }
}

crate::text_enum! {
    /// The quorum a vote needs, of the seated delegates.
    pub enum QuorumRule {
        MoreThanHalf = "more-than-half",
        TwoThirds = "two-thirds",
    }
}

crate::text_enum! {
    /// What a vote's quorum is counted over, an assembly setting: the voting seats of the seat
    /// plan (the default), the seats filled (titular voting delegates elected or accredited), or
    /// the accredited titular voting delegates.
    pub enum QuorumBasis {
        PlanSeats = "plan_seats",
        FilledSeats = "filled_seats",
        Accredited = "accredited",
    }
}

crate::text_enum! {
    /// How an assembly's secret votes keep their ballots: `plaintext` (the default: private from
    /// other people, not from whoever holds the server or its database) or `encrypted` (a board
    /// whose ballots only the assembly's trustees together can decrypt, and only as a tally).
    pub enum SecretBallots {
        Plaintext = "plaintext",
        Encrypted = "encrypted",
    }
}

impl QuorumBasis {
    /// The basis of results stored before the setting existed: they were counted over the
    /// accredited delegates.
    pub fn before_setting() -> Self {
        QuorumBasis::Accredited
    }
}

impl QuorumRule {
    pub fn rule(self) -> Quorum {
        match self {
            QuorumRule::MoreThanHalf => Quorum::MORE_THAN_HALF,
            QuorumRule::TwoThirds => Quorum::TWO_THIRDS,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vote_majorities_are_the_rules_named_majorities() {
        assert_eq!(VoteMajority::ALL.len(), Majority::NAMED.len() + 1);
        for m in VoteMajority::ALL {
            assert_eq!(m.rule().is_none(), *m == VoteMajority::Plurality, "{m}");
        }
    }

    #[test]
    fn yes_no_votes_take_a_named_majority() {
        for method in VoteMethod::ALL {
            assert!(method.takes(method.default_majority()), "{method}");
        }
        assert!(!VoteMethod::YesNo.takes(VoteMajority::Plurality));
        assert!(VoteMethod::Approval.takes(VoteMajority::Plurality));
        assert!(VoteMethod::ChooseOne.takes(VoteMajority::TwoThirds));
    }
}
