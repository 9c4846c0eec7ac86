//! Who acts: an account with a role, the set-up link, or the system itself (the demo loader).

use serde::Serialize;

use crate::domain::{AccountId, OrganizationId};

pub use crate::domain::Role;

/// A logged-in account.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Account {
    pub id: AccountId,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub organization_id: Option<OrganizationId>,
    pub has_password: bool,
}

/// The author of an act, as written in the record's `actor` field.
#[derive(Debug, Clone)]
pub enum Actor {
    Account(Account),
    /// The one-time set-up link that creates the first administrator.
    Setup,
    /// The server itself (the demo loader).
    System,
}

impl Actor {
    pub fn record_name(&self) -> Option<String> {
        Some(match self {
            Actor::Account(a) => format!("account:{}", a.id),
            Actor::Setup => "setup".to_string(),
            Actor::System => "system".to_string(),
        })
    }

    pub fn account(&self) -> Option<&Account> {
        match self {
            Actor::Account(a) => Some(a),
            _ => None,
        }
    }

    pub fn is_admin(&self) -> bool {
        matches!(self, Actor::Account(a) if a.role == Role::Admin) || matches!(self, Actor::System)
    }
}
