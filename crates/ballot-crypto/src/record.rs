//! The published election record and its verifier (docs/election-record.md). Everything a second
//! verifier needs is in the record: the manifest, the ceremony's dealings, the credentials' public
//! parts, the board's ballots, the encrypted tally, the trustees' shares and the result.

use crate::ballot::{Ballot, Manifest, add_to_batch, verify_ballot_with};
use crate::codec;
use crate::dkg::{Dealing, joint_key, verify_dealing};
use crate::proofs::{Batch, VerifyingContext};
use crate::tally::{
    DecryptionShare, EncryptedTally, combine, sum_ballots, verify_decryption_share,
};
use ed25519_dalek::VerifyingKey;
use rand_core::OsRng;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

pub const FORMAT: &str = "asamblea-election-record/2";

/// A trustee left out, and why (named on the record; the election goes on while `t` remain).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exclusion {
    pub trustee: u32,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ceremony {
    /// The election id the dealings' proofs are bound to, when the key was made once for many
    /// elections (an assembly's key ceremony, whose copy each secret vote's record carries);
    /// absent, the manifest's `election_id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The dealings of the qualified trustees; the joint key is the sum of their first commitments.
    pub dealings: Vec<Dealing>,
    /// Trustees whose dealing was refused (false proof, a complaint upheld, absent).
    #[serde(default)]
    pub excluded: Vec<Exclusion>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credential(#[serde(with = "codec::bytes32")] pub [u8; 32]);

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ElectionRecord {
    pub format: String,
    pub manifest: Manifest,
    pub ceremony: Ceremony,
    /// Public parts of the credentials the credential authority issued (no names).
    pub credentials: Vec<Credential>,
    /// The board: the last ballot of each credential that voted.
    pub ballots: Vec<Ballot>,
    pub tally: EncryptedTally,
    /// The shares used for the result (each with valid proofs).
    pub shares: Vec<DecryptionShare>,
    /// Shares refused (false proof, garbage), with the reason; informative.
    #[serde(default)]
    pub rejected_shares: Vec<Exclusion>,
    /// Per question, per choice: the count.
    pub result: Vec<Vec<u64>>,
}

/// What the verifier found: `errors` empty means the record is accepted.
#[derive(Debug, Default)]
pub struct Report {
    pub checked: Vec<String>,
    pub errors: Vec<String>,
}

impl Report {
    pub fn ok(&self) -> bool {
        self.errors.is_empty()
    }
}

/// Ballots whose proofs' equations go into one multiscalar multiplication: large enough for
/// Pippenger's method to pay (about 20 points per yes/no/abstain ballot), small enough that a
/// false ballot costs one-by-one checks of only this many.
pub const BATCH: usize = 256;

/// Verifies ballots on `threads` threads, each checking [`BATCH`] ballots' proofs at once with
/// random weights ([`Batch`]); a batch that fails is checked again one ballot at a time to name
/// the false ones. Returns the index and error of each invalid ballot, in order.
pub fn verify_ballots(m: &Manifest, ballots: &[Ballot], threads: usize) -> Vec<(usize, String)> {
    verify_ballots_in_batches(m, ballots, threads, BATCH)
}

/// [`verify_ballots`] with `batch` ballots to a batch (at least 1).
pub fn verify_ballots_in_batches(
    m: &Manifest,
    ballots: &[Ballot],
    threads: usize,
    batch: usize,
) -> Vec<(usize, String)> {
    let election = m.fingerprint();
    let threads = threads.max(1);
    let size = batch.max(1);
    let chunk = ballots.len().div_ceil(threads).max(1);
    let mut bad = Vec::new();
    std::thread::scope(|s| {
        let handles: Vec<_> = ballots
            .chunks(chunk)
            .enumerate()
            .map(|(k, part)| {
                let election = &election;
                s.spawn(move || verify_part(m, election, part, k * chunk, size))
            })
            .collect();
        for h in handles {
            match h.join() {
                Ok(v) => bad.extend(v),
                Err(_) => bad.push((usize::MAX, "a verifying thread stopped".into())),
            }
        }
    });
    bad.sort();
    bad
}

/// One thread's share of [`verify_ballots`]: `part` starts at index `first` of the board.
fn verify_part(
    m: &Manifest,
    election: &[u8; 32],
    part: &[Ballot],
    first: usize,
    size: usize,
) -> Vec<(usize, String)> {
    let mut batch = Batch::new(m.public_key, &mut OsRng);
    let mut key = None;
    let mut bad = Vec::new();
    for (c, ballots) in part.chunks(size).enumerate() {
        let at = first + c * size;
        let mut pending = Vec::with_capacity(ballots.len());
        for (i, b) in ballots.iter().enumerate() {
            match add_to_batch(m, election, b, &mut batch) {
                Ok(()) => pending.push(i),
                Err(e) => bad.push((at + i, e.to_string())),
            }
        }
        if batch.check() {
            continue;
        }
        // Some proof in the batch is false: find which, one ballot at a time.
        let key = key.get_or_insert_with(|| VerifyingContext::new(m.public_key));
        let before = bad.len();
        for i in pending {
            if let Some(b) = ballots.get(i)
                && let Err(e) = verify_ballot_with(m, election, key, b)
            {
                bad.push((at + i, e.to_string()));
            }
        }
        if bad.len() == before {
            bad.push((
                at,
                format!(
                    "the batch of ballots {at} to {} fails though each ballot alone holds",
                    at + ballots.len() - 1
                ),
            ));
        }
    }
    bad
}

/// Checks every proof, the sum and the shares of a record (docs/election-record.md, "Verification").
pub fn verify_record(r: &ElectionRecord, threads: usize) -> Report {
    let mut rep = Report::default();
    let m = &r.manifest;
    if r.format != FORMAT {
        rep.errors.push(format!(
            "format is {:?}, this verifier reads {FORMAT:?}",
            r.format
        ));
        return rep;
    }
    if let Err(e) = m.check() {
        rep.errors.push(format!("manifest: {e}"));
        return rep;
    }
    let election = m.fingerprint();
    rep.checked.push(format!(
        "election {} fingerprint {}",
        m.election_id,
        hex::encode(election)
    ));

    // The ceremony (its proofs bound to its own id, the election's unless it says another).
    let ceremony_id = r.ceremony.id.as_deref().unwrap_or(&m.election_id);
    let mut seen = HashSet::new();
    for d in &r.ceremony.dealings {
        if !seen.insert(d.trustee) {
            rep.errors
                .push(format!("ceremony: trustee {} dealt twice", d.trustee));
        }
        if let Err(e) = verify_dealing(ceremony_id, m.trustees, d) {
            rep.errors.push(format!("ceremony: {e}"));
        }
    }
    if r.ceremony.dealings.len() < m.trustees.t as usize {
        rep.errors.push(format!(
            "ceremony: {} qualified trustees where {} are needed to decrypt",
            r.ceremony.dealings.len(),
            m.trustees.t
        ));
    }
    if joint_key(&r.ceremony.dealings) != m.public_key {
        rep.errors.push(
            "ceremony: the election's public key is not the sum of the trustees' commitments"
                .into(),
        );
    }
    rep.checked.push(format!(
        "ceremony: {} of {} trustees qualified, {} needed to decrypt",
        r.ceremony.dealings.len(),
        m.trustees.n,
        m.trustees.t
    ));

    // Credentials and the board's eligibility.
    let mut creds = HashSet::new();
    for c in &r.credentials {
        if VerifyingKey::from_bytes(&c.0).is_err() {
            rep.errors.push(format!(
                "credentials: {} is not a public key",
                hex::encode(c.0)
            ));
        }
        if !creds.insert(c.0) {
            rep.errors
                .push(format!("credentials: {} listed twice", hex::encode(c.0)));
        }
    }
    let mut used = HashSet::new();
    for (i, b) in r.ballots.iter().enumerate() {
        if !creds.contains(&b.credential) {
            rep.errors.push(format!(
                "ballot {i} ({}): its credential was not issued",
                b.tracking_code()
            ));
        }
        if !used.insert(b.credential) {
            rep.errors.push(format!(
                "ballot {i} ({}): a second ballot of one credential",
                b.tracking_code()
            ));
        }
    }
    for (i, e) in verify_ballots(m, &r.ballots, threads) {
        let code = r
            .ballots
            .get(i)
            .map(Ballot::tracking_code)
            .unwrap_or_default();
        rep.errors.push(format!("ballot {i} ({code}): {e}"));
    }
    rep.checked.push(format!(
        "{} ballots from {} credentials",
        r.ballots.len(),
        r.credentials.len()
    ));

    // The sum.
    if sum_ballots(m, &r.ballots) != r.tally {
        rep.errors.push("tally: not the sum of the ballots".into());
    } else {
        rep.checked.push("tally: the sum of the ballots".into());
    }

    // The shares and the result.
    let mut share_ids = HashSet::new();
    let mut valid = Vec::new();
    for s in &r.shares {
        if !share_ids.insert(s.trustee) {
            rep.errors
                .push(format!("shares: trustee {} shared twice", s.trustee));
            continue;
        }
        match verify_decryption_share(&election, &r.ceremony.dealings, &r.tally, s) {
            Ok(()) => valid.push(s),
            Err(e) => rep.errors.push(format!("shares: {e}")),
        }
    }
    if !rep.ok() {
        return rep;
    }
    match combine(&r.tally, &valid, m.trustees.t, r.ballots.len() as u64) {
        Ok(result) if result == r.result => rep.checked.push(format!(
            "result: decrypted from the shares of trustees {:?}",
            valid.iter().map(|s| s.trustee).collect::<Vec<_>>()
        )),
        Ok(result) => rep.errors.push(format!(
            "result: the shares decrypt {result:?}, the record says {:?}",
            r.result
        )),
        Err(e) => rep.errors.push(format!("result: {e}")),
    }
    rep
}
