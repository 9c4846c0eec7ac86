//! Witnesses of the record's log (c2sp.org/tlog-witness): an administrator adds a witness by its
//! verifier key (and the URL the server pushes checkpoints to) or removes it; a witness's
//! cosignature on a checkpoint it checked (sent by `asamblea witness check`, or answered to the
//! server's push, `crate::witness_push`) is kept and served with the checkpoint. Each is an act.

pub mod accept_cosignature;
pub mod add_witness;
pub mod remove_witness;

use crate::Actor;

/// Who may add and remove witnesses: administrators.
pub fn may_manage_witnesses(actor: &Actor) -> bool {
    actor.is_admin()
}
