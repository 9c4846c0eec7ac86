//! What the server checks before it keeps a document or a ballot: pure functions over the
//! board's documents (no IO). Anything the server can check from public data it checks, so a
//! false dealing, a manifest whose key is not the trustees', a tally that is not the sum of the
//! board's ballots or a share with a false proof is refused with the reason; the verifier
//! (`asamblea verify-election`) checks the final record again without trusting the server.

use std::collections::{HashMap, HashSet};

use asamblea_ballot_crypto::ballot::{Ballot, Manifest, verify_ballot};
use asamblea_ballot_crypto::board::{Check, Document, Draft, PostedDealing, TallyFile, TrusteeKey};
use asamblea_ballot_crypto::dkg::{joint_key, verify_dealing};
use asamblea_ballot_crypto::record::{
    Ceremony, Credential, ElectionRecord, verify_ballots, verify_record,
};
use asamblea_ballot_crypto::tally::{DecryptionShare, sum_ballots, verify_decryption_share};
use ed25519_dalek::VerifyingKey;
use serde::de::DeserializeOwned;

/// The threads that verify ballots: the machine's cores.
fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

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
                return Err(
                    "the manifest's key is not the sum of the qualified trustees' commitments"
                        .into(),
                );
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
            // Each ballot was checked when cast; the tally checks them all again, in batches
            // on every core, so a board never counts a ballot whose proofs do not hold.
            if let Some((i, e)) = verify_ballots(&m, &t.ballots, cores()).first() {
                let code = t.ballots.get(*i).map(Ballot::tracking_code);
                return Err(format!("ballot {}: {e}", code.unwrap_or_default()));
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
            let report = verify_record(&r, cores());
            if report.ok() {
                Ok(())
            } else {
                Err(format!(
                    "the record does not verify: {}",
                    report.errors.join("; ")
                ))
            }
        }
    }
}

/// Why a ballot is refused once the tally is on the board.
pub const CLOSED: &str = "the ballot box is closed: the tally is on the board";

