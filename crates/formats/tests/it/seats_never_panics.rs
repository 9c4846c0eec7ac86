//! The seats parsers return a value or an error for any text; they never panic.

use asamblea_formats::seats::{parse_csv, parse_toml};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn csv_never_panics(text in "\\PC*") {
        let _ = parse_csv(&text);
    }

    #[test]
    fn toml_never_panics(text in "\\PC*") {
        let _ = parse_toml(&text);
    }

    #[test]
    fn csv_like_text_never_panics(rows in prop::collection::vec("[a-zA-Z0-9 ,\"#_-]{0,30}", 0..8)) {
        let text = format!("name,votes,group,min,max\n{}", rows.join("\n"));
        if let Ok(f) = parse_csv(&text) {
            for e in f.entries {
                prop_assert!(!e.name.trim().is_empty());
            }
        }
    }

    #[test]
    fn toml_like_text_never_panics(lines in prop::collection::vec(prop_oneof![
        Just("[[entry]]".to_string()),
        Just("[[group]]".to_string()),
        "name = \"[a-z]{0,3}\"",
        "(votes|members|min|max|share|seats) = -?[0-9]{1,20}",
        "group = \"[a-z]{0,3}\"",
        "method = \"[a-z-]{0,12}\"",
    ], 0..12)) {
        let _ = parse_toml(&lines.join("\n"));
    }
}
