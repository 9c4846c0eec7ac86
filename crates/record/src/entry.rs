//! Record entries: what an act becomes once it has a position, a time and a place in the chain.

use crate::canonical::{canonical_json, write_string};
use crate::error::RecordError;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt::Write as _;

/// The `prev` of position 1: 64 zeros.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// An act about to be appended: everything but position, time and chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewAct {
    /// Who did it (e.g. `user:7`), or `None` for the system.
    pub actor: Option<String>,
    /// What kind of act, e.g. `organization.created`.
    pub kind: String,
    /// What it is about, e.g. `assembly:1`, `organization:7`, `instance`.
    pub scope: String,
    /// The details. Must not contain floating-point numbers.
    pub payload: serde_json::Value,
}

/// One entry of the record. Its JSON form (one per line) is the export format.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// 1, 2, 3, ... without gaps.
    pub position: i64,
    /// RFC 3339 UTC time of recording, e.g. `2026-01-01T00:00:00.000Z`.
    pub recorded_at: String,
    /// Who did it, or `None` for the system.
    pub actor: Option<String>,
    /// What kind of act.
    pub kind: String,
    /// What it is about.
    pub scope: String,
    /// The details (no floating-point numbers).
    pub payload: serde_json::Value,
    /// Hash of the previous entry, or [`GENESIS`] at position 1.
    pub prev: String,
    /// Lower-case hex SHA-256 of the canonical JSON of every other field.
    pub hash: String,
}

/// The hash of an entry from its parts. `payload_canonical` must be the output of
/// [`canonical_json`] for the payload (it is embedded verbatim).
///
/// Hashes the canonical JSON of the object
/// `{actor, kind, payload, position, prev, recorded_at, scope}` (keys in that, sorted, order).
pub fn entry_hash(
    position: i64,
    recorded_at: &str,
    actor: Option<&str>,
    kind: &str,
    scope: &str,
    payload_canonical: &str,
    prev: &str,
) -> String {
    let text = canonical_text_from_parts(
        position,
        recorded_at,
        actor,
        kind,
        scope,
        payload_canonical,
        prev,
    );
    hex::encode(Sha256::digest(text.as_bytes()))
}

fn canonical_text_from_parts(
    position: i64,
    recorded_at: &str,
    actor: Option<&str>,
    kind: &str,
    scope: &str,
    payload_canonical: &str,
    prev: &str,
) -> String {
    let mut s = String::with_capacity(200 + payload_canonical.len());
    s.push_str("{\"actor\":");
    match actor {
        Some(a) => write_string(&mut s, a),
        None => s.push_str("null"),
    }
    s.push_str(",\"kind\":");
    write_string(&mut s, kind);
    s.push_str(",\"payload\":");
    s.push_str(payload_canonical);
    let _ = write!(s, ",\"position\":{position},\"prev\":");
    write_string(&mut s, prev);
    s.push_str(",\"recorded_at\":");
    write_string(&mut s, recorded_at);
    s.push_str(",\"scope\":");
    write_string(&mut s, scope);
    s.push('}');
    s
}

/// True if `s` is 64 lower-case hex digits.
pub fn is_hash_hex(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

impl Entry {
    /// Turns an act into the entry at `position`, chained to `prev`, computing its hash.
    ///
    /// Fails if the payload has a float or is too deep, if `position < 1`, or if `prev` is
    /// not 64 lower-case hex digits (or is not [`GENESIS`] at position 1).
    pub fn seal(
        position: i64,
        recorded_at: String,
        prev: String,
        act: NewAct,
    ) -> Result<Entry, RecordError> {
        if position < 1 {
            return Err(RecordError::InvalidPosition(position));
        }
        if !is_hash_hex(&prev) || (position == 1 && prev != GENESIS) {
            return Err(RecordError::InvalidHash(prev));
        }
        let payload_canonical = canonical_json(&act.payload)?;
        let hash = entry_hash(
            position,
            &recorded_at,
            act.actor.as_deref(),
            &act.kind,
            &act.scope,
            &payload_canonical,
            &prev,
        );
        Ok(Entry {
            position,
            recorded_at,
            actor: act.actor,
            kind: act.kind,
            scope: act.scope,
            payload: act.payload,
            prev,
            hash,
        })
    }

    /// The canonical JSON text that [`Entry::hash`] is the SHA-256 of.
    pub fn canonical_text(&self) -> Result<String, RecordError> {
        let payload = canonical_json(&self.payload)?;
        Ok(canonical_text_from_parts(
            self.position,
            &self.recorded_at,
            self.actor.as_deref(),
            &self.kind,
            &self.scope,
            &payload,
            &self.prev,
        ))
    }

    /// Recomputes the hash from the other fields (ignores the stored `hash`).
    pub fn compute_hash(&self) -> Result<String, RecordError> {
        let text = self.canonical_text()?;
        Ok(hex::encode(Sha256::digest(text.as_bytes())))
    }

    /// The canonical JSON of the payload (what the store keeps in its `payload` column).
    pub fn payload_canonical(&self) -> Result<String, RecordError> {
        canonical_json(&self.payload)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn act() -> NewAct {
        NewAct {
            actor: Some("user:1".into()),
            kind: "k".into(),
            scope: "instance".into(),
            payload: json!({"x": 1}),
        }
    }

    #[test]
    fn seal_checks_its_inputs() {
        assert!(Entry::seal(0, "t".into(), GENESIS.into(), act()).is_err());
        assert!(Entry::seal(1, "t".into(), "ab".into(), act()).is_err());
        assert!(Entry::seal(1, "t".into(), "1".repeat(64), act()).is_err());
        assert!(Entry::seal(2, "t".into(), "A".repeat(64), act()).is_err());
        let mut a = act();
        a.payload = json!([0.5]);
        assert!(matches!(
            Entry::seal(1, "t".into(), GENESIS.into(), a),
            Err(RecordError::FloatInPayload { .. })
        ));
    }

    #[test]
    fn hash_is_recomputable_and_json_round_trips() {
        let e = Entry::seal(1, "t".into(), GENESIS.into(), act()).expect("seal");
        assert_eq!(e.compute_hash().expect("hash"), e.hash);
        let line = serde_json::to_string(&e).expect("json");
        let back: Entry = serde_json::from_str(&line).expect("parse");
        assert_eq!(back, e);
    }
}