/// Checks a ballot against the board: the box is open (a manifest, credentials, no tally yet),
/// its credential was issued, and its signature and proofs hold.
pub fn check_ballot(b: &Ballot, known: &Known) -> Result<(), String> {
    let m: Manifest = known.need("manifest")?;
    let creds: Vec<Credential> = known.need("credentials")?;
    if known.documents.contains_key("tally") {
        return Err(CLOSED.into());
    }
    if !creds.iter().any(|c| c.0 == b.credential) {
        return Err("its credential was not issued for this election".into());
    }
    verify_ballot(&m, &m.fingerprint(), b).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use asamblea_ballot_crypto::ballot::{Method, Question};
    use asamblea_ballot_crypto::dkg::Threshold;
    use asamblea_ballot_crypto::simulate::{Simulated, run};
    use rand::rngs::OsRng;

    /// A whole 2-of-3 election, and the board as it stands after the ballots are cast.
    fn board() -> (Simulated, Known) {
        let q = Question {
            title: "Delegada".into(),
            choices: vec!["Ana".into(), "Beto".into()],
            method: Method::ChooseOne,
        };
        let th = Threshold { n: 3, t: 2 };
        let sim = run(
            "e",
            vec![q],
            th,
            3,
            &[vec![vec![1, 0]], vec![vec![0, 1]]],
            &[1, 2],
            &mut OsRng,
        )
        .unwrap();
        let r = &sim.record;
        let mut documents = HashMap::new();
        let draft = Draft {
            election_id: r.manifest.election_id.clone(),
            title: r.manifest.title.clone(),
            questions: r.manifest.questions.clone(),
            trustees: th,
        };
        documents.insert("election".into(), js(&draft));
        for d in &r.ceremony.dealings {
            let posted = PostedDealing {
                dealing: d.clone(),
                shares: Vec::new(),
            };
            documents.insert(format!("dealing-{}", d.trustee), js(&posted));
        }
        documents.insert("ceremony".into(), js(&r.ceremony));
        documents.insert("manifest".into(), js(&r.manifest));
        documents.insert("credentials".into(), js(&r.credentials));
        let tracking_codes = r.ballots.iter().map(Ballot::tracking_code).collect();
        (
            sim,
            Known {
                documents,
                tracking_codes,
            },
        )
    }

    fn js<T: serde::Serialize>(v: &T) -> String {
        serde_json::to_string(v).unwrap()
    }

    fn tally_of(sim: &Simulated, ballots: Vec<Ballot>) -> String {
        js(&TallyFile {
            tally: sum_ballots(&sim.record.manifest, &ballots),
            ballots,
            rejected: Vec::new(),
        })
    }

    #[test]
    fn the_board_keeps_what_checks_and_refuses_what_does_not() {
        let (sim, mut known) = board();
        let r = &sim.record;
        // The manifest is the draft's with the trustees' key; another key is refused.
        assert_eq!(
            check_document(Document::Manifest, &js(&r.manifest), &known),
            Ok(())
        );
        let mut wrong = r.manifest.clone();
        wrong.public_key = r.ceremony.dealings[0].commitments[0];
        let e = check_document(Document::Manifest, &js(&wrong), &known).unwrap_err();
        assert!(e.contains("not the sum"), "{e}");
        // A dealing under another trustee's name.
        let e = check_document(Document::Dealing(2), &known.documents["dealing-1"], &known)
            .unwrap_err();
        assert!(e.contains("names trustee 1, not 2"), "{e}");

        // A ballot under an issued credential is kept; a stranger's or a changed one is not.
        assert_eq!(check_ballot(&r.ballots[0], &known), Ok(()));
        let mut changed = r.ballots[0].clone();
        changed.answers[0].choices.swap(0, 1);
        assert!(check_ballot(&changed, &known).is_err());
        let mut cred = known.documents["credentials"].clone();
        cred = cred.replace(&hex::encode(r.ballots[1].credential), &"00".repeat(32));
        let mut fewer = Known {
            documents: known.documents.clone(),
            tracking_codes: known.tracking_codes.clone(),
        };
        fewer.documents.insert("credentials".into(), cred);
        let e = check_ballot(&r.ballots[1], &fewer).unwrap_err();
        assert!(e.contains("not issued"), "{e}");

        // The tally counts every ballot of the board and is their sum.
        let e = check_document(
            Document::Tally,
            &tally_of(&sim, vec![r.ballots[0].clone()]),
            &known,
        )
        .unwrap_err();
        assert!(e.contains("counts 1 of the board's 2"), "{e}");
        let e = check_document(
            Document::Tally,
            &tally_of(&sim, vec![r.ballots[0].clone(), r.ballots[0].clone()]),
            &known,
        )
        .unwrap_err();
        assert!(e.contains("counted twice"), "{e}");
        let mut not_sum: TallyFile =
            serde_json::from_str(&tally_of(&sim, r.ballots.clone())).unwrap();
        not_sum.tally = sum_ballots(&r.manifest, &r.ballots[..1]);
        let e = check_document(Document::Tally, &js(&not_sum), &known).unwrap_err();
        assert!(e.contains("not the sum"), "{e}");
        // A ballot on the board whose proof is false (kept by a board that did not check it) is
        // named by the tally's check: only its proof's equation fails, found by the batch.
        let mut false_proof = r.ballots[1].clone();
        false_proof.answers[0].choice_proofs[1].responses[0] += asamblea_ballot_crypto::Scalar::ONE;
        false_proof.signature =
            ed25519_dalek::Signer::sign(&sim.credentials[1], &false_proof.signed_bytes())
                .to_bytes();
        let code = false_proof.tracking_code();
        let mut lax = Known {
            documents: known.documents.clone(),
            tracking_codes: [r.ballots[0].tracking_code(), code.clone()].into(),
        };
        lax.documents.remove("tally");
        let e = check_document(
            Document::Tally,
            &tally_of(&sim, vec![r.ballots[0].clone(), false_proof]),
            &lax,
        )
        .unwrap_err();
        assert!(
            e.contains(&code) && e.contains("question 0, choice 1: false proof that it is 0 or 1"),
            "{e}"
        );
        let tally = tally_of(&sim, r.ballots.clone());
        assert_eq!(check_document(Document::Tally, &tally, &known), Ok(()));
        known.documents.insert("tally".into(), tally);

        // After the tally the box is closed; shares are checked against the trustee's key.
        let e = check_ballot(&r.ballots[0], &known).unwrap_err();
        assert!(e.contains("closed"), "{e}");
        assert_eq!(
            check_document(Document::Share(1), &js(&r.shares[0]), &known),
            Ok(())
        );
        let mut forged = r.shares[0].clone();
        forged.trustee = 3;
        assert!(check_document(Document::Share(3), &js(&forged), &known).is_err());
        let e = check_document(Document::Share(2), &js(&r.shares[0]), &known).unwrap_err();
        assert!(e.contains("names trustee 1, not 2"), "{e}");
        assert!(check_document(Document::Share(1), "{", &known).is_err());
    }
}
