//! Witnesses of the record's log (c2sp.org/tlog-witness): an administrator adds a witness by its
//! verifier key; a witness sends its cosignature on a checkpoint it checked (`asamblea witness`),
//! which is kept and served with the checkpoint. Each is an act.

pub mod accept_cosignature;
pub mod add_witness;
