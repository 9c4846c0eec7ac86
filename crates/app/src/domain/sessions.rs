//! Sessions: agenda, speakers, motions and amendments, votes, resolutions.

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
}
