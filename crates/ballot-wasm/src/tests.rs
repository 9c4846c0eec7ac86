//! The browser's code, run natively: what it makes verifies with the Rust verifier and opens to
//! the chosen answers; every bad input is a named refusal, never a panic.

use super::*;
use asamblea_ballot_crypto::ballot::{Method, Question, verify_ballot};
use asamblea_ballot_crypto::dkg::Threshold;
use asamblea_ballot_crypto::elgamal::Ciphertext;
use asamblea_ballot_crypto::{RistrettoPoint, Scalar};
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use serde_json::{Value, json};

/// A manifest whose secret key `x` the test knows, so it can decrypt what the browser made.
fn manifest(x: &Scalar) -> Manifest {
    Manifest {
        election_id: "huelga-2026".into(),
        title: "Huelga general".into(),
        questions: vec![
            Question {
                title: "¿Huelga general indefinida?".into(),
                choices: vec!["sí".into(), "no".into(), "abstención".into()],
                method: Method::YesNoAbstain,
            },
            Question {
                title: "Comando".into(),
                choices: vec!["Ana".into(), "Beto".into(), "Carla".into()],
                method: Method::Approval { max: 2 },
            },
        ],
        trustees: Threshold { n: 3, t: 2 },
        public_key: RistrettoPoint::mul_base(x),
    }
}

fn decrypt(x: &Scalar, ct: &Ciphertext) -> u64 {
    let m = ct.b - x * ct.a;
    (0..=1u64)
        .find(|v| RistrettoPoint::mul_base(&Scalar::from(*v)) == m)
        .unwrap_or(99)
}

const CREDENTIAL: &str = "0707070707070707070707070707070707070707070707070707070707070707";

fn make_json(m: &Manifest, credential: &str, selections: Value) -> String {
    json!({"manifest": m, "credential": credential, "selections": selections}).to_string()
}

fn ok(answer: &str) -> Value {
    let v: Value = serde_json::from_str(answer).unwrap();
    v.get("ok").cloned().unwrap_or_else(|| panic!("{answer}"))
}

fn refused(answer: &str) -> (String, String) {
    let v: Value = serde_json::from_str(answer).unwrap();
    let e = &v["error"];
    assert!(v.get("ok").is_none(), "{answer}");
    (
        e["field"].as_str().unwrap().into(),
        e["detail"].as_str().unwrap().into(),
    )
}

#[test]
fn a_ballot_made_for_the_browser_verifies_and_holds_the_choices() {
    let x = Scalar::from(123_456_789u64);
    let m = manifest(&x);
    let mut rng = ChaCha20Rng::seed_from_u64(1);
    let made = ok(&make_ballot(
        &make_json(&m, CREDENTIAL, json!([[1, 0, 0], [1, 0, 1]])),
        &mut rng,
    ));
    let ballot: Ballot = serde_json::from_str(&made["ballot"].to_string()).unwrap();
    verify_ballot(&m, &m.fingerprint(), &ballot).unwrap();
    assert_eq!(made["tracking_code"], ballot.tracking_code());
    assert_eq!(made["credential"], CREDENTIAL);
    let key = SigningKey::from_bytes(&[7; 32]);
    assert_eq!(
        made["public_credential"],
        hex::encode(key.verifying_key().to_bytes())
    );
    assert_eq!(ballot.credential, key.verifying_key().to_bytes());
    let plain: Vec<Vec<u64>> = ballot
        .answers
        .iter()
        .map(|a| a.choices.iter().map(|c| decrypt(&x, c)).collect())
        .collect();
    assert_eq!(plain, vec![vec![1, 0, 0], vec![1, 0, 1]]);
}

#[test]
fn no_credential_given_makes_a_fresh_one_each_time() {
    let m = manifest(&Scalar::from(5u64));
    let mut rng = ChaCha20Rng::seed_from_u64(2);
    let input = make_json(&m, "", json!([[0, 1, 0], []]));
    // The approval question needs one 0 or 1 per choice.
    assert_eq!(refused(&make_ballot(&input, &mut rng)).0, "selections");
    let input = make_json(&m, " ", json!([[0, 1, 0], [0, 0, 0]]));
    let a = ok(&make_ballot(&input, &mut rng));
    let b = ok(&make_ballot(&input, &mut rng));
    assert_ne!(a["credential"], b["credential"]);
    assert_ne!(a["tracking_code"], b["tracking_code"]);
    let secret: [u8; 32] = hex::decode(a["credential"].as_str().unwrap())
        .unwrap()
        .try_into()
        .unwrap();
    assert_eq!(
        a["public_credential"],
        hex::encode(SigningKey::from_bytes(&secret).verifying_key().to_bytes())
    );
    let ballot: Ballot = serde_json::from_str(&a["ballot"].to_string()).unwrap();
    verify_ballot(&m, &m.fingerprint(), &ballot).unwrap();
}

