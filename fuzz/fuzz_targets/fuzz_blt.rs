//! The blt parser returns a value or an error for any input; it never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = asamblea_formats::blt::parse(text);
    }
});
