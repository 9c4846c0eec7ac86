//! Errors raised while building or checking record entries.

/// Why an act could not be sealed or a checkpoint could not be checked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RecordError {
    /// The payload holds a floating-point number, which has no canonical form.
    #[error("payload holds a floating-point number at {path}; use integers or strings")]
    FloatInPayload {
        /// JSON-pointer-like path to the offending number (e.g. `/amounts/2`).
        path: String,
    },
    /// The payload nests deeper than [`crate::canonical::MAX_DEPTH`].
    #[error("payload nests deeper than {max} levels")]
    TooDeep {
        /// The limit.
        max: usize,
    },
    /// A position below 1.
    #[error("invalid position {0}: positions start at 1")]
    InvalidPosition(i64),
    /// A hash that is not 64 lower-case hex digits.
    #[error("invalid hash {0:?}: expected 64 lower-case hex digits")]
    InvalidHash(String),
    /// A public key or signature that is not valid hex of the right length.
    #[error("invalid {what}: {detail}")]
    InvalidHex {
        /// Which value was bad (`public key`, `signature`, `signing key`).
        what: &'static str,
        /// What was wrong with it.
        detail: String,
    },
    /// The checkpoint's signature does not verify under its public key.
    #[error("checkpoint signature does not verify for position {position}")]
    BadSignature {
        /// The checkpoint's position.
        position: i64,
    },
}
