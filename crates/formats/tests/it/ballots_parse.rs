//! BLT, PrefLib and CVR parsing, writing and errors.

use asamblea_formats::cvr::{CvrOptions, OvervoteRule, SkippedRule};
use asamblea_formats::{blt, cvr, preflib};
use asamblea_rules::count::{Ballot, Election};

const BLT: &str = "4 2 # four candidates, two seats
-4
3 1 2 0
2 2=3 1 0
(b7) 1 3 - 1 2 0
3 1 2 0
0
\"Alice\"   # first
\"Bob\"
\"Carol #3\"
\"Dan\"
\"Club committee\"
";

#[test]
fn blt_reads_everything() {
    let e = blt::parse(BLT).unwrap();
    assert_eq!(e.candidates, ["Alice", "Bob", "Carol #3", "Dan"]);
    assert_eq!(e.withdrawn, [3]);
    assert_eq!(e.seats, Some(2));
    assert_eq!(e.title.as_deref(), Some("Club committee"));
    // Identical ballots merged; equal ranks kept; the repeated 1 dropped; "-" skipped.
    assert_eq!(e.ballots[0], Ballot::strict(6, &[0, 1]));
    assert_eq!(e.ballots[1], Ballot::from_ranks(2, &[vec![1, 2], vec![0]]));
    assert_eq!(e.ballots[2], Ballot::strict(1, &[2, 0, 1]));
    assert_eq!(e.ballots.len(), 3);
}

#[test]
fn blt_round_trips() {
    let e = blt::parse(BLT).unwrap();
    let again = blt::parse(&blt::write(&e, 2)).unwrap();
    assert_eq!(again, e);
}

fn err_line(r: Result<Election, asamblea_formats::ParseError>) -> (Option<usize>, String) {
    let e = r.unwrap_err();
    (e.line, e.message)
}

#[test]
fn blt_errors_name_the_line() {
    let (l, m) = err_line(blt::parse("3 1\n1 1 2\n0\n\"a\"\n\"b\"\n\"c\"\n"));
    assert_eq!(l, Some(2));
    assert!(m.contains("expected 0"), "{m}");
    let (l, m) = err_line(blt::parse("3 1\n1 1 7 0\n0\n\"a\"\n\"b\"\n\"c\"\n"));
    assert_eq!(l, Some(2));
    assert!(m.contains("from 1 to 3"), "{m}");
    let (l, _) = err_line(blt::parse("three 1\n"));
    assert_eq!(l, Some(1));
    let (l, m) = err_line(blt::parse("3 1\n1 1 0\n0\n\"a\"\n\"b\"\n"));
    assert_eq!(l, Some(5));
    assert!(m.contains("3 candidate names"), "{m}");
    let (l, m) = err_line(blt::parse("2 1\n1 1 0\n"));
    assert_eq!(l, Some(2));
    assert!(m.contains("ending the ballots"), "{m}");
    assert!(blt::parse("").is_err());
}

const SOI: &str = "# FILE NAME: 00001-00000001.soi
# TITLE: Test
# DATA TYPE: soi
# NUMBER ALTERNATIVES: 3
# ALTERNATIVE NAME 1: Alice
# ALTERNATIVE NAME 2: Bob
# ALTERNATIVE NAME 3: Carol
12: 1,2,3
5: 2,{1,3}
2: 3
";

#[test]
fn preflib_reads_current_format() {
    let e = preflib::parse(SOI).unwrap();
    assert_eq!(e.candidates, ["Alice", "Bob", "Carol"]);
    assert_eq!(e.title.as_deref(), Some("Test"));
    assert_eq!(e.ballots[0], Ballot::strict(12, &[0, 1, 2]));
    assert_eq!(e.ballots[1], Ballot::from_ranks(5, &[vec![1], vec![0, 2]]));
    assert_eq!(e.ballots[2], Ballot::strict(2, &[2]));
}

#[test]
fn preflib_round_trips_and_reads_old_format() {
    let e = preflib::parse(SOI).unwrap();
    let written = preflib::write(&e);
    assert!(written.contains("# DATA TYPE: toc"));
    assert_eq!(preflib::parse(&written).unwrap().ballots, e.ballots);
    let old = "3\n1,Alice\n2,Bob\n3,Carol\n19,19,3\n12,1,2,3\n5,2,{1,3}\n2,3\n";
    let o = preflib::parse(old).unwrap();
    assert_eq!(o.candidates, e.candidates);
    assert_eq!(o.ballots, e.ballots);
}

#[test]
fn preflib_errors_name_the_line() {
    let bad = "# NUMBER ALTERNATIVES: 2\n3: 1,2\n1: 1,5\n";
    let (l, m) = err_line(preflib::parse(bad));
    assert_eq!(l, Some(3));
    assert!(m.contains("from 1 to 2"), "{m}");
    let (l, _) = err_line(preflib::parse("# NUMBER ALTERNATIVES: 2\n3: 1,{2\n"));
    assert_eq!(l, Some(2));
    let (l, _) = err_line(preflib::parse("# NUMBER ALTERNATIVES: 2\nx: 1,2\n"));
    assert_eq!(l, Some(2));
}

const CVR: &str = "ballot_id,weight,rank1,rank2,rank3
1,2,Alice,,Bob
2,1,Bob,overvote,Carol
3,1,Carol,Alice=Bob,Alice
4,,Alice,Alice,Carol
5,1,,,
";

