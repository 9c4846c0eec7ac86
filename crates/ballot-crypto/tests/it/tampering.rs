//! Each kind of tampering with a record is refused by the verifier, with a message naming it.
use crate::{election, questions};
use asamblea_ballot_crypto::ballot::encrypt_ballot;
use asamblea_ballot_crypto::dkg::Threshold;
use asamblea_ballot_crypto::elgamal::Ciphertext;
use asamblea_ballot_crypto::record::{ElectionRecord, verify_record};
use asamblea_ballot_crypto::simulate::run;
use asamblea_ballot_crypto::{RistrettoPoint, Scalar, SigningKey};
use curve25519_dalek::constants::RISTRETTO_BASEPOINT_POINT as G;
use ed25519_dalek::Signer;
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;

fn refused(r: &ElectionRecord, words: &str) {
    let rep = verify_record(r, 2);
    assert!(!rep.ok(), "accepted a record that should say {words:?}");
    assert!(
        rep.errors.iter().any(|e| e.contains(words)),
        "{words:?} not in {:?}",
        rep.errors
    );
}

fn resign(b: &mut asamblea_ballot_crypto::ballot::Ballot, key: &SigningKey) {
    b.signature = key.sign(&b.signed_bytes()).to_bytes();
}

#[test]
fn a_changed_ciphertext_is_refused_even_when_re_signed_by_its_voter() {
    let sim = election(20);
    let mut r = sim.record.clone();
    r.ballots[0].answers[0].choices[1].b += G;
    refused(&r, "signature does not match");
    resign(&mut r.ballots[0], &sim.credentials[0]);
    refused(&r, "question 0, choice 1: false proof that it is 0 or 1");
}

#[test]
fn a_ballot_marking_a_choice_twice_with_a_forged_proof_is_refused() {
    // A voter swaps in Enc(2) for one choice: the 0/1 proof cannot be made, so any proof is false.
    let sim = election(21);
    let mut r = sim.record.clone();
    let m = r.manifest.clone();
    let enc2 = Ciphertext::encrypt(&m.public_key, 2, &Scalar::from(7u64));
    r.ballots[1].answers[0].choices[0] = enc2;
    resign(&mut r.ballots[1], &sim.credentials[1]);
    refused(&r, "ballot 1");
    refused(&r, "false proof that it is 0 or 1");
}

#[test]
fn a_ballot_over_the_method_limit_is_refused() {
    // Each choice is a true 0/1 but three approvals where two are allowed: only the limit proof fails.
    let sim = election(22);
    let mut r = sim.record.clone();
    let m = r.manifest.clone();
    let mut rng = ChaCha20Rng::seed_from_u64(1);
    let (over, _) = encrypt_ballot(
        &m,
        &sim.credentials[2],
        &vec![vec![1, 0, 0], vec![1, 1, 0, 0], vec![1, 0, 0]],
        &mut rng,
    )
    .unwrap();
    let (three, _) = encrypt_ballot(
        &m,
        &sim.credentials[2],
        &vec![vec![1, 0, 0], vec![0, 0, 1, 1], vec![1, 0, 0]],
        &mut rng,
    )
    .unwrap();
    let mut b = over.clone();
    b.answers[1].choices[2] = three.answers[1].choices[2];
    b.answers[1].choice_proofs[2] = three.answers[1].choice_proofs[2].clone();
    resign(&mut b, &sim.credentials[2]);
    r.ballots[2] = b;
    refused(
        &r,
        "question 1: false proof that it respects the method's limits",
    );
}

#[test]
fn a_ballot_replayed_from_another_election_is_refused() {
    let sim = election(23);
    let mut other_rng = ChaCha20Rng::seed_from_u64(99);
    let other = run(
        "e-2026-other",
        questions(),
        Threshold { n: 5, t: 3 },
        6,
        &crate::votes(),
        &[1, 2, 3],
        &mut other_rng,
    )
    .unwrap();
    let mut r = sim.record.clone();
    r.ballots[0] = other.record.ballots[0].clone();
    refused(&r, "made for another election");
    // Even relabelled for this election and re-signed, its proofs name the other election.
    r.credentials[0].0 = r.ballots[0].credential;
    r.ballots[0].election = r.manifest.fingerprint();
    resign(&mut r.ballots[0], &other.credentials[0]);
    refused(&r, "false proof");
}

#[test]
fn a_ballot_taken_over_by_another_credential_is_refused() {
    // Voter 6 (who did not vote) copies voter 1's ciphertexts and proofs under its own credential.
    let sim = election(24);
    let mut r = sim.record.clone();
    let mut b = r.ballots[0].clone();
    b.credential = sim.credentials[5].verifying_key().to_bytes();
    resign(&mut b, &sim.credentials[5]);
    r.ballots.push(b);
    r.tally = asamblea_ballot_crypto::tally::sum_ballots(&r.manifest, &r.ballots);
    refused(&r, "ballot 5");
    refused(&r, "false proof that it is 0 or 1");
}

