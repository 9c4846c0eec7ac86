//! Actions of the sessions area, one file per action: sessions and their agenda, the speakers'
//! list, motions and amendments, votes (open and secret), resolutions.
//!
//! Who may do what in a session is decided here, by the `may_*` functions below; the actions
//! call them, and so do the pages that show or hide a control (through
//! [`crate::queries::sessions::standing`]). `rows` holds what the actions share inside their
//! transaction: loading the rows they act on, the actor's offices and delegate, version checks,
//! the act they append.

pub mod add_agenda_item;
pub mod call_next_speaker;
pub mod cast_vote;
pub mod close_item;
pub mod close_session;
pub mod close_vote;
pub mod create_session;
pub mod move_item;
pub mod move_speaker;
pub mod open_item;
pub mod open_session;
pub mod open_vote;
pub mod propose_motion;
pub mod recommend_motion;
pub mod request_to_speak;
pub mod set_follow_up;
pub mod set_speakers_list;
pub mod set_via_teller;
pub mod support_motion;
pub mod withdraw_motion;
pub mod withdraw_speaker;

pub(crate) mod batch_known;
pub(crate) mod batch_voters;
pub(crate) mod rows;

use crate::Actor;
use crate::domain::{AssemblyRole, DelegateId};

/// Whether `actor`, holding the offices `roles` in an assembly, chairs it: administrators and
/// the presidium. The chair plans and runs sessions, the agenda, the speakers' list and votes.
pub fn may_chair(actor: &Actor, roles: &[AssemblyRole]) -> bool {
    actor.is_admin() || roles.contains(&AssemblyRole::Presidium)
}

/// Whether someone holding `roles` in an assembly may enter the vote of a delegate without a
/// phone: the tellers.
pub fn may_tell(roles: &[AssemblyRole]) -> bool {
    roles.contains(&AssemblyRole::Teller)
}

/// Whether a delegate (`own`, the actor's delegate in the assembly) or the chair may propose a
/// motion or an amendment.
pub fn may_propose(chair: bool, own: Option<DelegateId>) -> bool {
    chair || own.is_some()
}

/// Whether the actor, holding the delegate `own` in the assembly, may support a motion proposed
/// by `proposer`: any delegate but its proposer (a minimum of supporters is met by others; the
/// chair as such does not support).
pub fn may_support(own: Option<DelegateId>, proposer: Option<DelegateId>) -> bool {
    own.is_some() && own != proposer
}

/// Whether the chair, or the delegate `own`, may take a request to speak by `asked_by` off the
/// list: the chair any, a delegate their own.
pub fn may_withdraw_speaker(chair: bool, own: Option<DelegateId>, asked_by: DelegateId) -> bool {
    chair || own == Some(asked_by)
}

/// Whether the chair, or the delegate `own`, may withdraw a motion proposed by `proposer`: the
/// chair any, a delegate those they proposed.
pub fn may_withdraw_motion(
    chair: bool,
    own: Option<DelegateId>,
    proposer: Option<DelegateId>,
) -> bool {
    chair || (proposer.is_some() && own == proposer)
}

/// Whether a delegate votes themself: a voting seat, and checked in.
pub fn may_vote(voting_seat: bool, present: bool) -> bool {
    voting_seat && present
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{AccountId, Role};
    use crate::{Account, Actor};

    fn account(role: Role) -> Actor {
        Actor::Account(Account {
            id: AccountId(1),
            username: "x".into(),
            display_name: "X".into(),
            role,
            organization_id: None,
            has_password: true,
        })
    }

    #[test]
    fn the_chair_is_the_presidium_or_an_administrator() {
        let delegate = account(Role::Delegate);
        assert!(may_chair(&account(Role::Admin), &[]));
        assert!(may_chair(&delegate, &[AssemblyRole::Presidium]));
        assert!(!may_chair(&delegate, &[AssemblyRole::Teller]));
        assert!(may_tell(&[AssemblyRole::Teller]));
        assert!(!may_tell(&[AssemblyRole::Presidium]));
    }

    #[test]
    fn delegates_withdraw_their_own() {
        let (me, other) = (DelegateId(1), DelegateId(2));
        assert!(may_withdraw_speaker(false, Some(me), me));
        assert!(!may_withdraw_speaker(false, Some(me), other));
        assert!(may_withdraw_speaker(true, None, other));
        assert!(may_withdraw_motion(false, Some(me), Some(me)));
        assert!(!may_withdraw_motion(false, None, None));
        assert!(!may_withdraw_motion(false, Some(me), None));
        assert!(may_withdraw_motion(true, None, None));
        assert!(may_propose(false, Some(me)) && !may_propose(false, None));
    }
}
