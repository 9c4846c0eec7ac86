//! The registry: organizations and assemblies.

crate::text_enum! {
    /// What an organization is.
    pub enum OrganizationKind {
        Confederation = "confederation",
        Federation = "federation",
        Union = "union",
        Party = "party",
        Other = "other",
    }
}

crate::text_enum! {
    /// Where an assembly meets: the whole country, or one department.
    pub enum AssemblyLevel {
        National = "national",
        Departmental = "departmental",
    }
}

crate::text_enum! {
    /// How a seat plan shares seats among sectors and organizations; the rule itself is
    /// [`asamblea_rules::apportion::Method`].
    pub enum ApportionMethod {
        DHondt = "dhondt",
        SainteLague = "sainte-lague",
        ModifiedSainteLague = "modified-sainte-lague",
        Hare = "hare",
        Droop = "droop",
        HuntingtonHill = "huntington-hill",
        Adams = "adams",
    }
}

impl ApportionMethod {
    /// The rule that apportions.
    pub fn rule(self) -> asamblea_rules::apportion::Method {
        use asamblea_rules::apportion::Method;
        match self {
            ApportionMethod::DHondt => Method::DHondt,
            ApportionMethod::SainteLague => Method::SainteLague,
            ApportionMethod::ModifiedSainteLague => Method::ModifiedSainteLague,
            ApportionMethod::Hare => Method::Hare,
            ApportionMethod::Droop => Method::Droop,
            ApportionMethod::HuntingtonHill => Method::HuntingtonHill,
            ApportionMethod::Adams => Method::Adams,
        }
    }
}

/// D'Hondt, the method of a plan not set yet.
impl Default for ApportionMethod {
    fn default() -> Self {
        ApportionMethod::DHondt
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use asamblea_rules::apportion::Method;

    #[test]
    fn apportion_methods_are_the_rules_methods_by_name() {
        assert_eq!(ApportionMethod::ALL.len(), Method::ALL.len());
        for m in ApportionMethod::ALL {
            assert_eq!(m.as_str(), m.rule().name());
        }
    }
}
