//! Seats files: the CSV and TOML parsers must return a value or an error, never panic; whatever
//! parses is then apportioned (and drawn) without panicking either.
#![no_main]

use asamblea_formats::seats::{parse_csv, parse_toml};
use asamblea_rules::apportion::{Method, Options, apportion, apportion_two_tier};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for parsed in [parse_csv(text), parse_toml(text)] {
        let Ok(file) = parsed else { continue };
        let seats = file.seats.unwrap_or(7).min(2_000);
        for method in Method::ALL {
            let _ = apportion(&file.entries, seats, method, &Options::default());
            let _ = apportion_two_tier(
                &file.groups,
                &file.entries,
                seats,
                method,
                &Options::default(),
            );
        }
    }
});
