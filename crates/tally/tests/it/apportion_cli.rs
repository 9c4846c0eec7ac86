//! `asamblea apportion` end to end: files in, table/JSON/SVG out, errors with exit code 2.

use std::path::{Path, PathBuf};

use crate::common::{apportion, file};

/// Runs `apportion` on `path` with `extra` arguments.
fn run(path: &Path, extra: &[&str]) -> (i32, String, String) {
    let path = path.display().to_string();
    let mut argv = vec![path.as_str()];
    argv.extend_from_slice(extra);
    apportion(&argv)
}

const ABCD: &str = "name,votes\nA,100000\nB,80000\nC,30000\nD,20000\n";

const ASSEMBLY: &str = r#"
seats = 220
method = "hare"

[[group]]
name = "labour"
share = 60
[[group]]
name = "middle class & students"
share = 24
[[group]]
name = "peasants"
share = 10
[[group]]
name = "parties"
share = 6

[[entry]]
name = "Miners"
members = 50000
group = "labour"
[[entry]]
name = "Factory workers"
members = 30000
group = "labour"
[[entry]]
name = "Students"
members = 3
group = "middle class & students"
[[entry]]
name = "Peasant unions"
members = 1
group = "peasants"
[[entry]]
name = "PCB"
members = 1
group = "parties"
[[entry]]
name = "POR"
members = 1
group = "parties"
"#;

