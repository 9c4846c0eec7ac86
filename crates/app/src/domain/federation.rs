//! Federation: forwards from a departmental assembly to its parent, the departmental decisions on
//! the parent's resolutions, and the settings for substitutes, proxies and vote weights.

crate::text_enum! {
    /// What the parent assembly decided on a forwarded resolution.
    pub enum ForwardStatus {
        Pending = "pending",
        /// Put on an agenda as a motion.
        Accepted = "accepted",
        /// Merged with other forwards on the same subject into one motion.
        Merged = "merged",
        Declined = "declined",
    }
}

crate::text_enum! {
    /// A departmental assembly's decision on a resolution of its parent.
    pub enum DescentDecision {
        /// Adopted locally.
        Adopted = "adopted",
        Noted = "noted",
        /// Objected, with a reason.
        Objected = "objected",
    }
}

crate::text_enum! {
    /// Whether an assembly allows proxies, and to whom.
    pub enum ProxyScope {
        Off = "off",
        /// Only to a delegate of the same organization.
        SameOrganization = "same_organization",
        Any = "any",
    }
}

crate::text_enum! {
    /// What one ballot weighs: one, or its delegation's seats (one ballot per delegation).
    pub enum VoteWeight {
        Delegate = "delegate",
        Delegation = "delegation",
    }
}

crate::text_enum! {
    /// What a departmental assembly forwards: an adopted resolution, or a motion it voted to
    /// forward.
    pub enum ForwardKind {
        Resolution = "resolution",
        Motion = "motion",
    }
}
