//! `asamblea count` end to end: files in, table/JSON/SVG out, one located message on bad input.

use crate::common::{self, count};

/// Writes a test file; its path as text, for the arguments.
fn file(name: &str, content: &str) -> String {
    common::file(name, content).display().to_string()
}

const TENNESSEE: &str = "4 1
42 1 2 3 4 0
26 2 3 4 1 0
15 3 4 2 1 0
17 4 3 2 1 0
0
\"Memphis\"
\"Nashville\"
\"Chattanooga\"
\"Knoxville\"
\"Tennessee capital\"
";

#[test]
fn irv_json_has_rounds_and_winner() {
    let f = file("tn.blt", TENNESSEE);
    let (code, out, err) = count(&[&f, "--method", "irv", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["method"], "irv");
    assert_eq!(v["elected"], serde_json::json!(["Knoxville"]));
    assert_eq!(v["rounds"][0]["tallies"]["Memphis"], "42");
    assert_eq!(
        v["rounds"][0]["excluded"],
        serde_json::json!(["Chattanooga"])
    );
    assert!(v["seed"].is_u64());
    assert_eq!(v["ties"], serde_json::json!([]));
}

#[test]
fn schulze_and_two_round_tables() {
    let f = file("tn2.blt", TENNESSEE);
    let (code, out, _) = count(&[&f, "--method", "schulze"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("Ranking: Nashville > Chattanooga > Knoxville > Memphis"),
        "{out}"
    );
    let (code, out, _) = count(&[&f, "--method", "two-round"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("Runoff needed between Memphis and Nashville"),
        "{out}"
    );
}

#[test]
fn stv_json_prints_fixed_decimals() {
    let f = file(
        "stv.blt",
        "4 2\n60 1 2 3 0\n26 2 0\n4 3 2 0\n10 4 3 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"D\"\n\"t\"\n",
    );
    let (code, out, err) = count(&[&f, "--method", "scottish-stv", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["quota"], "34.00000");
    assert_eq!(v["rounds"][1]["tallies"]["B"], "51.99980");
    assert_eq!(v["rounds"][1]["lost_to_fractions"], "0.00020");
    assert_eq!(v["elected"], serde_json::json!(["A", "B"]));
    for m in ["meek", "wigm"] {
        let (code, out, _) = count(&[&f, "--method", m, "--format", "json"]);
        assert_eq!(code, 0);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["elected"], serde_json::json!(["A", "B"]), "{m}");
    }
    let (code, out, _) = count(&[&f, "--method", "meek", "--format", "svg"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("<svg") && out.trim_end().ends_with("</svg>"));
}

#[test]
fn malformed_file_gets_one_located_message_and_exit_2() {
    let f = file("bad.blt", "3 1\n1 1 2\n0\n");
    let (code, out, err) = count(&[&f, "--method", "irv"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert_eq!(err.lines().count(), 1);
    assert!(err.starts_with(&format!("{f}:2: ")), "{err}");
    let (code, _, err) = count(&["/nonexistent/x.blt", "--method", "irv"]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot read"));
}

#[test]
fn too_many_seats_is_a_clear_error() {
    let f = file("tn3.blt", TENNESSEE);
    let (code, _, err) = count(&[&f, "--method", "meek", "--seats", "9"]);
    assert_eq!(code, 2);
    assert!(err.contains("9 seats but only 4 candidates"), "{err}");
}

#[test]
fn formats_are_detected_and_exported() {
    let csv = file("cvr.csv", "id,rank1,rank2\n1,Ann,Ben\n2,Ben,\n3,Ann,\n");
    let (code, out, err) = count(&[&csv, "--method", "plurality", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\"Ann\""));
    let (code, blt, _) = count(&[&csv, "--export", "blt"]);
    assert_eq!(code, 0);
    let back = file("back.dat", &blt);
    let (code, pref, _) = count(&[&back, "--export", "preflib"]);
    assert_eq!(code, 0);
    let again = file("again.dat", &pref);
    let (code, out, err) = count(&[&again, "--method", "plurality", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["elected"], serde_json::json!(["Ann"]));
}

#[test]
fn seed_repeats_a_lot() {
    let f = file(
        "tie.blt",
        "3 1\n5 1 0\n3 2 0\n3 3 0\n0\n\"A\"\n\"B\"\n\"C\"\n",
    );
    let (_, a, _) = count(&[&f, "--method", "irv", "--format", "json", "--seed", "42"]);
    let (_, b, _) = count(&[&f, "--method", "irv", "--format", "json", "--seed", "42"]);
    assert_eq!(a, b);
    let v: serde_json::Value = serde_json::from_str(&a).unwrap();
    assert_eq!(v["seed"], 42);
    assert_eq!(v["ties"][0]["resolved_by"], "lot");
}

#[test]
fn single_winner_rules_ignore_the_blt_seat_count() {
    let f = file("two.blt", &TENNESSEE.replacen("4 1", "4 2", 1));
    let (code, out, err) = count(&[&f, "--method", "irv", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Knoxville"));
    let (code, _, err) = count(&[&f, "--method", "irv", "--seats", "2"]);
    assert_eq!(code, 2);
    assert!(err.contains("one candidate"), "{err}");
}

#[test]
fn svg_and_table_show_every_round() {
    let f = file("tn-svg.blt", TENNESSEE);
    let (code, svg, _) = count(&[&f, "--method", "irv", "--format", "svg"]);
    assert_eq!(code, 0);
    assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
    assert_eq!(svg.matches("Round ").count(), 3);
    assert!(svg.contains("Knoxville"));
    let (code, table, _) = count(&[&f, "--method", "irv"]);
    assert_eq!(code, 0);
    assert!(table.contains("Round 3: majority"), "{table}");
    assert!(table.contains("Elected: Knoxville"));
    let hostile = file("x.blt", "2 1\n1 1 0\n0\n\"<b>&\"\n\"B\"\n");
    let (_, svg, _) = count(&[&hostile, "--method", "plurality", "--format", "svg"]);
    assert!(svg.contains("&lt;b&gt;&amp;") && !svg.contains("<b>"));
}

/// A BLT file with `n` candidates and three short ballots.
fn many_candidates(n: usize) -> String {
    let mut s = format!("{n} 1\n1 1 2 3 0\n1 2 3 1 0\n1 3 1 2 0\n0\n");
    for i in 0..n {
        s.push_str(&format!("\"C{i}\"\n"));
    }
    s.push_str("\"Many\"\n");
    s
}

#[test]
fn schulze_refuses_more_candidates_than_its_limit_unless_told() {
    let f = file("many.blt", &many_candidates(1_001));
    let (code, out, err) = count(&[&f, "--method", "schulze"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(
        err.contains("1001 candidates are more than schulze counts by default (1000)")
            && err.contains("--max-candidates 1001"),
        "{err}"
    );
    // The flag moves the limit both ways (counting 1001 candidates by Schulze takes a minute in
    // a debug build, so the small file shows it).
    let small = file("four.blt", &many_candidates(4));
    let (code, _, err) = count(&[&small, "--method", "schulze", "--max-candidates", "3"]);
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = count(&[&small, "--method", "schulze", "--max-candidates", "4"]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn ranked_rules_refuse_more_candidates_than_their_limit() {
    let f = file("many-irv.blt", &many_candidates(2_001));
    for method in ["irv", "scottish-stv", "meek", "wigm", "two-round"] {
        let (code, _, err) = count(&[&f, "--method", method]);
        assert_eq!(code, 2, "{method}");
        assert!(err.contains("(2000)"), "{method}: {err}");
    }
    let (code, _, err) = count(&[&f, "--method", "plurality"]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn counts_a_blt_file_with_parties_beside_the_names() {
    // The 2022 Scottish council elections' layout: `"Name" "Party"` on each candidate's line.
    let f = file(
        "ward.blt",
        "3 1\n4 1 2 0\n3 2 0\n2 3 2 0\n0\n\"ALLAN, Ann\" \"Labour\"\n\"BROWN, Bob\" \"SNP\"\n\
         \"CAMPBELL, Cat\" \"Green\"\n\"Ward 1\"\n",
    );
    let (code, out, err) = count(&[&f, "--method", "scottish-stv", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["title"], "Ward 1");
    assert_eq!(v["parties"]["BROWN, Bob"], "SNP");
    assert_eq!(v["elected"], serde_json::json!(["BROWN, Bob"]));
}
