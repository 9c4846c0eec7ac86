//! The parsers return a value or an error for any text; they never panic. (The fuzz targets in
//! `fuzz/` check the same property with coverage guidance.)

use asamblea_formats::{blt, cvr, preflib};
use proptest::prelude::*;

/// Text that looks a little like ballot files, to reach deeper than random bytes.
fn ballotish() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        Just("0".to_string()),
        Just("1".to_string()),
        Just("2".to_string()),
        Just("3".to_string()),
        Just("-1".to_string()),
        Just("1=2".to_string()),
        Just("{1,2}".to_string()),
        Just("\"A\"".to_string()),
        Just("#".to_string()),
        Just(",".to_string()),
        Just(":".to_string()),
        Just("rank1".to_string()),
        Just("overvote".to_string()),
        Just("(7)".to_string()),
        Just("18446744073709551616".to_string()),
        Just("4294967295".to_string()),
        "[ -~]{0,4}",
    ];
    let line = prop::collection::vec(token, 0..8).prop_map(|t| t.join(" "));
    prop::collection::vec(line, 0..12).prop_map(|l| l.join("\n"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn blt_never_panics(s in ballotish()) { let _ = blt::parse(&s); }

    #[test]
    fn preflib_never_panics(s in ballotish()) { let _ = preflib::parse(&s); }

    #[test]
    fn cvr_never_panics(s in ballotish()) { let _ = cvr::parse(&s); }

    #[test]
    fn any_text_never_panics(s in "\\PC{0,200}") {
        let _ = blt::parse(&s);
        let _ = preflib::parse(&s);
        let _ = cvr::parse(&s);
    }
}
