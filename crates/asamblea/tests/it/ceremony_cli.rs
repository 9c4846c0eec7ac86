//! A secret election run end to end by separate `asamblea` processes sharing only a board
//! directory: 3-of-5 trustees, one of whom sends a garbage share in the ceremony and one a false
//! decryption share, one absent at the tally; a malformed ballot and a ballot under an unissued
//! credential; the record then passes `asamblea verify-election`.

use crate::common::{asamblea, text};
use std::path::Path;

fn ok(args: &[&str]) -> String {
    let o = asamblea(args);
    let (out, err) = text(&o);
    assert!(
        o.status.success(),
        "asamblea {args:?}\nstdout {out}\nstderr {err}"
    );
    out
}

fn edit_json(p: &Path, f: impl FnOnce(&mut serde_json::Value)) {
    let mut v: serde_json::Value = serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap();
    f(&mut v);
    std::fs::write(p, serde_json::to_vec(&v).unwrap()).unwrap();
}

#[test]
fn a_3_of_5_election_among_separate_processes_ends_in_a_verified_record() {
    let dir = tempfile::tempdir().unwrap();
    let board = dir.path().join("board");
    let b = board.to_str().unwrap();
    let secret = |i: u32| {
        dir.path()
            .join(format!("trustee-{i}.secret"))
            .to_string_lossy()
            .into_owned()
    };

    ok(&[
        "election",
        "new",
        "--board",
        b,
        "--id",
        "asamblea-2026",
        "--title",
        "Congreso",
        "--trustees",
        "5",
        "--threshold",
        "3",
        "--question",
        "Delegada|choose_one|Ana,Beto,Carla",
        "--question",
        "Huelga|yes_no_abstain|sí,no,abstención",
    ]);
    for i in 1..=5u32 {
        ok(&[
            "trustee",
            "init",
            "--board",
            b,
            "--index",
            &i.to_string(),
            "--secret",
            &secret(i),
        ]);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(secret(1)).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "a trustee's secret is private");
    }
    for i in 1..=5u32 {
        ok(&["trustee", "deal", "--board", b, "--secret", &secret(i)]);
    }
    // Trustee 4 sends garbage to trustee 2: a share sealed for 2 that does not open.
    edit_json(&board.join("dealing-4.json"), |v| {
        let s = &mut v["shares"][1]["sealed"];
        let t = s.as_str().unwrap().to_string();
        *s = format!("{}{}", if t.starts_with('0') { "1" } else { "0" }, &t[1..]).into();
    });
    for i in 1..=5u32 {
        let out = ok(&["trustee", "check", "--board", b, "--secret", &secret(i)]);
        if i == 2 {
            assert!(
                out.contains("1 complaint(s); against 4: no share for trustee 2 that opens"),
                "{out}"
            );
        }
    }
    let out = ok(&["election", "key", "--board", b]);
    assert!(
        out.contains("election key fixed by trustees [1, 2, 3, 5]"),
        "{out}"
    );
    assert!(
        out.contains("excluded trustee 4: trustee 2 complained"),
        "{out}"
    );

    // The credential authority, then the voters.
    let codes_file = dir.path().join("codes.txt");
    ok(&[
        "election",
        "credentials",
        "--board",
        b,
        "--count",
        "5",
        "--out",
        codes_file.to_str().unwrap(),
    ]);
    let codes: Vec<String> = std::fs::read_to_string(&codes_file)
        .unwrap()
        .lines()
        .map(String::from)
        .collect();
    let votes = ["1,0,0;1,0,0", "0,1,0;1,0,0", "1,0,0;0,1,0", "0,0,0;0,0,1"];
    let mut tracking = Vec::new();
    for (code, v) in codes.iter().zip(votes) {
        let out = ok(&[
            "election",
            "vote",
            "--board",
            b,
            "--credential",
            code,
            "--choices",
            v,
        ]);
        tracking.push(out.trim().rsplit(' ').next().unwrap().to_string());
    }
    // A Benaloh challenge opens the ballot and casts nothing.
    let out = ok(&[
        "election",
        "vote",
        "--board",
        b,
        "--credential",
        &codes[4],
        "--choices",
        "0,0,1;0,1,0",
        "--audit",
    ]);
    assert!(
        out.contains("(spoiled, not cast) encrypts [[0, 0, 1], [0, 1, 0]]"),
        "{out}"
    );
    // A ballot over the limit is refused on the voter's side.
    let o = asamblea(&[
        "election",
        "vote",
        "--board",
        b,
        "--credential",
        &codes[4],
        "--choices",
        "1,1,0;1,0,0",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).1.contains("2 choices marked"), "{}", text(&o).1);
    // Junk on the board and a ballot under an unissued credential.
    std::fs::write(board.join("ballots/junk.json"), b"{\"election\": 3}").unwrap();
    let stranger = "11".repeat(32);
    ok(&[
        "election",
        "vote",
        "--board",
        b,
        "--credential",
        &stranger,
        "--choices",
        "0,0,1;1,0,0",
    ]);

    let out = ok(&["election", "tally", "--board", b]);
    assert!(out.contains("4 ballots counted, 2 refused"), "{out}");
    assert!(out.contains("refused junk.json"), "{out}");
    assert!(out.contains("its credential was not issued"), "{out}");

    // Trustees 1, 2, 3, 5 decrypt (4 was excluded); trustee 5's share is tampered; 1, 2, 3 suffice.
    for i in [1u32, 2, 3, 5] {
        ok(&["trustee", "decrypt", "--board", b, "--secret", &secret(i)]);
    }
    edit_json(&board.join("share-5.json"), |v| {
        v["factors"][0][1]["factor"] = v["factors"][0][0]["factor"].clone();
    });
    let record = dir.path().join("record.json");
    let out = ok(&[
        "election",
        "publish",
        "--board",
        b,
        "--out",
        record.to_str().unwrap(),
    ]);
    assert!(out.contains("refused the share of trustee 5: trustee 5's decryption share: question 0, choice 1: false proof"), "{out}");
    assert!(out.contains("result [[2, 1, 0], [2, 1, 1]]"), "{out}");

    let out = ok(&["verify-election", record.to_str().unwrap()]);
    assert!(out.contains("record accepted (4 ballots"), "{out}");
    assert!(
        out.contains("decrypted from the shares of trustees [1, 2, 3]"),
        "{out}"
    );
    let rec = std::fs::read_to_string(&record).unwrap();
    for code in &tracking {
        let r: asamblea_ballot_crypto::record::ElectionRecord = serde_json::from_str(&rec).unwrap();
        assert!(
            r.ballots.iter().any(|b| &b.tracking_code() == code),
            "tracking code {code} on the board"
        );
    }

    // Nothing on the board decrypts: no trustee's key share or coefficient is in any board file.
    let mut board_text = String::new();
    for e in walk(&board) {
        board_text.push_str(&std::fs::read_to_string(e).unwrap());
    }
    for i in 1..=5u32 {
        let s: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(secret(i)).unwrap()).unwrap();
        for c in s["coefficients"].as_array().unwrap() {
            assert!(
                !board_text.contains(c.as_str().unwrap()),
                "trustee {i}'s coefficient on the board"
            );
        }
        for r in s["received"].as_array().unwrap() {
            assert!(
                !board_text.contains(r["share"].as_str().unwrap()),
                "a share in the clear on the board"
            );
        }
    }
}

