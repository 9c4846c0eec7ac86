//! The election's manifest and the encrypted ballot: one ciphertext per choice, each with a proof
//! that it encrypts 0 or 1, and per question a proof that the sum respects the method's limits.
//! Every proof is bound to the election's fingerprint, the question, the choice and the voter's
//! credential; the ballot is signed with the credential (ed25519), so a ballot can be replayed
//! neither in another election nor under another credential.

use crate::Error;
use crate::codec::{self, Framed, Transcript};
use crate::dkg::Threshold;
use crate::elgamal::Ciphertext;
use crate::proofs::{Batch, CtBytes, RangeProof, VerifyingContext};
use curve25519_dalek::ristretto::RistrettoPoint;
use curve25519_dalek::scalar::Scalar;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use rand_core::CryptoRngCore;
use serde::{Deserialize, Serialize};

/// The methods the homomorphic path counts. Ranked ballots (STV) are not among them: they would
/// need a mix-net; they stay on the plaintext path.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Method {
    /// At most one choice (none is a blank ballot).
    ChooseOne,
    /// Any number of choices from 0 to `max`.
    Approval { max: u32 },
    /// Exactly one of the three choices yes, no, abstain.
    YesNoAbstain,
}

impl Method {
    /// The values the sum of a question's choices may take.
    pub fn allowed_sums(&self, choices: usize) -> Vec<u64> {
        match self {
            Method::ChooseOne => vec![0, 1],
            Method::Approval { max } => (0..=u64::from(*max).min(choices as u64)).collect(),
            Method::YesNoAbstain => vec![1],
        }
    }
    fn tag(&self) -> (u64, u64) {
        match self {
            Method::ChooseOne => (1, 0),
            Method::Approval { max } => (2, u64::from(*max)),
            Method::YesNoAbstain => (3, 0),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub title: String,
    pub choices: Vec<String>,
    pub method: Method,
}

/// What every ballot and proof refers to. Its fingerprint ([`Manifest::fingerprint`]) is bound
/// into every proof and signature.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub election_id: String,
    pub title: String,
    pub questions: Vec<Question>,
    pub trustees: Threshold,
    #[serde(with = "codec::point")]
    pub public_key: RistrettoPoint,
}

impl Manifest {
    pub fn check(&self) -> Result<(), Error> {
        self.trustees.check()?;
        if self.questions.is_empty() {
            return Err(Error::Manifest("no question".into()));
        }
        for (i, q) in self.questions.iter().enumerate() {
            let ok = match q.method {
                Method::ChooseOne => q.choices.len() >= 2,
                Method::Approval { max } => !q.choices.is_empty() && max >= 1,
                Method::YesNoAbstain => q.choices.len() == 3,
            };
            if !ok {
                return Err(Error::Manifest(format!(
                    "question {i}: its choices do not fit its method"
                )));
            }
        }
        Ok(())
    }

