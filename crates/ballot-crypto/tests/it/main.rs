//! Integration tests of the ballot cryptography: a whole election, the verifier, each kind of
//! tampering, the fixed test vectors.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests speak by panicking
mod batch;
mod election;
mod tampering;
mod vectors;

use asamblea_ballot_crypto::ballot::{Method, Question};
use asamblea_ballot_crypto::dkg::Threshold;
use asamblea_ballot_crypto::simulate::{Simulated, run};
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;

pub fn questions() -> Vec<Question> {
    vec![
        Question {
            title: "Delegate".into(),
            choices: vec!["Ana".into(), "Beto".into(), "Carla".into()],
            method: Method::ChooseOne,
        },
        Question {
            title: "Committee".into(),
            choices: vec!["Dora".into(), "Eli".into(), "Fer".into(), "Gus".into()],
            method: Method::Approval { max: 2 },
        },
        Question {
            title: "Strike".into(),
            choices: vec!["yes".into(), "no".into(), "abstain".into()],
            method: Method::YesNoAbstain,
        },
    ]
}

pub fn votes() -> Vec<Vec<Vec<u64>>> {
    vec![
        vec![vec![1, 0, 0], vec![1, 1, 0, 0], vec![1, 0, 0]],
        vec![vec![0, 1, 0], vec![0, 1, 0, 0], vec![1, 0, 0]],
        vec![vec![1, 0, 0], vec![0, 0, 0, 0], vec![0, 1, 0]],
        vec![vec![0, 0, 0], vec![0, 1, 0, 1], vec![0, 0, 1]],
        vec![vec![0, 0, 1], vec![1, 0, 1, 0], vec![1, 0, 0]],
    ]
}

pub fn expected() -> Vec<Vec<u64>> {
    vec![vec![2, 1, 1], vec![2, 3, 1, 1], vec![3, 1, 1]]
}

/// 3-of-5 trustees, 6 credentials, 5 ballots, decrypted by trustees 1, 3 and 5.
pub fn election(seed: u64) -> Simulated {
    let mut rng = ChaCha20Rng::seed_from_u64(seed);
    run(
        "e-2026-delegates",
        questions(),
        Threshold { n: 5, t: 3 },
        6,
        &votes(),
        &[1, 3, 5],
        &mut rng,
    )
    .unwrap()
}
