//! What the server checks before it keeps a document or a ballot: pure functions over the
//! board's documents (no IO). Anything the server can check from public data it checks, so a
//! false dealing, a manifest whose key is not the trustees', a tally that is not the sum of the
//! board's ballots or a share with a false proof is refused with the reason; the verifier
//! (`asamblea verify-election`) checks the final record again without trusting the server.

use std::collections::{HashMap, HashSet};

use asamblea_ballot_crypto::ballot::{Ballot, Manifest, verify_ballot};
use asamblea_ballot_crypto::board::{Check, Document, Draft, PostedDealing, TallyFile, TrusteeKey};
use asamblea_ballot_crypto::dkg::{joint_key, verify_dealing};
use asamblea_ballot_crypto::record::{Ceremony, Credential, ElectionRecord, verify_record};
use asamblea_ballot_crypto::tally::{DecryptionShare, sum_ballots, verify_decryption_share};
use ed25519_dalek::VerifyingKey;
use serde::de::DeserializeOwned;

/// The board's documents by name (bodies as kept), and the tracking codes of its ballots.
pub struct Known {
    pub documents: HashMap<String, String>,
    pub tracking_codes: HashSet<String>,
}

fn parse<T: DeserializeOwned>(what: &str, body: &str) -> Result<T, String> {
    serde_json::from_str(body).map_err(|e| format!("{what} is not readable: {e}"))
}

impl Known {
    fn need<T: DeserializeOwned>(&self, name: &str) -> Result<T, String> {
        let body = self
            .documents
            .get(name)
            .ok_or_else(|| format!("{name} is not on the board yet"))?;
        parse(name, body)
    }
}

/// Checks `body` as the document `doc` of the board `known`.
pub fn check_document(doc: Document, body: &str, known: &Known) -> Result<(), String> {
    let draft: Draft = known.need("election")?;
    let id = &draft.election_id;
    let same = |what: &str, i: u32, j: u32| {
        if i == j {
            Ok(())
        } else {
            Err(format!("{what} names trustee {j}, not {i}"))
        }
    };
    match doc {
        Document::Election => Err("the draft is published when the board is opened".into()),
        Document::TrusteeKey(i) => {
            let k: TrusteeKey = parse("the ceremony key", body)?;
            same("the ceremony key", i, k.trustee)
        }
        Document::Dealing(i) => {
            let p: PostedDealing = parse("the dealing", body)?;
            same("the dealing", i, p.dealing.trustee)?;
            verify_dealing(id, draft.trustees, &p.dealing).map_err(|e| e.to_string())?;
            if p.shares.len() != draft.trustees.n as usize
                || p.shares.iter().any(|s| s.from != i)
                || (1..=draft.trustees.n).any(|j| !p.shares.iter().any(|s| s.to == j))
            {
                return Err(format!(
                    "a dealing carries one share from trustee {i} to each of the {} trustees",
                    draft.trustees.n
                ));
            }
            Ok(())
        }
        Document::Check(i) => {
            let c: Check = parse("the check", body)?;
            same("the check", i, c.trustee)
        }
        Document::Ceremony => {
            let c: Ceremony = parse("the ceremony", body)?;
            if c.dealings.len() < draft.trustees.t as usize {
                return Err(format!(
                    "{} qualified trustees where {} are needed",
                    c.dealings.len(),
                    draft.trustees.t
                ));
            }
            for d in &c.dealings {
                let posted: PostedDealing = known.need(&format!("dealing-{}", d.trustee))?;
                if posted.dealing != *d {
                    return Err(format!(
                        "trustee {}'s dealing is not the one on the board",
                        d.trustee
                    ));
                }
            }
            Ok(())
        }
        Document::Manifest => {
            let m: Manifest = parse("the manifest", body)?;
            let c: Ceremony = known.need("ceremony")?;
            if m.election_id != draft.election_id
                || m.title != draft.title
                || m.questions != draft.questions
                || m.trustees != draft.trustees
            {
                return Err("the manifest is not the board's draft".into());
            }
            if m.public_key != joint_key(&c.dealings) {
                return Err("the manifest's key is not the sum of the qualified trustees' commitments".into());
            }
            m.check().map_err(|e| e.to_string())
        }
        Document::Credentials => {
            let list: Vec<Credential> = parse("the credentials", body)?;
            let mut seen = HashSet::new();
            for c in &list {
                if VerifyingKey::from_bytes(&c.0).is_err() {
                    return Err(format!("{} is not a public key", hex::encode(c.0)));
                }
                if !seen.insert(c.0) {
                    return Err(format!("{} is listed twice", hex::encode(c.0)));
                }
            }
            Ok(())
        }
        Document::Tally => {
            let t: TallyFile = parse("the tally", body)?;
            let m: Manifest = known.need("manifest")?;
            let mut seen = HashSet::new();
            for b in &t.ballots {
                let code = b.tracking_code();
                if !known.tracking_codes.contains(&code) {
                    return Err(format!("ballot {code} is not on the board"));
                }
                if !seen.insert(code.clone()) {
                    return Err(format!("ballot {code} is counted twice"));
                }
            }
            if seen.len() != known.tracking_codes.len() {
                return Err(format!(
                    "the tally counts {} of the board's {} ballots",
                    seen.len(),
                    known.tracking_codes.len()
                ));
            }
            if sum_ballots(&m, &t.ballots) != t.tally {
                return Err("the tally is not the sum of its ballots".into());
            }
            Ok(())
        }
        Document::Share(i) => {
            let s: DecryptionShare = parse("the decryption share", body)?;
            same("the decryption share", i, s.trustee)?;
            let m: Manifest = known.need("manifest")?;
            let c: Ceremony = known.need("ceremony")?;
            let t: TallyFile = known.need("tally")?;
            verify_decryption_share(&m.fingerprint(), &c.dealings, &t.tally, &s)
                .map_err(|e| e.to_string())
        }
        Document::Record => {
            let r: ElectionRecord = parse("the record", body)?;
            let m: Manifest = known.need("manifest")?;
            let t: TallyFile = known.need("tally")?;
            if r.manifest != m || r.tally != t.tally {
                return Err("the record's manifest or tally is not the board's".into());
            }
            let report = verify_record(&r, 1);
            if report.ok() {
                Ok(())
            } else {
                Err(format!("the record does not verify: {}", report.errors.join("; ")))
            }
        }
    }
}

/// Checks a ballot against the board: the box is open (a manifest, credentials, no tally yet),
/// its credential was issued, and its signature and proofs hold.
pub fn check_ballot(b: &Ballot, known: &Known) -> Result<(), String> {
    let m: Manifest = known.need("manifest")?;
    let creds: Vec<Credential> = known.need("credentials")?;
    if known.documents.contains_key("tally") {
        return Err("the ballot box is closed: the tally is on the board".into());
    }
    if !creds.iter().any(|c| c.0 == b.credential) {
        return Err("its credential was not issued for this election".into());
    }
    verify_ballot(&m, &m.fingerprint(), b).map_err(|e| e.to_string())
}
