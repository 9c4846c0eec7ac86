//! The tally: the homomorphic sum of the ballots, each trustee's decryption share with its
//! proof, and the result recovered from any `t` valid shares.

use crate::Error;
use crate::ballot::{Ballot, Manifest};
use crate::codec::{self, Transcript};
use crate::dkg::{Dealing, lagrange_at_zero, verification_key};
use crate::elgamal::Ciphertext;
use crate::proofs::DleqProof;
use curve25519_dalek::constants::RISTRETTO_BASEPOINT_POINT;
use curve25519_dalek::ristretto::RistrettoPoint;
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::{Identity, VartimeMultiscalarMul};
use rand_core::CryptoRngCore;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Per question, per choice: the sum of the ballots' ciphertexts.
pub type EncryptedTally = Vec<Vec<Ciphertext>>;

pub fn empty_tally(m: &Manifest) -> EncryptedTally {
    m.questions
        .iter()
        .map(|q| vec![Ciphertext::zero(); q.choices.len()])
        .collect()
}

/// Adds one (already verified) ballot into the tally.
pub fn add_ballot(tally: &mut EncryptedTally, b: &Ballot) {
    for (row, a) in tally.iter_mut().zip(&b.answers) {
        for (acc, ct) in row.iter_mut().zip(&a.choices) {
            *acc += *ct;
        }
    }
}

pub fn sum_ballots<'a>(
    m: &Manifest,
    ballots: impl IntoIterator<Item = &'a Ballot>,
) -> EncryptedTally {
    let mut t = empty_tally(m);
    for b in ballots {
        add_ballot(&mut t, b);
    }
    t
}

/// One decryption factor `D = x_j·A` with its proof that `log_G X_j = log_A D`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Factor {
    #[serde(with = "codec::point")]
    pub factor: RistrettoPoint,
    pub proof: DleqProof,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecryptionShare {
    pub trustee: u32,
    /// Per question, per choice.
    pub factors: Vec<Vec<Factor>>,
}

fn share_transcript(election: &[u8; 32], trustee: u32, q: usize, c: usize) -> Transcript {
    let mut t = Transcript::new("asamblea/tally/share/v1");
    t.bytes(election)
        .u64(u64::from(trustee))
        .u64(q as u64)
        .u64(c as u64);
    t
}

/// Trustee `trustee`'s share of the decryption of `tally`, made with its key `secret`.
pub fn decryption_share<R: CryptoRngCore + ?Sized>(
    election: &[u8; 32],
    trustee: u32,
    secret: &Scalar,
    tally: &EncryptedTally,
    rng: &mut R,
) -> DecryptionShare {
    let factors = tally
        .iter()
        .enumerate()
        .map(|(qi, row)| {
            row.iter()
                .enumerate()
                .map(|(ci, ct)| {
                    let (factor, proof) = DleqProof::prove(
                        share_transcript(election, trustee, qi, ci),
                        secret,
                        &ct.a,
                        rng,
                    );
                    Factor { factor, proof }
                })
                .collect()
        })
        .collect();
    DecryptionShare { trustee, factors }
}

/// Checks a share against the trustee's verification key (from the ceremony's dealings).
pub fn verify_decryption_share(
    election: &[u8; 32],
    dealings: &[Dealing],
    tally: &EncryptedTally,
    s: &DecryptionShare,
) -> Result<(), Error> {
    let bad = |why: String| Error::Share {
        trustee: s.trustee,
        why,
    };
    if !dealings.iter().any(|d| d.trustee == s.trustee) {
        return Err(bad("not a trustee of this election's ceremony".into()));
    }
    let xj = verification_key(dealings, s.trustee);
    if s.factors.len() != tally.len() {
        return Err(bad("not one factor per question".into()));
    }
    for (qi, (row, fs)) in tally.iter().zip(&s.factors).enumerate() {
        if row.len() != fs.len() {
            return Err(bad(format!("question {qi}: not one factor per choice")));
        }
        for (ci, (ct, f)) in row.iter().zip(fs).enumerate() {
            if !f.proof.verify(
                share_transcript(election, s.trustee, qi, ci),
                &xj,
                &ct.a,
                &f.factor,
            ) {
                return Err(bad(format!(
                    "question {qi}, choice {ci}: false proof of its decryption factor"
                )));
            }
        }
    }
    Ok(())
}

/// The result from `shares` (at least `t` valid ones, from distinct trustees): per question, per
/// choice, the count, each at most `max` (the number of ballots).
pub fn combine(
    tally: &EncryptedTally,
    shares: &[&DecryptionShare],
    t: u32,
    max: u64,
) -> Result<Vec<Vec<u64>>, Error> {
    let mut indices: Vec<u32> = shares.iter().map(|s| s.trustee).collect();
    indices.sort_unstable();
    indices.dedup();
    if indices.len() != shares.len() {
        return Err(Error::Combine("two shares from one trustee".into()));
    }
    if shares.len() < t as usize {
        return Err(Error::Combine(format!(
            "{} valid shares where {t} are needed",
            shares.len()
        )));
    }
    let idx: Vec<u32> = shares.iter().map(|s| s.trustee).collect();
    let lambdas = lagrange_at_zero(&idx);
    let dlog = DiscreteLog::new(max);
    let mut out = Vec::with_capacity(tally.len());
    for (qi, row) in tally.iter().enumerate() {
        let mut counts = Vec::with_capacity(row.len());
        for (ci, ct) in row.iter().enumerate() {
            let mut points = Vec::with_capacity(shares.len());
            for s in shares {
                let f = s
                    .factors
                    .get(qi)
                    .and_then(|r| r.get(ci))
                    .ok_or_else(|| Error::Combine("a share lacks a factor".into()))?;
                points.push(f.factor);
            }
            let xa = RistrettoPoint::vartime_multiscalar_mul(&lambdas, &points);
            let mg = ct.b - xa;
            counts.push(dlog.solve(&mg).ok_or_else(|| {
                Error::Combine(format!(
                    "question {qi}, choice {ci}: no count up to {max} decrypts"
                ))
            })?);
        }
        out.push(counts);
    }
    Ok(out)
}

/// Baby-step giant-step for `m·G` with `0 ≤ m ≤ max` (counts are at most the number of ballots).
pub struct DiscreteLog {
    step: u64,
    max: u64,
    baby: HashMap<[u8; 32], u64>,
    giant: RistrettoPoint,
}

impl DiscreteLog {
    pub fn new(max: u64) -> Self {
        let step = (max as f64).sqrt() as u64 + 1;
        let g = RISTRETTO_BASEPOINT_POINT;
        let mut baby = HashMap::with_capacity(step as usize);
        let mut p = RistrettoPoint::identity();
        for j in 0..step {
            baby.insert(p.compress().to_bytes(), j);
            p += g;
        }
        DiscreteLog {
            step,
            max,
            baby,
            giant: p,
        }
    }

    pub fn solve(&self, target: &RistrettoPoint) -> Option<u64> {
        let mut p = *target;
        for i in 0..=self.step {
            if let Some(j) = self.baby.get(&p.compress().to_bytes()) {
                let m = i * self.step + j;
                return (m <= self.max).then_some(m);
            }
            p -= self.giant;
        }
        None
    }
}
