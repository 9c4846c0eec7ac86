//! Who may do what in the delegates area. The actions check these before they act; pages call the
//! same functions to show or hide a control.

use asamblea_store::{Store, Tx, on_read};

use crate::actions::registry::may_act_for;
use crate::domain::{AccountId, AssemblyId, AssemblyRole, OrganizationId};
use crate::{Actor, AppError};

/// An organization's business with its delegates: open and run its elections by the base, enter a
/// paper count, recall its delegates, set how it recalls them. Administrators, and the
/// organization's secretaries: the registry's rule, [`may_act_for`].
pub fn may_manage_delegation(actor: &Actor, org: OrganizationId) -> bool {
    may_act_for(actor, org)
}

/// Nominate a member of `org` in its election: whoever manages its delegation, or the member
/// themself (`member_account`: the account linked to the member, if any).
pub fn may_nominate(actor: &Actor, org: OrganizationId, member_account: Option<AccountId>) -> bool {
    may_manage_delegation(actor, org) || is_account(actor, member_account)
}

/// The offices an actor holds in one assembly (named by an administrator:
/// `assign_assembly_role`). Nobody's, for an actor without an account.
#[derive(Debug, Clone, Default)]
pub struct Offices(Vec<AssemblyRole>);

impl Offices {
    pub async fn of(store: &Store, actor: &Actor, assembly: AssemblyId) -> Result<Self, AppError> {
        let Some(account) = actor.account() else {
            return Ok(Offices::default());
        };
        let roles: Vec<AssemblyRole> = on_read!(store, pool => sqlx::query_scalar(
            "SELECT role FROM assembly_roles WHERE assembly_id = $1 AND account_id = $2")
            .bind(assembly).bind(account.id).fetch_all(pool).await)?;
        Ok(Offices(roles))
    }

    /// The same, inside an action's transaction.
    pub(crate) async fn of_in_tx(
        tx: &mut Tx,
        actor: &Actor,
        assembly: AssemblyId,
    ) -> Result<Self, AppError> {
        Ok(Offices(
            crate::actions::sessions::rows::roles(tx, actor, assembly).await?,
        ))
    }

    pub fn holds(&self, role: AssemblyRole) -> bool {
        self.0.contains(&role)
    }
}

/// Accept or reject credentials, print delegates' cards: the assembly's credentials commission
/// only (not administrators: the commission is the assembly's own).
pub fn may_decide_credentials(offices: &Offices) -> bool {
    offices.holds(AssemblyRole::Credentials)
}

/// Check delegates in at the door by their card: administrators and the credentials commission.
pub fn may_keep_door(actor: &Actor, offices: &Offices) -> bool {
    actor.is_admin() || offices.holds(AssemblyRole::Credentials)
}

/// Check in a delegate (`delegate_account`: the delegate's account, if any): the door, or the
/// delegate themself.
pub fn may_check_in(actor: &Actor, offices: &Offices, delegate_account: Option<AccountId>) -> bool {
    may_keep_door(actor, offices) || is_account(actor, delegate_account)
}

/// Seat a substitute in the place of an absent titular for a session: administrators and the
/// credentials commission.
pub fn may_seat_substitute(actor: &Actor, offices: &Offices) -> bool {
    may_keep_door(actor, offices)
}

/// Revoke a whole delegation by the assembly's vote: administrators and the presidium.
pub fn may_revoke_delegation(actor: &Actor, offices: &Offices) -> bool {
    actor.is_admin() || offices.holds(AssemblyRole::Presidium)
}

/// Name the offices of an assembly (presidium, credentials commission, tellers): administrators
/// (and the demo story, as the system).
pub fn may_assign_offices(actor: &Actor) -> bool {
    actor.is_admin()
}

fn is_account(actor: &Actor, account: Option<AccountId>) -> bool {
    actor
        .account()
        .is_some_and(|a| account.is_some_and(|x| x == a.id))
}
