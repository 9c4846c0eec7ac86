//! Actions of the registry area, one file per action.
