//! Actions of the sessions area, one file per action.
