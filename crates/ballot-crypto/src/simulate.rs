//! A whole election run in one process (trustees, credential authority, voters, board): the
//! test vectors, the benchmarks and `asamblea verify-election --example` are made with it. A real
//! election runs the same steps on separate machines.

use crate::Error;
use crate::ballot::{Manifest, Question, Selections, encrypt_ballot};
use crate::dkg::{Dealer, Threshold, combine_shares, joint_key, verify_share};
use crate::record::{Ceremony, Credential, ElectionRecord, FORMAT};
use crate::tally::{combine, decryption_share, sum_ballots};
use curve25519_dalek::scalar::Scalar;
use ed25519_dalek::SigningKey;
use rand_core::CryptoRngCore;

pub struct Simulated {
    pub record: ElectionRecord,
    /// Each trustee's key share `x_j` (index j-1).
    pub trustee_keys: Vec<Scalar>,
    pub credentials: Vec<SigningKey>,
}

/// Runs the ceremony among `th.n` trustees, issues `voters` credentials, casts `votes` (one per
/// credential, in order), sums and decrypts with the trustees `deciders`.
pub fn run<R: CryptoRngCore + ?Sized>(
    election_id: &str,
    questions: Vec<Question>,
    th: Threshold,
    voters: usize,
    votes: &[Selections],
    deciders: &[u32],
    rng: &mut R,
) -> Result<Simulated, Error> {
    let dealers = (1..=th.n)
        .map(|i| Dealer::new(th, i, rng))
        .collect::<Result<Vec<_>, _>>()?;
    let dealings: Vec<_> = dealers
        .iter()
        .map(|d| d.dealing(election_id, rng))
        .collect();
    let mut trustee_keys = Vec::new();
    for j in 1..=th.n {
        let mut received = Vec::new();
        for (d, pubd) in dealers.iter().zip(&dealings) {
            let s = d.share_for(j);
            if !verify_share(pubd, j, &s) {
                return Err(Error::Dealing {
                    trustee: pubd.trustee,
                    why: format!("its share for trustee {j} does not match its commitments"),
                });
            }
            received.push(s);
        }
        trustee_keys.push(combine_shares(&received));
    }
    let manifest = Manifest {
        election_id: election_id.into(),
        title: format!("Election {election_id}"),
        questions,
        trustees: th,
        public_key: joint_key(&dealings),
    };
    manifest.check()?;
    let credentials: Vec<SigningKey> = (0..voters).map(|_| SigningKey::generate(rng)).collect();
    let mut ballots = Vec::with_capacity(votes.len());
    for (sel, cred) in votes.iter().zip(&credentials) {
        ballots.push(encrypt_ballot(&manifest, cred, sel, rng)?.0);
    }
    let tally = sum_ballots(&manifest, &ballots);
    let election = manifest.fingerprint();
    let shares: Vec<_> = deciders
        .iter()
        .map(|&j| {
            let x = trustee_keys
                .get(j as usize - 1)
                .copied()
                .unwrap_or(Scalar::ZERO);
            decryption_share(&election, j, &x, &tally, rng)
        })
        .collect();
    let refs: Vec<_> = shares.iter().collect();
    let result = combine(&tally, &refs, th.t, ballots.len() as u64)?;
    Ok(Simulated {
        record: ElectionRecord {
            format: FORMAT.into(),
            manifest,
            ceremony: Ceremony {
                id: None,
                dealings,
                excluded: Vec::new(),
            },
            credentials: credentials
                .iter()
                .map(|c| Credential(c.verifying_key().to_bytes()))
                .collect(),
            ballots,
            tally,
            shares,
            rejected_shares: Vec::new(),
            result,
        },
        trustee_keys,
        credentials,
    })
}
