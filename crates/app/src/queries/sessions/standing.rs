//! What someone may do in an assembly's sessions, for the pages that show or hide a control:
//! the same rules (`actions::sessions::may_*`) the actions check.

use asamblea_store::Store;

use super::view::{self, MotionView, MyDelegate, SpeakerView};
use crate::AppError;
use crate::actions::sessions::{
    may_chair, may_propose, may_support, may_tell, may_vote, may_withdraw_motion,
    may_withdraw_speaker,
};
use crate::domain::{AssemblyId, DelegateId};
use crate::{Account, Actor};

/// The reader's standing in an assembly: chair, teller, and the delegate they hold, if any.
#[derive(Debug, Clone, Default)]
pub struct Standing {
    /// Chairs the assembly ([`may_chair`]).
    pub chair: bool,
    /// Enters the votes of delegates without a phone ([`may_tell`]).
    pub teller: bool,
    /// The accredited titular delegate the reader's account holds.
    pub me: Option<MyDelegate>,
}

impl Standing {
    fn own(&self) -> Option<DelegateId> {
        self.me.as_ref().map(|m| m.id)
    }
    pub fn is_me(&self, delegate_id: &DelegateId) -> bool {
        self.own() == Some(*delegate_id)
    }
    /// Votes themself now: a voting seat, checked in ([`may_vote`]).
    pub fn may_vote(&self) -> bool {
        self.me
            .as_ref()
            .is_some_and(|m| may_vote(m.voting_seat, m.present))
    }
    /// Supports this motion or amendment: any delegate of the assembly but its proposer
    /// ([`may_support`]).
    pub fn may_support(&self, m: &MotionView) -> bool {
        may_support(self.own(), m.by_delegate_id)
    }
    /// Proposes motions and amendments ([`may_propose`]).
    pub fn may_propose(&self) -> bool {
        may_propose(self.chair, self.own())
    }
    /// Takes this request to speak off the list ([`may_withdraw_speaker`]).
    pub fn may_withdraw_speaker(&self, s: &SpeakerView) -> bool {
        may_withdraw_speaker(self.chair, self.own(), s.delegate_id)
    }
    /// Withdraws this motion or amendment ([`may_withdraw_motion`]).
    pub fn may_withdraw_motion(&self, m: &MotionView) -> bool {
        may_withdraw_motion(self.chair, self.own(), m.by_delegate_id)
    }
}

/// The standing of `account` (none: an anonymous reader) in the assembly.
pub async fn standing(
    store: &Store,
    account: Option<&Account>,
    assembly_id: AssemblyId,
) -> Result<Standing, AppError> {
    let Some(account) = account else {
        return Ok(Standing::default());
    };
    let roles = view::roles(store, assembly_id, account.id).await?;
    Ok(Standing {
        chair: may_chair(&Actor::Account(account.clone()), &roles),
        teller: may_tell(&roles),
        me: view::my_delegate(store, assembly_id, account.id).await?,
    })
}
