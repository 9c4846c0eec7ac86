//! `asamblea election audit`: a challenged ballot made by the browser's code (the shared vectors
//! of crates/ballot-wasm/tests/vectors) is verified; a changed choice, randomness or ciphertext
//! is refused (exit 1) and text that is not a challenge is bad input (exit 2, its line).

use crate::common::{asamblea, text};
use serde_json::{Value, json};

const VECTORS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../ballot-wasm/tests/vectors");

fn vector(name: &str) -> String {
    format!("{VECTORS}/{name}")
}

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> String {
    let p = dir.path().join(name);
    std::fs::write(&p, text).unwrap();
    p.to_string_lossy().into_owned()
}

fn audit(manifest: &str, challenge: &str) -> (Option<i32>, String, String) {
    let o = asamblea(&["election", "audit", "--manifest", manifest, challenge]);
    let (out, err) = text(&o);
    (o.status.code(), out, err)
}

#[test]
fn a_challenge_made_in_the_browser_is_verified() {
    let (code, out, err) = audit(
        &vector("made-in-browser.manifest.json"),
        &vector("made-in-browser.challenge.json"),
    );
    assert_eq!(code, Some(0), "{out}{err}");
    let c: Value = serde_json::from_str(
        &std::fs::read_to_string(vector("made-in-browser.challenge.json")).unwrap(),
    )
    .unwrap();
    assert!(out.contains("challenge verified"), "{out}");
    assert!(
        out.contains(&format!(
            "tracking code {}",
            c["tracking_code"].as_str().unwrap()
        )),
        "{out}"
    );
    assert!(out.contains("  ¿Huelga general indefinida? sí\n"), "{out}");
    assert!(
        out.contains("  Comando: Ana Quispe, Carla Choque\n"),
        "{out}"
    );
}

/// The ballot the wasm crate's code makes natively (made-natively.json), as a challenge block.
#[test]
fn a_challenge_of_the_native_vector_is_verified_and_each_change_refused() {
    let dir = tempfile::tempdir().unwrap();
    let v: Value =
        serde_json::from_str(&std::fs::read_to_string(vector("made-natively.json")).unwrap())
            .unwrap();
    let manifest = write(&dir, "manifest.json", &v["manifest"].to_string());
    let block = json!({
        "format": "asamblea-challenge/1",
        "election_id": v["manifest"]["election_id"],
        "tracking_code": v["tracking_code"],
        "selections": v["selections"],
        "randomness": v["randomness"],
        "ballot": v["ballot"],
    });
    let ok = write(
        &dir,
        "ok.json",
        &serde_json::to_string_pretty(&block).unwrap(),
    );
    let (code, out, err) = audit(&manifest, &ok);
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(out.contains("  Comando: Beto, Carla\n"), "{out}");

    let refused = |changed: Value, why: &str| {
        let p = write(&dir, "changed.json", &changed.to_string());
        let (code, out, err) = audit(&manifest, &p);
        assert_eq!(code, Some(1), "{out}{err}");
        assert!(
            err.contains("challenge refused") && err.contains(why),
            "{err}"
        );
    };
    // A choice shown otherwise than the ballot holds.
    let mut x = block.clone();
    x["selections"] = json!([[1, 0, 0], [0, 1, 1]]);
    refused(x, "question 1, choice 1 (sí)");
    // Randomness that does not open the ciphertexts.
    let mut x = block.clone();
    x["randomness"][1] = json!([
        v["randomness"][1][1],
        v["randomness"][1][0],
        v["randomness"][1][2]
    ]);
    refused(x, "question 2, choice 1 (Ana)");
    // A ciphertext changed: the signature no longer holds.
    let mut x = block.clone();
    x["ballot"]["answers"][0]["choices"][0] = v["ballot"]["answers"][0]["choices"][1].clone();
    refused(x, "signature");
    // Another election's manifest.
    let (code, _, err) = audit(&vector("made-in-browser.manifest.json"), &ok);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("is for election \"huelga-2026\""), "{err}");
}

#[test]
fn text_that_is_not_a_challenge_is_bad_input_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(vector("made-in-browser.challenge.json")).unwrap();
    let line = text
        .lines()
        .position(|l| l.contains("\"randomness\""))
        .unwrap()
        + 2;
    let broken: String = text
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i + 1 == line {
                "  [,".to_string()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let p = write(&dir, "broken.json", &broken);
    let (code, out, err) = audit(&vector("made-in-browser.manifest.json"), &p);
    assert_eq!(code, Some(2), "{out}{err}");
    assert!(err.contains(&format!("line {line}, column")), "{err}");
    let (code, _, err) = audit(
        &vector("made-in-browser.manifest.json"),
        "/nonexistent/c.json",
    );
    assert_eq!(code, Some(2), "{err}");
    let (code, _, err) = audit(
        "/nonexistent/m.json",
        &vector("made-in-browser.challenge.json"),
    );
    assert_eq!(code, Some(2), "{err}");
}
