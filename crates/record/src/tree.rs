//! The record as a transparency log: a Merkle tree over the entries (RFC 6962 hashing, as Go's
//! `golang.org/x/mod/sumdb/tlog`) and checkpoints as signed notes (c2sp.org/tlog-checkpoint,
//! c2sp.org/signed-note). The hashing, proofs and note signatures are the `tlog_tiles` and
//! `signed_note` crates'; this module only says what a leaf is and how the pieces are named.
//!
//! Leaf of position `n` (tree index `n - 1`): the UTF-8 bytes of the canonical JSON of the
//! whole entry, `hash` included (the eight fields `actor, hash, kind, payload, position, prev,
//! recorded_at, scope`). Its record hash is SHA-256(0x00 || leaf).

use crate::entry::Entry;
use crate::error::RecordError;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use ed25519_dalek::SigningKey;
use std::collections::HashMap;
pub use tlog_tiles::Error as TreeError;
pub use tlog_tiles::{Hash, HashReader, RecordProof, TreeProof};

/// The bytes of the leaf for `entry` (see the module documentation).
pub fn leaf_data(entry: &Entry) -> Result<Vec<u8>, RecordError> {
    let value = serde_json::to_value(entry).map_err(|e| RecordError::InvalidHex {
        what: "entry",
        detail: e.to_string(),
    })?;
    Ok(crate::canonical::canonical_json(&value)?.into_bytes())
}

/// The log's name (the checkpoint's origin line and the signed note's key name):
/// `asamblea/<first 16 hex digits of the public key>`, so each instance's log has its own name
/// without configuration.
pub fn origin(key: &ed25519_dalek::VerifyingKey) -> String {
    format!("asamblea/{}", &hex::encode(key.to_bytes())[..16])
}

/// The verifier key in Go's `note` format (`<name>+<id>+<base64>`), what a person pins.
pub fn verifier_key(key: &ed25519_dalek::VerifyingKey) -> String {
    signed_note::new_ed25519_verifier_key(&origin(key), key)
}

/// Stored hash indexes that [`stored_hashes_for`] reads for leaf index `n` (0-based).
pub fn indexes_needed(n: u64) -> Vec<u64> {
    let r = TreeReader::recording();
    let _ = tlog_tiles::stored_hashes_for_record_hash(n, Hash([0; 32]), &r);
    r.asked()
}

/// The stored hashes to append for leaf index `n` with `leaf` data, given the earlier stored
/// hashes named by [`indexes_needed`]. They are stored from index `stored_hash_index(0, n)` on.
pub fn stored_hashes_for(
    n: u64,
    leaf: &[u8],
    earlier: &HashMap<u64, Hash>,
) -> Result<Vec<(u64, Hash)>, tlog_tiles::Error> {
    let hashes = tlog_tiles::stored_hashes(n, leaf, &TreeReader::over(earlier))?;
    let start = tlog_tiles::stored_hash_index(0, n);
    Ok((start..).zip(hashes).collect())
}

/// A [`HashReader`] over a map of stored hashes that remembers which indexes were asked.
///
/// The tree's computations (root of size `t`, inclusion and consistency proofs, new stored
/// hashes) read indexes that depend only on sizes and positions, so a caller with the hashes in
/// a database runs a computation once on [`TreeReader::recording`] (which answers zeros), fetches
/// [`TreeReader::asked`], then runs it again with [`TreeReader::over`] those hashes.
pub struct TreeReader<'a> {
    map: Option<&'a HashMap<u64, Hash>>,
    asked: std::cell::RefCell<Vec<u64>>,
}

impl<'a> TreeReader<'a> {
    /// A reader that answers zeros, to learn what a computation reads.
    pub fn recording() -> TreeReader<'static> {
        TreeReader {
            map: None,
            asked: Default::default(),
        }
    }

    /// A reader over `map`; a missing index is an error.
    pub fn over(map: &'a HashMap<u64, Hash>) -> TreeReader<'a> {
        TreeReader {
            map: Some(map),
            asked: Default::default(),
        }
    }

    /// The indexes asked so far, sorted, without repeats.
    pub fn asked(&self) -> Vec<u64> {
        let mut v = self.asked.borrow().clone();
        v.sort_unstable();
        v.dedup();
        v
    }
}