#[test]
fn a_challenged_ballot_opens_to_its_choices_and_a_lie_is_caught() {
    let m = manifest(&Scalar::from(99u64));
    let mut rng = ChaCha20Rng::seed_from_u64(3);
    let made = ok(&make_ballot(
        &make_json(&m, CREDENTIAL, json!([[0, 0, 1], [0, 1, 0]])),
        &mut rng,
    ));
    let open = |ballot: &Value, randomness: &Value| {
        open_ballot(&json!({"manifest": m, "ballot": ballot, "randomness": randomness}).to_string())
    };
    let opened = ok(&open(&made["ballot"], &made["randomness"]));
    assert_eq!(opened["selections"], json!([[0, 0, 1], [0, 1, 0]]));
    assert_eq!(opened["tracking_code"], made["tracking_code"]);

    // A device that encrypted something else than it shows: another ballot's randomness does
    // not open this one.
    let other = ok(&make_ballot(
        &make_json(&m, CREDENTIAL, json!([[0, 0, 1], [0, 1, 0]])),
        &mut rng,
    ));
    assert_eq!(
        refused(&open(&made["ballot"], &other["randomness"])).0,
        "randomness"
    );
    // Randomness that is not a canonical scalar, or too few of them.
    assert_eq!(
        refused(&open(&made["ballot"], &json!([["zz"], []]))).0,
        "randomness"
    );
    assert_eq!(
        refused(&open(&made["ballot"], &json!([[], []]))).0,
        "randomness"
    );
    // A ballot whose signature or proofs do not hold is refused before it is opened.
    let mut forged = made["ballot"].clone();
    forged["answers"][0]["choices"][0] = made["ballot"]["answers"][0]["choices"][1].clone();
    assert_eq!(refused(&open(&forged, &made["randomness"])).0, "ballot");
}

#[test]
fn bad_input_is_a_named_refusal() {
    let m = manifest(&Scalar::from(8u64));
    let mut rng = ChaCha20Rng::seed_from_u64(4);
    let mut make = |s: &str| refused(&make_ballot(s, &mut rng)).0;
    assert_eq!(make("not json"), "input");
    assert_eq!(make(&json!({"manifest": m}).to_string()), "input");
    assert_eq!(
        make(&make_json(&m, "12ab", json!([[1, 0, 0], [0, 0, 0]]))),
        "credential"
    );
    // Two answers to a yes/no/abstain question; three approvals where two are allowed.
    assert_eq!(
        make(&make_json(&m, CREDENTIAL, json!([[1, 1, 0], [0, 0, 0]]))),
        "selections"
    );
    assert_eq!(
        make(&make_json(&m, CREDENTIAL, json!([[1, 0, 0], [1, 1, 1]]))),
        "selections"
    );
    assert_eq!(
        make(&make_json(&m, CREDENTIAL, json!([[2, 0, 0], [0, 0, 0]]))),
        "selections"
    );
    let mut bad = serde_json::to_value(&m).unwrap();
    bad["public_key"] = json!("00".repeat(31) + "01");
    assert_eq!(
        make(
            &json!({"manifest": bad, "credential": CREDENTIAL, "selections": [[1,0,0],[0,0,0]]})
                .to_string()
        ),
        "manifest"
    );
    let mut empty = m.clone();
    empty.questions.clear();
    assert_eq!(make(&make_json(&empty, CREDENTIAL, json!([]))), "manifest");
    assert_eq!(refused(&open_ballot("{}")).0, "input");
}

/// The shared vectors in tests/vectors/: `made-natively.json` is what this code makes from a
/// fixed seed (the browser test opens it with the WebAssembly module); `made-in-browser.json` is
/// a challenged ballot the browser made (written by e2e/tests/boards_browser.test.js with
/// ASAMBLEA_WRITE_VECTORS=1), which the Rust verifier accepts and opens here.
mod vectors {
    use super::*;

    const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors");

    fn native() -> String {
        let m = manifest(&Scalar::from(20_260_614u64));
        let selections = json!([[0, 1, 0], [0, 1, 1]]);
        let mut rng = ChaCha20Rng::seed_from_u64(1971);
        let made = ok(&make_ballot(
            &make_json(&m, CREDENTIAL, selections.clone()),
            &mut rng,
        ));
        let v = json!({
            "manifest": m,
            "ballot": made["ballot"],
            "randomness": made["randomness"],
            "tracking_code": made["tracking_code"],
            "selections": selections,
        });
        serde_json::to_string_pretty(&v).unwrap() + "\n"
    }

    #[test]
    fn the_native_vector_is_what_the_code_makes() {
        let path = format!("{DIR}/made-natively.json");
        if std::env::var_os("ASAMBLEA_WRITE_VECTORS").is_some() {
            std::fs::write(&path, native()).unwrap();
        }
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            native(),
            "the encoding changed: the browser test's vector is stale"
        );
    }

    /// The challenge block the vote page showed (written by the browser test): its manifest is
    /// the board's, apart.
    #[test]
    fn a_ballot_made_in_the_browser_verifies_and_opens_in_rust() {
        use asamblea_ballot_crypto::challenge::Challenge;
        let m: Manifest = serde_json::from_str(
            &std::fs::read_to_string(format!("{DIR}/made-in-browser.manifest.json")).unwrap(),
        )
        .unwrap();
        let text =
            std::fs::read_to_string(format!("{DIR}/made-in-browser.challenge.json")).unwrap();
        let c = Challenge::parse(&text).unwrap();
        verify_ballot(&m, &m.fingerprint(), &c.ballot).unwrap();
        assert_eq!(c.ballot.tracking_code(), c.tracking_code);
        assert_eq!(c.check(&m).unwrap(), &vec![vec![1, 0, 0], vec![1, 0, 1]]);
        let randomness: Vec<Vec<String>> = c
            .randomness
            .iter()
            .map(|q| q.iter().map(|r| hex::encode(r.as_bytes())).collect())
            .collect();
        let opened = ok(&open_ballot(
            &json!({"manifest": m, "ballot": c.ballot, "randomness": randomness}).to_string(),
        ));
        assert_eq!(opened["selections"], json!(c.selections));
    }
}
