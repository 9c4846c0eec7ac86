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
