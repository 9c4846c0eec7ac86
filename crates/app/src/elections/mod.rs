//! Elections by the base, apart from the actions that run them: how a ballot box is counted into
//! titular delegates and ranked substitutes (`count`), what is published as the result
//! (`result`), and how ballots are written and the ballot box is digested (`ballot_box`). Pure:
//! no database here.

pub mod ballot_box;
pub mod count;
pub mod result;
