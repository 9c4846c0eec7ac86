//! Verifiable secret ballots for Asamblea (issue 14), pure and without IO.
//!
//! - [`elgamal`]: exponential ElGamal on ristretto255 (curve25519-dalek);
//! - [`proofs`]: disjunctive 0/1 and limit proofs, Chaum–Pedersen, Schnorr (Fiat–Shamir over
//!   SHA-512 with framed fields, [`codec::Transcript`]);
//! - [`dkg`]: the trustees' Pedersen key ceremony, `t` of `n`;
//! - [`ballot`]: the manifest, encrypted ballots bound to election, question and credential,
//!   Benaloh audit;
//! - [`challenge`]: a challenged ballot as text, checked on another device;
//! - [`tally`]: homomorphic sum, decryption shares with proofs, the result;
//! - [`record`]: the published election record and its verifier.
//!
//! The format and every check are specified in docs/election-record.md.

pub mod ballot;
// A challenged ballot carried to another device (`asamblea election audit`, `/boards/ID/audit`).
pub mod challenge;
// The board's documents between the steps of an election (directory or server).
// Not in the browser's module (crates/ballot-wasm): the board, the record's verifier and the
// simulation draw batch weights from the operating system (OsRng), which wasm32 lacks.
#[cfg(not(target_arch = "wasm32"))]
pub mod board;
pub mod codec;
pub mod dkg;
pub mod elgamal;
pub mod proofs;
#[cfg(not(target_arch = "wasm32"))]
pub mod record;
#[cfg(not(target_arch = "wasm32"))]
pub mod simulate;
pub mod tally;

pub use curve25519_dalek::{ristretto::RistrettoPoint, scalar::Scalar};
pub use ed25519_dalek::SigningKey;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    #[error("{t} of {n} trustees: need 1 ≤ t ≤ n ≤ 9")]
    Threshold { n: u32, t: u32 },
    #[error("no trustee {0} in this ceremony")]
    Trustee(u32),
    #[error("trustee {trustee}'s dealing: {why}")]
    Dealing { trustee: u32, why: String },
    #[error("manifest: {0}")]
    Manifest(String),
    #[error("selection: {0}")]
    Selection(String),
    #[error("ballot: {0}")]
    Ballot(String),
    #[error("the revealed randomness does not open this ballot")]
    Audit,
    #[error("trustee {trustee}'s decryption share: {why}")]
    Share { trustee: u32, why: String },
    #[error("combining the shares: {0}")]
    Combine(String),
}
