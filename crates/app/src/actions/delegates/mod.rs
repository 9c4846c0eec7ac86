//! Actions of the delegates area (elections by the base, credentials, check-in, recall), one
//! file per action.

pub mod check_in;
pub mod register_delegate;
