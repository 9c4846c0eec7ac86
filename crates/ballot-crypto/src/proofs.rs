//! Non-interactive sigma proofs (Fiat–Shamir with [`Transcript`]): the disjunctive proof that a
//! ciphertext encrypts one of a list of values (Cramer–Damgård–Schoenmakers), the equality of
//! discrete logarithms (Chaum–Pedersen) for decryption shares, and knowledge of a discrete
//! logarithm (Schnorr) for the key ceremony. Each is bound to a context the caller has already
//! written into the transcript (election, question, choice, credential, trustee).

use crate::codec::{self, Transcript};
use crate::elgamal::Ciphertext;
use curve25519_dalek::constants::{RISTRETTO_BASEPOINT_POINT, RISTRETTO_BASEPOINT_TABLE};
use curve25519_dalek::ristretto::RistrettoPoint;
use curve25519_dalek::ristretto::VartimeRistrettoPrecomputation;
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::{VartimeMultiscalarMul, VartimePrecomputedMultiscalarMul};
use rand_core::CryptoRngCore;
use serde::{Deserialize, Serialize};

/// The election key with precomputed tables for `G` and `Y`: range proofs are verified with
/// them (about a third faster than without on this machine; BENCHMARKS.md).
pub struct VerifyingContext {
    pub y: RistrettoPoint,
    tables: VartimeRistrettoPrecomputation,
}

impl VerifyingContext {
    pub fn new(y: RistrettoPoint) -> Self {
        VerifyingContext {
            y,
            tables: VartimeRistrettoPrecomputation::new([RISTRETTO_BASEPOINT_POINT, y]),
        }
    }
}

/// Proof that a ciphertext encrypts one of `values` (known to both sides from the context): one
/// (challenge, response) pair per value; the challenges add up to the transcript's challenge.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RangeProof {
    #[serde(with = "codec::scalars")]
    pub challenges: Vec<Scalar>,
    #[serde(with = "codec::scalars")]
    pub responses: Vec<Scalar>,
}

fn range_transcript(mut t: Transcript, ct: &Ciphertext, values: &[u64]) -> Transcript {
    t.point(&ct.a).point(&ct.b).u64(values.len() as u64);
    for v in values {
        t.u64(*v);
    }
    t
}

impl RangeProof {
    /// Proves that `ct = Enc(m; r)` under `y` with `m` among `values`; `None` if it is not.
    pub fn prove<R: CryptoRngCore + ?Sized>(
        t: Transcript,
        y: &RistrettoPoint,
        ct: &Ciphertext,
        m: u64,
        r: &Scalar,
        values: &[u64],
        rng: &mut R,
    ) -> Option<RangeProof> {
        let real = values.iter().position(|v| *v == m)?;
        let g = RISTRETTO_BASEPOINT_POINT;
        let n = values.len();
        let mut challenges = vec![Scalar::ZERO; n];
        let mut responses = vec![Scalar::ZERO; n];
        let mut commits = Vec::with_capacity(n);
        let w = Scalar::random(rng);
        for (j, v) in values.iter().enumerate() {
            if j == real {
                commits.push((&w * RISTRETTO_BASEPOINT_TABLE, w * y));
            } else {
                let c = Scalar::random(rng);
                let s = Scalar::random(rng);
                challenges[j] = c;
                responses[j] = s;
                let a_j = s * g - c * ct.a;
                let b_j = s * y - c * (ct.b - Scalar::from(*v) * g);
                commits.push((a_j, b_j));
            }
        }
        let mut t = range_transcript(t, ct, values);
        for (a_j, b_j) in &commits {
            t.point(a_j).point(b_j);
        }
        let c = t.challenge();
        let others: Scalar = challenges.iter().sum();
        challenges[real] = c - others;
        responses[real] = w + challenges[real] * r;
        Some(RangeProof {
            challenges,
            responses,
        })
    }

