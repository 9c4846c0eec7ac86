//! Actions of the accounts: the first administrator (set-up link), accounts and their credential
//! cards, logging in (card or password) and out, one's own password. Login sessions, failure
//! counters and the set-up token are security state, not acts (ARCHITECTURE.md, invariant 1).

pub mod card_pickup;
pub mod create_account;
pub mod create_first_admin;
pub mod ensure_setup_token;
pub mod login_sessions;
pub mod login_with_card;
pub mod login_with_password;
pub mod logout;
pub mod logout_everywhere;
pub mod replace_card;
pub mod set_password;

use crate::Actor;

/// Whether `actor` may list and create accounts and issue credential cards: administrators.
pub fn may_manage_accounts(actor: &Actor) -> bool {
    actor.is_admin()
}