impl HashReader for TreeReader<'_> {
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<Hash>, tlog_tiles::Error> {
        self.asked.borrow_mut().extend_from_slice(indexes);
        match self.map {
            None => Ok(vec![Hash([0; 32]); indexes.len()]),
            Some(map) => indexes
                .iter()
                .map(|i| {
                    map.get(i)
                        .copied()
                        .ok_or(tlog_tiles::Error::IndexesNotInTree)
                })
                .collect(),
        }
    }
}

/// The tree rebuilt from entries, in memory (64 bytes per entry): what a verifier compares the
/// signed roots with, trusting no stored hash.
#[derive(Default)]
pub struct TreeBuilder {
    stored: Vec<Hash>,
    leaves: u64,
}

impl TreeBuilder {
    /// Appends the next entry's leaf.
    pub fn push(&mut self, entry: &Entry) -> Result<(), RecordError> {
        let leaf = leaf_data(entry)?;
        let new = tlog_tiles::stored_hashes(self.leaves, &leaf, self).map_err(|e| {
            RecordError::InvalidHex {
                what: "tree",
                detail: e.to_string(),
            }
        })?;
        self.stored.extend(new);
        self.leaves += 1;
        Ok(())
    }

    /// Leaves pushed so far.
    pub fn leaves(&self) -> u64 {
        self.leaves
    }

    /// The root of the first `size` leaves (`None` if more than were pushed).
    pub fn root(&self, size: u64) -> Option<Hash> {
        if size > self.leaves {
            return None;
        }
        tlog_tiles::tree_hash(size, self).ok()
    }
}

impl HashReader for TreeBuilder {
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<Hash>, tlog_tiles::Error> {
        indexes
            .iter()
            .map(|&i| {
                self.stored
                    .get(i as usize)
                    .copied()
                    .ok_or(tlog_tiles::Error::IndexesNotInTree)
            })
            .collect()
    }
}

/// The verifier key for a public key in hex.
pub fn verifier_key_from_hex(public: &str) -> Option<String> {
    let bytes: [u8; 32] = hex::decode(public).ok()?.try_into().ok()?;
    let key = ed25519_dalek::VerifyingKey::from_bytes(&bytes).ok()?;
    Some(verifier_key(&key))
}

/// The hex public key inside a verifier key (`<name>+<id>+<base64 of 0x01 || key>`), or the
/// argument itself if it is already 64 hex digits.
pub fn public_key_of(vkey: &str) -> Option<String> {
    if vkey.len() == 64 && vkey.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Some(vkey.to_ascii_lowercase());
    }
    // `<name>+<id>+<base64>`: the name has no '+', the base64 may.
    let b64 = vkey.splitn(3, '+').nth(2)?;
    let bytes = BASE64.decode(b64).ok()?;
    (bytes.len() == 33 && bytes[0] == 1).then(|| hex::encode(&bytes[1..]))
}

/// Checks `notes` (earlier checkpoints someone kept) against the rebuilt `tree`: each must be
/// signed with `vkey` and its root must be the root of the rebuilt tree at its size. A record
/// edited and re-hashed, or re-signed with another key, fails here.
pub fn check_against(tree: &TreeBuilder, notes: &[String], vkey: &str) -> Result<(), String> {
    for note in notes {
        let kept = open_note(note, vkey).map_err(|e| {
            format!("the earlier checkpoint does not verify with the key {vkey}: {e}")
        })?;
        match tree.root(kept.size) {
            None => {
                return Err(format!(
                    "the earlier checkpoint covers {} entries but the record has only {}",
                    kept.size,
                    tree.leaves()
                ));
            }
            Some(root) if root != kept.root => {
                return Err(format!(
                    "the record was rewritten: its first {} entries no longer match the earlier \
                     checkpoint (root {} there, {} now)",
                    kept.size, kept.root, root
                ));
            }
            Some(_) => {}
        }
    }
    Ok(())
}

/// The signed note of a checkpoint of a tree of `size` leaves with root `root`.
pub fn sign_note(key: &SigningKey, size: u64, root: Hash) -> Result<String, RecordError> {
    let name = origin(&key.verifying_key());
    let bad = |detail: String| RecordError::InvalidHex {
        what: "checkpoint note",
        detail,
    };
    let cp = tlog_tiles::Checkpoint::new(&name, size, root, "").map_err(|e| bad(e.to_string()))?;
    let mut note = signed_note::Note::new(&cp.to_bytes(), &[]).map_err(|e| bad(e.to_string()))?;
    let signer =
        signed_note::StandardSigner::new(&signer_key(key)).map_err(|e| bad(e.to_string()))?;
    note.add_sigs(&[&signer]).map_err(|e| bad(e.to_string()))?;
    String::from_utf8(note.to_bytes()).map_err(|e| bad(e.to_string()))
}