    /// Checks the proof for `ct` under the context's key, with the same context and values as
    /// the prover's.
    pub fn verify(
        &self,
        t: Transcript,
        key: &VerifyingContext,
        ct: &Ciphertext,
        values: &[u64],
    ) -> bool {
        let n = values.len();
        if n == 0 || self.challenges.len() != n || self.responses.len() != n {
            return false;
        }
        let mut t = range_transcript(t, ct, values);
        for ((c, s), v) in self.challenges.iter().zip(&self.responses).zip(values) {
            // A_j = s·G − c·a;  B_j = (c·v)·G + s·Y − c·b
            let a_j = key
                .tables
                .vartime_mixed_multiscalar_mul([*s, Scalar::ZERO], [-c], [ct.a]);
            let b_j =
                key.tables
                    .vartime_mixed_multiscalar_mul([c * Scalar::from(*v), *s], [-c], [ct.b]);
            t.point(&a_j).point(&b_j);
        }
        let sum: Scalar = self.challenges.iter().sum();
        t.challenge() == sum
    }
}

/// Proof that `log_G(X) = log_A(D)` (the trustee's share key and its decryption factor).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DleqProof {
    #[serde(with = "codec::scalar")]
    pub challenge: Scalar,
    #[serde(with = "codec::scalar")]
    pub response: Scalar,
}

fn dleq_transcript(
    mut t: Transcript,
    x: &RistrettoPoint,
    a: &RistrettoPoint,
    d: &RistrettoPoint,
    t1: &RistrettoPoint,
    t2: &RistrettoPoint,
) -> Scalar {
    t.point(x).point(a).point(d).point(t1).point(t2);
    t.challenge()
}

impl DleqProof {
    pub fn prove<R: CryptoRngCore + ?Sized>(
        t: Transcript,
        secret: &Scalar,
        a: &RistrettoPoint,
        rng: &mut R,
    ) -> (RistrettoPoint, DleqProof) {
        let x = secret * RISTRETTO_BASEPOINT_TABLE;
        let d = secret * a;
        let w = Scalar::random(rng);
        let t1 = &w * RISTRETTO_BASEPOINT_TABLE;
        let t2 = w * a;
        let c = dleq_transcript(t, &x, a, &d, &t1, &t2);
        (
            d,
            DleqProof {
                challenge: c,
                response: w + c * secret,
            },
        )
    }

    pub fn verify(
        &self,
        t: Transcript,
        x: &RistrettoPoint,
        a: &RistrettoPoint,
        d: &RistrettoPoint,
    ) -> bool {
        let (c, s) = (self.challenge, self.response);
        let t1 = RistrettoPoint::vartime_double_scalar_mul_basepoint(&-c, x, &s);
        let t2 = RistrettoPoint::vartime_multiscalar_mul([s, -c], [*a, *d]);
        dleq_transcript(t, x, a, d, &t1, &t2) == c
    }
}

/// Proof of knowledge of `x` with `X = x·G` (Schnorr).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchnorrProof {
    #[serde(with = "codec::scalar")]
    pub challenge: Scalar,
    #[serde(with = "codec::scalar")]
    pub response: Scalar,
}

impl SchnorrProof {
    pub fn prove<R: CryptoRngCore + ?Sized>(
        mut t: Transcript,
        secret: &Scalar,
        rng: &mut R,
    ) -> SchnorrProof {
        let x = secret * RISTRETTO_BASEPOINT_TABLE;
        let w = Scalar::random(rng);
        let commit = &w * RISTRETTO_BASEPOINT_TABLE;
        t.point(&x).point(&commit);
        let c = t.challenge();
        SchnorrProof {
            challenge: c,
            response: w + c * secret,
        }
    }

    pub fn verify(&self, mut t: Transcript, x: &RistrettoPoint) -> bool {
        let commit = RistrettoPoint::vartime_double_scalar_mul_basepoint(
            &-self.challenge,
            x,
            &self.response,
        );
        t.point(x).point(&commit);
        t.challenge() == self.challenge
    }
}
