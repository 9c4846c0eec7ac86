//! Signed checkpoints: the instance's Ed25519 key vouches for the head of the record.
//!
//! The signed message is the ASCII text `asamblea-checkpoint:v1:<position>:<hash>`, with the
//! position in plain decimal and the hash in lower-case hex. Keys and signatures travel as
//! lower-case hex (32-byte public key, 64-byte signature).

use crate::entry::is_hash_hex;
use crate::error::RecordError;
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};

/// A signature over one position and hash of the record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Checkpoint {
    /// The position signed (the head at signing time).
    pub position: i64,
    /// The hash of the entry at `position`.
    pub hash: String,
    /// Hex of the 32-byte Ed25519 public key.
    pub public_key: String,
    /// Hex of the 64-byte Ed25519 signature over [`checkpoint_message`].
    pub signature: String,
}

/// The exact bytes that are signed: `asamblea-checkpoint:v1:<position>:<hash>`.
pub fn checkpoint_message(position: i64, hash: &str) -> String {
    format!("asamblea-checkpoint:v1:{position}:{hash}")
}

/// Signs `position` and `hash` with `key`.
pub fn sign_checkpoint(key: &SigningKey, position: i64, hash: &str) -> Checkpoint {
    let sig = key.sign(checkpoint_message(position, hash).as_bytes());
    Checkpoint {
        position,
        hash: hash.to_string(),
        public_key: hex::encode(key.verifying_key().to_bytes()),
        signature: hex::encode(sig.to_bytes()),
    }
}

/// Checks a checkpoint's signature against the public key it carries. (Whether that key is the
/// instance's key is for the caller to compare with the key the instance publishes.)
pub fn verify_checkpoint(c: &Checkpoint) -> Result<(), RecordError> {
    if c.position < 1 {
        return Err(RecordError::InvalidPosition(c.position));
    }
    if !is_hash_hex(&c.hash) {
        return Err(RecordError::InvalidHash(c.hash.clone()));
    }
    let key_bytes: [u8; 32] = decode_fixed(&c.public_key, "public key")?;
    let sig_bytes: [u8; 64] = decode_fixed(&c.signature, "signature")?;
    let key = VerifyingKey::from_bytes(&key_bytes).map_err(|e| RecordError::InvalidHex {
        what: "public key",
        detail: e.to_string(),
    })?;
    let sig = Signature::from_bytes(&sig_bytes);
    key.verify(checkpoint_message(c.position, &c.hash).as_bytes(), &sig)
        .map_err(|_| RecordError::BadSignature {
            position: c.position,
        })
}

/// A fresh random signing key from the operating system's generator.
pub fn generate_signing_key() -> SigningKey {
    SigningKey::generate(&mut rand::rngs::OsRng)
}

/// Hex of the 32-byte secret seed (how the store keeps the key).
pub fn signing_key_to_hex(key: &SigningKey) -> String {
    hex::encode(key.to_bytes())
}

/// Reads a key written by [`signing_key_to_hex`].
pub fn signing_key_from_hex(s: &str) -> Result<SigningKey, RecordError> {
    let bytes: [u8; 32] = decode_fixed(s, "signing key")?;
    Ok(SigningKey::from_bytes(&bytes))
}

/// Hex of the public key of `key`.
pub fn public_key_hex(key: &SigningKey) -> String {
    hex::encode(key.verifying_key().to_bytes())
}

fn decode_fixed<const N: usize>(s: &str, what: &'static str) -> Result<[u8; N], RecordError> {
    let bytes = hex::decode(s).map_err(|e| RecordError::InvalidHex {
        what,
        detail: e.to_string(),
    })?;
    bytes
        .try_into()
        .map_err(|v: Vec<u8>| RecordError::InvalidHex {
            what,
            detail: format!("expected {N} bytes, got {}", v.len()),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    const HASH: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    #[test]
    fn sign_and_verify() {
        let key = SigningKey::from_bytes(&[7u8; 32]);
        let c = sign_checkpoint(&key, 42, HASH);
        assert_eq!(c.public_key, public_key_hex(&key));
        verify_checkpoint(&c).expect("valid");
        let mut bad = c.clone();
        bad.position = 43;
        assert_eq!(
            verify_checkpoint(&bad),
            Err(RecordError::BadSignature { position: 43 })
        );
        let mut bad = c.clone();
        bad.hash = "0".repeat(64);
        assert!(verify_checkpoint(&bad).is_err());
        let mut bad = c.clone();
        bad.signature = "zz".into();
        assert!(matches!(
            verify_checkpoint(&bad),
            Err(RecordError::InvalidHex { .. })
        ));
        let mut bad = c;
        bad.public_key = hex::encode([1u8; 31]);
        assert!(verify_checkpoint(&bad).is_err());
    }

    #[test]
    fn key_hex_round_trip() {
        let k = generate_signing_key();
        let back = signing_key_from_hex(&signing_key_to_hex(&k)).expect("hex");
        assert_eq!(back.to_bytes(), k.to_bytes());
        assert!(signing_key_from_hex("abc").is_err());
    }

    /// Test vector: Ed25519 is deterministic, so this signature is fixed.
    #[test]
    fn vector_checkpoint_signature() {
        let key = SigningKey::from_bytes(&[7u8; 32]);
        let c = sign_checkpoint(&key, 2, HASH);
        assert_eq!(
            checkpoint_message(2, HASH),
            format!("asamblea-checkpoint:v1:2:{HASH}")
        );
        assert_eq!(
            c.public_key,
            "ea4a6c63e29c520abef5507b132ec5f9954776aebebe7b92421eea691446d22c"
        );
        assert_eq!(
            c.signature,
            "bd3f02f23a4d5c323279cd74c89b95cb9daf868e8b9d1bc0c88331827cfd9f544669e0b576de00ebcd239b2ad11156374663583fd6fed19837df9c0dd1c86d08"
        );
    }
}