fn walk(p: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(p).unwrap() {
        let path = e.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn the_ceremony_refuses_too_few_trustees_and_ranked_questions() {
    let dir = tempfile::tempdir().unwrap();
    let b = dir.path().join("b");
    let b = b.to_str().unwrap();
    let new = |question: &str| {
        let args = ["election", "new", "--board", b, "--id", "x", "--title", "x"];
        let more = [
            "--trustees",
            "3",
            "--threshold",
            "2",
            "--question",
            question,
        ];
        asamblea(&[&args[..], &more[..]].concat())
    };
    let o = new("Mesa|ranked|A,B");
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).1.contains("a mix-net would be needed"));
    assert!(new("Q|choose_one|A,B").status.success());
    let s1 = dir.path().join("s1");
    ok(&[
        "trustee",
        "init",
        "--board",
        b,
        "--index",
        "1",
        "--secret",
        s1.to_str().unwrap(),
    ]);
    // Only one trustee joined: no dealing can be made, no key fixed.
    let o = asamblea(&[
        "trustee",
        "deal",
        "--board",
        b,
        "--secret",
        s1.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).1.contains("trustee 2 has not joined yet"));
    let o = asamblea(&["election", "key", "--board", b]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o)
            .1
            .contains("only 0 qualified trustees where 2 are needed"),
        "{}",
        text(&o).1
    );
    // A trustee's secret file is never overwritten.
    let o = asamblea(&[
        "trustee",
        "init",
        "--board",
        b,
        "--index",
        "1",
        "--secret",
        s1.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
}
