//! Non-interactive sigma proofs (Fiat–Shamir with [`Transcript`]): the disjunctive proof that a
//! ciphertext encrypts one of a list of values (Cramer–Damgård–Schoenmakers), the equality of
//! discrete logarithms (Chaum–Pedersen) for decryption shares, and knowledge of a discrete
//! logarithm (Schnorr) for the key ceremony. Each is bound to a context the caller has already
//! written into the transcript (election, question, choice, credential, trustee).

use crate::codec::{self, Encoded, Transcript};
use crate::elgamal::Ciphertext;
use curve25519_dalek::constants::{RISTRETTO_BASEPOINT_POINT, RISTRETTO_BASEPOINT_TABLE};
use curve25519_dalek::ristretto::RistrettoPoint;
use curve25519_dalek::ristretto::VartimeRistrettoPrecomputation;
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::{
    IsIdentity, VartimeMultiscalarMul, VartimePrecomputedMultiscalarMul,
};
use rand_chacha::ChaCha20Rng;
use rand_core::{CryptoRngCore, RngCore, SeedableRng};
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

/// Proof that a ciphertext encrypts one of `values` (known to both sides from the context): per
/// value `v_j` the commitments `A_j, B_j` and a (challenge, response) pair; the challenges add up
/// to the transcript's challenge. Carrying the commitments lets a verifier check the equations of
/// many proofs at once ([`Batch`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RangeProof {
    /// `A_0, B_0, A_1, B_1, …`
    pub commitments: Vec<Encoded>,
    #[serde(with = "codec::scalars")]
    pub challenges: Vec<Scalar>,
    #[serde(with = "codec::scalars")]
    pub responses: Vec<Scalar>,
}

/// A ciphertext's two points as encoded (hashed into transcripts and signed bytes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CtBytes {
    pub a: [u8; 32],
    pub b: [u8; 32],
}

impl CtBytes {
    pub fn of(ct: &Ciphertext) -> Self {
        CtBytes {
            a: ct.a.compress().to_bytes(),
            b: ct.b.compress().to_bytes(),
        }
    }
}