#[test]
fn a_second_ballot_of_one_credential_and_an_unissued_credential_are_refused() {
    let sim = election(25);
    let mut r = sim.record.clone();
    r.ballots.push(r.ballots[0].clone());
    refused(&r, "a second ballot of one credential");
    let mut r = sim.record.clone();
    r.credentials.remove(0);
    refused(&r, "its credential was not issued");
}

#[test]
fn a_ballot_dropped_or_a_tally_changed_is_refused() {
    let sim = election(26);
    let mut r = sim.record.clone();
    r.ballots.remove(3);
    refused(&r, "tally: not the sum of the ballots");
    let mut r = sim.record.clone();
    r.tally[2][0].b += G;
    refused(&r, "tally: not the sum of the ballots");
}

#[test]
fn a_share_with_a_false_proof_and_a_garbage_share_are_refused() {
    let sim = election(27);
    let mut r = sim.record.clone();
    r.shares[1].factors[0][0].factor += G;
    refused(
        &r,
        "trustee 3's decryption share: question 0, choice 0: false proof",
    );
    let mut r = sim.record.clone();
    r.shares[2].factors[1].pop();
    refused(
        &r,
        "trustee 5's decryption share: question 1: not one factor per choice",
    );
    let mut r = sim.record.clone();
    r.shares[0].trustee = 7;
    refused(&r, "not a trustee of this election's ceremony");
    let mut r = sim.record.clone();
    r.shares.truncate(2);
    refused(&r, "2 valid shares where 3 are needed");
}

#[test]
fn a_changed_result_is_refused() {
    let sim = election(28);
    let mut r = sim.record.clone();
    r.result[0][0] += 1;
    refused(&r, "the shares decrypt");
}

#[test]
fn a_changed_public_key_or_a_false_dealing_is_refused() {
    let sim = election(29);
    let mut r = sim.record.clone();
    r.manifest.public_key += G;
    refused(&r, "not the sum of the trustees' commitments");
    let mut r = sim.record.clone();
    r.ceremony.dealings[2].commitments[0] += G;
    refused(&r, "trustee 3's dealing: false proof of knowledge");
    let mut r = sim.record.clone();
    r.ceremony.dealings[1].commitments.pop();
    refused(
        &r,
        "trustee 2's dealing: 2 commitments where the threshold asks 3",
    );
    let mut r = sim.record.clone();
    r.ceremony.dealings.truncate(2);
    refused(&r, "2 qualified trustees where 3 are needed");
}

#[test]
fn a_changed_question_invalidates_every_ballot() {
    let sim = election(30);
    let mut r = sim.record.clone();
    r.manifest.questions[0].choices[0] = "Ana María".into();
    refused(&r, "made for another election");
}

#[test]
fn malformed_json_values_are_refused_when_read() {
    let sim = election(31);
    let text = serde_json::to_string(&sim.record).unwrap();
    let a = hex::encode(
        sim.record.ballots[0].answers[0].choices[0]
            .a
            .compress()
            .as_bytes(),
    );
    // Not a point (the ristretto encoding of a non-canonical field element).
    let bad = text.replacen(&a, &"ff".repeat(32), 1);
    assert!(
        serde_json::from_str::<ElectionRecord>(&bad)
            .unwrap_err()
            .to_string()
            .contains("not a ristretto255 point")
    );
    // A scalar above the group order.
    let c = hex::encode(sim.record.ballots[0].answers[0].sum_proof.challenges[0].as_bytes());
    let bad = text.replacen(&c, &"ff".repeat(32), 1);
    assert!(
        serde_json::from_str::<ElectionRecord>(&bad)
            .unwrap_err()
            .to_string()
            .contains("not a canonical scalar")
    );
    // A proof's commitment that is not a point (format 2 carries them).
    let k = hex::encode(sim.record.ballots[0].answers[1].choice_proofs[2].commitments[3].bytes);
    let bad = text.replacen(&k, &"ff".repeat(32), 1);
    assert!(
        serde_json::from_str::<ElectionRecord>(&bad)
            .unwrap_err()
            .to_string()
            .contains("not a ristretto255 point")
    );
    let bad = text.replacen(&a, "zz", 1);
    assert!(serde_json::from_str::<ElectionRecord>(&bad).is_err());
    let _ = RistrettoPoint::default();
}

#[test]
fn the_ceremony_id_binds_the_dealings_proofs() {
    // A record whose ceremony names another id (an assembly's key board) than the election's:
    // the dealings' proofs were made for the election's id, so they fail under any other.
    let sim = election(31);
    let mut r = sim.record.clone();
    r.ceremony.id = Some(r.manifest.election_id.clone());
    assert!(
        verify_record(&r, 2).ok(),
        "{:?}",
        verify_record(&r, 2).errors
    );
    r.ceremony.id = Some("assembly-1-key".into());
    refused(&r, "false proof of knowledge of the secret");
}
