//! `asamblea verify-election FILE` on the checked-in test vector and on tampered copies.

use crate::common::{asamblea, text};
use serde_json::Value;

const VECTOR: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../ballot-crypto/tests/vectors/record-3-of-5.json"
);

fn write(dir: &tempfile::TempDir, name: &str, v: &Value) -> String {
    let p = dir.path().join(name);
    std::fs::write(&p, serde_json::to_vec(v).unwrap()).unwrap();
    p.to_string_lossy().into_owned()
}

#[test]
fn verify_election_accepts_the_vector_and_prints_the_result() {
    let o = asamblea(&["verify-election", VECTOR]);
    let (out, err) = text(&o);
    assert!(o.status.success(), "{out}\n{err}");
    assert!(
        out.contains("ok  ceremony: 5 of 5 trustees qualified, 3 needed to decrypt"),
        "{out}"
    );
    assert!(
        out.contains("ok  result: decrypted from the shares of trustees [1, 3, 5]"),
        "{out}"
    );
    assert!(out.contains("       2  Ana"), "{out}");
    assert!(out.contains("record accepted (5 ballots"), "{out}");
}

#[test]
fn verify_election_refuses_tampered_records_with_exit_1_and_names_the_fault() {
    let dir = tempfile::tempdir().unwrap();
    let original: Value = serde_json::from_str(&std::fs::read_to_string(VECTOR).unwrap()).unwrap();

    let mut v = original.clone();
    v["result"][0][0] = Value::from(4);
    let p = write(&dir, "result.json", &v);
    let o = asamblea(&["verify-election", &p]);
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("BAD result: the shares decrypt"), "{err}");

    // Swap two ballots' first ciphertexts: both signatures break.
    let mut v = original.clone();
    let a = v["ballots"][0]["answers"][0]["choices"][0].clone();
    v["ballots"][0]["answers"][0]["choices"][0] =
        v["ballots"][1]["answers"][0]["choices"][0].clone();
    v["ballots"][1]["answers"][0]["choices"][0] = a;
    let p = write(&dir, "swap.json", &v);
    let o = asamblea(&["verify-election", &p, "--threads", "1"]);
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("BAD ballot 0 ("), "{err}");
    assert!(err.contains("BAD ballot 1 ("), "{err}");
    assert!(err.contains("record refused"), "{err}");

    // A share from trustee 3 claimed by trustee 2.
    let mut v = original.clone();
    v["shares"][1]["trustee"] = Value::from(2);
    let p = write(&dir, "share.json", &v);
    let o = asamblea(&["verify-election", &p]);
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("BAD shares: trustee 2's decryption share: question 0, choice 0: false proof"),
        "{err}"
    );
}

#[test]
fn verify_election_says_plainly_when_the_file_is_not_a_record() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("x.json");
    std::fs::write(&p, b"{\"format\": 1}").unwrap();
    let o = asamblea(&["verify-election", &p.to_string_lossy()]);
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(2));
    assert!(err.contains("is not an election record"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    let o = asamblea(&["verify-election", "/nonexistent/record.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).1.contains("cannot read"));
}
