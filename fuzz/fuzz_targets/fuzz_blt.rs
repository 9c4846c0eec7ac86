//! The blt parser returns a value or an error for any input; it never panics. Its fast path for
//! ballot lines gives exactly what the general path gives (the same election or the same error).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let fast = asamblea_formats::blt::parse(text);
        let general = asamblea_formats::blt::parse_general(text);
        assert_eq!(fast, general, "{text:?}");
    }
});
