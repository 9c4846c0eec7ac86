//! Parsers and writers of the files Asamblea reads: ballots (BLT, PrefLib, cast-vote-record CSV),
//! seat entries (CSV or TOML) and the registry's spreadsheets (members, organizations). Pure: they
//! take text and return values or a [`ParseError`] naming the line and field. Each parser has a fuzz target in `fuzz/`.

mod error;
pub use error::ParseError;

mod seen;
pub use seen::Seen;

pub mod blt;
pub mod cvr;
pub mod preflib;
pub mod seats;
pub mod sheet;