fn range_transcript(mut t: Transcript, ct: &CtBytes, values: &[u64]) -> Transcript {
    t.bytes(&ct.a).bytes(&ct.b).u64(values.len() as u64);
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
        let mut commitments = Vec::with_capacity(2 * n);
        let w = Scalar::random(rng);
        for (j, v) in values.iter().enumerate() {
            if j == real {
                commitments.push(Encoded::new(&w * RISTRETTO_BASEPOINT_TABLE));
                commitments.push(Encoded::new(w * y));
            } else {
                let c = Scalar::random(rng);
                let s = Scalar::random(rng);
                challenges[j] = c;
                responses[j] = s;
                commitments.push(Encoded::new(s * g - c * ct.a));
                commitments.push(Encoded::new(s * y - c * (ct.b - Scalar::from(*v) * g)));
            }
        }
        let mut t = range_transcript(t, &CtBytes::of(ct), values);
        for p in &commitments {
            t.bytes(&p.bytes);
        }
        let c = t.challenge();
        let others: Scalar = challenges.iter().sum();
        challenges[real] = c - others;
        responses[real] = w + challenges[real] * r;
        Some(RangeProof {
            commitments,
            challenges,
            responses,
        })
    }

    /// The proof's shape and its challenge: `L ≥ 1` values, `2L` commitments, `L` challenges
    /// and responses, and the challenges add up to the transcript's. Cheap (one hash); the
    /// equations are checked apart ([`RangeProof::equations_hold`] or a [`Batch`]).
    pub fn challenge_holds(&self, t: Transcript, ct: &CtBytes, values: &[u64]) -> bool {
        let n = values.len();
        if n == 0
            || self.challenges.len() != n
            || self.responses.len() != n
            || self.commitments.len() != 2 * n
        {
            return false;
        }
        let mut t = range_transcript(t, ct, values);
        for p in &self.commitments {
            t.bytes(&p.bytes);
        }
        let sum: Scalar = self.challenges.iter().sum();
        t.challenge() == sum
    }

    /// The equations one by one: `A_j = s_j·G − c_j·a` and `B_j = s_j·Y − c_j·(b − v_j·G)`.
    /// Call after [`RangeProof::challenge_holds`] (which checks the lengths).
    pub fn equations_hold(&self, key: &VerifyingContext, ct: &Ciphertext, values: &[u64]) -> bool {
        let n = values.len();
        if self.challenges.len() != n
            || self.responses.len() != n
            || self.commitments.len() != 2 * n
        {
            return false;
        }
        self.commitments
            .chunks_exact(2)
            .zip(&self.challenges)
            .zip(&self.responses)
            .zip(values)
            .all(|(((ab, c), s), v)| {
                let a_j =
                    key.tables
                        .vartime_mixed_multiscalar_mul([*s, Scalar::ZERO], [-c], [ct.a]);
                let b_j = key.tables.vartime_mixed_multiscalar_mul(
                    [c * Scalar::from(*v), *s],
                    [-c],
                    [ct.b],
                );
                a_j == ab[0].point && b_j == ab[1].point
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
        self.challenge_holds(t, &CtBytes::of(ct), values) && self.equations_hold(key, ct, values)
    }
}

/// The equations of many range proofs checked at once: each equation is multiplied by its own
/// random 128-bit weight (from a ChaCha20 generator seeded by the caller's CSPRNG) and all are
/// added into one multiscalar multiplication (curve25519-dalek's; Pippenger's method for large
/// sizes), which is the identity when every equation holds. For proof `j` of value `v_j`:
/// `z·(A_j + c_j·a − s_j·G) + z'·(B_j + c_j·b − c_j·v_j·G − s_j·Y) = 0`. A false equation
/// passes with probability at most 2⁻¹²⁸ (the group has prime order). A failed batch says only
/// that some proof in it is false: check its ballots one by one to name it.
pub struct Batch {
    scalars: Vec<Scalar>,
    points: Vec<RistrettoPoint>,
    g: Scalar,
    y: Scalar,
    key: RistrettoPoint,
    rng: ChaCha20Rng,
}

impl Batch {
    pub fn new<R: CryptoRngCore + ?Sized>(key: RistrettoPoint, rng: &mut R) -> Self {
        let mut seed = [0u8; 32];
        rng.fill_bytes(&mut seed);
        Batch {
            scalars: Vec::new(),
            points: Vec::new(),
            g: Scalar::ZERO,
            y: Scalar::ZERO,
            key,
            rng: ChaCha20Rng::from_seed(seed),
        }
    }

    fn weight(&mut self) -> Scalar {
        let mut b = [0u8; 16];
        self.rng.fill_bytes(&mut b);
        Scalar::from(u128::from_le_bytes(b))
    }

    /// Adds the equations of `p` (its shape already checked by [`RangeProof::challenge_holds`]);
    /// returns the coefficients of the ciphertext's `a` and `b`, for the caller to add with
    /// [`Batch::push`] (a question's sum proof adds them to each of its choices' ciphertexts).
    pub fn add_range(&mut self, p: &RangeProof, values: &[u64]) -> (Scalar, Scalar) {
        let (mut ca, mut cb) = (Scalar::ZERO, Scalar::ZERO);
        for (((ab, c), s), v) in p
            .commitments
            .chunks_exact(2)
            .zip(&p.challenges)
            .zip(&p.responses)
            .zip(values)
        {
            let (z1, z2) = (self.weight(), self.weight());
            let z2c = z2 * c;
            self.g -= z1 * s + z2c * Scalar::from(*v);
            self.y -= z2 * s;
            ca += z1 * c;
            cb += z2c;
            self.scalars.push(z1);
            self.points.push(ab[0].point);
            self.scalars.push(z2);
            self.points.push(ab[1].point);
        }
        (ca, cb)
    }

    pub fn push(&mut self, scalar: Scalar, point: RistrettoPoint) {
        self.scalars.push(scalar);
        self.points.push(point);
    }

    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }

    /// True if every equation added since the last check holds (an empty batch holds); empties
    /// the batch.
    pub fn check(&mut self) -> bool {
        if self.points.is_empty() {
            return true;
        }
        let scalars = self.scalars.drain(..).chain([self.g, self.y]);
        let points = self
            .points
            .drain(..)
            .chain([RISTRETTO_BASEPOINT_POINT, self.key]);
        let sum = RistrettoPoint::vartime_multiscalar_mul(scalars, points);
        self.g = Scalar::ZERO;
        self.y = Scalar::ZERO;
        sum.is_identity()
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
