//! The record of acts: canonical serialization, the SHA-256 hash chain, chain verification and
//! signed checkpoints.
//!
//! This crate is pure: it never touches a file, socket, clock or database. Storage lives in
//! `asamblea-store`; this crate only says what an entry is, how its hash is computed and how a
//! sequence of entries is checked.
//!
//! The canonical form is fixed by `ARCHITECTURE.md` ("The record's canonical form") and by the
//! test vectors in [`canonical`].

pub mod canonical;
pub mod chain;
pub mod checkpoint;
pub mod entry;
pub mod error;
pub mod export;
pub mod tree;
pub mod witness;

pub use canonical::canonical_json;
pub use chain::{BreakReason, Broken, ChainVerifier, VerifyReport};
pub use checkpoint::{
    Checkpoint, checkpoint_message, generate_signing_key, public_key_hex, sign_checkpoint,
    signing_key_from_hex, signing_key_to_hex, verify_checkpoint,
};
pub use ed25519_dalek::{SigningKey, VerifyingKey};
pub use entry::{Entry, GENESIS, NewAct, entry_hash};
pub use error::RecordError;
pub use export::{CheckpointLine, check_checkpoint_matches, verify_export, verify_export_with};
