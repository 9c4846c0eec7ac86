//! Actions of the delegates area, one file per action.
