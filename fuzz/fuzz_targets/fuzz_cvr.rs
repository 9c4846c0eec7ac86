//! The CVR parser returns a value or an error for any input and any rule for skipped ranks and
//! overvotes; it never panics.
#![no_main]

use asamblea_formats::cvr::{self, CvrOptions, OvervoteRule, SkippedRule};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&rules, rest)) = data.split_first() else {
        return;
    };
    let options = CvrOptions {
        skipped: if rules & 1 == 0 {
            SkippedRule::Pass
        } else {
            SkippedRule::End
        },
        overvote: if rules & 2 == 0 {
            OvervoteRule::End
        } else {
            OvervoteRule::Pass
        },
    };
    if let Ok(text) = std::str::from_utf8(rest) {
        let _ = cvr::parse_with(text, options);
    }
});
