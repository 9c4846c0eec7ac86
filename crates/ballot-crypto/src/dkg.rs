//! The trustees' key ceremony: Pedersen's distributed key generation (each trustee deals a
//! Feldman-verifiable secret sharing of a random secret; the joint secret is the sum and is never
//! assembled anywhere). `t` of the `n` trustees decrypt; fewer learn nothing.
//!
//! Trustee `i` (1-based) picks a polynomial `f_i` of degree `t-1`, publishes the commitments
//! `C_ik = a_ik·G` with a proof of knowledge of `a_i0` (against rogue keys), and gives trustee `j`
//! the share `f_i(j)` privately. Trustee `j` checks `f_i(j)·G = Σ_k j^k·C_ik`. The joint key is
//! `Y = Σ_i C_i0`; trustee `j`'s key is `x_j = Σ_i f_i(j)` and anyone computes its public part
//! `X_j = Σ_i Σ_k j^k·C_ik` from the dealings alone.

use crate::Error;
use crate::codec::{self, Transcript};
use crate::proofs::SchnorrProof;
use curve25519_dalek::constants::RISTRETTO_BASEPOINT_TABLE;
use curve25519_dalek::ristretto::RistrettoPoint;
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::{Identity, VartimeMultiscalarMul};
use rand_core::CryptoRngCore;
use serde::{Deserialize, Serialize};

/// At most this many trustees (the issue asks 3 to 9; the arithmetic allows more).
pub const MAX_TRUSTEES: u32 = 9;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Threshold {
    /// Trustees in the ceremony.
    pub n: u32,
    /// Trustees needed to decrypt.
    pub t: u32,
}

impl Threshold {
    pub fn check(&self) -> Result<(), Error> {
        if self.t == 0 || self.t > self.n || self.n > MAX_TRUSTEES {
            return Err(Error::Threshold {
                n: self.n,
                t: self.t,
            });
        }
        Ok(())
    }
}

/// One trustee's public dealing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dealing {
    pub trustee: u32,
    #[serde(with = "codec::points")]
    pub commitments: Vec<RistrettoPoint>,
    pub proof: SchnorrProof,
}

/// One trustee's secret polynomial (kept on the trustee's machine only).
pub struct Dealer {
    trustee: u32,
    coefficients: Vec<Scalar>,
}

fn pok_transcript(ceremony: &str, trustee: u32) -> Transcript {
    let mut t = Transcript::new("asamblea/dkg/pok/v1");
    t.bytes(ceremony.as_bytes()).u64(u64::from(trustee));
    t
}

impl Dealer {
    pub fn new<R: CryptoRngCore + ?Sized>(
        th: Threshold,
        trustee: u32,
        rng: &mut R,
    ) -> Result<Dealer, Error> {
        th.check()?;
        if trustee == 0 || trustee > th.n {
            return Err(Error::Trustee(trustee));
        }
        let coefficients = (0..th.t).map(|_| Scalar::random(rng)).collect();
        Ok(Dealer {
            trustee,
            coefficients,
        })
    }

    /// Rebuilds a dealer from its saved coefficients (the trustee's own file).
    pub fn from_coefficients(trustee: u32, coefficients: Vec<Scalar>) -> Dealer {
        Dealer {
            trustee,
            coefficients,
        }
    }

    pub fn coefficients(&self) -> &[Scalar] {
        &self.coefficients
    }

    /// The public dealing, its proof bound to the ceremony (the election id) and the trustee.
    pub fn dealing<R: CryptoRngCore + ?Sized>(&self, ceremony: &str, rng: &mut R) -> Dealing {
        let commitments = self
            .coefficients
            .iter()
            .map(|a| a * RISTRETTO_BASEPOINT_TABLE)
            .collect();
        let a0 = self.coefficients.first().copied().unwrap_or(Scalar::ZERO);
        Dealing {
            trustee: self.trustee,
            commitments,
            proof: SchnorrProof::prove(pok_transcript(ceremony, self.trustee), &a0, rng),
        }
    }

    /// The private share for trustee `j`: `f_i(j)`.
    pub fn share_for(&self, j: u32) -> Scalar {
        let x = Scalar::from(u64::from(j));
        self.coefficients
            .iter()
            .rev()
            .fold(Scalar::ZERO, |acc, a| acc * x + a)
    }
}

/// `Σ_k j^k·C_k`: the public image of `f(j)` from the commitments.
pub fn commitment_at(commitments: &[RistrettoPoint], j: u32) -> RistrettoPoint {
    let x = Scalar::from(u64::from(j));
    let mut pow = Scalar::ONE;
    let mut scalars = Vec::with_capacity(commitments.len());
    for _ in commitments {
        scalars.push(pow);
        pow *= x;
    }
    RistrettoPoint::vartime_multiscalar_mul(scalars, commitments.iter())
}

/// Checks a dealing's shape and proof of knowledge.
pub fn verify_dealing(ceremony: &str, th: Threshold, d: &Dealing) -> Result<(), Error> {
    if d.trustee == 0 || d.trustee > th.n {
        return Err(Error::Trustee(d.trustee));
    }
    if d.commitments.len() != th.t as usize {
        return Err(Error::Dealing {
            trustee: d.trustee,
            why: format!(
                "{} commitments where the threshold asks {}",
                d.commitments.len(),
                th.t
            ),
        });
    }
    let c0 = d
        .commitments
        .first()
        .copied()
        .unwrap_or_else(RistrettoPoint::identity);
    if c0 == RistrettoPoint::identity() || !d.proof.verify(pok_transcript(ceremony, d.trustee), &c0)
    {
        return Err(Error::Dealing {
            trustee: d.trustee,
            why: "false proof of knowledge of the secret".into(),
        });
    }
    Ok(())
}

