//! Encodings shared by the record, the proofs and the hashes (docs/election-record.md, "Encodings").
//!
//! Points are ristretto255 elements in their 32-byte canonical encoding, scalars the 32-byte
//! little-endian canonical encoding (below the group order); both as lowercase hex in JSON. A
//! non-canonical encoding is refused when read, so each value has exactly one form on the record.

use curve25519_dalek::ristretto::{CompressedRistretto, RistrettoPoint};
use curve25519_dalek::scalar::Scalar;
use sha2::{Digest, Sha256, Sha512};

/// Fiat–Shamir challenges: SHA-512 over length-prefixed fields, reduced modulo the group order
/// (`Scalar::from_hash`). Every field is framed (8-byte little-endian length, then the bytes), so
/// no two different sequences of fields hash the same bytes.
#[derive(Clone)]
pub struct Transcript(Sha512);

impl Transcript {
    /// A transcript starting with its domain label (e.g. `asamblea/ballot/choice/v1`).
    pub fn new(domain: &str) -> Self {
        let mut t = Transcript(Sha512::new());
        t.bytes(domain.as_bytes());
        t
    }
    pub fn bytes(&mut self, b: &[u8]) -> &mut Self {
        self.0.update((b.len() as u64).to_le_bytes());
        self.0.update(b);
        self
    }
    pub fn u64(&mut self, v: u64) -> &mut Self {
        self.bytes(&v.to_le_bytes())
    }
    pub fn point(&mut self, p: &RistrettoPoint) -> &mut Self {
        self.bytes(p.compress().as_bytes())
    }
    /// The challenge scalar.
    pub fn challenge(self) -> Scalar {
        Scalar::from_hash(self.0)
    }
}

/// Framed bytes hashed with SHA-256: the election's fingerprint and the ballots' signed content.
#[derive(Default)]
pub struct Framed(pub Vec<u8>);

impl Framed {
    pub fn new(domain: &str) -> Self {
        let mut f = Framed(Vec::new());
        f.bytes(domain.as_bytes());
        f
    }
    pub fn bytes(&mut self, b: &[u8]) -> &mut Self {
        self.0.extend_from_slice(&(b.len() as u64).to_le_bytes());
        self.0.extend_from_slice(b);
        self
    }
    pub fn u64(&mut self, v: u64) -> &mut Self {
        self.bytes(&v.to_le_bytes())
    }
    pub fn point(&mut self, p: &RistrettoPoint) -> &mut Self {
        self.bytes(p.compress().as_bytes())
    }
    pub fn scalar(&mut self, s: &Scalar) -> &mut Self {
        self.bytes(s.as_bytes())
    }
    pub fn sha256(&self) -> [u8; 32] {
        Sha256::digest(&self.0).into()
    }
}

pub fn point_from_bytes(b: &[u8; 32]) -> Option<RistrettoPoint> {
    CompressedRistretto(*b).decompress()
}

pub fn scalar_from_bytes(b: [u8; 32]) -> Option<Scalar> {
    Option::from(Scalar::from_canonical_bytes(b))
}

fn hex32<E: serde::de::Error>(s: &str) -> Result<[u8; 32], E> {
    let mut out = [0u8; 32];
    hex::decode_to_slice(s, &mut out)
        .map_err(|e| E::custom(format!("expected 64 hex digits: {e}")))?;
    Ok(out)
}

/// serde for one point.
pub mod point {
    use super::*;
    use serde::{Deserialize, Deserializer, Serializer};
    pub fn serialize<S: Serializer>(p: &RistrettoPoint, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&hex::encode(p.compress().as_bytes()))
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<RistrettoPoint, D::Error> {
        let s = <&str>::deserialize(d)?;
        let b = hex32(s)?;
        point_from_bytes(&b).ok_or_else(|| serde::de::Error::custom("not a ristretto255 point"))
    }
}

/// serde for a list of points.
pub mod points {
    use super::*;
    use serde::{Deserialize, Deserializer, Serializer, ser::SerializeSeq};
    pub fn serialize<S: Serializer>(ps: &[RistrettoPoint], s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(ps.len()))?;
        for p in ps {
            seq.serialize_element(&hex::encode(p.compress().as_bytes()))?;
        }
        seq.end()
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<RistrettoPoint>, D::Error> {
        let v = Vec::<&str>::deserialize(d)?;
        v.into_iter()
            .map(|s| {
                let b = hex32(s)?;
                point_from_bytes(&b)
                    .ok_or_else(|| serde::de::Error::custom("not a ristretto255 point"))
            })
            .collect()
    }
}

/// A point kept in both of its forms: the 32-byte encoding (what hashes read) and the decoded
/// point (what is computed with). Decoded once when read, so a verifier neither compresses nor
/// decompresses it again; an encoding that is not a point is refused when read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Encoded {
    pub bytes: [u8; 32],
    pub point: RistrettoPoint,
}

impl Encoded {
    pub fn new(point: RistrettoPoint) -> Self {
        Encoded {
            bytes: point.compress().to_bytes(),
            point,
        }
    }
}

impl serde::Serialize for Encoded {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&hex::encode(self.bytes))
    }
}

impl<'de> serde::Deserialize<'de> for Encoded {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <&str as serde::Deserialize>::deserialize(d)?;
        let bytes = hex32(s)?;
        let point = point_from_bytes(&bytes)
            .ok_or_else(|| serde::de::Error::custom("not a ristretto255 point"))?;
        Ok(Encoded { bytes, point })
    }
}

/// serde for one scalar.
pub mod scalar {
    use super::*;
    use serde::{Deserialize, Deserializer, Serializer};
    pub fn serialize<S: Serializer>(x: &Scalar, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&hex::encode(x.as_bytes()))
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Scalar, D::Error> {
        let s = <&str>::deserialize(d)?;
        let b = hex32(s)?;
        scalar_from_bytes(b).ok_or_else(|| serde::de::Error::custom("not a canonical scalar"))
    }
}

/// serde for a list of scalars.
pub mod scalars {
    use super::*;
    use serde::{Deserialize, Deserializer, Serializer, ser::SerializeSeq};
    pub fn serialize<S: Serializer>(xs: &[Scalar], s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(xs.len()))?;
        for x in xs {
            seq.serialize_element(&hex::encode(x.as_bytes()))?;
        }
        seq.end()
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Scalar>, D::Error> {
        let v = Vec::<&str>::deserialize(d)?;
        v.into_iter()
            .map(|s| {
                let b = hex32(s)?;
                scalar_from_bytes(b)
                    .ok_or_else(|| serde::de::Error::custom("not a canonical scalar"))
            })
            .collect()
    }
}

/// serde for 32 bytes as hex (hashes, credential keys).
pub mod bytes32 {
    use super::*;
    use serde::{Deserialize, Deserializer, Serializer};
    pub fn serialize<S: Serializer>(b: &[u8; 32], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&hex::encode(b))
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<[u8; 32], D::Error> {
        let s = <&str>::deserialize(d)?;
        hex32(s)
    }
}

/// serde for 64 bytes as hex (signatures).
pub mod bytes64 {
    use serde::{Deserialize, Deserializer, Serializer};
    pub fn serialize<S: Serializer>(b: &[u8; 64], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&hex::encode(b))
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<[u8; 64], D::Error> {
        let s = <&str>::deserialize(d)?;
        let mut out = [0u8; 64];
        hex::decode_to_slice(s, &mut out)
            .map_err(|e| serde::de::Error::custom(format!("expected 128 hex digits: {e}")))?;
        Ok(out)
    }
}