    /// SHA-256 of the framed manifest (docs/election-record.md, "Fingerprint").
    pub fn fingerprint(&self) -> [u8; 32] {
        let mut f = Framed::new("asamblea/election/v1");
        f.bytes(self.election_id.as_bytes())
            .bytes(self.title.as_bytes())
            .u64(u64::from(self.trustees.n))
            .u64(u64::from(self.trustees.t))
            .point(&self.public_key)
            .u64(self.questions.len() as u64);
        for q in &self.questions {
            let (tag, param) = q.method.tag();
            f.bytes(q.title.as_bytes())
                .u64(tag)
                .u64(param)
                .u64(q.choices.len() as u64);
            for c in &q.choices {
                f.bytes(c.as_bytes());
            }
        }
        f.sha256()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    pub choices: Vec<Ciphertext>,
    pub choice_proofs: Vec<RangeProof>,
    pub sum_proof: RangeProof,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ballot {
    #[serde(with = "codec::bytes32")]
    pub election: [u8; 32],
    /// The public part of the voter's credential (an ed25519 public key).
    #[serde(with = "codec::bytes32")]
    pub credential: [u8; 32],
    pub answers: Vec<Answer>,
    #[serde(with = "codec::bytes64")]
    pub signature: [u8; 64],
}

fn choice_transcript(election: &[u8; 32], credential: &[u8; 32], q: usize, c: usize) -> Transcript {
    let mut t = Transcript::new("asamblea/ballot/choice/v1");
    t.bytes(election)
        .bytes(credential)
        .u64(q as u64)
        .u64(c as u64);
    t
}

fn sum_transcript(election: &[u8; 32], credential: &[u8; 32], q: usize) -> Transcript {
    let mut t = Transcript::new("asamblea/ballot/sum/v1");
    t.bytes(election).bytes(credential).u64(q as u64);
    t
}

impl Ballot {
    /// The bytes the credential signs (everything but the signature).
    pub fn signed_bytes(&self) -> Vec<u8> {
        let cts: Vec<Vec<CtBytes>> = self
            .answers
            .iter()
            .map(|a| a.choices.iter().map(CtBytes::of).collect())
            .collect();
        self.signed_bytes_with(&cts)
    }

    /// [`Ballot::signed_bytes`] with the ciphertexts already encoded (per answer, per choice).
    fn signed_bytes_with(&self, cts: &[Vec<CtBytes>]) -> Vec<u8> {
        let mut f = Framed::new("asamblea/ballot/v1");
        f.bytes(&self.election)
            .bytes(&self.credential)
            .u64(self.answers.len() as u64);
        for (a, enc) in self.answers.iter().zip(cts) {
            f.u64(a.choices.len() as u64);
            for ct in enc {
                f.bytes(&ct.a).bytes(&ct.b);
            }
            for p in a.choice_proofs.iter().chain(std::iter::once(&a.sum_proof)) {
                f.u64(p.challenges.len() as u64);
                for (c, s) in p.challenges.iter().zip(&p.responses) {
                    f.scalar(c).scalar(s);
                }
            }
        }
        f.0
    }

    /// The tracking code: SHA-256 of the signed bytes followed by the signature, in hex. The
    /// voter sees it on casting and finds it on the board.
    pub fn tracking_code(&self) -> String {
        let mut f = Framed(self.signed_bytes());
        f.bytes(&self.signature);
        hex::encode(f.sha256())
    }

    /// The homomorphic sum of a question's choices.
    pub fn sum_of(answer: &Answer) -> Ciphertext {
        answer
            .choices
            .iter()
            .fold(Ciphertext::zero(), |acc, c| acc + *c)
    }
}

/// What the voter marks: per question, 0 or 1 per choice.
pub type Selections = Vec<Vec<u64>>;
/// The randomness of each ciphertext, revealed only for a challenged (Benaloh) ballot.
pub type Randomness = Vec<Vec<Scalar>>;

/// Checks a voter's selections against the manifest's methods.
pub fn check_selections(m: &Manifest, sel: &Selections) -> Result<(), Error> {
    if sel.len() != m.questions.len() {
        return Err(Error::Selection("one answer per question".into()));
    }
    for (i, (q, s)) in m.questions.iter().zip(sel).enumerate() {
        if s.len() != q.choices.len() || s.iter().any(|v| *v > 1) {
            return Err(Error::Selection(format!(
                "question {i}: one 0 or 1 per choice"
            )));
        }
        let sum: u64 = s.iter().sum();
        if !q.method.allowed_sums(q.choices.len()).contains(&sum) {
            return Err(Error::Selection(format!(
                "question {i}: {sum} choices marked, which its method does not allow"
            )));
        }
    }
    Ok(())
}

/// Encrypts and proves a ballot, signed with the voter's credential. Returns the randomness too,
/// for a Benaloh challenge (a challenged ballot is spoiled, never cast).
pub fn encrypt_ballot<R: CryptoRngCore + ?Sized>(
    m: &Manifest,
    credential: &SigningKey,
    sel: &Selections,
    rng: &mut R,
) -> Result<(Ballot, Randomness), Error> {
    check_selections(m, sel)?;
    let election = m.fingerprint();
    let cred = credential.verifying_key().to_bytes();
    let y = m.public_key;
    let mut answers = Vec::with_capacity(sel.len());
    let mut randomness = Vec::with_capacity(sel.len());
    for (qi, (q, s)) in m.questions.iter().zip(sel).enumerate() {
        let rs: Vec<Scalar> = s.iter().map(|_| Scalar::random(rng)).collect();
        let cts: Vec<Ciphertext> = s
            .iter()
            .zip(&rs)
            .map(|(v, r)| Ciphertext::encrypt(&y, *v, r))
            .collect();
        let mut choice_proofs = Vec::with_capacity(s.len());
        for (ci, ((v, r), ct)) in s.iter().zip(&rs).zip(&cts).enumerate() {
            let p = RangeProof::prove(
                choice_transcript(&election, &cred, qi, ci),
                &y,
                ct,
                *v,
                r,
                &[0, 1],
                rng,
            )
            .ok_or_else(|| Error::Selection("a choice is neither 0 nor 1".into()))?;
            choice_proofs.push(p);
        }
        let sum_ct = cts.iter().fold(Ciphertext::zero(), |acc, c| acc + *c);
        let sum_r: Scalar = rs.iter().sum();
        let sum_v: u64 = s.iter().sum();
        let sum_proof = RangeProof::prove(
            sum_transcript(&election, &cred, qi),
            &y,
            &sum_ct,
            sum_v,
            &sum_r,
            &q.method.allowed_sums(q.choices.len()),
            rng,
        )
        .ok_or_else(|| Error::Selection("the sum breaks the method's limits".into()))?;
        answers.push(Answer {
            choices: cts,
            choice_proofs,
            sum_proof,
        });
        randomness.push(rs);
    }
    let mut ballot = Ballot {
        election,
        credential: cred,
        answers,
        signature: [0; 64],
    };
    ballot.signature = credential.sign(&ballot.signed_bytes()).to_bytes();
    Ok((ballot, randomness))
}

/// Checks a ballot against the manifest (whose fingerprint is `election`): shape, signature by
/// its credential, every 0/1 proof and every limit proof. Eligibility (is the credential on the
/// list, used once) is the board's check, not this one's.
pub fn verify_ballot(m: &Manifest, election: &[u8; 32], b: &Ballot) -> Result<(), Error> {
    verify_ballot_with(m, election, &VerifyingContext::new(m.public_key), b)
}

fn false_choice(qi: usize, ci: usize) -> Error {
    Error::Ballot(format!(
        "question {qi}, choice {ci}: false proof that it is 0 or 1"
    ))
}

fn false_sum(qi: usize) -> Error {
    Error::Ballot(format!(
        "question {qi}: false proof that it respects the method's limits"
    ))
}

/// Everything but the proofs' equations: the ballot's shape, its signature and each proof's
/// challenge. Returns each question's sum of ciphertexts.
fn check_but_equations(
    m: &Manifest,
    election: &[u8; 32],
    b: &Ballot,
) -> Result<Vec<Ciphertext>, Error> {
    if &b.election != election {
        return Err(Error::Ballot("made for another election".into()));
    }
    if b.answers.len() != m.questions.len() {
        return Err(Error::Ballot("not one answer per question".into()));
    }
    for (qi, (q, a)) in m.questions.iter().zip(&b.answers).enumerate() {
        if a.choices.len() != q.choices.len() || a.choice_proofs.len() != q.choices.len() {
            return Err(Error::Ballot(format!(
                "question {qi}: not one ciphertext and proof per choice"
            )));
        }
    }
    let credential = VerifyingKey::from_bytes(&b.credential)
        .map_err(|_| Error::Ballot("its credential is not a public key".into()))?;
    let cts: Vec<Vec<CtBytes>> = b
        .answers
        .iter()
        .map(|a| a.choices.iter().map(CtBytes::of).collect())
        .collect();
    credential
        .verify_strict(
            &b.signed_bytes_with(&cts),
            &Signature::from_bytes(&b.signature),
        )
        .map_err(|_| Error::Ballot("its signature does not match its credential".into()))?;
    let mut sums = Vec::with_capacity(b.answers.len());
    for (qi, ((q, a), enc)) in m.questions.iter().zip(&b.answers).zip(&cts).enumerate() {
        for (ci, (p, ct)) in a.choice_proofs.iter().zip(enc).enumerate() {
            if !p.challenge_holds(
                choice_transcript(election, &b.credential, qi, ci),
                ct,
                &[0, 1],
            ) {
                return Err(false_choice(qi, ci));
            }
        }
        let sum = Ballot::sum_of(a);
        if !a.sum_proof.challenge_holds(
            sum_transcript(election, &b.credential, qi),
            &CtBytes::of(&sum),
            &q.method.allowed_sums(q.choices.len()),
        ) {
            return Err(false_sum(qi));
        }
        sums.push(sum);
    }
    Ok(sums)
}

/// [`verify_ballot`] with the key's tables made once for many ballots. Checks each proof's
/// equations one by one; [`add_to_batch`] checks many ballots' together.
pub fn verify_ballot_with(
    m: &Manifest,
    election: &[u8; 32],
    key: &VerifyingContext,
    b: &Ballot,
) -> Result<(), Error> {
    let sums = check_but_equations(m, election, b)?;
    for (qi, ((q, a), sum)) in m.questions.iter().zip(&b.answers).zip(&sums).enumerate() {
        for (ci, (ct, p)) in a.choices.iter().zip(&a.choice_proofs).enumerate() {
            if !p.equations_hold(key, ct, &[0, 1]) {
                return Err(false_choice(qi, ci));
            }
        }
        if !a
            .sum_proof
            .equations_hold(key, sum, &q.method.allowed_sums(q.choices.len()))
        {
            return Err(false_sum(qi));
        }
    }
    Ok(())
}

/// Checks a ballot's shape, signature and proofs' challenges now (an error names what is
/// wrong, and nothing is added), and adds its proofs' equations to `batch` (checked later, with
/// other ballots', by [`Batch::check`]). A question's sum proof is about the sum of its choices'
/// ciphertexts: its coefficients go onto each choice's ciphertext, so no sum enters the batch.
pub fn add_to_batch(
    m: &Manifest,
    election: &[u8; 32],
    b: &Ballot,
    batch: &mut Batch,
) -> Result<(), Error> {
    check_but_equations(m, election, b)?;
    for (q, a) in m.questions.iter().zip(&b.answers) {
        let coefficients: Vec<(Scalar, Scalar)> = a
            .choice_proofs
            .iter()
            .map(|p| batch.add_range(p, &[0, 1]))
            .collect();
        let (sa, sb) = batch.add_range(&a.sum_proof, &q.method.allowed_sums(q.choices.len()));
        for ((ca, cb), ct) in coefficients.iter().zip(&a.choices) {
            batch.push(*ca + sa, ct.a);
            batch.push(*cb + sb, ct.b);
        }
    }
    Ok(())
}

/// Opens a challenged (Benaloh) ballot with its revealed randomness: the selections it encrypts,
/// or an error if the randomness does not open it (the device cheated).
pub fn audit_ballot(
    m: &Manifest,
    b: &Ballot,
    randomness: &Randomness,
) -> Result<Selections, Error> {
    let y = m.public_key;
    if randomness.len() != b.answers.len() {
        return Err(Error::Audit);
    }
    let mut out = Vec::with_capacity(b.answers.len());
    for (a, rs) in b.answers.iter().zip(randomness) {
        if rs.len() != a.choices.len() {
            return Err(Error::Audit);
        }
        let mut sel = Vec::with_capacity(rs.len());
        for (ct, r) in a.choices.iter().zip(rs) {
            let v = [0u64, 1]
                .into_iter()
                .find(|v| Ciphertext::encrypt(&y, *v, r) == *ct)
                .ok_or(Error::Audit)?;
            sel.push(v);
        }
        out.push(sel);
    }
    Ok(out)
}
