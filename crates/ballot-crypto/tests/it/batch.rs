//! Batch verification (proofs::Batch through record::verify_ballots): a false proof anywhere in
//! a batch is refused and its ballot named, and on random boards with random faults the batched
//! verifier says exactly what the one-by-one verifier says.
use asamblea_ballot_crypto::ballot::{Ballot, Method, Question, verify_ballot_with};
use asamblea_ballot_crypto::dkg::Threshold;
use asamblea_ballot_crypto::proofs::VerifyingContext;
use asamblea_ballot_crypto::record::verify_ballots_in_batches;
use asamblea_ballot_crypto::simulate::{Simulated, run};
use asamblea_ballot_crypto::{Scalar, SigningKey};
use curve25519_dalek::constants::RISTRETTO_BASEPOINT_POINT as G;
use ed25519_dalek::Signer;
use rand::Rng;
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;

const VOTERS: usize = 24;

/// 2-of-3 trustees; a choose-one-of-3 question and a yes/no/abstain one; `VOTERS` ballots.
fn board(seed: u64) -> Simulated {
    let mut rng = ChaCha20Rng::seed_from_u64(seed);
    let questions = vec![
        Question {
            title: "Delegate".into(),
            choices: vec!["Ana".into(), "Beto".into(), "Carla".into()],
            method: Method::ChooseOne,
        },
        Question {
            title: "Strike".into(),
            choices: vec!["yes".into(), "no".into(), "abstain".into()],
            method: Method::YesNoAbstain,
        },
    ];
    let votes: Vec<Vec<Vec<u64>>> = (0..VOTERS)
        .map(|_| {
            let mut one = vec![0; 3];
            let k = rng.gen_range(0..4);
            if k < 3 {
                one[k] = 1; // k == 3: blank
            }
            let mut yna = vec![0; 3];
            yna[rng.gen_range(0..3)] = 1;
            vec![one, yna]
        })
        .collect();
    run(
        "e-batch",
        questions,
        Threshold { n: 3, t: 2 },
        VOTERS,
        &votes,
        &[1, 2],
        &mut rng,
    )
    .unwrap()
}

fn resign(b: &mut Ballot, key: &SigningKey) {
    b.signature = key.sign(&b.signed_bytes()).to_bytes();
}

/// The faults a ballot may carry. Changing a response keeps every challenge (responses are not
/// hashed), so only the proof's equations fail: the batch must find it.
#[derive(Clone, Copy, Debug)]
enum Fault {
    ChoiceResponse { q: usize, c: usize, j: usize },
    SumResponse { q: usize },
    Commitment { q: usize, c: usize },
    Ciphertext { q: usize, c: usize },
    Signature,
}

fn apply(sim: &Simulated, ballots: &mut [Ballot], i: usize, f: Fault) {
    let b = &mut ballots[i];
    match f {
        Fault::ChoiceResponse { q, c, j } => {
            b.answers[q].choice_proofs[c].responses[j] += Scalar::ONE;
        }
        Fault::SumResponse { q } => b.answers[q].sum_proof.responses[0] += Scalar::ONE,
        Fault::Commitment { q, c } => {
            let p = &mut b.answers[q].choice_proofs[c].commitments[1];
            *p = asamblea_ballot_crypto::codec::Encoded::new(p.point + G);
        }
        Fault::Ciphertext { q, c } => b.answers[q].choices[c].b += G,
        Fault::Signature => {
            b.signature[5] ^= 1;
            return;
        }
    }
    resign(b, &sim.credentials[i]);
}

fn one_by_one(sim: &Simulated, ballots: &[Ballot]) -> Vec<(usize, String)> {
    let m = &sim.record.manifest;
    let key = VerifyingContext::new(m.public_key);
    ballots
        .iter()
        .enumerate()
        .filter_map(|(i, b)| {
            verify_ballot_with(m, &m.fingerprint(), &key, b)
                .err()
                .map(|e| (i, e.to_string()))
        })
        .collect()
}

#[test]
fn a_false_proof_anywhere_in_a_batch_is_refused_and_its_ballot_named() {
    let sim = board(1);
    let m = &sim.record.manifest;
    assert!(verify_ballots_in_batches(m, &sim.record.ballots, 2, 4).is_empty());
    for at in [0, 3, 4, 11, 12, 23] {
        for (fault, says) in [
            (
                Fault::ChoiceResponse { q: 0, c: 2, j: 1 },
                "question 0, choice 2: false proof that it is 0 or 1",
            ),
            (
                Fault::ChoiceResponse { q: 1, c: 0, j: 0 },
                "question 1, choice 0: false proof that it is 0 or 1",
            ),
            (
                Fault::SumResponse { q: 1 },
                "question 1: false proof that it respects the method's limits",
            ),
        ] {
            let mut ballots = sim.record.ballots.clone();
            apply(&sim, &mut ballots, at, fault);
            // Only the equations are false: the ballot's signature and challenges hold.
            for (threads, size) in [(1, 24), (2, 4), (2, 5), (1, 1)] {
                let bad = verify_ballots_in_batches(m, &ballots, threads, size);
                assert_eq!(
                    bad,
                    vec![(at, format!("ballot: {says}"))],
                    "{fault:?} at {at}, {threads} threads, batches of {size}"
                );
            }
        }
    }
}

#[test]
fn batches_say_what_one_by_one_says_on_random_boards() {
    for seed in 0..3u64 {
        let sim = board(100 + seed);
        let mut rng = ChaCha20Rng::seed_from_u64(seed);
        let mut ballots = sim.record.ballots.clone();
        for i in 0..VOTERS {
            if rng.gen_bool(0.3) {
                let (q, c) = (rng.gen_range(0..2), rng.gen_range(0..3));
                let fault = match rng.gen_range(0..5) {
                    0 => Fault::ChoiceResponse {
                        q,
                        c,
                        j: rng.gen_range(0..2),
                    },
                    1 => Fault::SumResponse { q },
                    2 => Fault::Commitment { q, c },
                    3 => Fault::Ciphertext { q, c },
                    _ => Fault::Signature,
                };
                apply(&sim, &mut ballots, i, fault);
            }
        }
        let expected = one_by_one(&sim, &ballots);
        assert!(!expected.is_empty(), "seed {seed}: some ballot is false");
        for (threads, size) in [(1, 256), (2, 3), (2, 7), (1, 1)] {
            assert_eq!(
                verify_ballots_in_batches(&sim.record.manifest, &ballots, threads, size),
                expected,
                "seed {seed}, {threads} threads, batches of {size}"
            );
        }
    }
}
