//! The mandate (demands, rankings, platforms) and calls to action (commands, calls, steps,
//! confirmations, adherence).

crate::text_enum! {
    /// How the assembly's ranking of demands is counted from the organizations' rankings.
    pub enum RankingMethod {
        Schulze = "schulze",
        Approval = "approval",
    }
}

impl RankingMethod {
    /// The counting engine's rule.
    pub fn rule(self) -> asamblea_rules::count::Method {
        match self {
            RankingMethod::Schulze => asamblea_rules::count::Method::Schulze,
            RankingMethod::Approval => asamblea_rules::count::Method::Approval,
        }
    }
}

crate::text_enum! {
    /// What an organization's ranking weighs: one each, its seats in the assembly, its members.
    pub enum RankingWeight {
        Equal = "equal",
        Seats = "seats",
        Members = "members",
    }
}

crate::text_enum! {
    /// What a call to action calls for.
    pub enum CallKind {
        Strike = "strike",
        March = "march",
        Occupation = "occupation",
        Blockade = "blockade",
        Assembly = "assembly",
    }
}

crate::text_enum! {
    /// Who a call is addressed to.
    pub enum ScopeKind {
        Everyone = "everyone",
        Sectors = "sectors",
        Departments = "departments",
        Organizations = "organizations",
    }
}

crate::text_enum! {
    /// Where a call stands: prepared in advance, armed (ready to fire), active (issued or
    /// fired), lifted.
    pub enum CallStatus {
        Prepared = "prepared",
        Armed = "armed",
        Active = "active",
        Lifted = "lifted",
    }
}

crate::text_enum! {
    /// What a command member's confirmation of an armed call asks for.
    pub enum ConfirmPurpose {
        Fire = "fire",
        Disarm = "disarm",
    }
}

crate::text_enum! {
    /// An organization's adherence to a step of a call.
    pub enum Adherence {
        Joined = "joined",
        Partly = "partly",
        Not = "not",
    }
}