/// Does the private share `share` sent by `d`'s trustee to trustee `j` match its commitments?
pub fn verify_share(d: &Dealing, j: u32, share: &Scalar) -> bool {
    share * RISTRETTO_BASEPOINT_TABLE == commitment_at(&d.commitments, j)
}

/// The joint public key `Y = Σ_i C_i0`.
pub fn joint_key(dealings: &[Dealing]) -> RistrettoPoint {
    dealings
        .iter()
        .filter_map(|d| d.commitments.first())
        .fold(RistrettoPoint::identity(), |acc, c| acc + c)
}

/// Trustee `j`'s public verification key `X_j = Σ_i Σ_k j^k·C_ik`.
pub fn verification_key(dealings: &[Dealing], j: u32) -> RistrettoPoint {
    dealings
        .iter()
        .map(|d| commitment_at(&d.commitments, j))
        .fold(RistrettoPoint::identity(), |acc, p| acc + p)
}

/// Trustee `j`'s key share: the sum of the shares it received (each checked with
/// [`verify_share`]), one per dealing.
pub fn combine_shares(shares: &[Scalar]) -> Scalar {
    shares.iter().sum()
}

/// Lagrange coefficients at 0 for the trustees `indices` (distinct, non-zero).
pub fn lagrange_at_zero(indices: &[u32]) -> Vec<Scalar> {
    indices
        .iter()
        .map(|&j| {
            let xj = Scalar::from(u64::from(j));
            let mut num = Scalar::ONE;
            let mut den = Scalar::ONE;
            for &m in indices {
                if m != j {
                    let xm = Scalar::from(u64::from(m));
                    num *= xm;
                    den *= xm - xj;
                }
            }
            num * den.invert()
        })
        .collect()
}

/// A share sealed from one trustee to another: static Diffie–Hellman between their ceremony keys
/// on ristretto255, HKDF-SHA256 to a key, ChaCha20-Poly1305 (RustCrypto crates). Only the two
/// trustees can open it; the board (the server) that carries it cannot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SealedShare {
    pub from: u32,
    pub to: u32,
    pub nonce: String,
    pub sealed: String,
}

fn share_key(ceremony: &str, from: u32, to: u32, dh: &RistrettoPoint) -> [u8; 32] {
    let mut info = Vec::new();
    info.extend_from_slice(b"asamblea/dkg/share/v1");
    info.extend_from_slice(&from.to_le_bytes());
    info.extend_from_slice(&to.to_le_bytes());
    let hk = hkdf::Hkdf::<sha2::Sha256>::new(Some(ceremony.as_bytes()), dh.compress().as_bytes());
    let mut key = [0u8; 32];
    // 32 bytes is far below HKDF-SHA256's limit (255 × 32): expand cannot fail here.
    let _ = hk.expand(&info, &mut key);
    key
}

fn aad(ceremony: &str, from: u32, to: u32) -> Vec<u8> {
    let mut a = ceremony.as_bytes().to_vec();
    a.extend_from_slice(&from.to_le_bytes());
    a.extend_from_slice(&to.to_le_bytes());
    a
}

/// Seals `share` from trustee `from` (ceremony secret key `my_secret`) to trustee `to` (ceremony
/// public key `their_key`).
pub fn seal_share<R: CryptoRngCore + ?Sized>(
    ceremony: &str,
    from: u32,
    my_secret: &Scalar,
    to: u32,
    their_key: &RistrettoPoint,
    share: &Scalar,
    rng: &mut R,
) -> Result<SealedShare, Error> {
    use chacha20poly1305::aead::{Aead, KeyInit, Payload};
    let key = share_key(ceremony, from, to, &(my_secret * their_key));
    let cipher = chacha20poly1305::ChaCha20Poly1305::new(&key.into());
    let mut nonce = [0u8; 12];
    rng.fill_bytes(&mut nonce);
    let sealed = cipher
        .encrypt(
            &nonce.into(),
            Payload {
                msg: share.as_bytes(),
                aad: &aad(ceremony, from, to),
            },
        )
        .map_err(|_| Error::Dealing {
            trustee: from,
            why: "cannot seal a share".into(),
        })?;
    Ok(SealedShare {
        from,
        to,
        nonce: hex::encode(nonce),
        sealed: hex::encode(sealed),
    })
}

/// Opens a share sealed to trustee `to` (secret `my_secret`) by trustee `from` (public key
/// `their_key`); `None` if it is not a share sealed between these two for this ceremony.
pub fn open_share(
    ceremony: &str,
    to: u32,
    my_secret: &Scalar,
    their_key: &RistrettoPoint,
    s: &SealedShare,
) -> Option<Scalar> {
    use chacha20poly1305::aead::{Aead, KeyInit, Payload};
    if s.to != to {
        return None;
    }
    let key = share_key(ceremony, s.from, to, &(my_secret * their_key));
    let cipher = chacha20poly1305::ChaCha20Poly1305::new(&key.into());
    let mut nonce = [0u8; 12];
    hex::decode_to_slice(&s.nonce, &mut nonce).ok()?;
    let sealed = hex::decode(&s.sealed).ok()?;
    let plain = cipher
        .decrypt(
            &nonce.into(),
            Payload {
                msg: &sealed,
                aad: &aad(ceremony, s.from, to),
            },
        )
        .ok()?;
    let bytes: [u8; 32] = plain.try_into().ok()?;
    codec::scalar_from_bytes(bytes)
}