/// Go's `note` signer key encoding of `key` (never stored: built when signing).
fn signer_key(key: &SigningKey) -> String {
    let name = origin(&key.verifying_key());
    let mut public = vec![1u8];
    public.extend_from_slice(&key.verifying_key().to_bytes());
    let mut private = vec![1u8];
    private.extend_from_slice(&key.to_bytes());
    format!(
        "PRIVATE+KEY+{name}+{:08x}+{}",
        signed_note::key_id(&name, &public),
        BASE64.encode(private)
    )
}

/// A checkpoint note checked against a pinned verifier key: its size and root.
#[derive(Debug, Clone, PartialEq)]
pub struct VerifiedNote {
    /// The log's name.
    pub origin: String,
    /// The tree size (number of entries).
    pub size: u64,
    /// The root hash.
    pub root: Hash,
}

/// Verifies `note` (a checkpoint as a signed note) with the verifier key `vkey`
/// (`<name>+<id>+<base64>`) and parses it.
pub fn open_note(note: &str, vkey: &str) -> Result<VerifiedNote, String> {
    let verifier = signed_note::StandardVerifier::new(vkey).map_err(|e| format!("key: {e}"))?;
    let parsed = signed_note::Note::from_bytes(note.as_bytes()).map_err(|e| e.to_string())?;
    let list = signed_note::VerifierList::new(vec![Box::new(verifier)]);
    parsed
        .verify(&list)
        .map_err(|e| format!("checkpoint signature: {e}"))?;
    let cp = tlog_tiles::Checkpoint::from_bytes(parsed.text()).map_err(|e| e.to_string())?;
    if cp.origin() != vkey.split('+').next().unwrap_or_default() {
        return Err("checkpoint origin is not the key's name".into());
    }
    Ok(VerifiedNote {
        origin: cp.origin().to_string(),
        size: cp.size(),
        root: *cp.hash(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entry::{GENESIS, NewAct};

    fn entry(p: i64, prev: &str) -> Entry {
        Entry::seal(
            p,
            "2026-01-01T00:00:00.000Z".into(),
            prev.into(),
            NewAct {
                actor: None,
                kind: "test".into(),
                scope: "instance".into(),
                payload: serde_json::json!({"p": p}),
            },
        )
        .expect("seal")
    }

    /// Appending leaf by leaf with the stored hashes gives the same root as the library's
    /// tree hash, and a proof checks; a signed note opens with the verifier key only.
    #[test]
    fn tree_and_note() {
        let mut stored: HashMap<u64, Hash> = HashMap::new();
        let mut prev = GENESIS.to_string();
        for n in 0..13u64 {
            let e = entry(n as i64 + 1, &prev);
            prev = e.hash.clone();
            let leaf = leaf_data(&e).expect("leaf");
            let need = indexes_needed(n);
            assert!(need.iter().all(|i| stored.contains_key(i)));
            for (i, h) in stored_hashes_for(n, &leaf, &stored).expect("hashes") {
                stored.insert(i, h);
            }
        }
        let root = tlog_tiles::tree_hash(13, &TreeReader::over(&stored)).expect("root");
        let proof = tlog_tiles::prove_record(13, 4, &TreeReader::over(&stored)).expect("prove");
        let leaf4 = stored[&tlog_tiles::stored_hash_index(0, 4)];
        tlog_tiles::check_record(&proof, 13, root, 4, leaf4).expect("inclusion");
        let key = SigningKey::from_bytes(&[7u8; 32]);
        let note = sign_note(&key, 13, root).expect("sign");
        let vkey = verifier_key(&key.verifying_key());
        let opened = open_note(&note, &vkey).expect("open");
        assert_eq!(opened.size, 13);
        assert_eq!(opened.root, root);
        assert_eq!(
            public_key_of(&vkey),
            Some(hex::encode(key.verifying_key().to_bytes()))
        );
        let other = verifier_key(&SigningKey::from_bytes(&[8u8; 32]).verifying_key());
        assert!(open_note(&note, &other).is_err(), "another key");
        assert!(open_note(&note.replace("\n13\n", "\n12\n"), &vkey).is_err());
    }
}
