//! The test vectors in tests/vectors/: a record made from a fixed seed (3-of-5, three questions),
//! checked in so a second verifier can test itself against it. Regenerate with
//! `ASAMBLEA_WRITE_VECTORS=1 cargo nextest run -p asamblea-ballot-crypto vectors`.
use crate::{election, expected};
use asamblea_ballot_crypto::record::{ElectionRecord, verify_record};

const PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/vectors/record-3-of-5.json"
);

#[test]
fn the_checked_in_vector_is_what_the_code_makes_and_it_verifies() {
    let made = serde_json::to_string_pretty(&election(2026).record).unwrap() + "\n";
    if std::env::var_os("ASAMBLEA_WRITE_VECTORS").is_some() {
        std::fs::write(PATH, &made).unwrap();
    }
    let stored = std::fs::read_to_string(PATH).unwrap();
    assert_eq!(
        stored, made,
        "the encoding changed: a second verifier would disagree"
    );
    let r: ElectionRecord = serde_json::from_str(&stored).unwrap();
    assert_eq!(r.result, expected());
    let rep = verify_record(&r, 2);
    assert!(rep.ok(), "{:?}", rep.errors);
}