#[test]
fn table_for_dhondt() {
    let (code, out, err) = run(
        &file("abcd.csv", ABCD),
        &["--seats", "8", "--method", "dhondt"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("Method: dhondt. Seats: 8. Votes: 230000."),
        "{out}"
    );
    assert!(out.contains("A      100000      4"), "{out}");
    assert!(out.contains("D       20000      0"), "{out}");
    assert!(out.contains("33333.3333"), "{out}");
}

#[test]
fn json_has_seats_quotients_and_ties() {
    let (code, out, err) = run(
        &file("abcd2.csv", ABCD),
        &[
            "--seats",
            "8",
            "--method",
            "modified-sainte-lague",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["seats"]["A"], 4);
    assert_eq!(v["seats"]["D"], 0);
    assert_eq!(v["explanation"]["kind"], "divisor");
    assert_eq!(v["explanation"]["awards"][0]["quotient"], "71428.5714");
    assert_eq!(v["explanation"]["awards"][0]["divisor"], "1.4");
    assert_eq!(v["ties"][0]["contenders"], serde_json::json!(["A", "D"]));
    assert_eq!(v["entries"][3]["votes"], 20000);
}

#[test]
fn json_for_hare_has_the_quota() {
    let (code, out, _) = run(
        &file("abcd3.csv", ABCD),
        &["--seats", "8", "--method", "hare", "--format", "json"],
    );
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["explanation"]["kind"], "largest-remainder");
    assert_eq!(v["explanation"]["quota"], "28750");
    assert_eq!(v["explanation"]["rows"][0]["remainder"], "0.4782");
}

#[test]
fn two_tiers_from_toml_with_seats_and_method_in_the_file() {
    let path = file("assembly.toml", ASSEMBLY);
    let (code, out, err) = run(&path, &["--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["groups"]["labour"], 132);
    assert_eq!(v["groups"]["middle class & students"], 53);
    assert_eq!(v["groups"]["peasants"], 22);
    assert_eq!(v["groups"]["parties"], 13);
    assert_eq!(v["seats"]["Miners"], 83); // 132 × 5/8 = 82.5; remainders tie, more members first
    assert_eq!(v["seats"]["Factory workers"], 49);
    assert_eq!(v["seats"]["PCB"], 7);
    assert_eq!(v["seats"]["POR"], 6);
    assert_eq!(v["ties"].as_array().unwrap().len(), 2);

    let (code, out, _) = run(&path, &[]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with("Upper tier: seats to groups by their shares"),
        "{out}"
    );
    assert!(out.contains("Group labour: 132 seats."), "{out}");

    // Shares on the command line replace the file's.
    let (code, out, err) = run(
        &path,
        &[
            "--format",
            "json",
            "--group-share",
            "labour=50",
            "--group-share",
            "middle class & students=30",
            "--group-share",
            "peasants=10",
            "--group-share",
            "parties=10",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["groups"]["labour"], 110);
}

#[test]
fn svg_is_the_hemicycle() {
    let (code, out, _) = run(
        &file("assembly2.toml", ASSEMBLY),
        &["--format", "svg", "--title", "Asamblea Popular"],
    );
    assert_eq!(code, 0);
    assert!(out.starts_with("<svg"));
    assert_eq!(out.matches("<circle").count(), 220);
    assert!(out.contains("labour (132)"));
    assert!(out.contains("middle class &amp; students (53)"));
    let (code, out, _) = run(
        &file("abcd4.csv", ABCD),
        &[
            "--seats",
            "8",
            "--method",
            "sainte-lague",
            "--format",
            "svg",
        ],
    );
    assert_eq!(code, 0);
    assert_eq!(out.matches("<circle").count(), 8);
}

#[test]
fn threshold_and_bounds() {
    let csv = "name,votes,min,max\nA,100000,,3\nB,80000,,\nC,30000,,\nD,20000,1,\n";
    let (code, out, err) = run(
        &file("bounds.csv", csv),
        &[
            "--seats",
            "8",
            "--method",
            "dhondt",
            "--format",
            "json",
            "--threshold",
            "9",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["below_threshold"], serde_json::json!(["D"]));
    assert_eq!(v["seats"]["A"], 3);
    assert_eq!(v["seats"]["D"], 1);
    assert_eq!(v["threshold"], "9%");
}

#[test]
fn errors_are_located_and_exit_2() {
    let path = file("bad.csv", "name,votes\nA,10\nB,-3\n");
    let (code, out, err) = run(&path, &["--seats", "3", "--method", "hare"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert_eq!(
        err.trim(),
        format!("{}:3: field votes: \"-3\" is negative", path.display())
    );

    let (code, _, err) = run(
        &file("ok.csv", ABCD),
        &["--seats", "3", "--method", "borda"],
    );
    assert_eq!(code, 2);
    assert!(
        err.contains(
            "dhondt, sainte-lague, modified-sainte-lague, hare, droop, huntington-hill, adams"
        ),
        "{err}"
    );

    let (code, _, err) = run(&file("ok2.csv", ABCD), &["--method", "hare"]);
    assert_eq!(code, 2);
    assert!(err.contains("--seats"), "{err}");

    let (code, _, err) = run(&file("ok3.csv", ABCD), &["--seats", "3"]);
    assert_eq!(code, 2);
    assert!(err.contains("--method"), "{err}");

    let (code, _, err) = run(
        &file("ok4.csv", ABCD),
        &["--seats", "3", "--method", "hare", "--threshold", "x"],
    );
    assert_eq!(code, 2);
    assert!(err.contains("threshold"), "{err}");

    let (code, _, err) = run(
        &file("ok5.csv", ABCD),
        &["--seats", "3", "--method", "hare", "--two-tier"],
    );
    assert_eq!(code, 2);
    assert!(err.contains("group"), "{err}");

    let (code, _, err) = run(
        &file("min.csv", "name,votes,min\nA,1,5\n"),
        &["--seats", "3", "--method", "hare"],
    );
    assert_eq!(code, 2);
    assert!(err.contains("minimums add up to 5"), "{err}");

    let (code, _, err) = run(
        &PathBuf::from("/nonexistent/seats.csv"),
        &["--seats", "3", "--method", "hare"],
    );
    assert_eq!(code, 2);
    assert!(
        err.starts_with("/nonexistent/seats.csv: cannot read"),
        "{err}"
    );

    let (code, _, err) = run(
        &file("t.toml", "[[entry]]\nname = \"A\"\nvotes = 1\nvotes = 2\n"),
        &["--seats", "3", "--method", "hare"],
    );
    assert_eq!(code, 2);
    assert!(err.contains("t.toml:4: "), "{err}");

    let (code, _, err) = run(
        &file("g.csv", "name,votes,group\nA,1,x\n"),
        &["--seats", "3", "--method", "hare", "--group-share", "x"],
    );
    assert_eq!(code, 2);
    assert!(err.contains("GROUP=SHARE"), "{err}");
}
