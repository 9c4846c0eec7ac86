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

    /// Elected or rejected: the commission may still accept the credential (a rejection may be
    /// reconsidered).
    pub fn awaits_credential(self) -> bool {
        matches!(self, DelegateStatus::Elected | DelegateStatus::Rejected)
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
    /// How an election's ballots are decided: a counting rule of `asamblea_rules::count` for an
    /// election of delegates (in the order the form offers them), or `yes-no` for a recall vote.
    pub enum ElectionMethod {
        Plurality = "plurality",
        Approval = "approval",
        ScottishStv = "scottish-stv",
        Meek = "meek",
        Wigm = "wigm",
        Schulze = "schulze",
        /// A recall vote: yes or no, decided by `asamblea_rules::procedure`, not counted.
        YesNo = "yes-no",
    }
}

impl ElectionMethod {
    /// The methods an election of delegates may use: every one with a counting rule.
    pub const FOR_DELEGATES: &'static [ElectionMethod] = &[
        ElectionMethod::Plurality,
        ElectionMethod::Approval,
        ElectionMethod::ScottishStv,
        ElectionMethod::Meek,
        ElectionMethod::Wigm,
        ElectionMethod::Schulze,
    ];

    /// The most candidates one ballot may mark in an election for `seats` titular seats
    /// (plurality: the seats); `None` when any number may be (approval) or the ballot is not
    /// marked (ranked, yes/no). The server refuses more (`dlg-error-ballot-too-many`); the
    /// member's page tells the phone, which refuses them with the same message.
    pub fn max_marks(self, seats: i64) -> Option<i64> {
        match self {
            ElectionMethod::Plurality => Some(seats),
            _ => None,
        }
    }

    /// The rule that counts it; `None` for a recall vote.
    pub fn rule(self) -> Option<Method> {
        match self {
            ElectionMethod::Plurality => Some(Method::Plurality),
            ElectionMethod::Approval => Some(Method::Approval),
            ElectionMethod::ScottishStv => Some(Method::ScottishStv),
            ElectionMethod::Meek => Some(Method::Meek),
            ElectionMethod::Wigm => Some(Method::Wigm),
            ElectionMethod::Schulze => Some(Method::Schulze),
            ElectionMethod::YesNo => None,
        }
    }

    /// How a voter fills the ballot: marks (plurality: up to the seats; approval: any number), a
    /// ranking, or yes/no.
    pub fn ballot(self) -> BallotStyle {
        match self {
            ElectionMethod::Plurality | ElectionMethod::Approval => BallotStyle::Pick,
            ElectionMethod::YesNo => BallotStyle::YesNo,
            _ => BallotStyle::Rank,
        }
    }
}

/// The form of a ballot paper.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BallotStyle {
    /// Tick candidates.
    Pick,
    /// Number candidates in order of preference.
    Rank,
    /// Answer yes or no.
    YesNo,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn election_methods_are_the_rules_methods_by_name() {
        for m in ElectionMethod::ALL {
            match m.rule() {
                Some(rule) => assert_eq!(m.as_str(), rule.name()),
                None => assert_eq!(*m, ElectionMethod::YesNo),
            }
        }
        let counted: Vec<_> = ElectionMethod::ALL
            .iter()
            .filter(|m| m.rule().is_some())
            .collect();
        assert_eq!(counted.len(), ElectionMethod::FOR_DELEGATES.len());
    }
}
