//! Accounts.

crate::text_enum! {
    /// What an account may do in general (assembly offices are [`super::AssemblyRole`]).
    pub enum Role {
        Admin = "admin",
        Secretary = "secretary",
        Delegate = "delegate",
    }
}