#[test]
fn cvr_defaults_pass_skipped_and_end_at_overvote() {
    let e = cvr::parse(CVR).unwrap();
    assert_eq!(e.candidates, ["Alice", "Bob", "Carol"]);
    assert_eq!(e.ballots[0], Ballot::strict(2, &[0, 1]));
    assert_eq!(e.ballots[1], Ballot::strict(1, &[1]));
    assert_eq!(e.ballots[2], Ballot::strict(1, &[2]));
    assert_eq!(e.ballots[3], Ballot::strict(1, &[0, 2]));
    assert_eq!(e.ballots[4], Ballot::strict(1, &[]));
}

#[test]
fn cvr_alternative_rules() {
    let o = CvrOptions {
        skipped: SkippedRule::End,
        overvote: OvervoteRule::Pass,
    };
    let e = cvr::parse_with(CVR, o).unwrap();
    assert_eq!(e.ballots[0], Ballot::strict(2, &[0]));
    assert_eq!(e.ballots[1], Ballot::strict(1, &[1, 2]));
    assert_eq!(e.ballots[2], Ballot::strict(1, &[2, 0]));
}

#[test]
fn cvr_without_rank_headers_uses_every_column() {
    let e = cvr::parse("id,first,second\n1,A,B\n2,B,\n").unwrap();
    assert_eq!(e.candidates, ["A", "B"]);
    assert_eq!(e.ballots[0], Ballot::strict(1, &[0, 1]));
}

#[test]
fn cvr_errors_name_the_line_and_field() {
    let e = cvr::parse("rank1,weight\nA,x\n").unwrap_err();
    assert_eq!(e.line, Some(2));
    assert_eq!(e.field.as_deref(), Some("weight"));
    let e = cvr::parse("rank1,rank2\nA,B,C\n").unwrap_err();
    assert_eq!(e.line, Some(2));
    assert!(cvr::parse("").is_err());
}

#[test]
fn blt_reads_droop_nicknames_and_options() {
    let text = "3 1\n[nick a b c]\n[withdrawn c]\n[tie a b c]\n2 a b=c 0\n1 3 1 0\n0\n\"A\"\n\"B\"\n\"C\"\n";
    let e = blt::parse(text).unwrap();
    assert_eq!(e.withdrawn, [2]);
    assert_eq!(e.ballots[0], Ballot::from_ranks(2, &[vec![0], vec![1, 2]]));
    assert_eq!(e.ballots[1], Ballot::strict(1, &[2, 0]));
    assert!(blt::parse("3 1\n[nick a b c d]\n0\n\"A\"\n\"B\"\n\"C\"\n").is_err());
}

#[test]
fn blt_names_with_doubled_quotes_and_unquoted_title() {
    let text = "2 1\n1 1 0\n0\n\"Ann \"\"Red\"\" Smith\"\n\"Bo\"\nWard 6 - North\n";
    let e = blt::parse(text).unwrap();
    assert_eq!(e.candidates, ["Ann \"Red\" Smith", "Bo"]);
    assert_eq!(e.title.as_deref(), Some("Ward 6 - North"));
    assert_eq!(blt::parse(&blt::write(&e, 1)).unwrap(), e);
}

/// Found by `fuzz_preflib`: an old-format name line with alternative 0 used to underflow.
#[test]
fn preflib_old_format_alternative_zero_is_an_error() {
    let crash = b"0003\n\x0b00,(\x0b\n02,`\x0b \r(0203\n\x0b02,(\x0b\n\x0b02,(02,(";
    let text = std::str::from_utf8(crash).unwrap();
    assert!(preflib::parse(text).is_err());
    let e = preflib::parse("2\n0,Ann\n2,Bob\n1,1,1\n1,1\n").unwrap_err();
    assert_eq!(e.line, Some(2));
}

/// The layout of the BLT files published for the 2022 Scottish council elections: each
/// candidate's line carries the party as a second quoted string.
const SCOTTISH_2022: &str = "4 2
1 1 2 0
2 3 4 1 0
1 2 0
0
\"ALLAN, Ann\" \"Scottish Labour Party\"
\"BROWN, Bob\" \"Scottish National Party (SNP)\"
\"CAMPBELL, Cat\" \"Independent\"
\"DUNCAN, Dan\" \"Scottish Green Party\"
\"Ward 6 - Fochabers Lhanbryde\"
";

#[test]
fn blt_reads_the_party_beside_each_name() {
    let e = blt::parse(SCOTTISH_2022).unwrap();
    assert_eq!(
        e.candidates,
        ["ALLAN, Ann", "BROWN, Bob", "CAMPBELL, Cat", "DUNCAN, Dan"]
    );
    assert_eq!(
        e.parties[1].as_deref(),
        Some("Scottish National Party (SNP)")
    );
    assert_eq!(e.parties.len(), 4);
    assert_eq!(e.title.as_deref(), Some("Ward 6 - Fochabers Lhanbryde"));
    assert_eq!(e.ballots.len(), 3);
    // The general reader (no fast path) agrees, and the writer keeps the parties.
    assert_eq!(blt::parse_general(SCOTTISH_2022).unwrap(), e);
    assert_eq!(blt::parse(&blt::write(&e, 2)).unwrap(), e);
    // Names without parties stay as they were.
    assert!(blt::parse(BLT).unwrap().parties.is_empty());
}

#[test]
fn blt_party_layout_must_be_whole() {
    // One candidate line with a party and one without: read as names one after another, so
    // there are too many strings, and the error names the line.
    let mixed = "2 1\n1 1 0\n0\n\"A\" \"P\"\n\"B\"\n\"T\"\n";
    let (line, msg) = err_line(blt::parse(mixed));
    assert_eq!(line, Some(6), "{msg}");
    assert!(msg.contains("expected nothing after the title"), "{msg}");
}
