//! Delegates, their elections by the base, credentials and recall.

use asamblea_rules::count::Method;

crate::text_enum! {
    /// What a seat gives: a vote, a voice without vote, or a fraternal guest's place.
    pub enum SeatKind {
        Voting = "voting",
        Attached = "attached",
        Fraternal = "fraternal",
    }
}

crate::text_enum! {
    /// A titular delegate holds a seat; a substitute waits, in order, to take one.
    pub enum DelegatePosition {
        Titular = "titular",
        Substitute = "substitute",
    }
}

crate::text_enum! {
    /// Where a delegate stands with the credentials commission and their base.
    pub enum DelegateStatus {
        Elected = "elected",
        Accredited = "accredited",
        Rejected = "rejected",
        Recalled = "recalled",
    }
}

impl DelegateStatus {
    /// Elected or accredited: still holds the mandate (may be recalled or rejected).
    pub fn holds_mandate(self) -> bool {
        matches!(self, DelegateStatus::Elected | DelegateStatus::Accredited)
    }
}

crate::text_enum! {
    /// Offices of an assembly held by accounts.
    pub enum AssemblyRole {
        Presidium = "presidium",
        Credentials = "credentials",
        Teller = "teller",
    }
}

crate::text_enum! {
    /// How an organization recalls its delegates.
    pub enum RecallBy {
        GoverningBody = "governing_body",
        MembersVote = "members_vote",
    }
}

crate::text_enum! {
    /// What an election decides.
    pub enum ElectionKind {
        Delegates = "delegates",
        Recall = "recall",
    }
}

crate::text_enum! {
    pub enum ElectionStatus {
        Nominating = "nominating",
        Voting = "voting",
        Closed = "closed",
    }
}

crate::text_enum! {
    /// A ballot in a recall vote.
    pub enum RecallChoice {
        Yes = "yes",
        No = "no",
    }
}

crate::text_enum! {
    /// The counting rule of an election; the rule itself is [`Method`] in `asamblea_rules`.
    pub enum ElectionMethod {
        Plurality = "plurality",
        Approval = "approval",
        TwoRound = "two-round",
        Irv = "irv",
        ScottishStv = "scottish-stv",
        Wigm = "wigm",
        Meek = "meek",
        Schulze = "schulze",
    }
}

impl ElectionMethod {
    /// The rule that counts it.
    pub fn rule(self) -> Method {
        match self {
            ElectionMethod::Plurality => Method::Plurality,
            ElectionMethod::Approval => Method::Approval,
            ElectionMethod::TwoRound => Method::TwoRound,
            ElectionMethod::Irv => Method::Irv,
            ElectionMethod::ScottishStv => Method::ScottishStv,
            ElectionMethod::Wigm => Method::Wigm,
            ElectionMethod::Meek => Method::Meek,
            ElectionMethod::Schulze => Method::Schulze,
        }
    }

    /// Whether a ballot ranks candidates (rather than marking them).
    pub fn ranked(self) -> bool {
        !matches!(self, ElectionMethod::Plurality | ElectionMethod::Approval)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn election_methods_are_the_rules_methods_by_name() {
        assert_eq!(ElectionMethod::ALL.len(), Method::ALL.len());
        for m in ElectionMethod::ALL {
            assert_eq!(m.as_str(), m.rule().name());
        }
    }
}
